import { authError } from '../errors.js';
import { BOT_TOKEN_RECIPE } from '../sym/checks.js';
import type { Step } from './types.js';

/** A valid Sym session (or SYM_JWT): Terraform's Sym provider needs one. */
export const symSession: Step = {
  id: 'sym-session',
  title: 'Sym session',
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
      await symflow.login(ctx.prompter.given_<string>('org') ?? ctx.previous.org);
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
