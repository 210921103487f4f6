import { isOktaUnreachable } from '../okta/okta.js';
import { QuickstartError } from '../errors.js';
import {
  blockedBy,
  blocks,
  fail,
  skip,
  type Check,
  type CheckResult,
  type DoctorContext,
  type Facts,
  type Finding,
} from './types.js';

/** An exception from a check is a finding too: network trouble is "could not check", the rest a failure with its fix. */
function findingOf(e: unknown): Finding {
  if (isOktaUnreachable(e)) return skip(`could not check: ${(e as Error).message}`);
  if (e instanceof QuickstartError) return fail(e.message, e.fix ?? 'See the message above.');
  return fail(
    `unexpected error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    'Re-run with --verbose and report it if it persists.',
  );
}

/**
 * A check's time limit and its own time, both stopped while it waits for another check: a check
 * answers for its own work, not for the checks it had to wait for.
 */
function stopwatch(limitMs: number) {
  let used = 0;
  let since = performance.now();
  let waits = 0;
  let timer: NodeJS.Timeout | undefined;
  let expire!: () => void;
  const arm = () => (timer = setTimeout(expire, Math.max(0, limitMs - used)));
  const expired = new Promise<void>((resolve) => (expire = resolve));
  arm();
  return {
    expired,
    async waitFor<T>(p: Promise<T>): Promise<T> {
      if (waits++ === 0) {
        used += performance.now() - since;
        clearTimeout(timer);
      }
      try {
        return await p;
      } finally {
        if (--waits === 0) {
          since = performance.now();
          arm();
        }
      }
    },
    stop(): number {
      clearTimeout(timer);
      return Math.round(waits ? used : used + performance.now() - since);
    },
  };
}

const prerequisitesOf = (c: Check) => [...(c.needs ?? []), ...(c.after ?? []), ...(c.mayNeed ?? [])];

/** The checks named, and every check they need or wait for, in report order. */
export function withPrerequisites(checks: readonly Check[], ids: readonly string[]): Check[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const wanted = new Set<string>();
  const add = (id: string) => {
    if (wanted.has(id)) return;
    wanted.add(id);
    prerequisitesOf(byId.get(id)!).forEach(add);
  };
  ids.forEach(add);
  return checks.filter((c) => wanted.has(c.id));
}

/**
 * Runs every check concurrently; each waits only for the checks it needs, and is skipped when one of
 * them did not pass. `onResult` sees each result as it lands.
 */
export async function runChecks(
  ctx: DoctorContext,
  checks: readonly Check[],
  onResult: (r: CheckResult) => void,
): Promise<CheckResult[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const running = new Map<string, Promise<CheckResult>>();
  // Only the runner writes here: each check's facts once it passed or warned.
  const facts: Facts = {};
  const start = (check: Check): Promise<CheckResult> => {
    let p = running.get(check.id);
    if (p) return p;
    p = (async () => {
      const deps = await Promise.all((check.needs ?? []).map((id) => start(byId.get(id)!)));
      await Promise.all((check.after ?? []).map((id) => start(byId.get(id)!)));
      const blocked = deps.find(blocks);
      const clock = stopwatch(ctx.timeoutMs);
      const resultOf = (id: string) => {
        const other = byId.get(id);
        if (!other)
          throw new Error(
            `doctor check "${check.id}" asked for "${id}", which is not in this run (list it in the check's mayNeed)`,
          );
        return clock.waitFor(start(other));
      };
      const tooLate = clock.expired.then(() =>
        skip(`could not check: no answer within ${ctx.timeoutMs / 1000} s (raise it with --timeout)`),
      );
      const outcome = blocked
        ? blockedBy(blocked)
        : await Promise.race([check.run({ ...ctx, facts, resultOf }).catch(findingOf), tooLate]);
      // The facts (the token among them) stay here, out of the result that is printed and reported.
      const { facts: learnedFacts, ...finding } = 'facts' in outcome ? outcome : { ...outcome, facts: undefined };
      if (learnedFacts && (finding.status === 'pass' || finding.status === 'warn')) Object.assign(facts, learnedFacts);
      const result: CheckResult = { id: check.id, title: check.title, ...finding, ms: clock.stop() };
      onResult(result);
      return result;
    })();
    running.set(check.id, p);
    return p;
  };
  return Promise.all(checks.map(start));
}
