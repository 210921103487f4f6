// Building a torn-down project again in a terminal: `init` after `destroy` offers to restore the secret
// the teardown left scheduled for deletion and to use the token it holds, so nothing is typed for the
// token. The AWS-only fixture with a 7-day recovery window, real terraform and moto; the runtime name
// (so the secret's name) is this world's own.
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE, answerFlags } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, FIXTURE_TEMPLATES, makeWorld, type World } from '../helpers/world.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

describe.skipIf(skip)('init in a terminal after destroy', () => {
  let w: World;
  let arn: string;
  const describeSecret = () => sm().send(new DescribeSecretCommand({ SecretId: w.secretName }));

  beforeAll(async () => {
    w = await makeWorld({
      motoUrl,
      tfMirror,
      symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
    });
    const templates = join(mkdtempSync(join(tmpdir(), 'sqs-rebuild-tpl-')), 'templates');
    cpSync(FIXTURE_TEMPLATES, templates, { recursive: true, dereference: true });
    const secrets = join(templates, 'modules/sym-runtime/secrets.tf');
    writeFileSync(
      secrets,
      readFileSync(secrets, 'utf8').replace('recovery_window_in_days = 0', 'recovery_window_in_days = 7'),
    );
    w.env.SYM_QUICKSTART_TEMPLATES = templates;
    const unattended = { CI: 'true', OKTA_API_TOKEN: w.token };
    const init = await w.run(['init', w.dir, '--yes', ...answerFlags(w.runtime)], { env: unattended });
    expect(init.exitCode, init.stderr.slice(-3000)).toBe(0);
    arn = (await describeSecret()).ARN!;
    const destroy = await w.run(['destroy', w.dir, '--yes', '--confirm', w.runtime], { env: { CI: 'true' } });
    expect(destroy.exitCode, destroy.stderr.slice(-3000)).toBe(0);
    expect((await describeSecret()).DeletedDate).toBeInstanceOf(Date);
  }, 180_000);
  afterAll(() => w?.close());

  it('asks once to restore the secret and use its token (the default); no token typed; the same secret, everything applied', async () => {
    const t = spawnPty(process.execPath, [CLI, 'init', w.dir, '--no-browser'], { cwd: w.work, env: w.env });
    const enter = async (prompt: string) => {
      await t.waitFor(`? ${prompt}`);
      t.write(KEY.enter);
    };
    await enter('Sym org slug');
    await enter('Slack workspace ID');
    await enter('Channel where access requests are posted');
    await enter('Channel where Sym reports errors');
    await enter('Okta org domain');
    await t.waitFor(`${w.secretName} in us-east-1 holds a token, but an earlier destroy scheduled it for`);
    await t.waitFor('? Okta API token');
    await t.waitFor(`❯ Restore ${w.secretName} and use the token it holds`);
    t.write(KEY.enter);
    await t.waitFor(`Restored ${w.secretName} (us-east-1)`);
    await t.waitFor('Token accepted');
    await enter('Keep the 1 group already in terraform.tfvars');
    await enter('Allow only members of one Okta group to approve');
    await enter('Let approvers approve their own requests');
    await enter('AWS region');
    await enter('Sym runtime / environment name');
    await t.waitFor('? Apply this plan?', 90_000);
    t.write(`yes${KEY.enter}`);
    const { exitCode } = await t.exit;
    const screen = t.output();
    expect(exitCode, screen.slice(-3000)).toBe(0);
    // One question about the secret: the apply step found it restored and only brought it into the state.
    expect(screen).not.toContain(`Restore ${w.secretName} and use it again?`);
    expect(screen).toContain(`Terraform's state holds ${w.secretName} again`);
    expect(screen).not.toContain("Create one in Okta's admin console");
    expect(screen).not.toContain(w.token);
    expect(screen).toContain(`already holds this token`);
    const secret = await describeSecret();
    expect(secret.ARN).toBe(arn);
    expect(secret.DeletedDate).toBeUndefined();
    expect((await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString).toBe(
      `{"okta_api_token":"${w.token}"}`,
    );
  }, 180_000);
});
