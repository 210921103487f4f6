// How every AWS SDK client of ours is configured: from the standard AWS environment of `target.env`
// (credentials, profile, AWS_ENDPOINT_URL and its per-service form, config file paths), passed to the
// client explicitly, so tests reach moto the way users reach AWS and process.env is never mutated.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AwsTarget {
  region: string;
  profile?: string;
  env: NodeJS.ProcessEnv;
}

const nonEmpty = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** How the client will authenticate, decided from `target` alone. */
export function credentialPlan(target: AwsTarget): { kind: 'environment' } | { kind: 'profile'; profile: string } {
  const { env } = target;
  // An explicit --aws-profile wins; otherwise env keys beat AWS_PROFILE, as in the AWS CLI and
  // Terraform, which run with the same environment after us.
  if (nonEmpty(target.profile)) return { kind: 'profile', profile: target.profile!.trim() };
  if (nonEmpty(env.AWS_ACCESS_KEY_ID) && nonEmpty(env.AWS_SECRET_ACCESS_KEY)) return { kind: 'environment' };
  return { kind: 'profile', profile: nonEmpty(env.AWS_PROFILE) ?? 'default' };
}

export interface AwsClientConfig {
  region: string;
  retryMode: 'standard';
  maxAttempts: number;
  filepath: string;
  configFilepath: string;
  ignoreCache: boolean;
  endpoint?: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * The client config for one service. `serviceEnvKey` is the service's part of its endpoint variable
 * (`SECRETS_MANAGER` for AWS_ENDPOINT_URL_SECRETS_MANAGER, `S3`, `STS`).
 */
export function awsClientConfig(target: AwsTarget, serviceEnvKey: string): AwsClientConfig {
  const { env, region } = target;
  const plan = credentialPlan(target);
  const home = nonEmpty(env.HOME) ?? homedir();
  const endpoint =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : (nonEmpty(env[`AWS_ENDPOINT_URL_${serviceEnvKey}`]) ?? nonEmpty(env.AWS_ENDPOINT_URL));
  // filepath/configFilepath/ignoreCache reach the credential chain through the client config;
  // ignoreCache lets a retry after `aws sso login` or `aws configure` see the new files.
  return {
    region,
    retryMode: 'standard',
    maxAttempts: Number(env.AWS_MAX_ATTEMPTS) || 3,
    filepath: nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(home, '.aws', 'credentials'),
    configFilepath: nonEmpty(env.AWS_CONFIG_FILE) ?? join(home, '.aws', 'config'),
    ignoreCache: true,
    ...(endpoint ? { endpoint } : {}),
    ...(plan.kind === 'profile'
      ? { profile: plan.profile }
      : {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID!.trim(),
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY!.trim(),
            ...(nonEmpty(env.AWS_SESSION_TOKEN) ? { sessionToken: env.AWS_SESSION_TOKEN!.trim() } : {}),
          },
        }),
  };
}
