import { join } from 'node:path';
import { TOKEN_KEY } from '../aws/secret.js';
import { InterruptedError, missingError } from '../errors.js';
import { exists } from '../project/files.js';
import { oktaTimeout } from '../okta/connection.js';
import { OktaFailure } from '../okta/okta.js';
import { inspectToken, ROLE_FIX } from '../okta/token.js';
import type { SecretsAdapter } from '../aws/secrets.js';
import type { Step, StepCtx } from './types.js';

/** The part of the run context this step uses. */
type Uses =
  | 'adapters'
  | 'dir'
  | 'env'
  | 'givenToken'
  | 'journal'
  | 'options'
  | 'out'
  | 'prompter'
  | 'redactor'
  | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['token', 'okta', 'oktaUser', 'oktaRoles', 'oktaScope', 'restoredSecret'] as const;

/**
 * The token a previous run stored, read back from its secret (named by Terraform's outputs or, after
 * a teardown, by the journal's record of it), or undefined when there is no applied project, no secret
 * or no AWS access: then it is simply asked for. `restored`: the secret was brought back just now.
 */
async function storedToken(
  ctx: StepCtx<Uses, typeof owns>,
): Promise<{ token: string; secret: string; restored: boolean } | undefined> {
  const app = join(ctx.dir, 'app');
  try {
    let raw = await ctx.adapters.terraform.localOutputs(app);
    if (!raw && (await exists(join(app, '.terraform')))) raw = await ctx.adapters.terraform.output(app);
    let name = raw?.okta_secret_name;
    let region = raw?.aws_region;
    // After `destroy` the state has no outputs; the teardown record names the secret it left behind.
    const torn = ctx.journal.data.teardown?.secret;
    if ((typeof name !== 'string' || typeof region !== 'string') && torn) ({ name, region } = torn);
    if (typeof name !== 'string' || typeof region !== 'string') return undefined;
    const secrets = await ctx.adapters.createSecrets({ region, profile: ctx.options.awsProfile, env: ctx.env });
    const readable = await bringBackToRead(ctx, secrets, name, region);
    if (!readable) return undefined;
    const value = await secrets.readValue(name);
    const token = value ? (JSON.parse(value) as Record<string, unknown>)[TOKEN_KEY] : undefined;
    return typeof token === 'string' && token.trim()
      ? { token: token.trim(), secret: name, restored: readable === 'restored' }
      : undefined;
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    ctx.out.detail(`  (no stored token read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    return undefined;
  }
}

/**
 * Whether the secret's value can be read: a live secret can; one an earlier destroy scheduled for
 * deletion cannot until it is restored, which the apply step would do anyway (see bringBackSecret),
 * so it is restored now: after asking, in a terminal; unattended with --yes, as the apply step would;
 * never in a dry run.
 */
async function bringBackToRead(
  ctx: StepCtx<Uses, typeof owns>,
  secrets: SecretsAdapter,
  name: string,
  region: string,
): Promise<'live' | 'restored' | undefined> {
  const info = await secrets.describe(name);
  if (!info.exists) return undefined;
  if (!info.deletedDate) return 'live';
  const where = `${name} in ${region}`;
  if (ctx.options.dryRun) {
    ctx.out.info(
      ctx.out.c.dim(
        `  ${where} holds the token, but an earlier destroy scheduled it for deletion; a dry run does not restore it (the real run does, and uses that token).`,
      ),
    );
    return undefined;
  }
  if (ctx.options.interactive && !ctx.options.yes) {
    ctx.out.info(ctx.out.c.dim(`  ${where} holds a token, but an earlier destroy scheduled it for deletion.`));
    const restore = await ctx.prompter.select({
      message: 'Okta API token',
      choices: [
        { name: `Restore ${name} and use the token it holds`, value: true },
        { name: 'Enter a new token', value: false },
      ],
      default: true,
    });
    if (!restore) return undefined;
  } else {
    ctx.out.info(`  ${where} is scheduled for deletion (an earlier destroy); restoring it to use the token it holds.`);
  }
  await secrets.restore(name);
  ctx.state.restoredSecret = name;
  ctx.out.ok(`Restored ${name} (${region})`);
  return 'restored';
}

async function connect(ctx: StepCtx<Uses, typeof owns>, token: string) {
  ctx.redactor.add(token);
  const okta = await ctx.adapters.connectOkta({ orgUrl: ctx.state.oktaOrgUrl!, token, ...oktaTimeout(ctx.env) });
  const { user, roles, scope } = await inspectToken(okta);
  ctx.state.token = token;
  ctx.state.okta = okta;
  ctx.state.oktaUser = user;
  ctx.state.oktaRoles = roles;
  ctx.state.oktaScope = scope;
}

/**
 * A re-run keeps the token already in the secret when Okta still accepts it (Okta shows a token only
 * once, so asking again would send the user to make a new one). True when it is in use.
 */
async function keepStoredToken(ctx: StepCtx<Uses, typeof owns>): Promise<false | 'used' | 'chosen'> {
  const stored = await storedToken(ctx);
  if (!stored) return false;
  ctx.redactor.add(stored.token);
  try {
    await connect(ctx, stored.token);
  } catch (e) {
    if (e instanceof OktaFailure && e.kind === 'invalid-token') {
      ctx.out.warn(`Okta no longer accepts the token stored in ${stored.secret}.`, e.fix);
      return false;
    }
    throw e;
  }
  // Restoring the secret was the choice to use its token: no second question about it.
  if (!ctx.options.interactive || ctx.options.yes || stored.restored) {
    ctx.out.info(ctx.out.c.dim(`  Using the token stored in ${stored.secret}.`));
    return 'used';
  }
  const keep = await ctx.prompter.select({
    message: 'Okta API token',
    choices: [
      {
        name: `Keep the token stored in ${stored.secret} (Okta accepts it; it acts as ${ctx.state.oktaUser!.login})`,
        value: true,
      },
      { name: 'Enter a new token', value: false },
    ],
    default: true,
  });
  if (!keep) {
    ctx.state.token = undefined;
    ctx.state.okta = undefined;
    ctx.state.oktaUser = undefined;
  }
  return keep && 'chosen';
}

export const oktaToken: Step<Uses, typeof owns> = {
  id: 'okta-token',
  title: 'Okta API token',
  owns,
  async gather(ctx: StepCtx<Uses, typeof owns>) {
    let token = ctx.givenToken;
    const kept = token ? false : await keepStoredToken(ctx);
    if (kept) token = ctx.state.token;
    let hinted = false;
    for (;;) {
      if (!token) {
        if (!ctx.options.interactive)
          throw missingError(
            'No Okta API token: none was given, and no secret of this project holds one that Okta accepts.',
            'Set OKTA_API_TOKEN, or pipe it in with --okta-token-stdin.',
          );
        // Once: after a refused token, Okta's own fix already says where to make a new one.
        if (!hinted)
          ctx.out.info(
            ctx.out.c.dim(
              "  Create one in Okta's admin console under Security → API → Tokens, signed in as the user Sym will act as.",
            ),
          );
        hinted = true;
        token = await ctx.prompter.secret({ message: 'Okta API token' });
      }
      if (token === ctx.state.token && ctx.state.okta) break;
      try {
        await connect(ctx, token);
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
    // Chosen from the secret at the question, which already said Okta accepts it and as whom.
    if (kept !== 'chosen') ctx.out.ok(`Token accepted: it acts as ${oktaUser!.login}`);
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
