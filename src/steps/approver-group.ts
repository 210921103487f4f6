import { fetchGroup, pickGroup, rememberGroup } from '../okta/groups.js';
import type { Step } from './types.js';

/** Optional: only members of this group may approve. Turns the check in impl.py on. */
export const approverGroup: Step = {
  id: 'approver-group',
  title: 'Who may approve',
  async gather(ctx) {
    const previous = ctx.previous.approverGroup ?? null;
    const id = await ctx.prompter.answer<string | null>(
      'approverGroup',
      async () => {
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
    );
    if (!id) {
      delete ctx.state.answers.approverGroup;
      return { status: 'done', detail: 'any Sym member may approve' };
    }
    const group = await fetchGroup(ctx.state.okta!, id);
    rememberGroup(ctx, group);
    ctx.state.answers.approverGroup = group.id;
    return { status: 'done', detail: `members of ${group.name} (${group.id})` };
  },
};
