import { defaultOf, promptOf } from '../answers/catalogue.js';
import * as v from '../validate/index.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.requestChannel', 'answers.errorChannel'] as const;

export const channels: Step<Uses, typeof owns> = {
  id: 'channels',
  title: 'Slack channels',
  owns,
  async gather(ctx) {
    const { prompter, previous } = ctx;
    const request = previous.requestChannel ?? defaultOf('requestChannel');
    const error = previous.errorChannel ?? defaultOf('errorChannel');
    ctx.state.answers.requestChannel = await prompter.answer(
      'requestChannel',
      () => prompter.text({ message: promptOf('requestChannel'), default: request, validate: v.channel }),
      request,
    );
    ctx.state.answers.errorChannel = await prompter.answer(
      'errorChannel',
      () =>
        prompter.text({
          message: promptOf('errorChannel'),
          default: error,
          validate: v.errorChannel,
        }),
      error,
    );
    return {
      status: 'done',
      detail: `requests → ${ctx.state.answers.requestChannel}, errors → ${ctx.state.answers.errorChannel}`,
    };
  },
};
