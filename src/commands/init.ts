import type { InitResult } from '../results.js';
import { shownPath } from '../ui/paths.js';
import { fileURLToPath } from 'node:url';
import { resolve, join } from 'node:path';
import { oktaConnectorFor } from '../okta/okta.js';
import { createIam } from '../aws/iam.js';
import { createSecrets } from '../aws/secrets.js';
import { createStateBucket } from '../aws/state-bucket.js';
import { appDir } from '../project/apply-plan.js';
import { forgetMigratedCopy, remoteStateOf } from '../project/remote-state.js';
import { createSymflow } from '../sym/symflow.js';
import { createBrowserOpener } from '../tools/browser.js';
import { createTerraform, lockTimeoutFromEnv } from '../tools/terraform.js';
import { resolvePluginCache } from '../tools/terraform-cache.js';
import { exists, readText } from '../project/files.js';
import type { Answers } from '../answers.js';
import { usageError } from '../errors.js';
import { INPUTS, type Given, type InputKey } from '../inputs.js';
import { answersOnly, Journal, journalPath } from '../project/journal.js';
import { remember } from '../project/undo.js';
import { answersFromTfvars, parseTfvars } from '../render/tfvars-parse.js';
import { runSteps, StepFailure } from '../run-steps.js';
import { FORCEABLE_STEPS, STEPS } from '../steps/index.js';
import { DEFAULT_DIRECTORY, destinationOf, IMPL, TFVARS } from '../project/paths.js';
import { isSelfApprovalOn } from '../render/impl.js';
import type { StepContext } from '../steps/types.js';
import { missingInput, Prompter } from '../ui/prompter.js';
import { canAsk, type Session } from '../session.js';
import { whereItStands } from '../ui/resume.js';

export interface InitFlags {
  yes?: boolean;
  nonInteractive?: boolean;
  dryRun?: boolean;
  json?: boolean;
  browser?: boolean;
  oktaTokenStdin?: boolean;
  replaceSecret?: boolean;
  forceStep?: string[];
}

const packageTemplates = () => fileURLToPath(new URL('../templates', import.meta.url));

async function readAll(stream: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stream.isTTY)
    throw usageError(
      '--okta-token-stdin was given, but nothing is piped into stdin.',
      'Pipe the token in: `printf %s "$OKTA_API_TOKEN" | npx sym-okta-quickstart init --okta-token-stdin …`.',
    );
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** Answers already in the project (a re-run): defaults for every question. Undefined when there is no terraform.tfvars. */
async function previousAnswers(dir: string): Promise<Partial<Answers> | undefined> {
  const src = await readText(join(dir, TFVARS));
  if (src === undefined) return undefined;
  let answers: Partial<Answers>;
  try {
    answers = answersFromTfvars(await parseTfvars(src, TFVARS));
  } catch (e) {
    throw usageError(
      `${join(dir, TFVARS)} cannot be parsed: ${(e as Error).message}`,
      'Fix the syntax (`terraform fmt` points at it), or move the file away to start over.',
    );
  }
  // Self-approval lives in impl.py, not tfvars: a re-run keeps what the project has.
  const impl = await readText(join(dir, destinationOf(IMPL)));
  const self = impl === undefined ? undefined : isSelfApprovalOn(impl);
  return self === undefined ? answers : { ...answers, allowSelfApproval: self };
}

function checkForceSteps(ids: readonly string[]): void {
  for (const id of ids) {
    if (FORCEABLE_STEPS.includes(id)) continue;
    const known = STEPS.some((step) => step.id === id);
    throw usageError(
      known
        ? `--force-step ${id}: that step runs its checks on every run, so there is nothing to force.`
        : `--force-step ${id}: there is no step named "${id}".`,
      `--force-step takes ${FORCEABLE_STEPS.join(', ')}.`,
    );
  }
}

