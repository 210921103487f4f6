import { promptOf } from '../answers/catalogue.js';
import { slackWorkspaces } from '../sym/checks.js';
import * as v from '../validate/index.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'options' | 'out' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.slackWorkspaceId'] as const;

export const slackWorkspace: Step<Uses, typeof owns> = {
  id: 'slack-workspace',
  title: 'Slack workspace',
  owns,
  async gather(ctx) {
    // With exactly one workspace registered with Sym, that is the likely answer (a re-run's answer first).
    let registered: string[] = [];
    if (
      !ctx.previous.slackWorkspaceId &&
      ctx.prompter.given_('slackWorkspaceId') === undefined &&
      ctx.options.interactive
    )
      registered = slackWorkspaces(await ctx.adapters.symflow.servicesList());
    const suggested = ctx.previous.slackWorkspaceId ?? (registered.length === 1 ? registered[0] : undefined);
    const id = await ctx.prompter.answer(
      'slackWorkspaceId',
      async () => {
        ctx.out.info(
          ctx.out.c.dim('  Open Slack in a browser: the workspace ID is the T… segment of app.slack.com/client/T…/…'),
        );
        return ctx.prompter.text({
          message: promptOf('slackWorkspaceId'),
          default: suggested,
          validate: v.slackWorkspaceId,
        });
      },
      ctx.previous.slackWorkspaceId,
    );
    if (registered.length === 1 && id === registered[0])
      ctx.out.info(ctx.out.c.dim(`  ${id} is the Slack workspace registered with Sym.`));
    ctx.state.answers.slackWorkspaceId = id;
    return { status: 'done', detail: id };
  },
};
