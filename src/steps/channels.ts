import * as v from '../validate/index.js';
import type { Step } from './types.js';

export const channels: Step = {
  id: 'channels',
  title: 'Slack channels',
  async gather(ctx) {
    const { prompter, previous } = ctx;
    const request = previous.requestChannel ?? '#sym-requests';
    const error = previous.errorChannel ?? '#sym-errors';
    ctx.state.answers.requestChannel = await prompter.answer(
      'requestChannel',
      () =>
        prompter.text({ message: 'Channel where access requests are posted', default: request, validate: v.channel }),
      request,
    );
    ctx.state.answers.errorChannel = await prompter.answer(
      'errorChannel',
      () =>
        prompter.text({
          message: 'Channel where Sym reports errors (it must exist)',
          default: error,
          validate: v.channel,
        }),
      error,
    );
    return {
      status: 'done',
      detail: `requests → ${ctx.state.answers.requestChannel}, errors → ${ctx.state.answers.errorChannel}`,
    };
  },
};