export async function initCommand(
  dirArg: string | undefined,
  flags: InitFlags,
  given: Partial<Record<InputKey, Given>>,
  s: Session,
): Promise<{
  code: number;
  result: InitResult;
  answers: Partial<Answers>;
  /** A journal is on disk: a re-run skips what this one finished. */
  resumable?: boolean;
  /** Where things stand after a stop part-way through applying. */
  standing?: string;
  /** The Okta groups' names by ID, as looked up during the run (the summary names them). */
  groupNames: Map<string, string>;
  error?: unknown;
}> {
  const started = new Date();
  const dir = resolve(s.io.cwd, dirArg ?? DEFAULT_DIRECTORY);
  const env = s.io.env;
  const interactive = canAsk(s.io, flags.nonInteractive);
  const yes = Boolean(flags.yes);
  const dryRun = Boolean(flags.dryRun);
  checkForceSteps(flags.forceStep ?? []);

  let givenToken = env.OKTA_API_TOKEN?.trim() || undefined;
  if (flags.oktaTokenStdin) givenToken = (await readAll(s.io.stdin)) || undefined;
  s.redactor.add(givenToken);

  // terraform.tfvars is what the user may have edited since (a key removed on purpose included), so
  // the journal's copy of the last answers stands in only when the file is gone.
  const journal = await Journal.load(dir);
  const journalled = answersOnly(journal.data.answers);
  const previous = (await previousAnswers(dir)) ?? { ...journalled };
  // Where the state is, app/backend.tf says (it is committed: a fresh clone knows it too); that a
  // local file was chosen, only the journal remembers.
  const backend = await remoteStateOf(dir);
  if (backend) Object.assign(previous, { stateBucket: backend.bucket, stateKey: backend.key });
  else if (journalled.stateBucket === '') previous.stateBucket = '';
  if (!interactive) {
    // Fail fast, naming every missing value at once, before any process starts or anything is written.
    const missing = INPUTS.filter(
      (spec) => spec.requiredUnattended && !given[spec.key] && !(spec.answer && previous[spec.answer] !== undefined),
    ).map((spec) => spec.key);
    const extra: string[] = [];
    // A re-run may use the token its secret already holds (checked with Okta at the token step).
    const rerun = Object.keys(previous).length > 0;
    if (!givenToken && !rerun) extra.push('the Okta API token: OKTA_API_TOKEN, or pipe it in with --okta-token-stdin');
    if (!yes && !dryRun)
      extra.push(
        '--yes (or SYM_QUICKSTART_YES=1): confirms the Terraform plan without a prompt (review it first with --dry-run)',
      );
    if (missing.length || extra.length) throw missingInput(missing, extra);
  }

  const out = s.out;
  const runner = s.runner;
  // A home directory we cannot write to only costs the cache: every init then downloads, as before.
  const cache = await resolvePluginCache(env, { dryRun }).catch(() => undefined);
  const terraform = createTerraform(runner, {
    color: out.c.level > 0,
    env: { AWS_PROFILE: (given.awsProfile?.value as string | undefined) ?? env.AWS_PROFILE },
    onLine: (line) => out.stream(line),
    onQuietLine: (line) => out.detail(`  │ ${line}`),
    tmpDir: s.tmpDir,
    // Lines arriving while a prompt owns the terminal would break it.
    onBackgroundLine: interactive ? undefined : (line) => out.detail(`  │ (background) ${line}`),
    signal: s.signal,
    cache,
    lockTimeout: lockTimeoutFromEnv(env),
  });
  const ctx: StepContext = {
    dir,
    env,
    out,
    prompter: new Prompter(interactive, given, out, { input: s.io.stdin, output: s.io.stderr }, yes),
    redactor: s.redactor,
    journal,
    adapters: {
      runner,
      symflow: createSymflow(runner),
      terraform,
      connectOkta: oktaConnectorFor(env),
      createSecrets,
      createStateBucket,
      createIam,
      openUrl: createBrowserOpener(runner),
    },
    options: {
      interactive,
      yes,
      dryRun,
      json: Boolean(flags.json),
      openBrowser: flags.browser !== false,
      replaceSecret: Boolean(flags.replaceSecret),
      forceSteps: new Set(flags.forceStep ?? []),
      awsProfile: (given.awsProfile?.value as string | undefined) ?? env.AWS_PROFILE,
      slackWaitMs: Number(env.SYM_QUICKSTART_SLACK_WAIT_SECONDS ?? 300) * 1000,
      pollIntervalMs: Number(env.SYM_QUICKSTART_POLL_SECONDS ?? 2) * 1000,
    },
    previous,
    givenToken,
    templatesDir: env.SYM_QUICKSTART_TEMPLATES ? resolve(s.io.cwd, env.SYM_QUICKSTART_TEMPLATES) : packageTemplates(),
    tmpDir: s.tmpDir,
    state: { answers: {}, groups: new Map() },
    signal: s.signal,
  };

  if (dryRun)
    out.info(
      out.c.bold(
        `Dry run of ${shownPath(s.io.cwd, dir)}: every check and read runs; nothing is changed anywhere. Paths below are relative to the project.`,
      ),
    );
  // The journal as it was before this run, for a declined plan to put back (any step may save it).
  ctx.state.undo = { dirExisted: await exists(dir), files: new Map() };
  await remember(ctx.state.undo, journalPath(dir));
  // The project directory is known: Terraform's providers and modules download while the questions
  // are answered (and the Okta and AWS checks run), instead of after them. A project initialised by
  // an earlier run has them already; warming up again would only spend a second of CPU repeating it.
  if (!(await exists(join(appDir(dir), '.terraform')))) terraform.warmUp(ctx.templatesDir);
  try {
    const steps = await runSteps(ctx, STEPS);
    if (!dryRun) await forgetMigratedCopy(dir, journal, started);
    const o = ctx.state.outputs;
    const result: InitResult = {
      ok: true,
      directory: dir,
      steps,
      ...(o ? { secret: { name: o.okta_secret_name, region: o.aws_region }, flow: o.flow_name } : {}),
    };
    return { code: 0, result, answers: ctx.state.answers, groupNames: groupNames(ctx) };
  } catch (e) {
    const failure = e instanceof StepFailure ? e : undefined;
    const o = ctx.state.outputs;
    const result: InitResult = {
      ok: false,
      directory: dir,
      steps: failure?.reports ?? [],
      ...(o ? { secret: { name: o.okta_secret_name, region: o.aws_region }, flow: o.flow_name } : {}),
    };
    return {
      code: -1,
      result,
      answers: ctx.state.answers,
      groupNames: groupNames(ctx),
      error: failure ? failure.cause : e,
      resumable: await exists(journalPath(dir)),
      standing: whereItStands(failure?.stepId, ctx.state),
    };
  } finally {
    await terraform.stopWarmUp();
  }
}

/** The names of the Okta groups the run looked up (targets, then the approver group), by ID. */
const groupNames = ({ state }: StepContext) =>
  new Map([...state.groups.values(), ...(state.approver ? [state.approver] : [])].map((g) => [g.id, g.name]));
