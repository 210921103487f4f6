import type { OktaTarget } from '../answers.js';
import { usageError } from '../errors.js';
import * as v from '../validate/index.js';
import { fetchGroup, pickGroup, rememberGroup, shortTargetProblem, targetProblem } from '../okta/groups.js';
import type { Step, StepCtx } from './types.js';
import { count } from '../ui/count.js';

/** The part of the run context this step uses. */
type Uses = 'out' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.targets', 'groups'] as const;

async function checkTargets(ctx: StepCtx<Uses, typeof owns>, targets: OktaTarget[]): Promise<void> {
  for (const t of targets) {
    const group = await fetchGroup(ctx.state.okta!, t.groupId);
    const problem = targetProblem(group, ctx.state.oktaScope);
    if (problem) throw usageError(problem.message, problem.fix);
    rememberGroup(ctx, group);
  }
}

async function chooseInteractively(ctx: StepCtx<Uses, typeof owns>): Promise<OktaTarget[]> {
  const chosen: OktaTarget[] = [];
  ctx.out.info(
    ctx.out.c.dim('  Type to search your Okta groups by name, or paste a group ID (00g…). Pick one at a time.'),
  );
  for (;;) {
    const group = await pickGroup(
      ctx.prompter,
      ctx.state.okta!,
      chosen.length ? 'Add another group (or choose Done)' : 'Okta group users may request',
      {
        allowDone: chosen.length > 0,
        exclude: new Set(chosen.map((t) => t.groupId)),
        unusable: (g) => shortTargetProblem(g, ctx.state.oktaScope),
      },
    );
    if (!group) return chosen;
    const problem = targetProblem(group, ctx.state.oktaScope);
    if (problem) {
      ctx.out.fail(problem.message, problem.fix);
      continue;
    }
    rememberGroup(ctx, group);
    const label = await ctx.prompter.text({
      message: `Label shown in Slack for ${group.name}`,
      default: group.name,
      validate: (raw) => {
        const r = v.targetLabel(raw);
        const clash = r.ok ? v.sameSlug([...chosen.map((t) => t.label), r.value]) : undefined;
        return clash ? { ok: false, message: v.sameSlugMessage(clash) } : r;
      },
    });
    chosen.push({ label, groupId: group.id });
    ctx.out.ok(`${label} → ${group.id}`);
  }
}

export const oktaTargets: Step<Uses, typeof owns> = {
  id: 'okta-targets',
  title: 'Okta groups users may request',
  owns,
  async gather(ctx) {
    const previous = ctx.previous.targets?.length ? ctx.previous.targets : undefined;
    let picked = false;
    const targets = await ctx.prompter.answer<OktaTarget[]>(
      'oktaTarget',
      async () => {
        if (
          previous &&
          (await ctx.prompter.confirm({
            message: `Keep the ${count(previous.length, 'group')} already in terraform.tfvars (${previous.map((t) => t.label).join(', ')})?`,
            default: true,
          }))
        ) {
          return previous;
        }
        picked = true;
        return chooseInteractively(ctx);
      },
      previous,
      // Shown below with each group's name from Okta.
      { echo: false },
    );
    if (!targets.length)
      throw usageError('No Okta group was chosen.', 'Choose at least one group, or pass --okta-target "Label=00g…".');
    await checkTargets(ctx, targets);
    if (!picked)
      for (const t of targets)
        ctx.out.ok(`${t.label} → ${ctx.state.groups.get(t.groupId)?.name ?? '?'} (${t.groupId})`);
    ctx.state.answers.targets = targets;
    return { status: 'done', detail: targets.map((t) => `${t.label}=${t.groupId}`).join(', ') };
  },
};
