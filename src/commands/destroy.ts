import { findProject } from '../project/find-project.js';
import { join } from 'node:path';
import { ensureDir, exists, readText, remove, scratchDir } from '../project/files.js';
import { createSecrets } from '../aws/secrets.js';
import { createSymflow } from '../sym/symflow.js';
import { createTerraform, lockTimeoutFromEnv } from '../tools/terraform.js';
import { destroyChanges } from '../tools/terraform-state.js';
import type { Answers } from '../answers.js';
import { authError, InterruptedError, missingError, usageError } from '../errors.js';
import { answersOnly, JOURNAL_DIR, Journal } from '../project/journal.js';
import { BACKEND_TF, parseBackend } from '../render/backend.js';
import { answersFromTfvars, parseTfvars } from '../render/tfvars-parse.js';
import { canAsk, type Session } from '../session.js';
import { checkNode, checkTerraform } from '../tools/versions.js';
import { BOT_TOKEN_RECIPE } from '../sym/checks.js';
import { TFVARS } from '../project/paths.js';
import {
  type Doomed,
  doomedResources,
  keptThings,
  renderDestroySummary,
  restoreCommand,
} from '../ui/destroy-summary.js';
import { Prompter } from '../ui/prompter.js';
import { fail, ok } from '../validate/result.js';

export interface DestroyFlags {
  yes?: boolean;
  confirm?: string;
  json?: boolean;
  dryRun?: boolean;
  nonInteractive?: boolean;
  verbose?: boolean;
}

export interface DestroyResult {
  ok: boolean;
  directory: string;
  runtime: string;
  dryRun: boolean;
  /** What was destroyed (a dry run: what would be). */
  destroyed: Array<Pick<Doomed, 'address' | 'type' | 'name' | 'group'>>;
  secret?: {
    name: string;
    region: string;
    recoveryWindowDays: number;
    /** When AWS deletes it for good (about; from this run's clock). */
    deletionDate?: string;
    restoreCommand?: string;
  };
  kept: Array<{ what: string; how: string }>;
}

const appDir = (dir: string) => join(dir, 'app');

/** The project's runtime name and region, from terraform.tfvars (the journal's copy when the file is gone). */
async function projectIdentity(dir: string, journal: Journal): Promise<{ runtime: string; region: string }> {
  const src = await readText(join(dir, TFVARS));
  let answers: Partial<Answers> = answersOnly(journal.data.answers);
  if (src !== undefined) {
    try {
      answers = { ...answers, ...answersFromTfvars(await parseTfvars(src, TFVARS)) };
    } catch (e) {
      throw usageError(
        `${join(dir, TFVARS)} cannot be parsed: ${(e as Error).message}`,
        'Fix the syntax (`terraform fmt` points at it): destroy needs the runtime name and region it holds.',
      );
    }
  }
  // The variables' own defaults (templates/app/variables.tf) when the file leaves them out.
  return { runtime: answers.runtimeName ?? 'prod', region: answers.awsRegion ?? 'us-east-1' };
}

/** `bucket` and `key` of an S3 backend (app/backend.tf, read by the same parser `init` uses). */
async function stateBucket(dir: string): Promise<{ name: string; key: string } | undefined> {
  const src = await readText(join(dir, BACKEND_TF));
  const backend = src === undefined ? undefined : parseBackend(src);
  return backend ? { name: backend.bucket, key: backend.key } : undefined;
}

/**
 * Checks what it can before anything runs: a wrong or missing confirmation is a usage error (exit 2)
 * here, so an unattended destroy never starts Terraform on a guess.
 */
function checkConfirmation(flags: DestroyFlags, runtime: string, interactive: boolean): void {
  const again = `npx sym-okta-quickstart destroy <directory> --yes --confirm ${runtime}`;
  if (flags.confirm !== undefined && flags.confirm !== runtime)
    throw usageError(
      `--confirm "${flags.confirm}" does not match this project's runtime name "${runtime}"; nothing was destroyed.`,
      `Check the directory, then confirm with the runtime name it holds: \`${again}\`.`,
    );
  if (flags.dryRun) return;
  if (flags.yes && flags.confirm === undefined)
    throw usageError(
      '--yes alone does not destroy anything: an unattended destroy also names what it destroys.',
      `Add --confirm with the runtime name: \`${again}\` (review it first with --dry-run).`,
    );
  if (!interactive && !(flags.yes && flags.confirm !== undefined))
    throw usageError(
      'destroy cannot ask for its confirmation in non-interactive mode.',
      `Confirm on the command line: \`${again}\` (review it first with --dry-run).`,
    );
}

