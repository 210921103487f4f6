// A project whose Terraform state is in S3 (--state-bucket), destroyed, then built again in a terminal.
// `destroy` runs the real terraform with its S3 backend against moto: the resources go; the bucket and
// its state object stay, and the summary says so, with the commands that remove them by hand. Then
// `init` in a terminal offers to restore the secret the teardown left scheduled for deletion and to use
// the token it holds, so nothing is typed for the token. The AWS-only fixture with a 7-day recovery
// window; the runtime name (so the secret's name) and the bucket name are this world's own. The tests
// share the project and run in order: the destroy leaves what the rebuild starts from (one init and
// one destroy serve both, each a few CPU-seconds of terraform).
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE, answerFlags } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, FIXTURE_TEMPLATES, makeWorld, type World } from '../helpers/world.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

const s3 = new S3Client({
  endpoint: motoUrl,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

describe.skipIf(skip)('destroy with the state in S3, then init in a terminal', () => {
  let w: World;
  let arn: string;
  const bucket = `e2e-destroy-tfstate-${randomBytes(5).toString('hex')}`;
  const describeSecret = () => sm().send(new DescribeSecretCommand({ SecretId: w.secretName }));
  const key = () => `sym-okta-quickstart/${w.runtime}/terraform.tfstate`;
  const stateObject = async () =>
    JSON.parse(
      await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key() }))).Body!.transformToString(),
    ) as { resources: unknown[] };

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
    // Only the tests pass use_path_style to the backend: moto has no per-bucket host names.
    w.env.TF_CLI_ARGS_init = '-backend-config=use_path_style=true';
    const unattended = { CI: 'true', OKTA_API_TOKEN: w.token };
    const init = await w.run(['init', w.dir, '--yes', ...answerFlags(w.runtime), '--state-bucket', bucket], {
      env: unattended,
    });
    expect(init.exitCode, init.stderr.slice(-3000)).toBe(0);
    expect((await stateObject()).resources.length).toBeGreaterThan(0);
    arn = (await describeSecret()).ARN!;
  }, 180_000);
  afterAll(() => w?.close());

  it('destroy: the resources go; the bucket and its state object stay, and the summary says how to remove them', async () => {
    const r = await w.run(['destroy', w.dir, '--yes', '--confirm', w.runtime, '--json'], { env: { CI: 'true' } });
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(true);
    expect(result.destroyed.length).toBeGreaterThan(0);
    const keptBucket = result.kept.find((k: { what: string }) => k.what.includes(`s3://${bucket}`));
    expect(keptBucket, JSON.stringify(result.kept)).toBeDefined();
    expect(keptBucket.what).toContain(key());
    expect(keptBucket.how).toContain(`aws s3 rm s3://${bucket}/${key()}`);
    expect(keptBucket.how).toContain(`aws s3 rb s3://${bucket}`);
    // Said before the confirmation (what stays) and after the destroy (what was kept).
    const before = r.stderr.indexOf('Stays (remove by hand if you want it gone):');
    const after = r.stderr.indexOf('Kept:');
    expect(before).toBeGreaterThanOrEqual(0);
    expect(after).toBeGreaterThan(before);
    for (const at of [before, after]) {
      const section = r.stderr.slice(at, at + 1500);
      expect(section).toContain(`the state bucket s3://${bucket}`);
      expect(section).toContain(`aws s3 rb s3://${bucket}`);
    }

    // The bucket is still there, its state object now holds no resources, and no local state appeared.
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    expect((await stateObject()).resources).toEqual([]);
    expect(existsSync(join(w.dir, 'app/terraform.tfstate'))).toBe(false);
    // The secret is scheduled for deletion (its 7-day window): what the terminal rebuild below starts from.
    expect((await describeSecret()).DeletedDate).toBeInstanceOf(Date);
  }, 180_000);

  it('then init in a terminal asks once to restore the secret and use its token (the default); no token typed; the same secret, everything applied', async () => {
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
