import { missingError } from '../errors.js';
import { oktaTimeout } from '../okta/connection.js';
import { OktaFailure } from '../okta/okta.js';
import { inspectToken, ROLE_FIX } from '../okta/token.js';
import type { Step, StepContext } from './types.js';

export const oktaToken: Step = {
  id: 'okta-token',
  title: 'Okta API token',
  async gather(ctx: StepContext) {
    let token = ctx.givenToken;
    for (;;) {
      if (!token) {
        if (!ctx.options.interactive)
          throw missingError('No Okta API token.', 'Set OKTA_API_TOKEN, or pipe it in with --okta-token-stdin.');
        ctx.out.info(
          ctx.out.c.dim(
            "  Create one in Okta's admin console under Security → API → Tokens, signed in as the user Sym will act as.",
          ),
        );
        token = await ctx.prompter.secret({ message: 'Okta API token' });
      }
      ctx.redactor.add(token);
      try {
        const okta = await ctx.adapters.connectOkta({ orgUrl: ctx.state.oktaOrgUrl!, token, ...oktaTimeout(ctx.env) });
        const { user, roles, scope } = await inspectToken(okta);
        Object.assign(ctx.state, { token, okta, oktaUser: user, oktaRoles: roles, oktaScope: scope });
        break;
      } catch (e) {
        // A mistyped token is re-asked; a token from the environment or stdin cannot be, so it fails (exit 4).
        if (
          e instanceof OktaFailure &&
          e.kind === 'invalid-token' &&
          ctx.options.interactive &&
          token !== ctx.givenToken
        ) {
          ctx.out.fail(e.message, e.fix);
          token = undefined;
          continue;
        }
        throw e;
      }
    }
    const { oktaUser, oktaRoles = [], oktaScope } = ctx.state;
    ctx.out.ok(`Token accepted: it acts as ${oktaUser!.login}`);
    if (!oktaScope) {
      ctx.out.warn(
        `${oktaUser!.login} has none of the admin roles that can change group membership (${oktaRoles.map((r) => r.label || r.type).join(', ') || 'no admin roles'}).`,
        ROLE_FIX,
      );
    }
    return {
      status: 'done',
      detail: `owner ${oktaUser!.login}; roles: ${oktaRoles.map((r) => r.type).join(', ') || 'none'}`,
    };
  },
};
