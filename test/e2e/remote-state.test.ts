// Terraform state in S3 (--state-bucket), end to end: the built CLI, the real terraform (S3 backend and
// its lock file) and moto, with every AWS request recorded by a proxy in front of moto. Only the tests
// pass use_path_style to the backend (TF_CLI_ARGS_init; moto has no per-bucket host names).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { titleCase } from '../../src/project/names.js';
import { parseState } from '../../src/tools/terraform.js';
import { renderBackend } from '../../src/render/backend.js';
import { startAwsProxy, type AwsProxy, type AwsRequest } from '../helpers/aws-proxy.js';
import { CI_SYMFLOW, ciFlags, JWT } from '../helpers/ci-provision.js';
import { runInProcess } from '../helpers/in-process.js';
import { loopback } from '../helpers/loopback.js';
import { snapshot } from '../helpers/project-scan.js';
import { makeWorld, ROOT, type World } from '../helpers/world.js';

const { motoUrl, tfMirror, skip } = loopback();

const s3 = new S3Client({
  endpoint: motoUrl,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});
const iam = new IAMClient({
  endpoint: motoUrl,
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});
const uniqueBucket = () => `e2e-tfstate-${randomBytes(5).toString('hex')}`;
const stateKey = (w: World) => `sym-okta-quickstart/${w.runtime}/terraform.tfstate`;
const readObject = async (bucket: string, key: string) =>
  (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then(
    (r) => r.Body!.transformToString(),
    () => undefined,
  )) as string | undefined;
const resourcesOf = (state: string) =>
  (JSON.parse(state) as { resources: Array<{ module?: string; type: string; name: string }> }).resources
    .map((r) => `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`)
    .sort();

/**
 * A request that changes something in AWS. Terraform's lock file (`<key>.tflock`, written and
 * deleted around every plan) is the one write that a run which changes nothing still makes.
 */
const isWrite = (r: AwsRequest) => {
  if (r.target) return !/\.(Describe|Get|List|BatchGet)/.test(r.target); // JSON protocols (Secrets Manager)
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(r.body)?.[1]; // query protocols (STS, IAM)
  if (action) return !/^(Get|List|Describe)/.test(action);
  return r.method !== 'GET' && r.method !== 'HEAD' && !r.url.split('?')[0]!.endsWith('.tflock'); // S3
};
const isCreate = (r: AwsRequest) =>
  /\.Create|Action=Create/.test(`${r.target}&${r.body}`) || (r.method === 'PUT' && /^\/[^/?]+\/?$/.test(r.url)); // S3 CreateBucket

/** The project's files, each unwritten since (terraform's .terraform/ cache and the run's journal aside). */
const projectFiles = (dir: string) =>
  Object.fromEntries(
    Object.entries(snapshot(dir)).filter(([path]) => !/(^|\/)(\.terraform|\.sym-quickstart)(\/|$)/.test(path)),
  );

