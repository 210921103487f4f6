import { promptOf } from '../answers/catalogue.js';
import { authError } from '../errors.js';
import * as v from '../validate/index.js';
import { BOT_TOKEN_RECIPE } from '../sym/checks.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'env' | 'options' | 'out' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['session'] as const;
/** The org step's answer, asked here first when `symflow login` needs it (the org step then does not ask again). */
const alsoAsks = ['answers.org'] as const;

/** A valid Sym session (or SYM_JWT): Terraform's Sym provider needs one. */
export const symSession: Step<Uses, typeof owns, typeof alsoAsks> = {
  id: 'sym-session',
  title: 'Sym session',
  owns,
  alsoAsks,
  async gather(ctx) {
    const { symflow } = ctx.adapters;
    let session = await symflow.status();
    if (!session.loggedIn) {
      if (ctx.env.SYM_JWT) {
        throw authError(
          `Sym rejected the bot token in SYM_JWT: ${session.detail}`,
          `Issue a new one with \`symflow tokens issue -u <bot> -e 30d\` and update SYM_JWT.`,
        );
      }
      if (!ctx.options.interactive) {
        throw authError(
          `You are not logged in to Sym (${session.detail}), and this run cannot open a browser to log in.`,
          BOT_TOKEN_RECIPE,
        );
      }
      ctx.out.info(
        session.reason === 'expired'
          ? 'Your Sym session has expired; logging in again.'
          : 'You are not logged in to Sym; starting `symflow login`.',
      );
      // Our question, asked once: symflow would otherwise ask for the org itself, and the org step again.
      const orgId = await ctx.prompter.answer(
        'org',
        () => ctx.prompter.text({ message: promptOf('org'), default: ctx.previous.org, validate: v.orgSlug }),
        ctx.previous.org,
      );
      await symflow.login(orgId);
      ctx.state.answers.org = orgId;
      session = await symflow.status();
      if (!session.loggedIn)
        throw authError(
          `\`symflow login\` did not leave a valid session: ${session.detail}`,
          'Run `symflow login` yourself, then re-run this command.',
        );
    }
    ctx.state.session = session;
    const detail = `logged in to ${session.org} as ${session.user}${session.viaJwt ? ' (SYM_JWT)' : ''}`;
    ctx.out.ok(detail);
    return { status: 'done', detail };
  },
};
