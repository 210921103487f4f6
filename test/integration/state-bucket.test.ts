// The state-bucket module against moto (global setup, through test/helpers/moto_server so the TLS-only
// policy is evaluated as S3 does). It reaches moto only through the standard AWS environment.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  bucketChanges,
  createStateBucket,
  ensureBucket,
  lockKeyOf,
  suggestedBucketName,
} from '../../src/aws/state-bucket.js';
import { QuickstartError } from '../../src/errors.js';
import { startAwsProxy } from '../helpers/aws-proxy.js';
import { fitBucket } from '../helpers/buckets.js';
import { missing } from '../helpers/parts.js';

const motoUrl = inject('motoUrl');
const home = mkdtempSync(join(tmpdir(), 'state-bucket-it-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const env = (endpoint = motoUrl) => ({
  HOME: home,
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
});
const uniqueBucket = (what: string) => `it-${what}-${randomBytes(5).toString('hex')}`;
const raw = (region = 'us-east-1') =>
  new S3Client({
    endpoint: motoUrl,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
async function rejection(p: Promise<unknown>): Promise<QuickstartError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(QuickstartError);
  return e as QuickstartError;
}

describe.skipIf(missing('moto_server', !!motoUrl))('state bucket against moto', () => {
  it('suggests <account-id>-sym-tfstate-<region> from the credentials’ account', async () => {
    const s3 = await createStateBucket({ region: 'eu-west-1', env: env() });
    expect(suggestedBucketName(await s3.accountId(), 'eu-west-1')).toBe('123456789012-sym-tfstate-eu-west-1');
  });

  it('creates a missing bucket in the region with versioning, encryption, every public-access block and a TLS-only policy', async () => {
    const bucket = uniqueBucket('new');
    const s3 = await createStateBucket({ region: 'eu-west-1', env: env() });
    const before = await s3.inspect(bucket);
    expect(before).toEqual({ exists: false, name: bucket });
    expect(bucketChanges(before, 'eu-west-1').map((c) => c.action)).toEqual(['create']);

    expect((await ensureBucket(s3, bucket, 'eu-west-1')).map((c) => c.action)).toEqual(['create']);
    expect(await s3.inspect(bucket)).toEqual(fitBucket(bucket, 'eu-west-1'));
    // Fit as it is: a second ensure changes nothing.
    expect(await ensureBucket(s3, bucket, 'eu-west-1')).toEqual([]);

    // The policy's effect, not only its presence: the same signed read is refused without TLS.
    const client = raw('eu-west-1');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'state' }));
    const plain = new S3Client({
      endpoint: motoUrl,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    plain.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-test-insecure-transport'] = '1';
        return next(args);
      },
      { step: 'build' },
    );
    const refused = await plain.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })).catch((e: unknown) => e);
    expect((refused as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    const ok = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(await ok.Body!.transformToString()).toBe('state');
    // Not public: an anonymous read is refused.
    const anonymous = await fetch(`${motoUrl}/${bucket}/k`);
    expect(anonymous.status).toBe(403);
  });

  it('uses an existing bucket: turns versioning on (said in its plan), keeps its objects', async () => {
    const bucket = uniqueBucket('old');
    await raw().send(new CreateBucketCommand({ Bucket: bucket }));
    await raw().send(new PutObjectCommand({ Bucket: bucket, Key: 'theirs.txt', Body: 'keep me' }));
    await raw().send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    const s3 = await createStateBucket({ region: 'us-east-1', env: env() });
    const found = await s3.inspect(bucket);
    expect(found).toMatchObject({ exists: true, versioning: 'Suspended', publicAccessBlocked: false });
    const planned = bucketChanges(found, 'us-east-1');
    expect(planned.map((c) => c.action)).toEqual(['enable-versioning', 'block-public-access']);
    expect(planned[0]!.summary).toContain(`existing bucket ${bucket}`);
    await ensureBucket(s3, bucket, 'us-east-1', found);
    expect(await s3.inspect(bucket)).toMatchObject({ versioning: 'Enabled', publicAccessBlocked: true });
    expect((await s3.readObject(bucket, 'theirs.txt'))?.body).toBe('keep me');
  });

  it('refuses a bucket in another region, naming both regions and the fix', async () => {
    const bucket = uniqueBucket('eu');
    await raw('eu-west-1').send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    const s3 = await createStateBucket({ region: 'us-east-1', env: env() });
    const e = await rejection(ensureBucket(s3, bucket, 'us-east-1'));
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('eu-west-1');
    expect(e.message).toContain('us-east-1');
    expect(e.fix).toContain('--aws-region eu-west-1');
  });

  it('refuses a public bucket and changes nothing in it', async () => {
    const bucket = uniqueBucket('pub');
    await raw().send(new CreateBucketCommand({ Bucket: bucket }));
    const publicRead = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
    });
    await raw().send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead }));
    const s3 = await createStateBucket({ region: 'us-east-1', env: env() });
    const e = await rejection(ensureBucket(s3, bucket, 'us-east-1'));
    expect(e.message).toMatch(/is public/);
    expect(e.fix).toContain('put-public-access-block');
    expect(await s3.inspect(bucket)).toMatchObject({ publicByPolicy: true, versioning: 'Off' });
  });

  it('refuses a bucket of another account', async () => {
    // moto answers every account's HeadBucket and ignores ExpectedBucketOwner; S3 refuses a request whose
    // expected owner is not the bucket's with 403 (empty body for HEAD). This proxy gives that answer.
    const bucket = uniqueBucket('theirs');
    await raw().send(new CreateBucketCommand({ Bucket: bucket }));
    const proxy = await startAwsProxy(motoUrl, (req) =>
      req.method === 'HEAD' && req.headers['x-amz-expected-bucket-owner'] ? { status: 403, body: '' } : undefined,
    );
    try {
      const s3 = await createStateBucket({ region: 'us-east-1', env: env(proxy.url) });
      const e = await rejection(s3.inspect(bucket));
      expect(e.exitCode).toBe(1);
      expect(e.message).toBe(
        `The S3 bucket ${bucket} belongs to another AWS account, not to 123456789012 (the account of these credentials).`,
      );
      expect(e.fix).toContain('123456789012-sym-tfstate-us-east-1');
      // Nothing was written to it.
      expect(proxy.log.filter((r) => r.url.startsWith(`/${bucket}`) && !['GET', 'HEAD'].includes(r.method))).toEqual(
        [],
      );
      expect(proxy.log.some((r) => r.url.startsWith(`/${bucket}`))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('reads an object, and answers undefined for a missing one (the lock file beside the state)', async () => {
    const bucket = uniqueBucket('obj');
    const s3 = await createStateBucket({ region: 'us-east-1', env: env() });
    await ensureBucket(s3, bucket, 'us-east-1');
    expect(await s3.readObject(bucket, lockKeyOf('a/terraform.tfstate'))).toBeUndefined();
    await raw().send(new PutObjectCommand({ Bucket: bucket, Key: 'a/terraform.tfstate.tflock', Body: '{"ID":"x"}' }));
    expect((await s3.readObject(bucket, 'a/terraform.tfstate.tflock'))?.body).toBe('{"ID":"x"}');
  });
});
