import { ADMIN_ROLES_FOR_GROUPS, OktaFailure, type OktaAdapter, type OktaRole } from '../adapters/okta.js';
import { missingError, usageError } from '../errors.js';
import type { Step, StepContext } from './types.js';

const UNSCOPED_ROLES = new Set(['SUPER_ADMIN', 'ORG_ADMIN']);
export const ROLE_FIX =
  "In Okta, give the token's user the admin roles Group Membership Administrator and Read Only Administrator (Security → Administrators), limited to the groups Sym will manage; sign in as that user and create the token under Security → API → Tokens.";

/** Which groups the token's user may manage: 'all', or the union of its scoped roles' group targets. */
export async function tokenScope(
  okta: OktaAdapter,
  userId: string,
  roles: OktaRole[],
): Promise<Set<string> | 'all' | undefined> {
  const managing = roles.filter((r) => ADMIN_ROLES_FOR_GROUPS.includes(r.type));
  if (!managing.length) return undefined;
  if (managing.some((r) => UNSCOPED_ROLES.has(r.type))) return 'all';
  // One request per role, all at once: a slow Okta costs one round trip, not one per role.
  const targets = await Promise.all(managing.map((role) => okta.groupTargetsOf(userId, role.id)));
  if (targets.some((t) => !t.length)) return 'all';
  return new Set(targets.flat().map((g) => g.id));
}

/**
 * Checks a token against Okta: who owns it and what it may manage. Shared by init and doctor;
 * `onAccepted` runs as soon as Okta has accepted the token, for work that can start beside the rest.
 */
export async function inspectToken(okta: OktaAdapter, onAccepted?: () => void) {
  const user = await okta.currentUser();
  onAccepted?.();
  const roles = await okta.rolesOf(user.id);
  const scope = await tokenScope(okta, user.id, roles);
  return { user, roles, scope };
}

/** SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS bounds each Okta call (retries and 429 waits included); unset: the adapter's 10 s. */
export function oktaTimeout(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const raw = env.SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS?.trim();
  if (!raw) return {};
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw usageError(
      `Invalid value for SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS (from the environment): "${raw}" is not a number of seconds.`,
      'Set it to a number of seconds, e.g. 30, or unset it for the default of 10.',
    );
  return { timeoutMs: Math.round(seconds * 1000) };
}

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
