import { join } from 'node:path';
import { remove, writeFileAtomic } from '../project/files.js';
import { outsideError } from '../errors.js';
import { LOCAL_STATE, localState, MIGRATED_COPY } from '../project/remote-state.js';
import type { Step } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'dir' | 'journal' | 'out' | 'state';
/** The run state this step owns: none (it only reads). */
const owns = [] as const;

/** Why there is nothing to move: the state stays a local file (no bucket was chosen). */
const nothingToMove = (ctx: { state: { stateBucket?: unknown } }) =>
  ctx.state.stateBucket ? undefined : 'the state is a local file: nothing to move';

/**
 * Moves a local state file to the S3 backend app/backend.tf now names (the user confirmed it while
 * the state step gathered). The local file goes only once the backend's copy has been read back and
 * holds the same resources and serial; its copy stays in .sym-quickstart/ until the next successful run.
 */
export const migrateState: Step<Uses, typeof owns> = {
  id: 'migrate-state',
  title: 'Move Terraform state to S3',
  owns,
  idle: nothingToMove,
  async plan(ctx) {
    return ctx.state.stateBucket?.migrate
      ? [
          {
            kind: 'command',
            summary: `terraform init -input=false -migrate-state -force-copy   (in app/)`,
          },
        ]
      : [];
  },
  async apply(ctx) {
    // The runner skips an idle step; apply called anyway (a test, a future caller) moves nothing either.
    const idle = nothingToMove(ctx);
    if (idle) return { status: 'unchanged', detail: idle };
    const local = await localState(ctx.dir);
    if (!local?.resources) return { status: 'unchanged', detail: 'no local state to move' };
    const { stateBucket: bucket, stateKey: key } = ctx.state.answers;
    const tf = ctx.adapters.terraform;
    const app = join(ctx.dir, 'app');
    // The copy first, so there is no moment without one (Terraform empties the local file as it migrates).
    await writeFileAtomic(join(ctx.dir, MIGRATED_COPY), local.text, 0o600);
    const spinner = ctx.out.spinner(`terraform init -migrate-state (to s3://${bucket}/${key})`);
    try {
      await tf.init(app, undefined, { migrateState: true });
    } finally {
      spinner.stop();
    }
    // Terraform writes the copy as a new state (serial 1, its own lineage), so what must match is every
    // resource instance and its ID.
    const remote = await tf.statePull(app);
    const same = remote?.instances.join('\n') === local.instances.join('\n');
    if (!remote || !same)
      throw outsideError(
        `The state read back from s3://${bucket}/${key} does not match the local file (local: ${local.resources} resources; S3: ${remote ? `${remote.resources} resources, not the same ones` : 'nothing'}). A copy of the local state is in ${MIGRATED_COPY}.`,
        `Compare them (\`terraform -chdir=${app} state pull\`), then re-run; nothing in AWS or Sym was changed.`,
      );
    // Terraform empties the local file and leaves the full state in terraform.tfstate.backup: both go,
    // so the only local copy is the private one (mode 0600), kept until the next successful run.
    await remove(join(ctx.dir, LOCAL_STATE));
    await remove(join(ctx.dir, `${LOCAL_STATE}.backup`));
    ctx.journal.data.migratedAt = new Date().toISOString();
    ctx.out.ok(
      `State moved to s3://${bucket}/${key} (${remote.resources} resources, read back and compared); the local copy is in ${MIGRATED_COPY} until the next successful run`,
    );
    return { status: 'done', detail: `${remote.resources} resources moved to s3://${bucket}/${key}` };
  },
};
