import { dirname, join } from 'node:path';
import { outsideError, QuickstartError } from '../errors.js';
import type { TerraformAdapter } from '../tools/terraform.js';
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

export interface ApplyDeps {
  terraform: TerraformAdapter;
  out: Output;
  prompter: Prompter;
  /** For the import hint after an orphaned create. */
  region?: string;
  /** Runs between `terraform init` and the plan (the apply step restores a secret a destroy left). */
  afterInit?: (cwd: string) => Promise<unknown>;
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
): Promise<{ applied: boolean; summary: string }> {
  const { terraform: tf, out } = deps;
  const cwd = appDir(dir);
  // What init is doing and for how long: a provider download can take minutes on a slow network.
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 1000);
  let doing = 'providers and modules';
  const label = () => `terraform init: ${doing} (${seconds()} s)`;
  const spinner = out.spinner(label());
  const redraw = () => out.interactiveTerminal && spinner.update(label());
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
  out.ok(`terraform init (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  await deps.afterInit?.(cwd);
  // The journal directory holds the saved plan; a project that has no journal yet gets it here.
  await ensureDir(dirname(planFile(dir)), 0o700);
  const plan = await tf.plan(cwd, planFile(dir));
  let applied = false;
  if (plan.changes || force) {
    out.info(out.c.bold(`  ${plan.summary}`));
    const go = await deps.prompter.confirm({
      message: 'Apply this plan?',
      default: true,
      flagHint: '--yes (after reviewing the plan, e.g. with --dry-run)',
    });
    if (!go)
      throw outsideError(
        'Stopped before terraform apply; nothing was changed in AWS or Sym.',
        'Re-run when you are ready; your answers are kept.',
      );
    await tf.apply(cwd, planFile(dir)).catch((e: unknown) => {
      throw explainAlreadyExists(e, cwd, deps.region);
    });
    applied = true;
  }
  await remove(planFile(dir));
  return { applied, summary: plan.summary };
}