/** Whether a teardown is under way (this run's or an unfinished earlier one): then a re-run finishes it. */
export interface DestroyProgress {
  started: boolean;
}

export async function destroyCommand(
  dirArg: string | undefined,
  flags: DestroyFlags,
  s: Session,
  progress: DestroyProgress = { started: false },
): Promise<DestroyResult> {
  const dir = await findProject(s.io.cwd, dirArg, 'destroy');
  const { out, runner, io } = s;
  const env = io.env;
  const interactive = canAsk(io, flags.nonInteractive);
  const dryRun = Boolean(flags.dryRun);

  if (!(await exists(join(appDir(dir), 'main.tf'))))
    throw missingError(
      `${dir} is not a sym-okta-quickstart project (there is no app/main.tf).`,
      'Pass the project directory: `npx sym-okta-quickstart destroy ./sym-okta-quickstart`.',
    );
  const journal = await Journal.load(dir);
  progress.started = Boolean(journal.data.teardown && !journal.data.teardown.finishedAt);
  const { runtime, region } = await projectIdentity(dir, journal);
  checkConfirmation(flags, runtime, interactive);

  const tf = createTerraform(runner, {
    color: out.c.level > 0,
    onLine: (line) => out.stream(line),
    onQuietLine: (line) => out.detail(`  │ ${line}`),
    tmpDir: s.tmpDir,
    signal: s.signal,
    lockTimeout: lockTimeoutFromEnv(env),
  });
  const secrets = await createSecrets({ region, profile: env.AWS_PROFILE, env });

  out.step('Check tools and credentials');
  const node = await checkNode();
  const terraform = await checkTerraform({ adapters: { terraform: tf } });
  const aws = await secrets.checkCredentials();
  // Terraform's Sym provider needs a session (or SYM_JWT) to delete the Sym resources.
  const session = await createSymflow(runner).status();
  if (!session.loggedIn)
    throw authError(
      env.SYM_JWT
        ? `Sym rejected the bot token in SYM_JWT: ${session.detail}`
        : `You are not logged in to Sym (${session.detail}); Terraform needs a session to delete the Sym resources.`,
      env.SYM_JWT
        ? 'Issue a new one with `symflow tokens issue -u <bot> -e 30d` and update SYM_JWT.'
        : `Run \`symflow login\`, then re-run. ${BOT_TOKEN_RECIPE}`,
    );
  out.ok(
    `node ${node}, terraform ${terraform}, AWS credentials from ${aws.detail}, Sym: ${session.org} as ${session.user}`,
  );

  out.step('What goes');
  const cwd = appDir(dir);
  // A dry run leaves nothing in the project, not even a plan file.
  const scratch = dryRun ? await scratchDir('sym-quickstart-destroy-', s.tmpDir) : undefined;
  const planFile = join(scratch ?? join(dir, JOURNAL_DIR), 'destroy.tfplan');
  if (!scratch) await ensureDir(join(dir, JOURNAL_DIR), 0o700);
  const bucket = await stateBucket(dir);
  const kept = keptThings({ dir, bucket });
  const result: DestroyResult = { ok: true, directory: dir, runtime, dryRun, destroyed: [], kept };
  try {
    const spinner = out.spinner('terraform init, then plan -destroy (reads the state)');
    let doomed: Doomed[];
    let doomedSecrets: ReturnType<typeof doomedResources>['secrets'];
    try {
      await tf.init(cwd);
      // The state as its backend holds it (`state pull` starts no provider): names and the secret's
      // recovery window for the summary, read there rather than from `terraform show -json`, which
      // starts every provider again only to decode the saved plan. A state without resources has
      // nothing to plan: a destroy plan only deletes what the state holds.
      const state = await tf.stateResources(cwd);
      const planned = state.some((s) => s.mode === 'managed')
        ? (await tf.planDestroy(cwd, planFile)).report.resources
        : [];
      ({ doomed, secrets: doomedSecrets } = doomedResources(destroyChanges(planned, state)));
    } finally {
      spinner.stop();
    }
    result.destroyed = doomed.map(({ address, type, name, group }) => ({ address, type, name, group }));
    const secretName = doomedSecrets[0]?.name ?? journal.data.teardown?.secret?.name;

    if (!doomed.length) {
      // Nothing in the state: a finished destroy, or one whose Terraform ran to the end after the wizard stopped.
      out.ok(`Nothing to destroy: Terraform's state for runtime "${runtime}" holds no resources.`);
      if (!dryRun && journal.data.teardown && !journal.data.teardown.finishedAt) await finished(journal);
      if (secretName) result.secret = await secretAfter(secrets, secretName, region, journal);
      report(s, result, dryRun);
      return result;
    }

    out.info(renderDestroySummary(out.c, { runtime, doomed, secrets: doomedSecrets, kept }));
    if (dryRun) {
      const nc = out.c.level > 0 ? '' : ' -no-color';
      out.info(
        `\n${out.c.bold('Dry run: nothing was destroyed.')} The real run applies this plan with \`terraform apply -input=false ${tf.lockArg}${nc} <destroy plan>\` after you type the runtime name.`,
      );
      if (doomedSecrets[0])
        result.secret = {
          name: doomedSecrets[0].name,
          region,
          recoveryWindowDays: doomedSecrets[0].recoveryWindowDays,
        };
      return result;
    }

    if (!(flags.yes && flags.confirm === runtime)) {
      const prompter = new Prompter(interactive, {}, out, { input: io.stdin, output: io.stderr }, false);
      try {
        await prompter.text({
          message: `Type the runtime name (${runtime}) to destroy all of this`,
          validate: (raw) =>
            raw.trim() === runtime
              ? ok(raw.trim())
              : fail(`That is not "${runtime}". Type it exactly to destroy, or press Ctrl-C to keep everything.`),
        });
      } catch (e) {
        if (e instanceof InterruptedError && !progress.started)
          throw new InterruptedError('Interrupted at the confirmation: nothing was destroyed.');
        throw e;
      }
    }

    const window = doomedSecrets[0]?.recoveryWindowDays;
    journal.data.teardown = {
      startedAt: new Date().toISOString(),
      resources: doomed.map((d) => d.address),
      ...(secretName ? { secret: { name: secretName, region, recoveryWindowDays: window } } : {}),
    };
    await journal.save();
    progress.started = true;

    out.step('terraform destroy');
    try {
      await tf.apply(cwd, planFile, '`terraform destroy`');
    } catch (e) {
      if (s.signal.aborted) throw new InterruptedError();
      throw e;
    }
    await finished(journal);
    out.ok(`Destroyed ${doomed.length} resource${doomed.length === 1 ? '' : 's'} of runtime "${runtime}"`);
    // Finished, but the user asked to stop: the same answer as init (130); a re-run reports the rest.
    if (s.signal.aborted) throw new InterruptedError();
    if (secretName) result.secret = await secretAfter(secrets, secretName, region, journal);
    report(s, result, false);
    return result;
  } finally {
    await remove(scratch ?? planFile);
  }
}

