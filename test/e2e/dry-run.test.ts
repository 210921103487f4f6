// --dry-run does every check and read, then shows what a real run would change — and changes
// nothing anywhere: no file (bytes, mode or mtime), no journal, no secret or secret version, no
// Terraform apply, no `symflow` call that writes. Shown on a fresh directory and on an applied project
// with one flag changed. The dry runs, whose claims are what the command does and leaves alone, run the
// CLI's main() in the test's process (helpers/in-process.ts); the apply they start from is a process.
import {
  DescribeSecretCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/project-scan.js';
import { makeWorld, type World } from '../helpers/world.js';
import { CI_SYMFLOW, JWT, answerFlags } from '../helpers/ci-provision.js';
import { runInProcess } from '../helpers/in-process.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

const flags = (w: World) => ['init', '--json', ...answerFlags(w.runtime)];
const env = (w: World) => ({ CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token });

/** This world's secrets in moto: names, tags, version ids and their stages. */
async function awsState(w: World) {
  const list = await sm().send(
    new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`sym/${w.runtime}/`] }], IncludePlannedDeletion: true }),
  );
  return Promise.all(
    (list.SecretList ?? []).map(async (s) => {
      const d = await sm().send(new DescribeSecretCommand({ SecretId: s.ARN }));
      const v = await sm().send(new ListSecretVersionIdsCommand({ SecretId: s.ARN, IncludeDeprecated: true }));
      return {
        name: d.Name,
        tags: d.Tags,
        changed: d.LastChangedDate?.toISOString(),
        versions: (v.Versions ?? []).map((x) => [x.VersionId, x.VersionStages]),
      };
    }),
  );
}

/** Everything a run could change: files under the work dir and HOME, AWS, and what the stand-ins recorded. */
async function everything(w: World) {
  return {
    work: snapshot(w.work),
    home: snapshot(w.home),
    aws: await awsState(w),
    symflow: w.calls('symflow').length,
    terraform: w.calls('terraform').length,
  };
}

/** What a dry run may add to the stand-in logs: reads only, and Terraform only outside the project. */
function onlyReads(w: World, before: { symflow: number; terraform: number }) {
  const symflow = w
    .calls('symflow')
    .slice(before.symflow)
    .map((c) =>
      c.argv
        .filter((a) => !a.startsWith('-'))
        .slice(0, 2)
        .join(' '),
    );
  expect(symflow.length).toBeGreaterThan(0);
  for (const c of symflow) expect(['version', 'status', 'services list', 'resources list']).toContain(c);
  const terraform = w.calls('terraform').slice(before.terraform) as unknown as Array<{ argv: string[]; cwd: string }>;
  // With no plugin cache of the user's own there is no background init (it would fill ours in HOME).
  expect(terraform.map((c) => c.argv[0])).toEqual(['version', 'init', 'plan']);
  for (const c of terraform.filter((x) => x.argv[0] !== 'version')) expect(c.cwd.startsWith(w.dir)).toBe(false);
}

