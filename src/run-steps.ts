import { DeclinedError, InterruptedError } from './errors.js';
import { answersOnly, fingerprint } from './project/journal.js';
import type { AnyStep, PlannedChange, StepContext, StepStatus } from './steps/types.js';

export interface StepReport {
  id: string;
  status: StepStatus;
  detail?: string;
}

/** Carries the steps that ran when a run fails, so `--json` can still report them. */
export class StepFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly reports: StepReport[],
    readonly stepId: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function printPlan(ctx: StepContext, changes: PlannedChange[]) {
  for (const c of changes) {
    if (c.kind === 'plan') {
      // A heading, then the plan's lines under it.
      const [head, ...rest] = c.summary.split('\n');
      ctx.out.info(`  ${head}`);
      for (const line of rest) ctx.out.info(`    ${line}`);
      continue;
    }
    ctx.out.info(`  ${c.kind === 'command' ? '$' : c.kind === 'secret' ? '🔑' : '•'} ${c.summary}`);
    if (c.diff)
      ctx.out.info(
        c.diff
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
  if (!changes.length) ctx.out.info(ctx.out.c.dim('  (nothing to change)'));
}

/** `work`, or InterruptedError as soon as the run is interrupted; the work itself is left to finish or fail unobserved. */
function untilInterrupted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(new InterruptedError());
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new InterruptedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs the steps in order: gather, then (unless it is a dry run) apply. The journal is saved only
 * once the project directory exists — answering questions must leave nothing on disk.
 */
export async function runSteps(ctx: StepContext, steps: readonly AnyStep[]): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of steps) {
    if (ctx.signal.aborted) throw new StepFailure(new InterruptedError(), reports, step.id);
    // A step with nothing to do in this run gets no heading: a section saying "nothing to do" is noise.
    const idle = step.idle?.(ctx);
    if (idle) {
      reports.push({ id: step.id, status: 'skipped', detail: idle });
      if (!ctx.options.dryRun) ctx.journal.record(step.id, 'done', fingerprint(ctx.state.answers));
      continue;
    }
    ctx.out.step(step.title);
    const before = { shown: ctx.out.shown, asked: ctx.prompter.asked };
    try {
      let outcome = step.gather
        ? ((await untilInterrupted(ctx.signal, step.gather(ctx))) ?? { status: 'done' as const })
        : undefined;
      if (step.apply) {
        if (ctx.options.dryRun) {
          printPlan(ctx, step.plan ? await step.plan(ctx) : []);
          outcome = { status: 'skipped', detail: 'dry run' };
        } else {
          outcome = await (step.abandonOnInterrupt ? untilInterrupted(ctx.signal, step.apply(ctx)) : step.apply(ctx));
        }
      }
      // A section that showed nothing (its answers were all given, a check passed quietly) says what it settled.
      if (outcome?.detail && ctx.out.shown === before.shown && ctx.prompter.asked === before.asked)
        ctx.out.ok(outcome.detail);
      const fp = fingerprint(ctx.state.answers);
      // A question step whose answers match the last completed run's is reported as unchanged.
      if (
        !step.apply &&
        outcome?.status === 'done' &&
        ctx.journal.step(step.id)?.status === 'done' &&
        ctx.journal.step(step.id)?.fingerprint === fp
      ) {
        outcome = { ...outcome, status: 'unchanged' };
      }
      if (!ctx.options.dryRun) {
        ctx.journal.record(step.id, 'done', fp);
        ctx.journal.data.answers = answersOnly(ctx.state.answers);
        if (step.apply) await ctx.journal.save();
      }
      reports.push({ id: step.id, ...outcome! });
    } catch (e) {
      // A child killed by the same Ctrl-C (a terminal signals the whole process group) can report its
      // death before this process has run its own SIGINT handler: give the interrupt a moment to land.
      if (!ctx.signal.aborted && !(e instanceof InterruptedError)) await new Promise((r) => setTimeout(r, 150));
      // Whatever a step reports after Ctrl-C (a killed child, an aborted wait) is the interruption itself.
      const err = ctx.signal.aborted && !(e instanceof InterruptedError) ? new InterruptedError() : e;
      reports.push({
        id: step.id,
        status: 'failed',
        detail: err instanceof Error ? err.message.split('\n')[0] : String(err),
      });
      // A declined plan (or one stopped at its question) has put the journal back as it was; recording
      // the decline would change it.
      if (
        step.apply &&
        !ctx.options.dryRun &&
        ctx.journal.data.steps['write-project'] &&
        !(err instanceof DeclinedError) &&
        !(err instanceof InterruptedError && err.nothingChanged)
      ) {
        ctx.journal.record(step.id, 'failed');
        await ctx.journal.save().catch(() => undefined);
      }
      throw new StepFailure(err, reports, step.id);
    }
  }
  return reports;
}
