import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { updateTfvars, WIZARD_KEYS, type TfvarsKey } from '../../src/render/tfvars-update.js';
import { renderTfvars } from '../../src/render/tfvars.js';
import { missing } from '../helpers/parts.js';
import { offlineTfEnv, terraform, zeroProviderTfEnv } from '../helpers/terraform.js';
import { BASIC } from '../helpers/answers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/templates-aws-only');
const tmp = mkdtempSync(join(tmpdir(), 'sqs-templates-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A hand-edited, fmt-clean tfvars: comments in and around the wizard's values, a heredoc, keys the
// wizard does not own, and trailing comments whose alignment depends on the wizard's lines.
const USER_TFVARS = `# Ours. Ask #platform first.
sym_org_slug = "acme"      # symflow status
aws_region   = "eu-west-1" # data residency
runtime_name = "prod"

slack_workspace_id = "T0123ABCDEF"
error_channel      = "#sym-errors"
flow_vars          = { request_channel = "#access" } # one line

okta_org_domain = "acme.okta.com"
okta_targets = [
  # Most requested first.
  { label = "Admins ] } [ {", group_id = "00gADMINS" },
  {
    label    = "Readers" # shown in Slack
    group_id = "00gREADERS"
  },
]
tags = {
  team = "platform"
}
motd = <<EOT
okta_targets = [ not a statement ]
EOT
`;

const ANSWER_SETS: Record<string, Answers> = {
  basic: BASIC,
  'approver group and several targets': {
    ...BASIC,
    approverGroup: '00gAPPROVERS00000000',
    runtimeName: 'staging',
    awsRegion: 'eu-central-1',
    targets: [
      { label: 'AWS Ops Admin', groupId: '00g1emaKYZTWRYYRRTSK' },
      { label: 'Data Readers', groupId: '00g2bbbbbbbbbbbbbbbb' },
      { label: 'Billing (read only)', groupId: '00g3cccccccccccccccc' },
    ],
  },
  'strings that need escaping': {
    ...BASIC,
    requestChannel: '#access-requests',
    // Only values the validators accept (and so variables.tf): quotes, backslashes, template
    // sequences and non-ASCII text in labels; control characters never reach a label.
    targets: [
      { label: 'Ops "admins" \\ ${var.x} %{if y} $${z}', groupId: '00g1aaaaaaaaaaaaaaaa' },
      { label: 'Émoji 🎉 "second" \\n tab', groupId: '00g2aaaaaaaaaaaaaaaa' },
    ],
  },
};

describe.skipIf(missing('terraform', inject('hasTerraform')))(
  'templates with the real terraform (no providers)',
  () => {
    it('templates/ and the fixture are formatted as terraform fmt wants', async () => {
      for (const dir of [join(ROOT, 'templates'), FIXTURE]) {
        const r = await terraform(['fmt', '-check', '-recursive', '-diff', '-no-color', dir], ROOT, zeroProviderTfEnv);
        expect(r, r.stdout + r.stderr).toMatchObject({ exitCode: 0, stdout: '' });
      }
    });

    // The same variables.tf the generated project has, alone: plan then type-checks and validates
    // tfvars without any provider (validate would not read the tfvars at all).
    const varsOnly = join(tmp, 'vars-only');
    cpSync(join(ROOT, 'templates/app/variables.tf'), join(varsOnly, 'variables.tf'));
    const plan = async (tfvars: string) => {
      const file = join(tmp, `${randomBytes(4).toString('hex')}.tfvars`);
      writeFileSync(file, tfvars);
      return terraform(
        ['plan', '-input=false', '-no-color', '-lock=false', `-var-file=${file}`],
        varsOnly,
        zeroProviderTfEnv,
      );
    };

    it.each(Object.entries(ANSWER_SETS))(
      'rendered tfvars (%s) pass fmt -check and the variables’ types and validations',
      async (_name, a) => {
        const tfvars = renderTfvars(a);
        const fmt = await terraform(['fmt', '-check', '-no-color', '-'], tmp, zeroProviderTfEnv, tfvars);
        expect(fmt, fmt.stdout + fmt.stderr).toMatchObject({ exitCode: 0 });
        const r = await plan(tfvars);
        expect(r.stderr).toBe('');
        expect(r).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('No changes.') });
      },
    );

    it.each<[string, string, RegExp]>([
      [
        'okta_targets as a map',
        renderTfvars(BASIC).replace(/okta_targets = \[[\s\S]*?\n\]/, 'okta_targets = { admins = "00g1" }'),
        /Invalid value for input variable[\s\S]*list of object required/,
      ],
      [
        'a target without group_id',
        renderTfvars(BASIC).replace(/\n\s+group_id = "[^"]*"/, ''),
        /attribute "group_id" is required/,
      ],
      ['a placeholder org', renderTfvars({ ...BASIC, org: 'CHANGEME' }), /Set sym_org_slug to your Sym org/],
      [
        'a lowercase Slack ID',
        renderTfvars({ ...BASIC, slackWorkspaceId: 't0123' }),
        /slack_workspace_id must look like T0123456789/,
      ],
      [
        'an Okta URL instead of a domain',
        renderTfvars({ ...BASIC, oktaDomain: 'https://acme.okta.com/' }),
        /okta_org_domain must be a bare lowercase host name/,
      ],
      ['no targets', renderTfvars({ ...BASIC, targets: [] }), /okta_targets needs at least one/],
      [
        'labels that slug alike',
        renderTfvars({
          ...BASIC,
          targets: [
            { label: 'Ops Admin', groupId: '00g1' },
            { label: 'ops-admin', groupId: '00g2' },
          ],
        }),
        /differ only in case or punctuation/,
      ],
      [
        'a placeholder approver group',
        renderTfvars({ ...BASIC, approverGroup: 'CHANGEME' }),
        /approver_group must be an Okta group ID/,
      ],
      [
        'an uppercase runtime name',
        renderTfvars({ ...BASIC, runtimeName: 'Prod' }),
        /runtime_name must be 1-54 lowercase/,
      ],
    ])('a wrong tfvars (%s) fails plan, so the check is real', async (_name, tfvars, message) => {
      const r = await plan(tfvars);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.replace(/\s+/g, ' ')).toMatch(new RegExp(message.source.replace(/ /g, '\\s+')));
    });

    it('updateTfvars keeps a formatted file formatted, whatever keys it rewrites', async () => {
      const dir = join(tmp, 'updated');
      cpSync(join(ROOT, 'templates/app/variables.tf'), join(dir, 'variables.tf'));
      const inputs = { user: USER_TFVARS, rendered: renderTfvars(BASIC), empty: '', 'no-newline': '# mine\nextra = 1' };
      const keySets: Array<ReadonlyArray<TfvarsKey>> = [
        WIZARD_KEYS,
        ['aws_region'],
        ['okta_targets', 'flow_vars'],
        ['sym_org_slug', 'runtime_name', 'error_channel'],
        ['okta_org_domain'],
      ];
      const files: string[] = [];
      for (const [name, input] of Object.entries(inputs))
        for (const [i, keys] of keySets.entries())
          for (const [j, a] of Object.values(ANSWER_SETS).entries()) {
            const file = `${name}-${i}-${j}.tfvars`;
            writeFileSync(join(dir, file), updateTfvars(input, a, keys));
            files.push(file);
          }
      writeFileSync(join(dir, 'input.tfvars'), USER_TFVARS);
      const r = await terraform(['fmt', '-check', '-list=true', '-no-color', '.'], dir, zeroProviderTfEnv);
      expect(r.stdout, 'files terraform fmt would change').toBe('');
      expect(r.exitCode).toBe(0);
      expect(files.length).toBe(60);
    });
  },
);

