import { missingError } from '../errors.js';
import type { Step, StepContext } from './types.js';

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

export async function checkTerraform(ctx: { adapters: Pick<StepContext['adapters'], 'terraform'> }): Promise<string> {
  const version = await ctx.adapters.terraform.version();
  if (!atLeast(version, MIN_TERRAFORM)) {
    throw missingError(
      `Terraform ${version} is too old for the generated project (it needs >= 1.3.0).`,
      'Upgrade Terraform: https://developer.hashicorp.com/terraform/install',
    );
  }
  return version;
}

/** Every tool and credential the run needs, before any question is asked. */
export const preflight: Step = {
  id: 'preflight',
  title: 'Check tools and credentials',
  async gather(ctx) {
    const node = await checkNode();
    const terraform = await checkTerraform(ctx);
    const symflow = await ctx.adapters.symflow.version();
    ctx.state.symflowVersion = symflow;
    const secrets = await ctx.adapters.createSecrets({
      region: ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      profile: ctx.options.awsProfile,
      env: ctx.env,
    });
    const aws = await secrets.checkCredentials();
    const detail = `node ${node}, terraform ${terraform}, symflow ${symflow.raw}, AWS credentials from ${aws.detail}`;
    ctx.out.ok(detail);
    return { status: 'done', detail };
  },
};
