import { describe, expect, it } from 'vitest';
import { OktaFailure } from '../../src/okta/okta.js';
import { ExitCode, usageError } from '../../src/errors.js';
import { runChecks, withPrerequisites } from '../../src/doctor/run-checks.js';
import {
  fail,
  learned,
  pass,
  warn,
  type Check,
  type CheckResult,
  type DoctorContext,
  type Finding,
} from '../../src/doctor/types.js';
import { tokenScope } from '../../src/okta/token.js';
import type { OktaAdapter, OktaRole } from '../../src/okta/okta.js';

/** A promise the test settles by hand, to see what the runner has started while it is pending. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const context = (timeoutMs = 1000) => ({ dir: '/nowhere', env: {}, timeoutMs }) as unknown as DoctorContext;

async function run(checks: Check[], timeoutMs?: number) {
  const landed: CheckResult[] = [];
  const results = await runChecks(context(timeoutMs), checks, (r) => landed.push(r));
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  return { results, byId, landed: landed.map((r) => r.id) };
}

const check = (id: string, run: Check['run'], more: Partial<Check> = {}): Check => ({
  id,
  title: `Title of ${id}`,
  run,
  ...more,
});

describe('runChecks', () => {
  it('what a check learned reaches the checks after it on a pass or a warning only, and never its printed result', async () => {
    const token = { value: '00canaryFACTtokenxxxxxxxxxxxxxxxxxxxxxxxx', from: 'the secret s' };
    const seen: Record<string, unknown> = {};
    const { byId } = await run([
      check('gives', async () => learned(pass('ok'), { token })),
      check('warns', async () => learned(warn('meh', 'fix'), { oktaScope: 'all' })),
      check('fails', async () => learned(fail('no', 'fix'), { outputs: { flow_name: 'f' } as never })),
      check(
        'reads',
        async (ctx) => {
          seen.token = ctx.facts.token;
          seen.scope = ctx.facts.oktaScope;
          seen.outputs = ctx.facts.outputs;
          return pass('read');
        },
        { after: ['gives', 'warns', 'fails'] },
      ),
    ]);
    expect(seen).toEqual({ token, scope: 'all', outputs: undefined });
    expect(JSON.stringify(Object.values(byId))).not.toContain(token.value);
    expect(byId.gives).not.toHaveProperty('facts');
  });

  it('starts independent checks together, and reports each as it lands', async () => {
    const started: string[] = [];
    const gate = deferred<Finding>();
    const checks = [
      check('slow', async () => {
        started.push('slow');
        return gate.promise;
      }),
      check('fast', async () => {
        started.push('fast');
        return pass('quick');
      }),
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
      check(
        'needy',
        async () => {
          ran.push('needy');
          return pass('');
        },
        { needs: ['base'] },
      ),
      check(
        'patient',
        async () => {
          ran.push('patient');
          return pass('');
        },
        { after: ['base'] },
      ),
    ]);
    expect(byId.needy).toMatchObject({ status: 'skip', detail: 'needs "Title of base", which did not pass' });
    expect(byId.patient!.status).toBe('pass');
    expect(ran).toEqual(['patient']);
  });

  it("a check can ask for another result on demand; it runs once, and the wait is not on the asker's clock", async () => {
    let runs = 0;
    const { byId } = await run(
      [
        check('asker', async (ctx) => pass(`saw ${(await ctx.resultOf('lazy')).status}`), { mayNeed: ['lazy'] }),
        check('lazy', async () => {
          runs++;
          await new Promise((r) => setTimeout(r, 120));
          return fail('no', 'fix');
        }),
      ],
      80,
    );
    // lazy itself runs past the 80 ms limit; asker, which only waited for it, does not.
    expect(byId.lazy!.status).toBe('skip');
    expect(byId.asker).toMatchObject({ status: 'pass', detail: 'saw skip' });
    expect(byId.asker!.ms).toBeLessThan(40);
    expect(runs).toBe(1);
  });

  it('asking for a check that is not in the run is a clear failure, not a crash', async () => {
    const { byId } = await run([check('asker', async (ctx) => pass(`saw ${(await ctx.resultOf('absent')).status}`))]);
    expect(byId.asker!.status).toBe('fail');
    expect(byId.asker!.detail).toContain('asked for "absent", which is not in this run');
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

describe('tokenScope', () => {
  const role = (id: string, type: string): OktaRole => ({ id, type, label: type });
  /** Okta's answers for each role's group targets; records which roles were asked about. */
  const okta = (targets: Record<string, string[]>) => {
    const asked: string[] = [];
    const adapter = {
      groupTargetsOf: async (_user: string, roleId: string) => {
        asked.push(roleId);
        return (targets[roleId] ?? []).map((id) => ({ id, name: id, type: 'OKTA_GROUP' }));
      },
    } as unknown as OktaAdapter;
    return { adapter, asked };
  };

  it('the union of the group targets of every role that can change membership', async () => {
    const o = okta({ r1: ['00gA', '00gB'], r2: ['00gB', '00gC'], r3: ['00gZ'] });
    const scope = await tokenScope(o.adapter, 'u', [
      role('r1', 'GROUP_MEMBERSHIP_ADMIN'),
      role('r2', 'USER_ADMIN'),
      role('r3', 'READ_ONLY_ADMIN'),
    ]);
    expect(scope).toEqual(new Set(['00gA', '00gB', '00gC']));
    expect(o.asked.sort()).toEqual(['r1', 'r2']); // a read-only role's targets do not matter
  });

  it('a managing role without targets covers every group; an org-wide admin needs no look-up', async () => {
    expect(
      await tokenScope(okta({ r1: ['00gA'] }).adapter, 'u', [
        role('r1', 'GROUP_MEMBERSHIP_ADMIN'),
        role('r2', 'GROUP_MEMBERSHIP_ADMIN'),
      ]),
    ).toBe('all');
    const o = okta({});
    expect(await tokenScope(o.adapter, 'u', [role('r1', 'SUPER_ADMIN')])).toBe('all');
    expect(o.asked).toEqual([]);
  });

  it('no role that can change membership: no scope', async () => {
    expect(await tokenScope(okta({}).adapter, 'u', [role('r1', 'READ_ONLY_ADMIN')])).toBeUndefined();
  });
});
