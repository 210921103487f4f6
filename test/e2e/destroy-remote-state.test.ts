// `destroy` of a project whose Terraform state is in S3 (--state-bucket): the real terraform with its
// S3 backend against moto. The resources go; the bucket and its state object stay, and the summary says
// so, with the commands that remove them by hand. The bucket name is this test's own.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CI_SYMFLOW, ciFlags, JWT } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';
import { makeWorld, type World } from '../helpers/world.js';

const { motoUrl, tfMirror, skip } = loopback();

const s3 = new S3Client({
  endpoint: motoUrl,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

describe.skipIf(skip)('destroy with the state in S3', () => {
  let w: World;
  const bucket = `e2e-destroy-tfstate-${randomBytes(5).toString('hex')}`;
  let env: Record<string, string>;
  const stateObject = async () =>
    JSON.parse(
      await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key() }))).Body!.transformToString(),
    ) as { resources: unknown[] };
  const key = () => `sym-okta-quickstart/${w.runtime}/terraform.tfstate`;

  beforeAll(async () => {
    w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    // Only the tests pass use_path_style to the backend: moto has no per-bucket host names.
    w.env.TF_CLI_ARGS_init = '-backend-config=use_path_style=true';
    env = { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token };
    const r = await w.run([...ciFlags(w), '--state-bucket', bucket], { env });
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
    expect((await stateObject()).resources.length).toBeGreaterThan(0);
  }, 180_000);
  afterAll(() => w?.close());

  it('destroys the resources; the bucket and its state object stay, and the summary says how to remove them', async () => {
    const r = await w.run(['destroy', w.dir, '--yes', '--confirm', w.runtime, '--json'], { env });
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
  }, 180_000);
});
