import { promptOf } from '../answers/catalogue.js';
import { fetchGroup, pickGroup } from '../okta/groups.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'out' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.approverGroup', 'answers.allowSelfApproval', 'approver'] as const;

/** Optional: only members of this group may approve. Turns the check in impl.py on. */
export const approverGroup: Step<Uses, typeof owns> = {
  id: 'approver-group',
  title: 'Who may approve',
  owns,
  async gather(ctx) {
    const previous = ctx.previous.approverGroup ?? null;
    let picked = false;
    const id = await ctx.prompter.answer<string | null>(
      'approverGroup',
      async () => {
        picked = true;
        const restrict = await ctx.prompter.confirm({
          message: 'Allow only members of one Okta group to approve requests?',
          default: previous !== null,
        });
        if (!restrict) return null;
        // A re-run starts on the group chosen last time, so Enter keeps it.
        const current = previous ? await fetchGroup(ctx.state.okta!, previous).catch(() => undefined) : undefined;
        const g = await pickGroup(ctx.prompter, ctx.state.okta!, 'Okta group whose members may approve', {
          allowDone: false,
          exclude: new Set(),
          current,
        });
        return g?.id ?? null;
      },
      previous,
      // Shown below with the group's name from Okta.
      { echo: false },
    );
    let who = 'any Sym member may approve';
    if (id) {
      const group = await fetchGroup(ctx.state.okta!, id);
      ctx.state.approver = group;
      ctx.state.answers.approverGroup = group.id;
      who = `members of ${group.name} (${group.id}) may approve`;
    } else {
      delete ctx.state.answers.approverGroup;
    }
    if (!picked) ctx.out.ok(id ? `Only ${who}` : 'Any Sym member may approve (no approver group)');
    // Off unless asked for: Sym's default, and what a team running the flow for real wants.
    const self = await ctx.prompter.answer<boolean>(
      'allowSelfApproval',
      () =>
        ctx.prompter.confirm({
          message: promptOf('allowSelfApproval'),
          default: ctx.previous.allowSelfApproval ?? false,
        }),
      ctx.previous.allowSelfApproval ?? false,
    );
    ctx.state.answers.allowSelfApproval = self;
    return { status: 'done', detail: `${who}${self ? ', their own requests included' : ''}` };
  },
};
