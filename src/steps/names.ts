import { outsideError } from '../errors.js';
import { checkNames, takenMessage } from '../project/name-check.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'dir' | 'env' | 'options' | 'state';
/** The run state this step owns: none (it only reads). */
const owns = [] as const;

/**
 * Before anything changes: the IAM role and policies and the Sym environment, runtime and
 * integrations this project would create must not exist already outside its own state (every Sym
 * quickstart defaults to "prod"), or the apply fails half-way with "EntityAlreadyExists" or Sym's
 * "already exists". A gathering step, so --dry-run runs it too.
 */
export const names: Step<Uses, typeof owns> = {
  id: 'names',
  title: 'Names in AWS and Sym',
  owns,
  async gather(ctx) {
    const runtime = ctx.state.answers.runtimeName!;
    const target = { region: ctx.state.answers.awsRegion!, profile: ctx.options.awsProfile, env: ctx.env };
    const r = await checkNames(ctx.adapters, target, runtime, ctx.dir);
    if (r.status === 'unknown')
      return { status: 'skipped', detail: 'the project keeps its state in a backend; its names are its own' };
    if (r.status === 'taken') {
      const { message, fix } = takenMessage(runtime, r);
      throw outsideError(`${message} Nothing was changed.`, fix);
    }
    return { status: 'done', detail: `${runtime}: its IAM and Sym names are free (or this project's)` };
  },
};
