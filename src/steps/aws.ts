import { defaultOf, promptOf } from '../answers/catalogue.js';
import { profileRegion } from '../aws/secrets.js';
import * as v from '../validate/index.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'env' | 'options' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.awsRegion', 'answers.runtimeName'] as const;

export const aws: Step<Uses, typeof owns> = {
  id: 'aws',
  title: 'AWS region and runtime',
  owns,
  async gather(ctx) {
    const { prompter, previous, env } = ctx;
    const region =
      previous.awsRegion ??
      env.AWS_REGION ??
      env.AWS_DEFAULT_REGION ??
      profileRegion(env, ctx.options.awsProfile) ??
      defaultOf('awsRegion');
    ctx.state.answers.awsRegion = await prompter.answer(
      'awsRegion',
      () =>
        prompter.text({
          message: promptOf('awsRegion'),
          default: region,
          validate: v.awsRegion,
        }),
      region,
    );
    const runtime = previous.runtimeName ?? defaultOf('runtimeName');
    ctx.state.answers.runtimeName = await prompter.answer(
      'runtimeName',
      () => prompter.text({ message: promptOf('runtimeName'), default: runtime, validate: v.runtimeName }),
      runtime,
    );
    return { status: 'done', detail: `${ctx.state.answers.awsRegion}, runtime ${ctx.state.answers.runtimeName}` };
  },
};
