import { join, relative } from 'node:path';
import type { Answers } from '../answers.js';
import { appDir, planAndApply, planFile } from '../project/apply-plan.js';
import { undoWrites } from '../project/undo.js';
import { exists, remove, withScratchCopy, writeFileAtomic } from '../project/files.js';
import { JOURNAL_DIR } from '../project/journal.js';
import { hasEveryOutput, readOutputs } from '../project/outputs.js';
import { bringBackSecret, planSecretRestore, templateSecretName } from '../aws/secret-restore.js';
import { planFiles } from '../project/plan-files.js';
import { describeLock, lockFromLockFile, type PlanResult } from '../tools/terraform.js';
import { planLines } from '../tools/terraform-plan.js';
import { lockKeyOf } from '../aws/state-bucket.js';
import { BACKEND_TF } from '../render/backend.js';
import { LOCAL_STATE } from '../project/remote-state.js';
import type { PlannedChange, Step, StepCtx } from './types.js';

/** The part of the run context this step uses. */
type Uses =
  | 'adapters'
  | 'dir'
  | 'env'
  | 'journal'
  | 'options'
  | 'out'
  | 'previous'
  | 'prompter'
  | 'state'
  | 'templatesDir'
  | 'tmpDir';
/** The run state this step owns: only it writes these. */
const owns = ['outputs', 'applyStarted', 'applied'] as const;

/**
 * A dry run must not touch the project, yet should show Terraform's real plan: the project as it would
 * be written (plus the current state, read-only) goes into a temporary copy.
 */
async function planInScratch(ctx: StepCtx<Uses, typeof owns>): Promise<string[]> {
  return withScratchCopy(
    ctx.dir,
    (src) => src.includes(`${JOURNAL_DIR}`),
    async (scratch) => {
      for (const p of await planFiles(ctx, ctx.state.answers as Answers))
        await writeFileAtomic(join(scratch, p.rel), p.content);
      // State in S3 is read as it is, without taking its lock (that would write to the bucket). Until the
      // bucket exists, or while the local state has yet to move there, the plan starts from the local state.
      const bucket = ctx.state.stateBucket;
      if (bucket && (!bucket.found.exists || (await exists(join(scratch, LOCAL_STATE)))))
        await remove(join(scratch, BACKEND_TF));
      const tf = ctx.adapters.terraform;
      await tf.init(appDir(scratch));
      return planSummary(await tf.plan(appDir(scratch), join(scratch, 'dry-run.tfplan'), { lock: !bucket }));
    },
    ctx.tmpDir,
  );
}

/** The plan told short: the counts once, then what will be created, changed or destroyed, by system. */
function planSummary(plan: PlanResult): string[] {
  if (plan.report) return planLines(plan.report);
  return [plan.summary || (plan.changes ? 'changes pending' : 'No changes.')];
}

/** The secret an earlier destroy left scheduled for deletion, if any (see bringBackSecret). */
async function restoreTarget(ctx: StepCtx<Uses, typeof owns>) {
  const region = ctx.state.answers.awsRegion!;
  return {
    name: templateSecretName(ctx.state.answers.runtimeName!),
    region,
    secrets: await ctx.adapters.createSecrets({ region, profile: ctx.options.awsProfile, env: ctx.env }),
    journal: ctx.journal,
  };
}

/** With state in S3, a lock someone else holds is said before terraform starts waiting for it. */
async function sayWhoHoldsTheLock(ctx: StepCtx<Uses, typeof owns>): Promise<void> {
  const { stateBucket: bucket, stateKey: key, awsRegion: region } = ctx.state.answers;
  if (!bucket || !key || !region) return;
  const s3 = await ctx.adapters.createStateBucket({ region, profile: ctx.options.awsProfile, env: ctx.env });
  const lockFile = await s3.readObject(bucket, lockKeyOf(key)).catch(() => undefined);
  const lock = lockFile && lockFromLockFile(lockFile.body);
  if (lock)
    ctx.out.warn(
      `The Terraform state is locked by ${describeLock(lock)}; waiting up to ${ctx.adapters.terraform.lockArg.replace('-lock-timeout=', '')} for it.`,
    );
}

