import { describe, expect, it } from 'vitest';
import {
  notApplicable,
  notChecked,
  pass,
  skip,
  warn,
  fail,
  type CheckResult,
  type Finding,
} from '../../src/doctor/types.js';
import { makePaint } from '../../src/ui/color.js';
import { doctorVerdict } from '../../src/ui/doctor-summary.js';

const result = (title: string, f: Finding): CheckResult => ({ id: title, title, ms: 1, ...f });
const plain = makePaint(0);
const colour = makePaint(1);
const okay = result('Node.js', pass('22'));
const unreachable = result('Okta API token', skip('could not check: connection refused'));
const channels = result('Slack channels', notChecked('doctor cannot see Slack', 'Make sure they exist.'));

describe('doctorVerdict', () => {
  it('names the checks that could not run, in the warning colour; --strict fails on them', () => {
    const v = doctorVerdict([okay, unreachable, channels], { strict: false, seconds: 1.23 }, plain);
    expect(v).toEqual({
      ok: true,
      line: '⚠ 1 passed, 0 warnings, 0 failed, 1 could not be checked (Okta API token), not checked: Slack channels (1.2 s)',
    });
    const painted = doctorVerdict([okay, unreachable], { strict: false, seconds: 1 }, colour).line;
    expect(painted).toContain('\x1b[33m');
    expect(painted).not.toContain('\x1b[32m');
    const strict = doctorVerdict([okay, unreachable], { strict: true, seconds: 1 }, plain);
    expect(strict.ok).toBe(false);
    expect(strict.line).toMatch(/a failure under --strict$/);
  });

  it('a fact no run can see is listed apart and fails nothing, --strict included', () => {
    const v = doctorVerdict([okay, channels], { strict: true, seconds: 0.5 }, plain);
    expect(v).toEqual({ ok: true, line: '✔ 1 passed, 0 warnings, 0 failed, not checked: Slack channels (0.5 s)' });
  });

  it('checks that do not apply are neither passed nor "could not check", and fail nothing, --strict included', () => {
    const ci = result('CI workflows', notApplicable('no CI pipeline in this project'));
    const v = doctorVerdict([okay, ci, channels], { strict: true, seconds: 0.5 }, plain);
    expect(v).toEqual({
      ok: true,
      line: '✔ 1 passed, 0 warnings, 0 failed, not checked: Slack channels, 1 not applicable (0.5 s)',
    });
    expect(ci).toMatchObject({ status: 'skip', detail: 'not applicable: no CI pipeline in this project' });
  });

  it('a failure is red and not ok; a warning fails only --strict', () => {
    const broken = result('Okta API token', fail('revoked', 'Issue a new one.'));
    expect(doctorVerdict([okay, broken], { strict: false, seconds: 1 }, plain)).toMatchObject({
      ok: false,
      line: expect.stringMatching(/^✖ 1 passed, 0 warnings, 1 failed/),
    });
    const warned = result('Approver group', warn('check off', 'Turn it on.'));
    expect(doctorVerdict([okay, warned], { strict: false, seconds: 1 }, plain)).toMatchObject({
      ok: true,
      line: expect.stringMatching(/^⚠ 1 passed, 1 warning, 0 failed/),
    });
    expect(doctorVerdict([okay, warned], { strict: true, seconds: 1 }, plain).ok).toBe(false);
  });
});
