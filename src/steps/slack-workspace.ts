import { promptOf } from '../answers/catalogue.js';
import * as v from '../validate/index.js';
import type { Step } from './types.js';

export const slackWorkspace: Step = {
  id: 'slack-workspace',
  title: 'Slack workspace',
  async gather(ctx) {
    const id = await ctx.prompter.answer(
      'slackWorkspaceId',
      async () => {
        ctx.out.info(
          ctx.out.c.dim('  Open Slack in a browser: the workspace ID is the T… segment of app.slack.com/client/T…/…'),
        );
        return ctx.prompter.text({
          message: promptOf('slackWorkspaceId'),
          default: ctx.previous.slackWorkspaceId,
          validate: v.slackWorkspaceId,
        });
      },
      ctx.previous.slackWorkspaceId,
    );
    ctx.state.answers.slackWorkspaceId = id;
    return { status: 'done', detail: id };
  },
};
