// IAM look-ups for `ci`, init's name check and doctor: read-only (everything IAM changes goes through the
// project's Terraform).
import { authError, outsideError } from '../errors.js';
import { type AwsTarget, awsClientConfig } from './client-config.js';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface RoleInfo {
  arn: string;
  /** The decoded trust policy. */
  trust: TrustPolicy;
}
export interface TrustPolicy {
  Statement?: Array<{
    Effect?: string;
    Action?: string | string[];
    Principal?: { Federated?: string | string[] };
    Condition?: Record<string, Record<string, string | string[]>>;
  }>;
}

export interface IamAdapter {
  /** The ARN of the account's OIDC provider for GitHub Actions, when it has one (an account holds at most one per URL). */
  githubOidcProvider(): Promise<string | undefined>;
  /** A role by name, or undefined when there is none. */
  role(name: string): Promise<RoleInfo | undefined>;
  /**
   * Every role name and customer-managed policy name in the account (IAM names are per account), so a
   * run can stop before Terraform meets "EntityAlreadyExists" half-way through an apply.
   */
  names(): Promise<IamNames>;
}

export interface IamNames {
  roles: Set<string>;
  policies: Set<string>;
}

const errorName = (e: unknown) => (e as { name?: string } | undefined)?.name ?? '';

function iamError(e: unknown, action: string): Error {
  const name = errorName(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError')
    return authError(
      'No usable AWS credentials were found.',
      'Run `aws configure` or `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
      e,
    );
  if (/AccessDenied/.test(name) || status === 403)
    return authError(
      `AWS denied iam:${action}.`,
      `Use credentials whose IAM policy allows iam:${action} (ci and init read the account's OIDC providers, roles and policies).`,
      e,
    );
  return outsideError(`iam:${action} failed: ${name ? `${name}: ` : ''}${(e as Error).message}`, undefined, e);
}

export async function createIam(target: AwsTarget): Promise<IamAdapter> {
  // Lazy, like every AWS SDK client: most commands never need IAM.
  const sdk = await import('@aws-sdk/client-iam');
  const config = awsClientConfig(target, 'IAM');
  const client = new sdk.IAMClient(config);
  return {
    async githubOidcProvider() {
      let list: { OpenIDConnectProviderList?: Array<{ Arn?: string }> };
      try {
        list = await client.send(new sdk.ListOpenIDConnectProvidersCommand({}));
      } catch (e) {
        throw iamError(e, 'ListOpenIDConnectProviders');
      }
      // The ARN ends in the provider's URL without its scheme.
      return (list.OpenIDConnectProviderList ?? [])
        .map((p) => p.Arn ?? '')
        .find((arn) => arn.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`));
    },
    async role(name) {
      try {
        const r = await client.send(new sdk.GetRoleCommand({ RoleName: name }));
        const doc = r.Role?.AssumeRolePolicyDocument ?? '{}';
        return { arn: r.Role?.Arn ?? '', trust: JSON.parse(decodeURIComponent(doc)) as TrustPolicy };
      } catch (e) {
        if (errorName(e) === 'NoSuchEntityException') return undefined;
        throw iamError(e, 'GetRole');
      }
    },
    async names() {
      const roles = new Set<string>();
      const policies = new Set<string>();
      try {
        for await (const page of sdk.paginateListRoles({ client }, {}))
          for (const r of page.Roles ?? []) if (r.RoleName) roles.add(r.RoleName);
      } catch (e) {
        throw iamError(e, 'ListRoles');
      }
      try {
        for await (const page of sdk.paginateListPolicies({ client }, { Scope: 'Local' }))
          for (const p of page.Policies ?? []) if (p.PolicyName) policies.add(p.PolicyName);
      } catch (e) {
        throw iamError(e, 'ListPolicies');
      }
      return { roles, policies };
    },
  };
}

/** The `sub` values a trust policy accepts from GitHub's OIDC provider (what decides who may assume the role). */
export function trustedSubjects(trust: TrustPolicy): string[] {
  const subjects: string[] = [];
  for (const st of trust.Statement ?? []) {
    if (st.Effect !== 'Allow') continue;
    for (const [test, values] of Object.entries(st.Condition ?? {})) {
      const v = values[`${GITHUB_OIDC_HOST}:sub`];
      if (v === undefined) continue;
      // A StringLike pattern (e.g. repo:o/n:*) admits more than one subject: marked so a check can tell.
      for (const x of [v].flat()) subjects.push(test.startsWith('StringLike') ? `like:${x}` : x);
    }
  }
  return subjects;
}