/** Records the end of the teardown, and when AWS deletes the secret for good (by this machine's clock). */
async function finished(journal: Journal): Promise<void> {
  const t = journal.data.teardown!;
  t.finishedAt = new Date().toISOString();
  const days = t.secret?.recoveryWindowDays;
  if (t.secret && days) t.secret.deletionDate = new Date(Date.parse(t.finishedAt) + days * 86_400_000).toISOString();
  await journal.save();
}

/** The secret as AWS has it after the destroy: scheduled for deletion (with its restore command), or gone. */
async function secretAfter(
  secrets: Awaited<ReturnType<typeof createSecrets>>,
  name: string,
  region: string,
  journal: Journal,
): Promise<DestroyResult['secret']> {
  const info = await secrets.describe(name);
  const recorded = journal.data.teardown?.secret;
  const days = recorded?.recoveryWindowDays ?? 30;
  if (!info.exists || !info.deletedDate) return { name, region, recoveryWindowDays: days };
  const deletionDate = recorded?.deletionDate ?? new Date(Date.now() + days * 86_400_000).toISOString();
  return { name, region, recoveryWindowDays: days, deletionDate, restoreCommand: restoreCommand({ name, region }) };
}

function report(s: Session, r: DestroyResult, dryRun: boolean): void {
  const { out } = s;
  if (dryRun) return;
  const sec = r.secret;
  if (sec?.restoreCommand) {
    out.info(
      `\nThe secret ${sec.name} is scheduled for deletion: AWS deletes it for good after ${sec.deletionDate!.slice(0, 10)} (${sec.recoveryWindowDays}-day recovery window). Until then, bring it back with:\n  ${out.c.bold(sec.restoreCommand)}`,
    );
  } else if (sec) {
    out.info(`\nThe secret ${sec.name} is gone (no recovery window).`);
  }
  out.info(out.c.bold('\nKept:'));
  for (const k of r.kept) out.info(`  • ${k.what}\n      ${out.c.dim(k.how)}`);
  out.info(
    `\nTo build it all again: ${out.c.bold(`npx sym-okta-quickstart init ${r.directory}`)} (it restores the secret while AWS still keeps it).`,
  );
}
