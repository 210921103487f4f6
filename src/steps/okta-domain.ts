import { promptOf } from '../answers/catalogue.js';
import { oktaOrgUrl } from '../okta/connection.js';
import * as v from '../validate/index.js';
import type { Step, StepCtx } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'env' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.oktaDomain', 'oktaOrgUrl'] as const;

export const oktaDomain: Step<Uses, typeof owns> = {
  id: 'okta-domain',
  title: 'Okta org',
  owns,
  async gather(ctx: StepCtx<Uses, typeof owns>) {
    const domain = await ctx.prompter.answer(
      'oktaDomain',
      () =>
        ctx.prompter.text({
          message: promptOf('oktaDomain'),
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
