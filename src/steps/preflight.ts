import { checkNode, checkTerraform } from '../tools/versions.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'env' | 'options' | 'out' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['terraformVersion', 'symflowVersion'] as const;

/** Every tool and credential the run needs, before any question is asked. */
export const preflight: Step<Uses, typeof owns> = {
  id: 'preflight',
  title: 'Check tools and credentials',
  owns,
  async gather(ctx) {
    const node = await checkNode();
    // State in S3 known already (the flag, or the project's app/backend.tf): its version now; chosen
    // at the question, the state step checks it then.
    const terraform = await checkTerraform(
      ctx,
      Boolean(ctx.prompter.given_('stateBucket') || ctx.previous.stateBucket),
    );
    ctx.state.terraformVersion = terraform;
    const symflow = await ctx.adapters.symflow.version();
    ctx.state.symflowVersion = symflow;
    const secrets = await ctx.adapters.createSecrets({
      region: ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      profile: ctx.options.awsProfile,
      env: ctx.env,
    });
    const aws = await secrets.checkCredentials();
    const detail = `node ${node}, terraform ${terraform}, symflow ${symflow.raw}, AWS credentials from ${aws.detail}`;
    ctx.out.ok(detail);
    return { status: 'done', detail };
  },
};
