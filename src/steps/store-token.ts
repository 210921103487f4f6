import type { SecretsAdapter } from '../adapters/secrets.js';
import { outsideError } from '../errors.js';
import { sha256 } from '../journal.js';
import { mergeSecretValue } from '../secret-merge.js';
import type { Step, StepContext } from './types.js';

export const TOKEN_KEY = 'okta_api_token';

export const restoreFix = (name: string, region: string) =>
  `Restore it: \`aws secretsmanager restore-secret --secret-id ${name} --region ${region}\`, then re-run.`;

/** The secret as Sym will read it: present, not being deleted, in the region Terraform recorded. */
export async function secretReady(secrets: SecretsAdapter, name: string, region: string) {
  const info = await secrets.describe(name);
  if (!info.exists) {
    throw outsideError(`The secret ${name} does not exist in ${region}.`, 'Run the Terraform apply again (it creates the secret), and check that AWS_REGION matches aws_region in terraform.tfvars.');
  }
  if (info.deletedDate) {
    throw outsideError(`The secret ${name} in ${region} is scheduled for deletion (since ${info.deletedDate.toISOString()}), so it cannot hold the token.`, restoreFix(name, region));
  }
  return info;
}

const target = (ctx: StepContext) => {
  const o = ctx.state.outputs;
  return { name: o?.okta_secret_name ?? `sym/${ctx.state.answers.runtimeName}/okta-api-key`, region: o?.aws_region ?? ctx.state.answers.awsRegion! };
};

export const storeToken: Step = {
  id: 'store-token',
  title: 'Store the Okta token in AWS Secrets Manager',
  abandonOnInterrupt: true,
  async plan(ctx) {
    const { name, region } = target(ctx);
    return [{ kind: 'secret', summary: `put ${name} in ${region}: JSON key "${TOKEN_KEY}" (merged with the keys already there; value not shown)` }];
  },
  async apply(ctx) {
    const { name, region } = target(ctx);
    const secrets = await ctx.adapters.createSecrets({ region, profile: ctx.options.awsProfile, env: ctx.env });
    await secretReady(secrets, name, region);
    const current = await secrets.readValue(name);
    const { next, changed } = mergeSecretValue(current, TOKEN_KEY, ctx.state.token!, { replaceNonJson: ctx.options.replaceSecret });
    if (!changed && !ctx.options.forceSteps.has('store-token')) {
      ctx.state.secretResult = 'unchanged';
      ctx.out.ok(`${name} already holds this token`);
      return { status: 'unchanged', detail: `${name} (${region})` };
    }
    await secrets.putValue(name, next);
    const back = await secrets.readValue(name);
    if (back === undefined || sha256(back) !== sha256(next)) {
      throw outsideError(`The token was written to ${name}, but reading it back returned something else.`, 'Another writer may have changed the secret at the same time; re-run.');
    }
    ctx.state.secretResult = 'written';
    ctx.out.ok(`Stored the token in ${name} (${region}) under "${TOKEN_KEY}"`);
    return { status: 'done', detail: `${name} (${region})` };
  },
};
