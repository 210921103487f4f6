import { describe, expect, it } from 'vitest';
import { OktaFailure } from '../../src/adapters/okta.js';
import { ExitCode, usageError } from '../../src/errors.js';
import { runChecks, withPrerequisites, type CheckResult } from '../../src/doctor/run-checks.js';
import { fail, pass, type Check, type DoctorContext, type Finding } from '../../src/doctor/types.js';

/** A promise the test settles by hand, to see what the runner has started while it is pending. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const context = (timeoutMs = 1000) => ({ dir: '/nowhere', env: {}, timeoutMs, facts: {} }) as unknown as DoctorContext;

async function run(checks: Check[], timeoutMs?: number) {
  const landed: CheckResult[] = [];
  const results = await runChecks(context(timeoutMs), checks, (r) => landed.push(r));
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  return { results, byId, landed: landed.map((r) => r.id) };
}

const check = (id: string, run: Check['run'], more: Partial<Check> = {}): Check => ({ id, title: `Title of ${id}`, run, ...more });

describe('runChecks', () => {
  it('starts independent checks together, and reports each as it lands', async () => {
    const started: string[] = [];
    const gate = deferred<Finding>();
    const checks = [
      check('slow', async () => (started.push('slow'), gate.promise)),
      check('fast', async () => (started.push('fast'), pass('quick'))),
    ];
    const done = run(checks);
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual(['slow', 'fast']);
    gate.resolve(pass('finally'));
    const { results, landed } = await done;
    expect(landed).toEqual(['fast', 'slow']);
    expect(results.map((r) => r.id)).toEqual(['slow', 'fast']); // report order is the list's order
  });

  it('skips a check whose need failed, naming it; runs one that only waits for it', async () => {
    const ran: string[] = [];
    const { byId } = await run([
      check('base', async () => fail('broken', 'mend it')),
      check('needy', async () => (ran.push('needy'), pass('')), { needs: ['base'] }),
      check('patient', async () => (ran.push('patient'), pass('')), { after: ['base'] }),
    ]);
    expect(byId.needy).toMatchObject({ status: 'skip', detail: 'needs "Title of base", which did not pass' });
    expect(byId.patient!.status).toBe('pass');
    expect(ran).toEqual(['patient']);
  });

  it('a check can ask for another result on demand; it runs once, even when also listed', async () => {
    let runs = 0;
    const { byId } = await run([
      check('asker', async (ctx) => pass(`saw ${(await ctx.resultOf!('lazy')).status}`), { mayNeed: ['lazy'] }),
      check('lazy', async () => (runs++, fail('no', 'fix'))),
    ]);
    expect(byId.asker!.detail).toBe('saw fail');
    expect(runs).toBe(1);
  });

  it('a check that does not answer in time is "could not check"', async () => {
    const { byId } = await run([check('hang', () => new Promise<Finding>(() => {}))], 50);
    expect(byId.hang).toMatchObject({ status: 'skip' });
    expect(byId.hang!.detail).toMatch(/could not check: no answer within 0.05 s/);
  });

  it('exceptions become findings: Okta unreachable is a skip, our errors keep their fix', async () => {
    const { byId } = await run([
      check('offline', async () => {
        throw new OktaFailure('unreachable', ExitCode.outside, 'connect ECONNREFUSED 127.0.0.1:9');
      }),
      check('bad', async () => {
        throw usageError('That value is wrong.', 'Use another.');
      }),
    ]);
    expect(byId.offline).toMatchObject({ status: 'skip', detail: 'could not check: connect ECONNREFUSED 127.0.0.1:9' });
    expect(byId.bad).toMatchObject({ status: 'fail', detail: 'That value is wrong.', fix: 'Use another.' });
  });
});

describe('withPrerequisites', () => {
  const list = [
    check('a', async () => pass('')),
    check('b', async () => pass(''), { needs: ['a'] }),
    check('c', async () => pass(''), { after: ['b'], mayNeed: ['d'] }),
    check('d', async () => pass('')),
    check('e', async () => pass(''), { needs: ['a'] }),
  ];
  it('takes what each named check needs, waits for or may ask for, transitively, in report order', () => {
    expect(withPrerequisites(list, ['c']).map((c) => c.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(withPrerequisites(list, ['e', 'a']).map((c) => c.id)).toEqual(['a', 'e']);
  });
});
