import { isOktaUnreachable } from '../adapters/okta.js';
import { QuickstartError } from '../errors.js';
import { fail, skip, type Check, type DoctorContext, type Finding } from './types.js';

export interface CheckResult extends Finding {
  id: string;
  title: string;
  ms: number;
}

/** An exception from a check is a finding too: network trouble is "could not check", the rest a failure with its fix. */
function findingOf(e: unknown): Finding {
  if (isOktaUnreachable(e)) return skip(`could not check: ${(e as Error).message}`);
  if (e instanceof QuickstartError) return fail(e.message, e.fix ?? 'See the message above.');
  return fail(`unexpected error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, 'Re-run with --verbose and report it if it persists.');
}

function withTimeout(p: Promise<Finding>, ms: number): Promise<Finding> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Finding>((resolve) => {
    timer = setTimeout(() => resolve(skip(`could not check: no answer within ${ms / 1000} s (raise it with --timeout)`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
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
export async function runChecks(ctx: DoctorContext, checks: readonly Check[], onResult: (r: CheckResult) => void): Promise<CheckResult[]> {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const running = new Map<string, Promise<CheckResult>>();
  const start = (check: Check): Promise<CheckResult> => {
    let p = running.get(check.id);
    if (p) return p;
    p = (async () => {
      const deps = await Promise.all((check.needs ?? []).map((id) => start(byId.get(id)!)));
      await Promise.all((check.after ?? []).map((id) => start(byId.get(id)!)));
      const blocked = deps.find((d) => d.status === 'fail' || d.status === 'skip');
      const t0 = performance.now();
      const finding = blocked
        ? skip(`needs "${blocked.title}", which did not pass`)
        : await withTimeout(check.run(ctx).catch(findingOf), ctx.timeoutMs);
      const result: CheckResult = { id: check.id, title: check.title, ...finding, ms: Math.round(performance.now() - t0) };
      onResult(result);
      return result;
    })();
    running.set(check.id, p);
    return p;
  };
  ctx.resultOf = (id) => start(byId.get(id)!);
  return Promise.all(checks.map(start));
}
