import { checkNode, checkTerraform } from '../tools/versions.js';
import type { Step } from './types.js';

/** Every tool and credential the run needs, before any question is asked. */
export const preflight: Step = {
  id: 'preflight',
  title: 'Check tools and credentials',
  async gather(ctx) {
    const node = await checkNode();
    const terraform = await checkTerraform(ctx);
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