describe.skipIf(
  missing('terraform', inject('hasTerraform')) ||
    missing('terraform provider mirror (TF_PLUGIN_MIRROR)', inject('tfMirror') !== '') ||
    missing('moto_server', inject('motoUrl') !== ''),
)('the AWS-only fixture, applied against moto', () => {
  it('creates the SymEnv-tagged secret and outputs its name, the region and the flow name', async () => {
    const runtime = `t${randomBytes(4).toString('hex')}`;
    const project = join(tmp, 'fixture');
    cpSync(FIXTURE, project, { recursive: true });
    writeFileSync(
      join(project, 'app/terraform.tfvars'),
      renderTfvars({ ...BASIC, runtimeName: runtime, awsRegion: 'us-west-2' }),
    );
    const env = {
      ...offlineTfEnv(tmp, inject('tfMirror')),
      AWS_ENDPOINT_URL: inject('motoUrl'),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-west-2',
    };
    const app = join(project, 'app');

    const init = await terraform(['init', '-input=false', '-no-color'], app, env);
    expect(init, init.stderr).toMatchObject({ exitCode: 0 });
    const apply = await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], app, env);
    expect(apply, apply.stderr).toMatchObject({ exitCode: 0 });
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');

    const out = await terraform(['output', '-json'], app, env);
    expect(out.exitCode).toBe(0);
    const outputs = JSON.parse(out.stdout) as Record<string, { value: unknown }>;
    expect(outputs.okta_secret_name?.value).toBe(`sym/${runtime}/okta-api-key`);
    expect(outputs.aws_region?.value).toBe('us-west-2');
    expect(outputs.flow_name?.value).toBe(`okta_${runtime}`);
    expect(outputs.targets?.value).toEqual({ [`${runtime}-aws-ops-admin`]: '00g1emaKYZTWRYYRRTSK' });

    const sm = new SecretsManagerClient({
      endpoint: inject('motoUrl'),
      region: 'us-west-2',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const secret = await sm.send(new DescribeSecretCommand({ SecretId: `sym/${runtime}/okta-api-key` }));
    expect(secret.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'SymEnv', Value: runtime },
        { Key: 'vendor', Value: 'symops.com' },
      ]),
    );
    // Created empty: the token goes in with PutSecretValue, never through Terraform.
    expect(secret.VersionIdsToStages ?? {}).toEqual({});
  });
});
