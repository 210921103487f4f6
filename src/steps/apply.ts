import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Answers } from '../answers.js';
import { exists, writeFileAtomic } from '../adapters/files.js';
import { outsideError } from '../errors.js';
import { JOURNAL_DIR } from '../journal.js';
import { planFiles } from './write-project.js';
import type { PlannedChange, RunState, Step, StepContext } from './types.js';

export const OUTPUT_NAMES = ['okta_secret_name', 'aws_region', 'flow_name'] as const;

export function readOutputs(raw: Record<string, unknown>): NonNullable<RunState['outputs']> {
  const missing = OUTPUT_NAMES.filter((k) => typeof raw[k] !== 'string' || !raw[k]);
  if (missing.length) {
    throw outsideError(`The Terraform project has no output ${missing.join(', ')}.`, 'Restore app/outputs.tf from the template (re-run with --force-step write-project), then re-run.');
  }
  return raw as NonNullable<RunState['outputs']>;
}

const appDir = (dir: string) => join(dir, 'app');
const planFile = (dir: string) => join(dir, JOURNAL_DIR, 'apply.tfplan');

/**
 * A dry run must not touch the project, yet should show Terraform's real plan: the project as it would
 * be written (plus the current state, read-only) goes into a temporary copy.
 */
async function planInScratch(ctx: StepContext): Promise<string> {
  const scratch = await mkdtemp(join(tmpdir(), 'sym-quickstart-plan-'));
  try {
    if (await exists(ctx.dir)) await cp(ctx.dir, scratch, { recursive: true, filter: (src) => !src.includes(`${JOURNAL_DIR}`) });
    for (const p of await planFiles(ctx, ctx.state.answers as Answers)) await writeFileAtomic(join(scratch, p.rel), p.content);
    const tf = ctx.adapters.terraform;
    await tf.init(appDir(scratch));
    const result = await tf.plan(appDir(scratch), join(scratch, 'dry-run.tfplan'));
    return result.summary || (result.changes ? 'changes pending' : 'No changes.');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export const apply: Step = {
  id: 'apply',
  title: 'Terraform apply',
  async plan(ctx) {
    const cwd = appDir(ctx.dir);
    const changes: PlannedChange[] = [
      { kind: 'command', summary: `terraform init -input=false   (in ${cwd})` },
      { kind: 'command', summary: `terraform plan -input=false -detailed-exitcode -out=${planFile(ctx.dir)}` },
      { kind: 'command', summary: `terraform apply -input=false ${planFile(ctx.dir)}` },
      { kind: 'command', summary: 'terraform output -json' },
    ];
    ctx.out.info('  Running terraform plan on a scratch copy of the project:');
    changes.push({ kind: 'command', summary: `Terraform's plan: ${await planInScratch(ctx)}` });
    return changes;
  },
  async apply(ctx) {
    const tf = ctx.adapters.terraform;
    const cwd = appDir(ctx.dir);
    const spinner = ctx.out.spinner('terraform init (providers and modules)');
    try {
      await tf.init(cwd);
    } finally {
      spinner.stop();
    }
    ctx.out.ok('terraform init');
    const plan = await tf.plan(cwd, planFile(ctx.dir));
    let status: 'done' | 'unchanged' = 'unchanged';
    if (plan.changes) {
      ctx.out.info(ctx.out.c.bold(`  ${plan.summary}`));
      const go = await ctx.prompter.confirm({ message: 'Apply this plan?', default: true, flagHint: '--yes (after reviewing the plan, e.g. with --dry-run)' });
      if (!go) throw outsideError('Stopped before terraform apply; nothing was changed in AWS or Sym.', 'Re-run when you are ready; your answers are kept.');
      await tf.apply(cwd, planFile(ctx.dir));
      status = 'done';
    }
    await rm(planFile(ctx.dir), { force: true });
    ctx.state.outputs = readOutputs(await tf.output(cwd));
    ctx.out.ok(status === 'done' ? `Applied (${plan.summary.replace(/^Plan: /, '').replace(/\.$/, '')})` : 'Terraform: no changes; infrastructure matches the project');
    return { status, detail: plan.summary };
  },
};
