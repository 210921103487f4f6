import { missingError } from '../errors.js';
import { LOCAL_STATE_MIN_TERRAFORM, REMOTE_STATE_MIN_TERRAFORM } from '../render/backend.js';
import type { TerraformAdapter } from './terraform.js';

const MIN_NODE: [number, number] = [20, 12];

/** `version` is `min` or newer (major.minor; "v" prefixes allowed). */
export const atLeast = (version: string, min: string | [number, number]) => {
  const [major = 0, minor = 0] = typeof min === 'string' ? min.split('.').map(Number) : min;
  const [a = 0, b = 0] = version.replace(/^v/, '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

export async function checkNode(): Promise<string> {
  if (!atLeast(process.versions.node, MIN_NODE)) {
    throw missingError(
      `Node.js ${process.versions.node} is too old.`,
      'Install Node.js 20.12 or newer (https://nodejs.org).',
    );
  }
  return process.versions.node;
}

/** `remoteState`: the project keeps its state in S3, whose lock file (use_lockfile) needs Terraform 1.10. */
export async function checkTerraform(
  ctx: { adapters: { terraform: Pick<TerraformAdapter, 'version'> } },
  remoteState = false,
): Promise<string> {
  const version = await ctx.adapters.terraform.version();
  const min = remoteState ? REMOTE_STATE_MIN_TERRAFORM : LOCAL_STATE_MIN_TERRAFORM;
  if (!atLeast(version, min)) {
    throw missingError(
      remoteState
        ? `Terraform ${version} is too old for state in S3: its lock file (use_lockfile) needs Terraform >= ${min}.`
        : `Terraform ${version} is too old for the generated project (it needs >= ${min}).`,
      'Upgrade Terraform: https://developer.hashicorp.com/terraform/install',
    );
  }
  return version;
}
