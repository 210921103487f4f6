import { join } from 'node:path';
import type { Answers } from '../answers.js';
import { outsideError, QuickstartError } from '../errors.js';
import { exists, remove, withScratchCopy, writeFileAtomic } from '../project/files.js';
import { JOURNAL_DIR } from '../project/journal.js';
import { readOutputs } from '../project/outputs.js';
import { bringBackSecret, planSecretRestore, templateSecretName } from '../aws/secret-restore.js';
import { planFiles } from '../project/plan-files.js';
import { describeLock, lockFromLockFile } from '../tools/terraform.js';
import { lockKeyOf } from '../aws/state-bucket.js';
import { BACKEND_TF } from '../render/backend.js';
import { LOCAL_STATE } from '../project/remote-state.js';
import type { PlannedChange, Step, StepContext } from './types.js';

const appDir = (dir: string) => join(dir, 'app');
const planFile = (dir: string) => join(dir, JOURNAL_DIR, 'apply.tfplan');

/**
 * A dry run must not touch the project, yet should show Terraform's real plan: the project as it would
 * be written (plus the current state, read-only) goes into a temporary copy.
 */
async function planInScratch(ctx: StepContext): Promise<string> {
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
      const result = await tf.plan(appDir(scratch), join(scratch, 'dry-run.tfplan'), { lock: !bucket });
      return result.summary || (result.changes ? 'changes pending' : 'No changes.');
    },
  );
}

/**
 * Terraform cannot create what already exists. After a run was stopped while Terraform was creating
 * something (AWS made it, Terraform never recorded it), that is exactly what the next apply meets:
 * say how to bring it into Terraform's state instead of leaving the user with AWS's error.
 */
function explainAlreadyExists(e: unknown, cwd: string, region: string | undefined): unknown {
  if (!(e instanceof QuickstartError) || !/already exists/i.test(e.message)) return e;
  const address = /\bwith ([\w.[\]"-]+),/.exec(e.message)?.[1] ?? '<resource address from the error>';
  const secret = /Secrets Manager Secret \(([^)]+)\)/.exec(e.message)?.[1];
  const id = secret
    ? `"$(aws secretsmanager describe-secret --secret-id ${secret}${region ? ` --region ${region}` : ''} --query ARN --output text)"`
    : '<its id>';
  return outsideError(
    e.message,
    `If an earlier run was stopped during \`terraform apply\`, AWS created this but Terraform never recorded it. Bring it into Terraform's state, then re-run: \`terraform -chdir=${cwd} import ${address} ${id}\`. If it belongs to something else, choose another --runtime-name instead.`,
    e,
  );
}

/** The secret an earlier destroy left scheduled for deletion, if any (see bringBackSecret). */
async function restoreTarget(ctx: StepContext) {
  const region = ctx.state.answers.awsRegion!;
  return {
    name: templateSecretName(ctx.state.answers.runtimeName!),
    region,
    secrets: await ctx.adapters.createSecrets({ region, profile: ctx.options.awsProfile, env: ctx.env }),
    journal: ctx.journal,
  };
}

/** With state in S3, a lock someone else holds is said before terraform starts waiting for it. */
async function sayWhoHoldsTheLock(ctx: StepContext): Promise<void> {
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

export const apply: Step = {
  id: 'apply',
  title: 'Terraform apply',
  async plan(ctx) {
    const cwd = appDir(ctx.dir);
    // The same argv the terraform adapter passes (it adds -no-color when the output has no colour).
    const nc = ctx.out.c.level > 0 ? '' : ' -no-color';
    const changes: PlannedChange[] = [
      { kind: 'command', summary: `terraform init -input=false${nc}   (in ${cwd})` },
      {
        kind: 'command',
        summary: `terraform plan -input=false ${ctx.adapters.terraform.lockArg} -detailed-exitcode -out=${planFile(ctx.dir)}${nc}`,
      },
      {
        kind: 'command',
        summary: `terraform apply -input=false ${ctx.adapters.terraform.lockArg}${nc} ${planFile(ctx.dir)}   (only when the plan has changes)`,
      },
      { kind: 'command', summary: 'terraform output -json' },
      ...(await planSecretRestore(await restoreTarget(ctx))).map((summary) => ({ kind: 'secret' as const, summary })),
    ];
    ctx.out.info('  Running terraform plan on a scratch copy of the project:');
    changes.push({ kind: 'command', summary: `Terraform's plan: ${await planInScratch(ctx)}` });
    return changes;
  },
  async apply(ctx) {
    const tf = ctx.adapters.terraform;
    const cwd = appDir(ctx.dir);
    // What init is doing and for how long: a provider download can take minutes on a slow network.
    const started = performance.now();
    const seconds = () => Math.round((performance.now() - started) / 1000);
    let doing = 'providers and modules';
    const label = () => `terraform init: ${doing} (${seconds()} s)`;
    const spinner = ctx.out.spinner(label());
    const redraw = () => ctx.out.interactiveTerminal && spinner.update(label());
    const ticker = setInterval(redraw, 1000);
    try {
      await tf.init(cwd, (what) => {
        doing = what;
        redraw();
      });
    } finally {
      clearInterval(ticker);
      spinner.stop();
    }
    ctx.out.ok(`terraform init (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    await bringBackSecret({
      ...(await restoreTarget(ctx)),
      terraform: tf,
      cwd,
      out: ctx.out,
      confirm: (message) => ctx.prompter.confirm({ message, default: true }),
    });
    await sayWhoHoldsTheLock(ctx);
    const plan = await tf.plan(cwd, planFile(ctx.dir));
    let status: 'done' | 'unchanged' = 'unchanged';
    if (plan.changes || ctx.options.forceSteps.has('apply')) {
      ctx.out.info(ctx.out.c.bold(`  ${plan.summary}`));
      const go = await ctx.prompter.confirm({
        message: 'Apply this plan?',
        default: true,
        flagHint: '--yes (after reviewing the plan, e.g. with --dry-run)',
      });
      if (!go)
        throw outsideError(
          'Stopped before terraform apply; nothing was changed in AWS or Sym.',
          'Re-run when you are ready; your answers are kept.',
        );
      await tf.apply(cwd, planFile(ctx.dir)).catch((e: unknown) => {
        throw explainAlreadyExists(e, cwd, ctx.state.answers.awsRegion);
      });
      status = 'done';
    }
    await remove(planFile(ctx.dir));
    ctx.state.outputs = readOutputs(await tf.output(cwd));
    ctx.out.ok(
      status === 'done'
        ? `Applied (${plan.summary.replace(/^Plan: /, '').replace(/\.$/, '')})`
        : 'Terraform: no changes; infrastructure matches the project',
    );
    return { status, detail: plan.summary };
  },
};
