// The S3 bucket that holds a project's Terraform state (--state-bucket): what it is like, creating it
// safely, and reading the state and lock objects Terraform keeps in it. The only code that talks to S3.
// The bucket is never deleted here, and an existing bucket is changed only as its plan says.
import type { S3Client } from '@aws-sdk/client-s3';
import { authError, outsideError, type QuickstartError } from '../errors.js';
import { parseState } from '../tools/terraform.js';
import { awsError } from './secrets.js';
import { awsClientConfig, type AwsTarget } from './client-config.js';

export type Versioning = 'Enabled' | 'Suspended' | 'Off';

export interface BucketFacts {
  exists: true;
  name: string;
  region: string;
  versioning: Versioning;
  /** Default encryption configured (S3 has encrypted new objects with SSE-S3 by default since 2023). */
  encrypted: boolean;
  /** All four public-access blocks on. */
  publicAccessBlocked: boolean;
  /** A policy statement or an ACL grant lets anyone read or write (only possible without the blocks). */
  publicByPolicy: boolean;
  publicByAcl: boolean;
  /** The policy refuses requests not made over TLS. */
  tlsOnly: boolean;
}
export type BucketInspection = { exists: false; name: string } | BucketFacts;

export interface StateObject {
  body: string;
  lastModified?: Date;
}

export interface StateBucketAdapter {
  /** The account of the credentials (STS GetCallerIdentity). */
  accountId(): Promise<string>;
  /** Reads the bucket's settings; refuses a bucket of another account. Changes nothing. */
  inspect(bucket: string): Promise<BucketInspection>;
  /** Creates the bucket in `region` with versioning, default encryption, every public-access block and a TLS-only policy. */
  create(bucket: string, region: string): Promise<void>;
  enableVersioning(bucket: string): Promise<void>;
  blockPublicAccess(bucket: string): Promise<void>;
  /** An object's text, or undefined when there is none (the state, or Terraform's lock file beside it). */
  readObject(bucket: string, key: string): Promise<StateObject | undefined>;
}

/** The name the wizard suggests: bucket names are global, so the account and region make it unique. */
export const suggestedBucketName = (accountId: string, region: string) => `${accountId}-sym-tfstate-${region}`;

/** Where Terraform's S3 backend keeps its native lock (use_lockfile = true). */
export const lockKeyOf = (stateKey: string) => `${stateKey}.tflock`;

/** Deny every request that is not made over TLS: the standard S3 policy, on the bucket and its objects. */
export function tlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

interface PolicyStatement {
  Effect?: string;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
const statementsOf = (policy: string | undefined): PolicyStatement[] => {
  if (!policy) return [];
  try {
    const parsed = JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] };
    return Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  } catch {
    return [];
  }
};
const anyone = (p: unknown) =>
  p === '*' || (typeof p === 'object' && p !== null && [(p as { AWS?: unknown }).AWS].flat().some((a) => a === '*'));

/** An Allow to everyone with no condition narrowing it: the public-policy case S3 itself flags. */
export const policyIsPublic = (policy: string | undefined) =>
  statementsOf(policy).some((s) => s.Effect === 'Allow' && anyone(s.Principal) && !s.Condition);

export const policyIsTlsOnly = (policy: string | undefined) =>
  statementsOf(policy).some(
    (s) =>
      s.Effect === 'Deny' &&
      anyone(s.Principal) &&
      String(s.Condition?.Bool?.['aws:SecureTransport'] ?? '').toLowerCase() === 'false',
  );

export interface BucketChange {
  action: 'create' | 'enable-versioning' | 'block-public-access';
  summary: string;
}

/**
 * What making `bucket` fit for Terraform state takes, decided from its inspection alone (shown by
 * --dry-run, then done by ensureBucket). A bucket that cannot be used as it is, and that the wizard
 * will not change (another region, public), is refused with the fix.
 */