describe.skipIf(skip)('init --state-bucket: Terraform state in S3, locked', () => {
  let proxy: AwsProxy;
  beforeAll(async () => {
    proxy = await startAwsProxy(motoUrl);
  });
  afterAll(() => proxy?.close());

  const world = async () => {
    const w = await makeWorld({ motoUrl: proxy.url, tfMirror, symflow: CI_SYMFLOW });
    Object.assign(w.env, {
      TF_CLI_ARGS_init: '-backend-config=use_path_style=true',
      SYM_QUICKSTART_LOCK_TIMEOUT: '2s',
    });
    return w;
  };
  const ciEnv = (w: World) => ({ CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token });
  // The runs that apply (a user's journey: the bucket made, a clone, the move of a local state) start
  // the CLI as a process; the refusals, the held lock, the dry run and doctor's checks, whose claims are
  // what the command decides and changes, run its main() in this process (helpers/in-process.ts).

  describe('a CI-mode init with --state-bucket, then a fresh clone, then a held lock', () => {
    let w: World;
    const bucket = uniqueBucket();
    beforeAll(async () => {
      w = await world();
    });
    afterAll(() => w?.close());

    it('creates the bucket safely, keeps the state at the default key, no local state, backend.tf as specified', async () => {
      const r = await w.run([...ciFlags(w), '--state-bucket', bucket], { env: ciEnv(w) });
      expect(r.exitCode, r.stderr).toBe(0);
      const steps = JSON.parse(r.stdout).steps as Array<{ id: string; status: string }>;
      expect(steps.find((s) => s.id === 'state-backend')).toMatchObject({ status: 'done' });
      expect(steps.find((s) => s.id === 'apply')).toMatchObject({ status: 'done' });

      const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      expect(versioning.Status).toBe('Enabled');
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      expect(
        encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      ).toBe('AES256');
      const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
      expect(block.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!);
      expect(policy.Statement).toEqual([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]);

      const state = await readObject(bucket, stateKey(w));
      expect(state, `no state object at ${stateKey(w)}`).toBeDefined();
      expect(resourcesOf(state!).filter((a) => a.endsWith('aws_secretsmanager_secret.okta_api_key'))).toHaveLength(1);
      expect(existsSync(join(w.dir, 'app/terraform.tfstate'))).toBe(false);
      expect(readFileSync(join(w.dir, 'app/backend.tf'), 'utf8')).toBe(
        renderBackend({ bucket, key: stateKey(w), region: 'us-east-1' }),
      );
      expect(readFileSync(join(w.dir, 'app/backend.tf'), 'utf8')).toContain('use_lockfile = true');
      expect(readFileSync(join(w.dir, 'app/versions.tf'), 'utf8')).toContain('required_version = ">= 1.10.0"');
    });

    it('a fresh clone (only git-tracked files) with the same flags: exit 0, apply unchanged, no AWS write', async () => {
      execFileSync('git', ['init', '-q'], { cwd: w.dir });
      execFileSync('git', ['add', '-A'], { cwd: w.dir });
      const tracked = execFileSync('git', ['ls-files'], { cwd: w.dir, encoding: 'utf8' }).trim().split('\n');
      expect(tracked).toContain('app/backend.tf');
      expect(tracked.some((f) => f.includes('tfstate') || f.startsWith('.sym-quickstart'))).toBe(false);
      const clone = join(w.work, 'clone', 'sym-okta-quickstart');
      for (const f of tracked) {
        mkdirSync(dirname(join(clone, f)), { recursive: true });
        cpSync(join(w.dir, f), join(clone, f));
      }
      const stateBefore = await readObject(bucket, stateKey(w));
      const from = proxy.log.length;

      const r = await w.run([...ciFlags(w), '--state-bucket', bucket, 'clone/sym-okta-quickstart'], {
        env: ciEnv(w),
      });
      expect(r.exitCode, r.stderr).toBe(0);
      const steps = JSON.parse(r.stdout).steps as Array<{ id: string; status: string }>;
      expect(steps.find((s) => s.id === 'apply')).toMatchObject({ status: 'unchanged' });
      expect(r.stderr).toMatch(/Terraform: no changes/);
      const requests = proxy.log.slice(from);
      expect(requests.some((q) => q.url.startsWith(`/${bucket}/`))).toBe(true); // it did read the S3 state
      expect(requests.filter(isWrite).map((q) => `${q.method} ${q.url} ${q.target}`)).toEqual([]);
      expect(await readObject(bucket, stateKey(w))).toBe(stateBefore);
      expect(existsSync(join(clone, 'app/terraform.tfstate'))).toBe(false);
    });

    it("a second project (another directory, same runtime name, same bucket, so the same default key) is refused before any write: the first project's state stays byte-identical", async () => {
      const stateBefore = await readObject(bucket, stateKey(w));
      const resources = parseState(stateBefore!).resources;
      expect(resources).toBeGreaterThan(0);
      const other = join(w.work, 'other');
      for (const extra of [['--dry-run'], []]) {
        const from = proxy.log.length;
        const r = await runInProcess(w, [...ciFlags(w), '--state-bucket', bucket, ...extra, 'other'], ciEnv(w));
        expect(r.exitCode, r.stderr).toBe(1);
        const result = JSON.parse(r.stdout) as { ok: boolean; error: { message: string; fix: string } };
        expect(result.ok).toBe(false);
        expect(result.error.message).toContain(
          `s3://${bucket}/${stateKey(w)} already holds another project's Terraform state (${resources} ${resources === 1 ? 'resource' : 'resources'}, last written `,
        );
        expect(result.error.fix).toContain('--state-key');
        expect(result.error.fix).toContain('--runtime-name');
        expect(result.error.fix).toContain('run from its directory');
        expect(r.stderr).toContain(`s3://${bucket}/${stateKey(w)} already holds another project's Terraform state`);
        // No AWS write at all, no file of the second project, and the first project's state untouched.
        expect(
          proxy.log
            .slice(from)
            .filter((q) => isWrite(q) || (q.url.split('?')[0]!.endsWith('.tflock') && q.method !== 'GET'))
            .map((q) => `${q.method} ${q.url} ${q.target}`),
        ).toEqual([]);
        expect(existsSync(other) ? Object.keys(projectFiles(other)) : []).toEqual([]);
        expect(await readObject(bucket, stateKey(w))).toBe(stateBefore);
      }
    });

    it('a lock held by someone else: says who and since when, waits, exits 1 with force-unlock, changes nothing', async () => {
      const lockKey = `${stateKey(w)}.tflock`;
      const id = '0c6f7e2a-6d4b-4b8e-9f57-3a1d2c9e8b10';
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: lockKey,
          Body: JSON.stringify({
            ID: id,
            Operation: 'OperationTypeApply',
            Info: '',
            Who: 'alice@ci-runner-7',
            Version: '1.11.4',
            Created: '2026-12-02T21:58:03.123456Z',
            Path: `${bucket}/${stateKey(w)}`,
          }),
        }),
      );
      try {
        const files = projectFiles(w.dir);
        const stateBefore = await readObject(bucket, stateKey(w));
        const from = proxy.log.length;
        const started = Date.now();
        const r = await runInProcess(w, [...ciFlags(w), '--state-bucket', bucket], ciEnv(w));
        expect(r.exitCode, r.stderr).toBe(1);
        expect(r.stderr).toContain('locked by alice@ci-runner-7, since 2026-12-02T21:58:03Z (apply)');
        expect(r.stderr).toContain(`lock ID ${id}`);
        expect(r.stderr).toContain(`force-unlock ${id}`);
        expect(r.stderr).toContain('waiting up to 2s');
        expect(Date.now() - started).toBeGreaterThan(2000);
        expect(JSON.parse(r.stdout).ok).toBe(false);
        expect(r.stderr).toContain(`terraform -chdir=${join(w.dir, 'app')} force-unlock ${id}`);
        // Nothing changed: the project's files, the state, the lock, and no AWS write at all.
        expect(projectFiles(w.dir)).toEqual(files);
        expect(await readObject(bucket, stateKey(w))).toBe(stateBefore);
        expect(JSON.parse((await readObject(bucket, lockKey))!).ID).toBe(id);
        expect(
          proxy.log
            .slice(from)
            .filter((q) => isWrite(q) || (q.url.split('?')[0]!.endsWith('.tflock') && q.method !== 'GET'))
            .map((q) => `${q.method} ${q.url} ${q.target}`),
        ).toEqual(
          // Terraform's one attempt at taking the lock (a conditional PUT that S3 refuses with 412) per try.
          proxy.log
            .slice(from)
            .filter((q) => q.method === 'PUT' && q.url.split('?')[0]!.endsWith('.tflock'))
            .map((q) => `${q.method} ${q.url} ${q.target}`),
        );
      } finally {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: lockKey }));
      }
    });
    it("doctor's state-backend check: passes on the healthy project, fails with its fix on versioning off and on a missing bucket, warns on a stale lock", async () => {
      const doctor = async (dir: string) => {
        const r = await runInProcess(w, ['doctor', dir, '--json', '--check', 'state-backend']);
        const report = JSON.parse(r.stdout) as {
          checks: Array<{ id: string; status: string; detail: string; fix?: string }>;
        };
        return { exitCode: r.exitCode, check: report.checks.find((c) => c.id === 'state-backend')! };
      };
      const healthy = await doctor(w.dir);
      expect(healthy.exitCode).toBe(0);
      expect(healthy.check).toMatchObject({ status: 'pass' });
      expect(healthy.check.detail).toContain(`s3://${bucket}/${stateKey(w)}: versioned, encrypted, private, TLS only`);

      await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
      );
      try {
        const off = await doctor(w.dir);
        expect(off.exitCode).toBe(5);
        expect(off.check).toMatchObject({
          status: 'fail',
          fix: `aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled`,
        });
        expect(off.check.detail).toMatch(/Versioning is suspended/);
      } finally {
        await s3.send(
          new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
        );
      }

      // The same project pointing at a bucket that is not there.
      const elsewhere = join(w.work, 'missing-bucket');
      cpSync(join(w.dir, 'app'), join(elsewhere, 'app'), { recursive: true });
      cpSync(join(w.dir, '.sym-quickstart'), join(elsewhere, '.sym-quickstart'), { recursive: true });
      const gone = uniqueBucket();
      writeFileSync(
        join(elsewhere, 'app/backend.tf'),
        renderBackend({ bucket: gone, key: stateKey(w), region: 'us-east-1' }),
      );
      const journal = JSON.parse(readFileSync(join(elsewhere, '.sym-quickstart/state.json'), 'utf8'));
      journal.answers.stateBucket = gone;
      writeFileSync(join(elsewhere, '.sym-quickstart/state.json'), JSON.stringify(journal));
      const missing = await doctor(elsewhere);
      expect(missing.exitCode).toBe(5);
      expect(missing.check.status).toBe('fail');
      expect(missing.check.detail).toContain(`The state bucket ${gone} does not exist`);
      expect(missing.check.fix).toContain(`init ${elsewhere} --state-bucket ${gone}`);

      // A lock left behind two hours ago: a warning with the unlock command.
      const lockKey = `${stateKey(w)}.tflock`;
      const id = 'f00dfeed-0000-4000-8000-000000000001';
      const created = new Date(Date.now() - 2 * 3600_000).toISOString();
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: lockKey,
          Body: JSON.stringify({ ID: id, Operation: 'OperationTypeApply', Who: 'bob@laptop', Created: created }),
        }),
      );
      try {
        const stale = await doctor(w.dir);
        expect(stale.check.status).toBe('warn');
        expect(stale.check.detail).toMatch(/locked for 12\d minutes, by bob@laptop/);
        expect(stale.check.fix).toContain(`terraform -chdir=${join(w.dir, 'app')} force-unlock ${id}`);
      } finally {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: lockKey }));
      }
    });
    it("doctor's names check reads the project's own names from the S3 state: --strict passes; a name is taken unless that state holds it", async () => {
      const names = async (dir: string) => {
        const r = await runInProcess(w, ['doctor', dir, '--json', '--strict', '--check', 'names'], ciEnv(w));
        const report = JSON.parse(r.stdout) as {
          checks: Array<{ id: string; status: string; detail: string; fix?: string }>;
        };
        return { exitCode: r.exitCode, stderr: r.stderr, check: report.checks.find((c) => c.id === 'names')! };
      };
      const healthy = await names(w.dir);
      expect(healthy.check, healthy.stderr).toMatchObject({ status: 'pass' });
      expect(healthy.check.detail).toContain(`(its state: s3://${bucket}/${stateKey(w)})`);
      expect(healthy.exitCode, healthy.stderr).toBe(0);
      expect(healthy.stderr).not.toContain('a failure under --strict');

      // A copy of the files whose state key holds no state, beside an IAM role the runtime would create:
      // a clash; once that key's state holds the role, it is the project's own.
      const other = join(w.work, 'other-key');
      cpSync(join(w.dir, 'app'), join(other, 'app'), { recursive: true });
      cpSync(join(w.dir, '.sym-quickstart'), join(other, '.sym-quickstart'), { recursive: true });
      const otherKey = `elsewhere/${stateKey(w)}`;
      writeFileSync(join(other, 'app/backend.tf'), renderBackend({ bucket, key: otherKey, region: 'us-east-1' }));
      const role = `SymRuntime${titleCase(w.runtime)}`;
      await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: '{}' }));
      try {
        const taken = await names(other);
        expect(taken.exitCode).toBe(5);
        expect(taken.check.status).toBe('fail');
        expect(taken.check.detail).toContain(`not this project's: IAM role ${role}`);
        const state = {
          version: 4,
          resources: [{ type: 'aws_iam_role', name: 'this', instances: [{ attributes: { name: role } }] }],
        };
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: otherKey, Body: JSON.stringify(state) }));
        const ours = await names(other);
        expect(ours.check, ours.stderr).toMatchObject({ status: 'pass' });
        expect(ours.exitCode).toBe(0);
      } finally {
        await iam.send(new DeleteRoleCommand({ RoleName: role }));
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: otherKey }));
      }
    });
  });

  describe('an applied project with local state moves to S3', () => {
    let w: World;
    beforeAll(async () => {
      w = await world();
    });
    afterAll(() => w?.close());

    it('migrates: nothing re-created, the local state gone (a 0600 copy kept), the same resources in S3', async () => {
      const first = await w.run(ciFlags(w), { env: ciEnv(w) });
      expect(first.exitCode, first.stderr).toBe(0);
      const local = readFileSync(join(w.dir, 'app/terraform.tfstate'), 'utf8');
      expect(parseState(local).resources).toBeGreaterThan(0);

      const bucket = uniqueBucket();
      const from = proxy.log.length;
      const r = await w.run([...ciFlags(w), '--state-bucket', bucket], { env: ciEnv(w) });
      expect(r.exitCode, r.stderr).toBe(0);
      const steps = JSON.parse(r.stdout).steps as Array<{ id: string; status: string }>;
      expect(steps.find((s) => s.id === 'migrate-state')).toMatchObject({ status: 'done' });
      expect(steps.find((s) => s.id === 'apply')).toMatchObject({ status: 'unchanged' });

      // Nothing was created in AWS but the bucket itself.
      expect(
        proxy.log
          .slice(from)
          .filter(isCreate)
          .map((q) => `${q.method} ${q.url} ${q.target}`),
      ).toEqual([expect.stringMatching(new RegExp(`^PUT /${bucket}/? $`))]);
      const remote = await readObject(bucket, stateKey(w));
      // The same resource instances with the same IDs (Terraform gives the copy a new lineage and serial).
      expect(parseState(remote!).instances).toEqual(parseState(local).instances);
      expect(existsSync(join(w.dir, 'app/terraform.tfstate'))).toBe(false);
      expect(existsSync(join(w.dir, 'app/terraform.tfstate.backup'))).toBe(false);
      const copy = join(w.dir, '.sym-quickstart/terraform.tfstate.migrated');
      expect(readFileSync(copy, 'utf8')).toBe(local);
      expect(statSync(copy).mode & 0o777).toBe(0o600);

      // The next successful run no longer needs the copy.
      const again = await w.run([...ciFlags(w), '--state-bucket', bucket], { env: ciEnv(w) });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(existsSync(copy)).toBe(false);
      // Three full runs with the real terraform: more than the default 60 s on a loaded machine.
    }, 240_000);
  });

  it('--dry-run lists the change to an existing bucket (versioning off) and makes none', async () => {
    const w = await world();
    // The claim is about the bucket, not the project's resources: the zero-provider fixture's plan (real
    // terraform, no AWS provider to start) is enough.
    w.env.SYM_QUICKSTART_TEMPLATES = join(ROOT, 'test/fixtures/templates-zero-provider');
    try {
      const bucket = uniqueBucket();
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
      );
      const r = await runInProcess(w, [...ciFlags(w), '--state-bucket', bucket, '--dry-run'], ciEnv(w));
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain(`turn on versioning of the existing bucket ${bucket}`);
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Suspended');
    } finally {
      await w.close();
    }
  });
});
