// `destroy` against real Terraform and moto, then `init` again in the same directory. The project is
// the AWS-only fixture with what a real teardown meets: the templates' 7-day recovery window on the
// secret, and an IAM role and policy standing in for the runtime connector's (the Sym resources are
// covered by the templates' own plan). The steps share one project and run in order.
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetRoleCommand, IAMClient, paginateListPolicies } from '@aws-sdk/client-iam';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CI_SYMFLOW, JWT, answerFlags } from '../helpers/ci-provision.js';
import { startHoldProxy, type HoldProxy } from '../helpers/hold-proxy.js';
import { loopback } from '../helpers/loopback.js';
import { stateAddresses } from '../helpers/terraform.js';
import { CLI, FIXTURE_TEMPLATES, makeWorld, type World } from '../helpers/world.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

const IAM_TF = `# Test only: stands in for the runtime connector's role and the secrets add-on's policy.
resource "aws_iam_role" "runtime" {
  name = "sym-runtime-\${var.runtime_name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::803477428605:root" } }]
  })
}

resource "aws_iam_policy" "secrets" {
  name = "sym-secrets-\${var.runtime_name}"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "secrets" {
  role       = aws_iam_role.runtime.name
  policy_arn = aws_iam_policy.secrets.arn
}
`;

/** The AWS-only fixture as a real teardown meets it: a 7-day recovery window, and IAM to remove. */
function teardownTemplates(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'sqs-destroy-tpl-')), 'templates');
  cpSync(FIXTURE_TEMPLATES, dir, { recursive: true, dereference: true });
  const secrets = join(dir, 'modules/sym-runtime/secrets.tf');
  const src = readFileSync(secrets, 'utf8');
  expect(src).toContain('recovery_window_in_days = 0');
  writeFileSync(secrets, src.replace('recovery_window_in_days = 0', 'recovery_window_in_days = 7'));
  writeFileSync(join(dir, 'modules/sym-runtime/iam.tf'), IAM_TF);
  return dir;
}