export const apply: Step<Uses, typeof owns> = {
  id: 'apply',
  title: 'Terraform apply',
  owns,
  async plan(ctx) {
    const cwd = appDir(ctx.dir);
    // The same argv the terraform adapter passes (it adds -no-color when the output has no colour), with
    // the plan file relative to app/, where they run: the dry run's paths are all relative to the project.
    const nc = ctx.out.c.level > 0 ? '' : ' -no-color';
    const plan = relative(cwd, planFile(ctx.dir));
    const changes: PlannedChange[] = [
      { kind: 'command', summary: `terraform init -input=false${nc}   (in ${relative(ctx.dir, cwd)}/)` },
      {
        kind: 'command',
        summary: `terraform plan -input=false ${ctx.adapters.terraform.lockArg} -detailed-exitcode -out=${plan}${nc}`,
      },
      {
        kind: 'command',
        summary: `terraform apply -input=false ${ctx.adapters.terraform.lockArg}${nc} ${plan}   (only when the plan has changes)`,
      },
      // With local state the outputs are read from the state file (see apply below), not by a command.
      ...(ctx.state.answers.stateBucket ? [{ kind: 'command' as const, summary: 'terraform output -json' }] : []),
      ...(await planSecretRestore(await restoreTarget(ctx), ctx.adapters.terraform.lockArg)).map((summary) => ({
        kind: 'secret' as const,
        summary,
      })),
    ];
    ctx.out.info(ctx.out.c.dim('  Planning on a scratch copy of the project (the project itself is not touched)…'));
    changes.push({ kind: 'plan', summary: ['What terraform plan says:', ...(await planInScratch(ctx))].join('\n') });
    return changes;
  },
  async apply(ctx) {
    const { terraform } = ctx.adapters;
    // The secret restored on the way: by the token step (to read the token in it), else here.
    let restored = ctx.state.restoredSecret;
    const plan = await planAndApply(
      {
        terraform,
        out: ctx.out,
        prompter: ctx.prompter,
        region: ctx.state.answers.awsRegion,
        // Before the plan: a secret an earlier destroy left scheduled for deletion comes back, and a held state lock is named.
        afterInit: async (cwd) => {
          const target = await restoreTarget(ctx);
          await bringBackSecret({
            ...target,
            terraform,
            cwd,
            out: ctx.out,
            confirm: (message) => ctx.prompter.confirm({ message, default: true }),
            onRestored: () => {
              restored = target.name;
            },
          });
          await sayWhoHoldsTheLock(ctx);
        },
        undo: () => undoWrites(ctx.dir, ctx.state.undo),
        // A secret restored on the way stays restored (it holds the token; a re-run uses it again).
        changedBefore: () =>
          restored
            ? `${restored} was restored from its scheduled deletion (an earlier destroy) and stays so`
            : undefined,
        onApply: (phase) => {
          if (phase === 'started') ctx.state.applyStarted = true;
          else ctx.state.applied = true;
        },
      },
      ctx.dir,
      ctx.options.forceSteps.has('apply'),
    );
    const status = plan.applied ? 'done' : 'unchanged';
    // With local state, the file terraform has just written holds what `terraform output` would print;
    // reading it saves starting terraform once more (it first hashes the provider binaries against the
    // lock file: about half a CPU-second). Remote state, or an output missing from the file: ask terraform.
    const app = appDir(ctx.dir);
    const local = ctx.state.answers.stateBucket ? undefined : await terraform.localOutputs(app);
    ctx.state.outputs = readOutputs(local && hasEveryOutput(local) ? local : await terraform.output(app));
    return { status, detail: plan.summary };
  },
};
