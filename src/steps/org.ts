import { promptOf } from '../answers/catalogue.js';
import { authError, usageError } from '../errors.js';
import { fail, type Validation } from '../validate/result.js';
import * as v from '../validate/index.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.org'] as const;

/** The org written to tfvars must be the session's: the Sym provider refuses a mismatch at apply time. */
export const org: Step<Uses, typeof owns> = {
  id: 'org',
  title: 'Sym org',
  owns,
  async gather(ctx) {
    const sessionOrg = ctx.state.session?.org;
    // Asked already before `symflow login` in this run, and the session agrees: not asked again.
    const asked = ctx.state.answers.org;
    if (asked && (!sessionOrg || asked === sessionOrg)) return { status: 'done', detail: asked };
    const fallback = sessionOrg ?? ctx.previous.org;
    // A typed answer that is not the session's org is asked again (with both ways out), not a stop.
    const validate = (raw: string): Validation => {
      const r = v.orgSlug(raw);
      if (!r.ok) return r;
      const problem =
        v.orgCaseProblem(r.value, sessionOrg) ??
        (sessionOrg && r.value !== sessionOrg
          ? `Your Sym session is in "${sessionOrg}", and Terraform's Sym provider refuses another org: type ${sessionOrg}, or stop (Ctrl-C) and run \`symflow login --org-id ${r.value}\` to switch.`
          : undefined);
      return problem ? fail(problem) : r;
    };
    const chosen = await ctx.prompter.answer(
      'org',
      () => ctx.prompter.text({ message: promptOf('org'), default: fallback, validate }),
      fallback,
    );
    const caseProblem = v.orgCaseProblem(chosen, sessionOrg);
    if (caseProblem) throw usageError(`Invalid value for --org: ${caseProblem}`, `Pass --org ${sessionOrg}.`);
    if (sessionOrg && chosen !== sessionOrg) {
      throw authError(
        `Your Sym session belongs to the org "${sessionOrg}", but the org chosen for this project is "${chosen}". Terraform's Sym provider refuses that mismatch, so nothing was applied.`,
        ctx.state.session?.viaJwt
          ? `Use a bot token issued in "${chosen}", or pass --org ${sessionOrg}.`
          : `Run \`symflow login --org-id ${chosen}\` to switch orgs, or pass --org ${sessionOrg}.`,
      );
    }
    ctx.state.answers.org = chosen;
    return { status: 'done', detail: chosen };
  },
};
