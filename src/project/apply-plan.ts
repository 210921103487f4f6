import { dirname, join } from 'node:path';
import { DeclinedError, InterruptedError, outsideError, QuickstartError } from '../errors.js';
import { stripVTControlCharacters } from 'node:util';
import type { TerraformAdapter } from '../tools/terraform.js';
import { planLines } from '../tools/terraform-plan.js';
import type { Output } from '../ui/output.js';
import type { Prompter } from '../ui/prompter.js';
import { ensureDir, remove } from './files.js';
import { JOURNAL_DIR } from './journal.js';

export const appDir = (dir: string) => join(dir, 'app');
/** The saved plan `apply` applies: in the journal directory, removed once applied. */
export const planFile = (dir: string) => join(dir, JOURNAL_DIR, 'apply.tfplan');

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

/**
 * A terraform command under a spinner with its time: terraform's latest line on it (on a terminal),
 * then the time it took. Elsewhere (CI logs) `streamed` lines are shown as they come.
 */
async function timed<T>(
  out: Output,
  label: string,
  work: (progress: (line: string) => void) => Promise<T>,
  streamed = false,
): Promise<{ value: T; seconds: string }> {
  const started = performance.now();
  const spinner = out.spinner(label);
  const progress = (line: string) => {
    const text = stripVTControlCharacters(line).trim();
    if (!out.interactiveTerminal) {
      if (streamed) out.stream(line);
    } else if (text) spinner.update(`${label}: ${text.replace(/^- /, '')}`);
  };
  try {
    const value = await work(progress);
    return { value, seconds: ((performance.now() - started) / 1000).toFixed(1) };
  } finally {
    spinner.stop();
  }
}

export interface ApplyDeps {
  terraform: TerraformAdapter;
  out: Output;
  prompter: Prompter;
  /** For the import hint after an orphaned create. */
  region?: string;
  /** Runs between `terraform init` and the plan (the apply step restores a secret a destroy left). */
  afterInit?: (cwd: string) => Promise<unknown>;
  /** Declined: puts the project's files back as they were before the run. */
  undo?: () => Promise<void>;
  /** What this run already changed in AWS before the plan (a restored secret), for the decline message. */
  changedBefore?: () => string | undefined;
  /** Notes that `terraform apply` started / finished (for saying where things stand after a stop). */
  onApply?: (phase: 'started' | 'done') => void;
}

/**
 * The project's one way to change its infrastructure: `terraform init`, a saved plan, the user's
 * confirmation (or --yes), then `apply` of exactly that plan. The init step and `ci` both go through
 * here. `force` applies even a plan without changes.
 */
export async function planAndApply(
  deps: ApplyDeps,
  dir: string,
  force = false,
): Promise<{
  applied: boolean;
  summary: string /** e.g. "1 added, 0 changed, 0 destroyed (4.1 s)" */;
  result: string;
}> {
  const { terraform: tf, out } = deps;
  const cwd = appDir(dir);
  // A provider download can take minutes on a slow network, a plan or an apply as long: each runs
  // under a spinner with its time, and terraform's own lines go to the debug log (or --verbose).
  const init = await timed(out, 'terraform init', (progress) => tf.init(cwd, progress));
  out.ok(
    init.value === 'background'
      ? 'terraform init: done in the background (providers from the plugin cache)'
      : `terraform init (${init.seconds} s)`,
  );
  await deps.afterInit?.(cwd);
  // The journal directory holds the saved plan; a project that has no journal yet gets it here.
  await ensureDir(dirname(planFile(dir)), 0o700);
  const planned = await timed(out, 'terraform plan', (progress) => tf.plan(cwd, planFile(dir), { follow: progress }));
  const plan = planned.value;
  let applied = false;
  let result = '';
  if (plan.changes || force) {
    const [counts, ...groups] = plan.report ? planLines(plan.report) : [plan.summary];
    out.info(`  ${out.c.bold(counts ?? '')}  ${out.c.dim(`(terraform plan, ${planned.seconds} s)`)}`);
    for (const line of groups) out.info(line);
    // Anything but a yes applies nothing: the saved plan goes and this run's files are put back, and
    // the message says so (and what changed before the plan, such as a restored secret).
    const putBack = async (stop: string) => {
      await remove(planFile(dir));
      await deps.undo?.();
      const before = deps.changedBefore?.();
      return `${stop}: ${before ? `${before}; nothing else was changed` : 'nothing was changed'} in AWS or Sym, and the project files are as they were before this run.`;
    };
    // Stopped at the question (Ctrl-C, SIGTERM) is a "no" too.
    const go = await deps.prompter
      .typedYes({ message: 'Apply this plan?', flagHint: '--yes (after reviewing the plan, e.g. with --dry-run)' })
      .catch(async (e: unknown) => {
        const stopped = await putBack('Stopped at the apply question');
        if (!(e instanceof InterruptedError)) throw e;
        throw new InterruptedError(stopped, true);
      });
    if (!go)
      throw new DeclinedError(
        await putBack('Stopped before terraform apply'),
        "Re-run when you are ready (this run's answers were not kept).",
      );
    deps.onApply?.('started');
    let complete = '';
    const run = await timed(
      out,
      'terraform apply',
      (progress) =>
        tf
          .apply(cwd, planFile(dir), undefined, (line) => {
            if (out.interactiveTerminal) out.detail(`  │ ${line}`);
            const done = /Apply complete! Resources: (.*)\./.exec(stripVTControlCharacters(line));
            if (done) complete = done[1]!;
            progress(line);
          })
          .catch((e: unknown) => {
            throw explainAlreadyExists(e, cwd, deps.region);
          }),
      true,
    );
    result = `${complete || plan.summary.replace(/^Plan: /, '').replace(/\.$/, '')} (${run.seconds} s)`;
    applied = true;
    deps.onApply?.('done');
  }
  // Every caller (init's apply step, ci, destroy's re-apply) ends Terraform's part with one line saying what it did.
  out.ok(applied ? `Applied: ${result}` : 'Terraform: no changes; infrastructure matches the project');
  await remove(planFile(dir));
  return { applied, summary: plan.summary, result };
}
