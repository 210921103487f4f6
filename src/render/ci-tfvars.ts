import { hclString } from './tfvars.js';

/** Written by `ci` next to terraform.tfvars; Terraform loads *.auto.tfvars by itself. */
export const CI_TFVARS = 'app/ci-github.auto.tfvars';
export const CI_TF = 'app/ci-github.tf';

/** The IAM role names ci-github.tf gives the plan and apply roles (under the path /sym/). */
export const ciRoleName = (kind: 'plan' | 'apply', runtimeName: string) => `sym-${kind}-${runtimeName}`;

/** The one `sub` each role's trust policy admits from GitHub's OIDC tokens. */
export const ciSubject = (kind: 'plan' | 'apply', repo: string, branch: string) =>
  kind === 'plan' ? `repo:${repo}:pull_request` : `repo:${repo}:ref:refs/heads/${branch}`;

export interface CiValues {
  githubRepository: string;
  githubBranch: string;
  /** The Sym bot whose token the workflows use (SYM_JWT). */
  symBot: string;
  /** '' = the project creates GitHub's OIDC provider (the account had none when `ci` first ran). */
  oidcProviderArn: string;
  stateBucket: string;
  stateKey: string;
}

/** app/ci-github.auto.tfvars in `terraform fmt` layout. */
export function renderCiTfvars(v: CiValues): string {
  const rows: Array<[string, string]> = [
    ['github_repository', v.githubRepository],
    ['github_branch', v.githubBranch],
    ['github_oidc_provider_arn', v.oidcProviderArn],
    ['sym_ci_bot', v.symBot],
    ['ci_state_bucket', v.stateBucket],
    ['ci_state_key', v.stateKey],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `# Written by sym-okta-quickstart ci: the GitHub repository and branch whose workflows may assume the
# CI roles in ci-github.tf, and the state they need. Run \`ci\` again to change them.
# github_oidc_provider_arn = "" means this project owns GitHub's OIDC provider in the account.

${rows.map(([k, val]) => `${k.padEnd(width)} = ${hclString(val)}`).join('\n')}
`;
}

/** The values of an existing ci-github.auto.tfvars (as parsed from HCL), for a re-run. */
export function ciValuesFrom(v: Record<string, unknown>): Partial<CiValues> {
  const s = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const out: Partial<CiValues> = {};
  const set = <K extends keyof CiValues>(k: K, x: string | undefined) => {
    if (x !== undefined) out[k] = x;
  };
  set('githubRepository', s(v.github_repository));
  set('githubBranch', s(v.github_branch));
  set('oidcProviderArn', s(v.github_oidc_provider_arn));
  set('symBot', s(v.sym_ci_bot));
  set('stateBucket', s(v.ci_state_bucket));
  set('stateKey', s(v.ci_state_key));
  return out;
}
