// Secrets Manager: the secret that holds the Okta token. The client is configured from the standard AWS
// environment of `target.env` (see aws/client-config.ts).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig, credentialPlan, type AwsTarget } from '../aws/client-config.js';

export type { AwsTarget };
import { authError, outsideError, type QuickstartError } from '../errors.js';

/** Where the credentials came from; never the key values. */
export interface CredentialSource {
  source: 'environment' | 'sso-profile' | 'profile' | 'other';
  detail: string;
}

export interface SecretInfo {
  exists: boolean;
  name: string;
  arn?: string;
  deletedDate?: Date;
  tags: Record<string, string>;
  hasValue: boolean;
  versionIds: string[];
}

export interface SecretsAdapter {
  checkCredentials(): Promise<CredentialSource>;
  describe(name: string): Promise<SecretInfo>;
  /** The AWSCURRENT SecretString; undefined while the secret has no value yet. */
  readValue(name: string): Promise<string | undefined>;
  putValue(name: string, value: string): Promise<void>;
  /** Cancels a scheduled deletion (RestoreSecret); the secret keeps its value. */
  restore(name: string): Promise<void>;
}

const nonEmpty = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

export async function createSecrets(target: AwsTarget): Promise<SecretsAdapter> {
  // The SDK costs a noticeable start-up time; load it only when AWS is really needed.
  const sdk = await import('@aws-sdk/client-secrets-manager');
  const { region } = target;
  const plan = credentialPlan(target);
  const config = awsClientConfig(target, 'SECRETS_MANAGER');
  const client: SecretsManagerClient = new sdk.SecretsManagerClient(config);
  const profileName = plan.kind === 'profile' ? plan.profile : undefined;
  // Read the profile ourselves: the SDK's chain ends in a generic "Could not load credentials"
  // for an SSO profile in some paths, and the fix (`aws sso login`) depends on knowing it is one.
  const ssoProfile = profileName !== undefined && isSsoProfile(config.configFilepath, profileName);
  const fail = (e: unknown, action: string, secret?: string, value?: string) =>
    awsError(e, { action, secret, region, profile: profileName, ssoProfile, value });

  const adapter: SecretsAdapter = {
    async checkCredentials() {
      let creds: { $source?: Record<string, unknown> };
      try {
        creds = (await client.config.credentials()) as typeof creds;
      } catch (e) {
        throw fail(e, 'ResolveCredentials');
      }
      if (plan.kind === 'environment')
        return { source: 'environment', detail: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment' };
      const features = Object.keys(creds.$source ?? {});
      if (ssoProfile || features.some((f) => f.includes('SSO')))
        return { source: 'sso-profile', detail: `profile "${plan.profile}" (IAM Identity Center / SSO)` };
      if (features.some((f) => f.startsWith('CREDENTIALS_PROFILE')))
        return { source: 'profile', detail: `profile "${plan.profile}"` };
      if (features.includes('CREDENTIALS_ENV_VARS'))
        return { source: 'environment', detail: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment' };
      return { source: 'other', detail: features.length ? features.join(', ') : 'the AWS default credential chain' };
    },

    async describe(name) {
      try {
        const r = await client.send(new sdk.DescribeSecretCommand({ SecretId: name }));
        const stages = r.VersionIdsToStages ?? {};
        return {
          exists: true,
          name: r.Name ?? name,
          ...(r.ARN ? { arn: r.ARN } : {}),
          ...(r.DeletedDate ? { deletedDate: new Date(r.DeletedDate) } : {}),
          tags: Object.fromEntries((r.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
          hasValue: Object.values(stages).some((s) => s.includes('AWSCURRENT')),
          versionIds: Object.keys(stages),
        };
      } catch (e) {
        if (errorName(e) === 'ResourceNotFoundException')
          return { exists: false, name, tags: {}, hasValue: false, versionIds: [] };
        throw fail(e, 'DescribeSecret', name);
      }
    },

    async readValue(name) {
      let secretString: string | undefined;
      try {
        secretString = (
          await client.send(new sdk.GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSCURRENT' }))
        ).SecretString;
      } catch (e) {
        if (errorName(e) !== 'ResourceNotFoundException') throw fail(e, 'GetSecretValue', name);
        // AWS answers "not found" both for a missing secret and for one with no AWSCURRENT value yet.
        const info = await adapter.describe(name);
        if (info.exists && !info.hasValue && !info.deletedDate) return undefined;
        throw fail(e, 'GetSecretValue', name);
      }
      if (secretString === undefined) {
        throw outsideError(
          `Secret "${name}" holds a binary value, not a string.`,
          'Choose another secret, or overwrite it with --replace-secret.',
        );
      }
      return secretString;
    },

    async putValue(name, value) {
      // AWS refuses to write to a secret pending deletion (facts/sym.md §8.6) but moto accepts it;
      // asking first gives the same answer, and the restore command, everywhere. A failed look
      // (e.g. no DescribeSecret permission) leaves the verdict to PutSecretValue itself.
      const info = await adapter.describe(name).catch(() => undefined);
      if (info?.deletedDate) throw pendingDeletion(name, region);
      try {
        await client.send(new sdk.PutSecretValueCommand({ SecretId: name, SecretString: value }));
      } catch (e) {
        throw fail(e, 'PutSecretValue', name, value);
      }
    },

    async restore(name) {
      try {
        await client.send(new sdk.RestoreSecretCommand({ SecretId: name }));
      } catch (e) {
        throw fail(e, 'RestoreSecret', name);
      }
    },
  };
  return adapter;
}

/** The `key = value` settings of one profile's section in the AWS config file ({} when absent). */
function profileSection(configFile: string, profile: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return {};
  }
  const wanted = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  const settings: Record<string, string> = {};
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const header = line.trim().match(/^\[\s*(.+?)\s*\]$/);
    if (header) inSection = wanted.includes(header[1]!.replace(/\s+/g, ' '));
    else if (inSection) {
      const m = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) settings[m[1]!] = m[2]!;
    }
  }
  return settings;
}

/** True when the profile's section in the config file names an IAM Identity Center (SSO) login. */
export function isSsoProfile(configFile: string, profile: string): boolean {
  return Object.keys(profileSection(configFile, profile)).some((k) =>
    /^sso_(session|start_url|account_id|role_name)$/.test(k),
  );
}

/** The region a profile sets in the AWS config file, as the AWS CLI would use it. */
export function profileRegion(env: NodeJS.ProcessEnv, profile?: string): string | undefined {
  const home = nonEmpty(env.HOME) ?? homedir();
  const configFile = nonEmpty(env.AWS_CONFIG_FILE) ?? join(home, '.aws', 'config');
  return nonEmpty(profileSection(configFile, nonEmpty(profile) ?? nonEmpty(env.AWS_PROFILE) ?? 'default').region);
}

function pendingDeletion(secret: string, region: string, cause?: unknown): QuickstartError {
  return outsideError(
    `The secret "${secret}" in ${region} is scheduled for deletion, so it cannot be read or changed.`,
    `Restore it: aws secretsmanager restore-secret --secret-id ${secret} --region ${region}`,
    cause,
  );
}

function errorName(e: unknown): string {
  const o = e as { name?: string; Code?: string; code?: string } | undefined;
  return o?.name ?? o?.Code ?? o?.code ?? '';
}

interface ErrorContext {
  action: string;
  secret?: string;
  region: string;
  profile?: string;
  ssoProfile?: boolean;
  /** A value we sent; scrubbed from any message just in case a service echoes it. */
  value?: string;
}

export function awsError(e: unknown, ctx: ErrorContext): QuickstartError {
  const name = errorName(e);
  const scrub = (s: string) => (ctx.value ? s.split(ctx.value).join('[redacted]') : s);
  const message = scrub(e instanceof Error ? e.message : String(e));
  const what = ctx.secret ? `secret "${ctx.secret}" in ${ctx.region}` : `AWS (${ctx.region})`;
  const ssoFix = `Run \`aws sso login --profile ${ctx.profile ?? '<profile>'}\`, then try again.`;

  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (ctx.ssoProfile || /\bSSO\b/i.test(message)) {
      return authError(`The AWS SSO session for profile "${ctx.profile}" is missing or expired.`, ssoFix, e);
    }
    return authError(
      'No usable AWS credentials were found.',
      'Run `aws configure` (access keys), or `aws sso login --profile <name>` and set AWS_PROFILE (or pass --aws-profile), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      e,
    );
  }
  if (
    /^(ExpiredToken(Exception)?|RequestExpired|TokenRefreshRequired)$/.test(name) ||
    /token.*expired|expired.*token/i.test(message)
  ) {
    return authError(
      'The AWS credentials have expired.',
      ctx.ssoProfile
        ? ssoFix
        : 'Refresh them (`aws sso login --profile <name>`, or export a new AWS_SESSION_TOKEN), then try again.',
      e,
    );
  }
  if (
    /^(UnrecognizedClient(Exception)?|InvalidClientTokenId|InvalidSignature(Exception)?|IncompleteSignature|SignatureDoesNotMatch)$/.test(
      name,
    )
  ) {
    return authError(
      `AWS rejected the credentials: ${message}`,
      'Check AWS_ACCESS_KEY_ID / AWS_PROFILE, or run `aws configure`.',
      e,
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return authError(
      `AWS denied secretsmanager:${ctx.action} on ${what}.`,
      `Use credentials whose IAM policy allows secretsmanager:${ctx.action} on this secret (the wizard needs DescribeSecret, GetSecretValue and PutSecretValue).`,
      e,
    );
  }
  // A 403 the SDK cannot read (an XML or HTML body: an emulator, a proxy, a VPC endpoint policy) is
  // still a refusal of these credentials, not a parse error to show the user.
  if ((e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 403) {
    return authError(
      `AWS denied secretsmanager:${ctx.action} on ${what} (HTTP 403).`,
      `Use credentials whose IAM policy allows secretsmanager:${ctx.action} on this secret (the wizard needs DescribeSecret, GetSecretValue and PutSecretValue).`,
      e,
    );
  }
  if (name === 'ResourceNotFoundException') {
    return outsideError(
      `The ${what} was not found.`,
      'Run `terraform apply` first (it creates the secret), or check the region (--aws-region) and the AWS account.',
      e,
    );
  }
  if (name === 'InvalidRequestException' && /delet/i.test(message) && ctx.secret)
    return pendingDeletion(ctx.secret, ctx.region, e);
  if (/Throttling|TooManyRequests|LimitExceeded/.test(name)) {
    return outsideError(
      `AWS throttled secretsmanager:${ctx.action} on ${what}, even after retries.`,
      'Wait a minute and run it again.',
      e,
    );
  }
  const code = (e as { code?: string } | undefined)?.code;
  if (code && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET/.test(code)) {
    return outsideError(
      `Could not reach AWS Secrets Manager (${code}).`,
      'Check the network, proxy settings and AWS_ENDPOINT_URL.',
      e,
    );
  }
  return outsideError(
    `secretsmanager:${ctx.action} failed on ${what}: ${name ? `${name}: ` : ''}${message}`,
    undefined,
    e,
  );
}
