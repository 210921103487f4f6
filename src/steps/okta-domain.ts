import { usageError } from '../errors.js';
import * as v from '../validate/index.js';
import type { Step, StepContext } from './types.js';

/** `SYM_QUICKSTART_OKTA_ORG_URL` overrides where we talk to Okta (proxies, stand-ins); the domain still goes to Sym. */
export function oktaOrgUrl(env: NodeJS.ProcessEnv, domain: string): string {
  const override = env.SYM_QUICKSTART_OKTA_ORG_URL;
  if (!override) return `https://${domain}`;
  const r = v.oktaOrgUrl(override);
  if (!r.ok) throw usageError(`Invalid value for SYM_QUICKSTART_OKTA_ORG_URL (from the environment): ${r.message}`);
  return r.value;
}

export const oktaDomain: Step = {
  id: 'okta-domain',
  title: 'Okta org',
  async gather(ctx: StepContext) {
    const domain = await ctx.prompter.answer(
      'oktaDomain',
      () =>
        ctx.prompter.text({
          message: 'Okta org domain (e.g. acme.okta.com)',
          default: ctx.previous.oktaDomain,
          validate: v.oktaDomain,
        }),
      ctx.previous.oktaDomain,
    );
    ctx.state.answers.oktaDomain = domain;
    ctx.state.oktaOrgUrl = oktaOrgUrl(ctx.env, domain);
    return { status: 'done', detail: domain };
  },
};
