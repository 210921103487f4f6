import { promptOf } from '../answers/catalogue.js';
import { oktaOrgUrl } from '../okta/connection.js';
import * as v from '../validate/index.js';
import type { Step, StepContext } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'env' | 'previous' | 'prompter' | 'state';

export const oktaDomain: Step<Uses> = {
  id: 'okta-domain',
  title: 'Okta org',
  async gather(ctx: Pick<StepContext, Uses>) {
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