export function bucketChanges(found: BucketInspection, region: string): BucketChange[] {
  if (!found.exists)
    return [
      {
        action: 'create',
        summary: `create S3 bucket ${found.name} in ${region}: versioning on, default encryption (SSE-S3), every public-access block on, a policy refusing non-TLS requests`,
      },
    ];
  if (found.region !== region)
    throw outsideError(
      `The state bucket ${found.name} is in ${found.region}, but the project is in ${region}.`,
      `Use a bucket in ${region} (e.g. --state-bucket <account-id>-sym-tfstate-${region}), or run with --aws-region ${found.region}.`,
    );
  if (!found.publicAccessBlocked && (found.publicByPolicy || found.publicByAcl))
    throw outsideError(
      `The state bucket ${found.name} is public (${found.publicByPolicy ? 'its policy allows everyone' : 'its ACL grants everyone access'}); Terraform state holds resource IDs and every value Terraform has read.`,
      `Use another bucket, or make this one private: aws s3api put-public-access-block --bucket ${found.name} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
    );
  const changes: BucketChange[] = [];
  if (found.versioning !== 'Enabled')
    changes.push({
      action: 'enable-versioning',
      summary: `turn on versioning of the existing bucket ${found.name} (it is ${found.versioning === 'Off' ? 'off' : 'suspended'}; every earlier state must stay recoverable)`,
    });
  if (!found.publicAccessBlocked)
    changes.push({
      action: 'block-public-access',
      summary: `turn on every public-access block of the existing bucket ${found.name}`,
    });
  return changes;
}

/** The Terraform state already at `key`: its resource count (undefined when it is not state Terraform wrote). */
export interface ExistingState {
  resources?: number;
  lastModified?: Date;
}

/** What `bucket` already holds at `key`; undefined when the bucket or the object is not there. Reads only. */
export async function existingState(
  s3: StateBucketAdapter,
  found: BucketInspection,
  key: string,
): Promise<ExistingState | undefined> {
  if (!found.exists) return undefined;
  const object = await s3.readObject(found.name, key);
  if (!object) return undefined;
  let resources: number | undefined;
  try {
    // Counted as `terraform state list` does, like the local state a migration reports.
    if (Array.isArray((JSON.parse(object.body) as { resources?: unknown }).resources))
      resources = parseState(object.body).resources;
  } catch {
    // Not JSON: still an object this project did not write; refused all the same.
  }
  return { resources, lastModified: object.lastModified };
}

/** Makes the bucket fit (see bucketChanges) and returns what it changed. */
export async function ensureBucket(
  s3: StateBucketAdapter,
  bucket: string,
  region: string,
  found?: BucketInspection,
): Promise<BucketChange[]> {
  const changes = bucketChanges(found ?? (await s3.inspect(bucket)), region);
  for (const change of changes) {
    if (change.action === 'create') await s3.create(bucket, region);
    else if (change.action === 'enable-versioning') await s3.enableVersioning(bucket);
    else await s3.blockPublicAccess(bucket);
  }
  return changes;
}

const errorName = (e: unknown) => (e as { name?: string } | undefined)?.name ?? '';
const statusOf = (e: unknown) =>
  (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

const S3_PERMISSIONS =
  's3:ListBucket, s3:GetBucketVersioning, s3:GetEncryptionConfiguration, s3:GetBucketPublicAccessBlock, s3:GetBucketPolicy, s3:GetBucketAcl, s3:GetObject, s3:PutObject, s3:DeleteObject (and, to create the bucket, s3:CreateBucket, s3:PutBucketVersioning, s3:PutEncryptionConfiguration, s3:PutBucketPublicAccessBlock, s3:PutBucketPolicy)';

function s3Error(e: unknown, action: string, bucket: string, region: string): QuickstartError {
  const name = errorName(e);
  if (name === 'AccessDenied' || name === 'Forbidden' || statusOf(e) === 403)
    return authError(
      `AWS denied s3:${action} on the state bucket ${bucket}.`,
      `Use credentials whose IAM policy allows on arn:aws:s3:::${bucket} and its objects: ${S3_PERMISSIONS}.`,
      e,
    );
  const code = (e as { code?: string } | undefined)?.code;
  if (code && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET/.test(code))
    return outsideError(
      `Could not reach Amazon S3 (${code}).`,
      'Check the network, proxy settings and AWS_ENDPOINT_URL.',
      e,
    );
  // Credential problems read the same for every service.
  if (/Credentials|Token|Signature|ClientTokenId|Expired/.test(name)) return awsError(e, { action, region });
  return outsideError(
    `s3:${action} failed on the state bucket ${bucket}: ${name ? `${name}: ` : ''}${e instanceof Error ? e.message : String(e)}`,
    undefined,
    e,
  );
}

export async function createStateBucket(target: AwsTarget): Promise<StateBucketAdapter> {
  // Loaded only when a project keeps its state in S3.
  const [sdk, sts] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/client-sts')]);
  const { region } = target;
  // followRegionRedirects: an existing bucket may live in another region; its settings are read there.
  const client: S3Client = new sdk.S3Client({ ...awsClientConfig(target, 'S3'), followRegionRedirects: true });
  const stsClient = new sts.STSClient(awsClientConfig(target, 'STS'));
  let account: Promise<string> | undefined;

  const accountId = () =>
    (account ??= stsClient.send(new sts.GetCallerIdentityCommand({})).then(
      (r) => r.Account ?? '',
      (e: unknown) => {
        account = undefined;
        throw awsError(e, { action: 'GetCallerIdentity', region });
      },
    ));

  /** A read that answers "not configured" with one of these error names. */
  const readOr = async <T>(action: string, bucket: string, absent: string[], read: () => Promise<T>) => {
    try {
      return await read();
    } catch (e) {
      if (absent.includes(errorName(e))) return undefined;
      throw s3Error(e, action, bucket, region);
    }
  };

  const adapter: StateBucketAdapter = {
    accountId,

    async inspect(bucket) {
      const owner = await accountId();
      let bucketRegion: string | undefined;
      try {
        // With ExpectedBucketOwner, S3 answers 403 for a bucket of another account.
        const head = await client.send(new sdk.HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: owner }));
        bucketRegion = head.BucketRegion;
      } catch (e) {
        if (errorName(e) === 'NotFound' || errorName(e) === 'NoSuchBucket' || statusOf(e) === 404)
          return { exists: false, name: bucket };
        if (statusOf(e) !== 403) throw s3Error(e, 'ListBucket', bucket, region);
        // Reachable without the owner condition: the bucket is someone else's.
        const reachable = await client.send(new sdk.HeadBucketCommand({ Bucket: bucket })).then(
          () => true,
          () => false,
        );
        if (reachable)
          throw outsideError(
            `The S3 bucket ${bucket} belongs to another AWS account, not to ${owner} (the account of these credentials).`,
            `Keep the state in a bucket of your own account: choose another name, e.g. --state-bucket ${suggestedBucketName(owner, region)}.`,
            e,
          );
        throw authError(
          `The S3 bucket ${bucket} exists, but these credentials (account ${owner}) cannot reach it: it belongs to another account, or the IAM policy lacks s3:ListBucket on it.`,
          `Choose a bucket of your own account (e.g. --state-bucket ${suggestedBucketName(owner, region)}), or use credentials allowed ${S3_PERMISSIONS}.`,
          e,
        );
      }
      if (!bucketRegion) {
        const location = await client.send(
          new sdk.GetBucketLocationCommand({ Bucket: bucket, ExpectedBucketOwner: owner }),
        );
        bucketRegion = location.LocationConstraint || 'us-east-1';
      }
      const expected = { Bucket: bucket, ExpectedBucketOwner: owner };
      const [versioning, encryption, block, policy, acl] = await Promise.all([
        readOr('GetBucketVersioning', bucket, [], () => client.send(new sdk.GetBucketVersioningCommand(expected))),
        readOr('GetEncryptionConfiguration', bucket, ['ServerSideEncryptionConfigurationNotFoundError'], () =>
          client.send(new sdk.GetBucketEncryptionCommand(expected)),
        ),
        readOr('GetBucketPublicAccessBlock', bucket, ['NoSuchPublicAccessBlockConfiguration'], () =>
          client.send(new sdk.GetPublicAccessBlockCommand(expected)),
        ),
        readOr('GetBucketPolicy', bucket, ['NoSuchBucketPolicy'], () =>
          client.send(new sdk.GetBucketPolicyCommand(expected)),
        ),
        readOr('GetBucketAcl', bucket, [], () => client.send(new sdk.GetBucketAclCommand(expected))),
      ]);
      const blocks = block?.PublicAccessBlockConfiguration;
      return {
        exists: true,
        name: bucket,
        region: bucketRegion,
        versioning: (versioning?.Status as Versioning | undefined) ?? 'Off',
        encrypted: Boolean(encryption?.ServerSideEncryptionConfiguration?.Rules?.length),
        publicAccessBlocked: Boolean(
          blocks?.BlockPublicAcls &&
            blocks.IgnorePublicAcls &&
            blocks.BlockPublicPolicy &&
            blocks.RestrictPublicBuckets,
        ),
        publicByPolicy: policyIsPublic(policy?.Policy),
        publicByAcl: (acl?.Grants ?? []).some((g) =>
          /\/global\/(AllUsers|AuthenticatedUsers)$/.test(g.Grantee?.URI ?? ''),
        ),
        tlsOnly: policyIsTlsOnly(policy?.Policy),
      };
    },

    async create(bucket, bucketRegion) {
      const owner = await accountId();
      const step = async (action: string, send: () => Promise<unknown>) => {
        try {
          await send();
        } catch (e) {
          throw s3Error(e, action, bucket, region);
        }
      };
      try {
        await client.send(
          new sdk.CreateBucketCommand({
            Bucket: bucket,
            ObjectOwnership: 'BucketOwnerEnforced',
            // us-east-1 is the one region S3 refuses as an explicit location constraint.
            ...(bucketRegion === 'us-east-1'
              ? {}
              : { CreateBucketConfiguration: { LocationConstraint: bucketRegion as never } }),
          }),
        );
      } catch (e) {
        if (errorName(e) === 'BucketAlreadyExists')
          throw outsideError(
            `The S3 bucket name ${bucket} is taken by another AWS account (bucket names are global).`,
            `Choose another name, e.g. --state-bucket ${suggestedBucketName(owner, bucketRegion)}.`,
            e,
          );
        if (errorName(e) !== 'BucketAlreadyOwnedByYou') throw s3Error(e, 'CreateBucket', bucket, region);
      }
      const expected = { Bucket: bucket, ExpectedBucketOwner: owner };
      // Public access is blocked before anything else can be written to the bucket.
      await adapter.blockPublicAccess(bucket);
      await adapter.enableVersioning(bucket);
      await step('PutEncryptionConfiguration', () =>
        client.send(
          new sdk.PutBucketEncryptionCommand({
            ...expected,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }],
            },
          }),
        ),
      );
      await step('PutBucketPolicy', () =>
        client.send(new sdk.PutBucketPolicyCommand({ ...expected, Policy: tlsOnlyPolicy(bucket) })),
      );
    },

    async enableVersioning(bucket) {
      try {
        await client.send(
          new sdk.PutBucketVersioningCommand({
            Bucket: bucket,
            ExpectedBucketOwner: await accountId(),
            VersioningConfiguration: { Status: 'Enabled' },
          }),
        );
      } catch (e) {
        throw s3Error(e, 'PutBucketVersioning', bucket, region);
      }
    },

    async blockPublicAccess(bucket) {
      try {
        await client.send(
          new sdk.PutPublicAccessBlockCommand({
            Bucket: bucket,
            ExpectedBucketOwner: await accountId(),
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          }),
        );
      } catch (e) {
        throw s3Error(e, 'PutBucketPublicAccessBlock', bucket, region);
      }
    },

    async readObject(bucket, key) {
      try {
        const r = await client.send(
          new sdk.GetObjectCommand({ Bucket: bucket, Key: key, ExpectedBucketOwner: await accountId() }),
        );
        return { body: (await r.Body?.transformToString('utf8')) ?? '', lastModified: r.LastModified };
      } catch (e) {
        if (errorName(e) === 'NoSuchKey' || statusOf(e) === 404) return undefined;
        throw s3Error(e, 'GetObject', bucket, region);
      }
    },
  };
  return adapter;
}