const iamClient = new IAMClient({
  endpoint: motoUrl,
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

/** Whether IAM (moto) has the role: AWS's answer, NoSuchEntity when it is gone. */
async function roleExists(name: string): Promise<boolean> {
  try {
    await iamClient.send(new GetRoleCommand({ RoleName: name }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'NoSuchEntityException') return false;
    throw e;
  }
}

/** Every customer-managed policy's name, all pages. */
async function localPolicyNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListPolicies({ client: iamClient }, { Scope: 'Local' }))
    names.push(...(page.Policies ?? []).map((p) => p.PolicyName ?? ''));
  return names;
}

describe.skipIf(skip)('destroy, then init again', () => {
  let w: World;
  let proxy: HoldProxy;
  let templates: string;
  let env: Record<string, string>;
  let initArgs: string[];
  let secretArn: string;
  const destroyArgs = () => ['destroy', w.dir, '--yes', '--confirm', w.runtime];
  const describeSecret = () => sm().send(new DescribeSecretCommand({ SecretId: w.secretName }));
  const secretVersions = async () =>
    (
      await sm().send(new ListSecretVersionIdsCommand({ SecretId: w.secretName, IncludeDeprecated: true }))
    ).Versions?.map((v) => v.VersionId) ?? [];
  const tfState = async () => stateAddresses(join(w.dir, 'app'));
  const destroying = () =>
    spawnSync('pgrep', ['-f', join(w.dir, '.sym-quickstart/destroy.tfplan')], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);

  beforeAll(async () => {
    proxy = await startHoldProxy(motoUrl);
    w = await makeWorld({ motoUrl: proxy.url, tfMirror, symflow: CI_SYMFLOW });
    templates = teardownTemplates();
    env = { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token, SYM_QUICKSTART_TEMPLATES: templates };
    initArgs = ['init', '--yes', '--json', ...answerFlags(w.runtime)];
    const r = await w.run(initArgs, { env });
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
    secretArn = (await describeSecret()).ARN!;
    expect(await roleExists(`sym-runtime-${w.runtime}`)).toBe(true);
  }, 180_000);
  afterAll(async () => {
    await w?.close();
    await proxy?.close();
  });

  it('a wrong or missing --confirm exits 2 before anything runs, and destroys nothing', async () => {
    const before = await tfState();
    expect(before).toHaveLength(4);
    const wrong = await w.run(['destroy', w.dir, '--yes', '--confirm', 'prod', '--json'], { env });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain(`--confirm "prod" does not match this project's runtime name "${w.runtime}"`);
    expect(wrong.stderr).toContain(`--confirm ${w.runtime}`);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false, error: { code: 2 } });
    const missing = await w.run(['destroy', w.dir, '--yes'], { env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--yes alone does not destroy anything');
    const unattended = await w.run(['destroy', w.dir], { env });
    expect(unattended.exitCode).toBe(2);
    expect(unattended.stderr).toContain('cannot ask for its confirmation in non-interactive mode');
    const badWait = await w.run(destroyArgs(), { env: { ...env, SYM_QUICKSTART_LOCK_TIMEOUT: '5 minutes' } });
    expect(badWait.exitCode).toBe(2);
    expect(badWait.stderr).toContain('SYM_QUICKSTART_LOCK_TIMEOUT');
    // Nothing ran: no Terraform (no plan file, no lock), nothing changed in AWS.
    expect(existsSync(join(w.dir, '.sym-quickstart/destroy.tfplan'))).toBe(false);
    expect(await tfState()).toEqual(before);
    expect((await describeSecret()).DeletedDate).toBeUndefined();
    expect(await roleExists(`sym-runtime-${w.runtime}`)).toBe(true);
  }, 60_000);

  it("--dry-run shows the grouped summary, the real run's lock timeout, and changes nothing", async () => {
    const r = await w.run(['destroy', w.dir, '--dry-run', '--json'], {
      env: { ...env, SYM_QUICKSTART_LOCK_TIMEOUT: '90s' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ok: true, dryRun: true, runtime: w.runtime, directory: w.dir });
    expect(result.destroyed.map((d: { group: string; name: string }) => `${d.group} ${d.name}`).sort()).toEqual(
      [
        `iam sym-runtime-${w.runtime}`,
        `iam sym-secrets-${w.runtime}`,
        `iam sym-secrets-${w.runtime} → sym-runtime-${w.runtime}`,
        `secret ${w.secretName}`,
      ].sort(),
    );
    expect(result.secret).toEqual({ name: w.secretName, region: 'us-east-1', recoveryWindowDays: 7 });
    expect(r.stderr).toContain(`Destroying runtime "${w.runtime}" removes 4 resources:`);
    expect(r.stderr).toContain('IAM roles and policies (3)');
    expect(r.stderr).toContain('AWS keeps it 7 days, and it can be restored until then');
    expect(r.stderr).toContain(`the project directory ${w.dir}`);
    expect(r.stderr).toContain('Dry run: nothing was destroyed.');
    expect(r.stderr).toContain('terraform apply -input=false -lock-timeout=90s -no-color <destroy plan>');
    expect(await tfState()).toHaveLength(4);
    expect((await describeSecret()).DeletedDate).toBeUndefined();
    expect(existsSync(join(w.dir, '.sym-quickstart/destroy.tfplan'))).toBe(false);
    expect(JSON.parse(readFileSync(join(w.dir, '.sym-quickstart/state.json'), 'utf8')).teardown).toBeUndefined();
  }, 60_000);

  it('Ctrl-C waits for terraform; a second one interrupts it; a plain re-run finishes the destroy', async () => {
    proxy.arm('secretsmanager.DeleteSecret', 'request');
    const child = spawn(process.execPath, [CLI, ...destroyArgs()], {
      cwd: w.work,
      env: { ...w.env, ...env },
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await proxy.held();
    // A terminal's Ctrl-C reaches the whole foreground group: the wizard waits, terraform goes on.
    process.kill(-child.pid!, 'SIGINT');
    await vi.waitFor(() => expect(stderr).toContain('Waiting for it to finish'), { timeout: 5000, interval: 25 });
    await sleep(1500);
    expect(destroying()).toHaveLength(1);
    expect(child.exitCode).toBeNull();
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Interrupting Terraform');
    expect(stderr).toContain(`npx sym-okta-quickstart destroy ${w.dir} --yes --confirm ${w.runtime}`);
    await vi.waitFor(() => expect(destroying()).toEqual([]), { timeout: 10_000, interval: 25 });
    proxy.release();
    // Stopped half-way: the secret's deletion never reached AWS, and the state still holds it.
    expect(await tfState()).toContain('module.sym_runtime.aws_secretsmanager_secret.okta_api_key');
    expect((await describeSecret()).DeletedDate).toBeUndefined();
    const journal = JSON.parse(readFileSync(join(w.dir, '.sym-quickstart/state.json'), 'utf8'));
    expect(journal.teardown.startedAt).toBeTruthy();
    expect(journal.teardown.finishedAt).toBeUndefined();

    const rerun = await w.run([...destroyArgs(), '--json'], { env });
    expect(rerun.exitCode, rerun.stderr.slice(-3000)).toBe(0);
    const result = JSON.parse(rerun.stdout);
    expect(result.ok).toBe(true);
    expect(result.destroyed.map((d: { address: string }) => d.address)).toContain(
      'module.sym_runtime.aws_secretsmanager_secret.okta_api_key',
    );
    const restore = `aws secretsmanager restore-secret --secret-id ${w.secretName} --region us-east-1`;
    expect(result.secret).toMatchObject({ name: w.secretName, recoveryWindowDays: 7, restoreCommand: restore });
    expect(rerun.stderr).toContain(restore);

    // No managed AWS resource left but the secret, which AWS keeps for its recovery window.
    expect(await tfState()).toEqual([]);
    expect(await roleExists(`sym-runtime-${w.runtime}`)).toBe(false);
    expect((await localPolicyNames()).filter((name) => name.includes(w.runtime))).toEqual([]);
    const secret = await describeSecret();
    expect(secret.ARN).toBe(secretArn);
    expect(secret.DeletedDate).toBeInstanceOf(Date);
    // The directory stays, whole.
    for (const f of ['app/main.tf', 'app/terraform.tfvars', 'modules/sym-runtime/secrets.tf', '.gitignore'])
      expect(existsSync(join(w.dir, f)), f).toBe(true);
    const after = JSON.parse(readFileSync(join(w.dir, '.sym-quickstart/state.json'), 'utf8'));
    expect(after.teardown).toMatchObject({
      secret: { name: w.secretName, region: 'us-east-1', recoveryWindowDays: 7 },
    });
    expect(after.teardown.finishedAt).toBeTruthy();
    expect(existsSync(join(w.dir, '.sym-quickstart/destroy.tfplan'))).toBe(false);

    // Run again on the torn-down project: nothing to do, and it still says how to restore the secret.
    const again = await w.run(destroyArgs(), { env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('Nothing to destroy');
    expect(again.stderr).toContain(restore);
  }, 180_000);

  it('unattended init with the same flags and no OKTA_API_TOKEN restores the same secret (not a new one) and uses the token it holds, checked with Okta, then applies everything again', async () => {
    const { OKTA_API_TOKEN: _given, ...noToken } = env;
    const r = await w.run(initArgs, { env: noToken });
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
    expect(r.stderr).toContain(`Restored ${w.secretName} (us-east-1)`);
    expect(r.stderr).toContain(`Using the token stored in ${w.secretName}`);
    // Okta was asked about that token (it is the one the stand-in knows), and it was never shown.
    expect(r.stderr).toContain('Token accepted: it acts as');
    expect(`${r.stdout}${r.stderr}`).not.toContain(w.token);
    // The secret already held this token: no new version was written (the first init's is the only one).
    expect(JSON.parse(r.stdout).steps.find((s: { id: string }) => s.id === 'store-token')).toMatchObject({
      status: 'unchanged',
    });
    expect(await secretVersions()).toHaveLength(1);
    const secret = await describeSecret();
    expect(secret.ARN).toBe(secretArn);
    expect(secret.DeletedDate).toBeUndefined();
    expect((await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString).toBe(
      `{"okta_api_token":"${w.token}"}`,
    );
    expect(await tfState()).toHaveLength(4);
    expect(await roleExists(`sym-runtime-${w.runtime}`)).toBe(true);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(true);
    expect(result.secret).toEqual({ name: w.secretName, region: 'us-east-1' });
    // A re-run after that is a plain no-op: Terraform sees no changes.
    const again = await w.run(initArgs, { env: noToken });
    expect(again.exitCode, again.stderr.slice(-3000)).toBe(0);
    expect(again.stderr).toContain('Terraform: no changes');
  }, 180_000);
});