describe.skipIf(skip)('--dry-run', () => {
  const worlds: World[] = [];
  afterAll(() => Promise.all(worlds.map((w) => w.close())));
  const world = async () => {
    const w = await makeWorld({ motoUrl, tfMirror, wrapTerraform: true, symflow: CI_SYMFLOW });
    worlds.push(w);
    return w;
  };

  it.concurrent('on a fresh directory: runs every check, shows the files, commands, tfvars and secret, and changes nothing', async () => {
    const w = await world();
    const before = await everything(w);
    const r = await runInProcess(w, [...flags(w), '--dry-run'], env(w));
    expect(r.exitCode, r.stderr).toBe(0);
    const after = await everything(w);
    expect({ ...after, symflow: 0, terraform: 0 }).toEqual({ ...before, symflow: 0, terraform: 0 });
    expect(after.aws).toEqual([]);
    onlyReads(w, before);
    // Okta was asked too: the token and the group.
    expect(w.okta.log.some((l) => l.url === '/api/v1/users/me')).toBe(true);
    expect(w.okta.log.some((l) => l.url.startsWith('/api/v1/groups/00g1emaKYZTWRYYRRTSK'))).toBe(true);

    const out = r.stderr;
    // Paths relative to the project, which the first line names; commands' paths relative to where they run.
    expect(out.split('\n')[0]).toBe(
      'Dry run of sym-okta-quickstart: every check and read runs; nothing is changed anywhere. Paths below are relative to the project.',
    );
    expect(out).not.toContain(w.dir);
    const plan = '../.sym-quickstart/apply.tfplan';
    for (const line of [
      '• create app/main.tf',
      '• create app/terraform.tfvars',
      '+sym_org_slug = "acme"',
      `+runtime_name = "${w.runtime}"`,
      '+    group_id = "00g1emaKYZTWRYYRRTSK"',
      '$ terraform init -input=false -no-color   (in app/)',
      `$ terraform plan -input=false -lock-timeout=5m -detailed-exitcode -out=${plan} -no-color`,
      `$ terraform apply -input=false -lock-timeout=5m -no-color ${plan}`,
      '  What terraform plan says:\n    Plan: 1 to add, 0 to change, 0 to destroy.\n      + create  AWS: Secrets Manager secret',
      `🔑 sym/${w.runtime}/okta-api-key in us-east-1: does not exist yet; terraform apply creates it, then it gets the JSON key "okta_api_token"`,
    ]) {
      expect(out).toContain(line);
    }
    expect(out).not.toContain(w.token);
    // With local state the real run reads the outputs from the state file it has just written.
    expect(out).not.toContain('terraform output');
    // The plan file terraform names in its hint is a scratch copy, gone by now: no hint, no `$` before the plan.
    expect(out).not.toContain('To perform exactly these actions');
    expect(out).not.toContain("Terraform's plan:");
    const result = JSON.parse(r.stdout) as { ok: boolean; steps: Array<{ id: string; status: string }> };
    expect(result.ok).toBe(true);
    for (const id of ['write-project', 'apply', 'store-token', 'verify'])
      expect(result.steps.find((s) => s.id === id)?.status).toBe('skipped');
  }, 120_000);

  it.concurrent('on an applied project with one flag changed: shows the tfvars diff and the secret as unchanged, and changes nothing', async () => {
    const w = await world();
    const first = await w.run([...flags(w), '--yes'], { env: env(w) });
    expect(first.exitCode, first.stderr).toBe(0);
    const before = await everything(w);
    expect(before.aws).toHaveLength(1);

    const r = await runInProcess(w, [...flags(w), '--request-channel', '#changed-channel', '--dry-run'], env(w));
    expect(r.exitCode, r.stderr).toBe(0);
    const after = await everything(w);
    expect({ ...after, symflow: 0, terraform: 0 }).toEqual({ ...before, symflow: 0, terraform: 0 });
    onlyReads(w, before);

    const out = r.stderr;
    const plan = '../.sym-quickstart/apply.tfplan';
    for (const line of [
      '• update app/terraform.tfvars',
      '-  request_channel = "#sym-requests"',
      '+  request_channel = "#changed-channel"',
      `$ terraform plan -input=false -lock-timeout=5m -detailed-exitcode -out=${plan} -no-color`,
      `$ terraform apply -input=false -lock-timeout=5m -no-color ${plan}`,
      '  No changes.',
      `🔑 sym/${w.runtime}/okta-api-key in us-east-1: unchanged: "okta_api_token" already holds this token; keys: "okta_api_token"`,
    ]) {
      expect(out).toContain(line);
    }
    // Only the file that changes is listed.
    expect(out).not.toContain('• update app/main.tf');
    expect(out).not.toContain(w.token);

    // With terraform.tfvars gone, the answers the journal remembers stand in for it: no flag needed.
    rmSync(join(w.dir, 'app/terraform.tfvars'));
    const bare = await runInProcess(w, ['init', '--json', '--dry-run'], env(w));
    expect(bare.exitCode, bare.stderr).toBe(0);
    expect(bare.stderr).toContain('• create app/terraform.tfvars');
    expect(bare.stderr).toContain(`+runtime_name = "${w.runtime}"`);
    expect(bare.stderr).toContain('+    group_id = "00g1emaKYZTWRYYRRTSK"');
  }, 150_000);
});
