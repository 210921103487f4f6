import { outsideError } from '../errors.js';
import { clashes, freeRuntimeName, type TakenNames } from '../project/names.js';
import { namesInState } from '../project/state-names.js';
import type { Step } from './types.js';

const SYM_TYPES = ['sym_environment', 'sym_runtime', 'sym_integration'] as const;

/**
 * Before anything changes: the IAM role and policies and the Sym environment, runtime and
 * integrations this project would create must not exist already outside its own state (every Sym
 * quickstart defaults to "prod"), or the apply fails half-way with "EntityAlreadyExists" or Sym's
 * "already exists". Runs in --dry-run too, being a gathering step.
 */
export const names: Step = {
  id: 'names',
  title: 'Names in AWS and Sym',
  async gather(ctx) {
    const runtime = ctx.state.answers.runtimeName!;
    const ours = await namesInState(ctx.dir);
    if (ours === 'unknown')
      return { status: 'skipped', detail: 'the project keeps its state in a backend; its names are its own' };
    const iam = await ctx.adapters.createIam({
      region: ctx.state.answers.awsRegion!,
      profile: ctx.options.awsProfile,
      env: ctx.env,
    });
    const [aws, ...sym] = await Promise.all([
      iam.names(),
      ...SYM_TYPES.map((type) => ctx.adapters.symflow.resourcesList(type)),
    ]);
    const taken: TakenNames = {
      iamRoles: aws!.roles,
      iamPolicies: aws!.policies,
      sym: Object.fromEntries(
        SYM_TYPES.map((type, i) => [type, new Set(sym[i]!.map((row) => row.slug.toLowerCase()))]),
      ) as TakenNames['sym'],
    };
    const found = clashes(runtime, taken, ours);
    if (found.length) {
      const list = found.map((c) => `${c.kind} ${c.name}`).join(', ');
      const free = freeRuntimeName(runtime, taken);
      throw outsideError(
        `The runtime name "${runtime}" would create names that already exist and are not this project's: ${list}. Terraform would stop half-way on them, so nothing was changed.`,
        `Choose a runtime name that is free, e.g. --runtime-name ${free} (free in this AWS account and Sym org). To take over the existing setup instead, import it into this project's state.`,
      );
    }
    return { status: 'done', detail: `${runtime}: its IAM and Sym names are free (or this project's)` };
  },
};
