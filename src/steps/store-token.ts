import { secretReady, TOKEN_KEY } from '../aws/secret.js';
import { mergeSecretValue } from '../aws/secret-merge.js';
import { outsideError, QuickstartError } from '../errors.js';
import { sha256 } from '../project/journal.js';
import type { PlannedChange, Step, StepCtx } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'env' | 'options' | 'out' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['secretResult'] as const;

const target = (ctx: StepCtx<Uses, typeof owns>) => {
  const o = ctx.state.outputs;
  return {
    name: o?.okta_secret_name ?? `sym/${ctx.state.answers.runtimeName}/okta-api-key`,
    region: o?.aws_region ?? ctx.state.answers.awsRegion!,
  };
};

export const storeToken: Step<Uses, typeof owns> = {
  id: 'store-token',
  title: 'Store the Okta token in AWS Secrets Manager',
  owns,
  abandonOnInterrupt: true,
  /** Reads the secret as it is now (describe, then its value) and says what the real run would do to it. */
  async plan(ctx) {
    const { name, region } = target(ctx);
    const change = (what: string): PlannedChange[] => [
      { kind: 'secret', summary: `${name} in ${region}: ${what} (values are never shown)` },
    ];
    const refuse = (e: QuickstartError) => {
      ctx.out.warn(`The real run would stop at this step: ${e.message}`, e.fix);
      return change(`would refuse to write: ${e.message}`);
    };
    const secrets = await ctx.adapters.createSecrets({ region, profile: ctx.options.awsProfile, env: ctx.env });
    const info = await secrets.describe(name);
    if (!info.exists)
      return change(`does not exist yet; terraform apply creates it, then it gets the JSON key "${TOKEN_KEY}"`);
    if (info.deletedDate)
      return change(
        `scheduled for deletion now; the apply step restores it first, then it gets the JSON key "${TOKEN_KEY}" unless it already holds this token`,
      );
    let current: string | undefined;
    try {
      await secretReady(secrets, name, region);
      current = await secrets.readValue(name);
    } catch (e) {
      if (e instanceof QuickstartError && e.exitCode === 1) return refuse(e);
      throw e;
    }
    let keys: string[] | undefined;
    try {
      const parsed = current === undefined ? {} : (JSON.parse(current) as unknown);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) keys = Object.keys(parsed);
    } catch {
      // not JSON: mergeSecretValue says so below
    }
    let changed: boolean;
    try {
      ({ changed } = mergeSecretValue(current, TOKEN_KEY, ctx.state.token!, {
        replaceNonJson: ctx.options.replaceSecret,
      }));
    } catch (e) {
      if (e instanceof QuickstartError) return refuse(e);
      throw e;
    }
    const list = (ks: string[]) => (ks.length ? ks.map((k) => JSON.stringify(k)).join(', ') : 'none');
    if (!changed && !ctx.options.forceSteps.has('store-token'))
      return change(`unchanged: "${TOKEN_KEY}" already holds this token; keys: ${list(keys ?? [])}`);
    if (keys === undefined)
      return change(
        `would replace the current value, which is not a JSON object (--replace-secret), with the key "${TOKEN_KEY}" alone`,
      );
    const after = keys.includes(TOKEN_KEY) ? keys : [...keys, TOKEN_KEY];
    const what = !changed
      ? `would write the same token again (--force-step store-token)`
      : keys.includes(TOKEN_KEY)
        ? `would replace the value of "${TOKEN_KEY}"`
        : `would add the key "${TOKEN_KEY}"`;
    return change(`${what}; other keys kept as they are; keys after the write: ${list(after)}`);
  },
  async apply(ctx) {
    const { name, region } = target(ctx);
    const secrets = await ctx.adapters.createSecrets({ region, profile: ctx.options.awsProfile, env: ctx.env });
    await secretReady(secrets, name, region);
    const current = await secrets.readValue(name);
    const { next, changed } = mergeSecretValue(current, TOKEN_KEY, ctx.state.token!, {
      replaceNonJson: ctx.options.replaceSecret,
    });
    if (!changed && !ctx.options.forceSteps.has('store-token')) {
      ctx.state.secretResult = 'unchanged';
      ctx.out.ok(`${name} already holds this token`);
      return { status: 'unchanged', detail: `${name} (${region})` };
    }
    await secrets.putValue(name, next);
    const back = await secrets.readValue(name);
    if (back === undefined || sha256(back) !== sha256(next)) {
      throw outsideError(
        `The token was written to ${name}, but reading it back returned something else.`,
        'Another writer may have changed the secret at the same time; re-run.',
      );
    }
    ctx.state.secretResult = 'written';
    ctx.out.ok(`Stored the token in ${name} (${region}) under "${TOKEN_KEY}"`);
    return { status: 'done', detail: `${name} (${region})` };
  },
};
