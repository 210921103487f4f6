import { missingError } from '../errors.js';
import type { TerraformAdapter } from './terraform.js';

const MIN_NODE: [number, number] = [20, 12];
const MIN_TERRAFORM: [number, number] = [1, 3];

const atLeast = (version: string, [major, minor]: [number, number]) => {
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

export async function checkTerraform(ctx: {
  adapters: { terraform: Pick<TerraformAdapter, 'version'> };
}): Promise<string> {
  const version = await ctx.adapters.terraform.version();
  if (!atLeast(version, MIN_TERRAFORM)) {
    throw missingError(
      `Terraform ${version} is too old for the generated project (it needs >= 1.3.0).`,
      'Upgrade Terraform: https://developer.hashicorp.com/terraform/install',
    );
  }
  return version;
}
