import { secretProblem } from '../aws/secret.js';
import { outsideError, type Problem } from '../errors.js';
import { targetsProblems } from '../okta/groups.js';
import { flowProblem, slackProblem } from '../sym/checks.js';
import type { Step } from './types.js';
import { count } from '../ui/count.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'env' | 'options' | 'out' | 'state';
/** The run state this step owns: none (it only reads). */
const owns = [] as const;

/** The end-to-end check after everything is applied: each piece Sym needs at request time is in place. */
export const verify: Step<Uses, typeof owns> = {
  id: 'verify',
  title: 'End-to-end check',
  owns,
  abandonOnInterrupt: true,
  async plan() {
    return [];
  },
  async apply(ctx) {
    const { symflow } = ctx.adapters;
    const a = ctx.state.answers;
    const o = ctx.state.outputs!;
    const session = await symflow.status();
    const problems: Problem[] = [];
    if (!session.loggedIn)
      problems.push({
        message: `The Sym session is no longer valid: ${session.detail}`,
        fix: 'Run `symflow login` (or refresh SYM_JWT).',
      });
    const secrets = await ctx.adapters.createSecrets({
      region: o.aws_region,
      profile: ctx.options.awsProfile,
      env: ctx.env,
    });
    for (const p of [
      await slackProblem(symflow, a.slackWorkspaceId!),
      await flowProblem(symflow, o.flow_name),
      await secretProblem(secrets, o.okta_secret_name, o.aws_region, ctx.state.token),
    ]) {
      if (p) problems.push(p);
    }
    problems.push(...(await targetsProblems(ctx.state.okta!, a.targets!)));
    if (problems.length) {
      for (const p of problems) ctx.out.fail(p.message, p.fix);
      throw outsideError(
        `The end-to-end check found ${count(problems.length, 'problem')} (listed above).`,
        'Fix them, then run `npx sym-okta-quickstart doctor` to check again.',
      );
    }
    ctx.out.ok(
      `Flow "${o.flow_name}" is live; the secret holds the token; ${count(a.targets!.length, 'Okta group')} readable with it`,
    );
    return { status: 'done', detail: `flow ${o.flow_name}` };
  },
};
