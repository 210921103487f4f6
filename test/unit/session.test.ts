import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { canAsk, envSwitch, type IO } from '../../src/session.js';

describe('envSwitch: an environment switch as CI services set it', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['woodpecker', true],
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
  ])('%j is %s', (value, on) => expect(envSwitch(value)).toBe(on));
});

describe('canAsk: questions only with a terminal on both ends, no CI and no --non-interactive', () => {
  const io = (stdinTTY: boolean, stdoutTTY: boolean, env: NodeJS.ProcessEnv = {}): IO => {
    const stream = (isTTY: boolean) => Object.assign(new PassThrough(), { isTTY });
    return { stdin: stream(stdinTTY), stdout: stream(stdoutTTY), stderr: stream(true), env, cwd: '/' };
  };
  it('asks in a terminal', () => expect(canAsk(io(true, true), undefined)).toBe(true));
  it('not with --non-interactive', () => expect(canAsk(io(true, true), true)).toBe(false));
  it('not with CI set', () => expect(canAsk(io(true, true, { CI: 'true' }), false)).toBe(false));
  it('asks with CI=false', () => expect(canAsk(io(true, true, { CI: 'false' }), false)).toBe(true));
  it('not with stdin or stdout redirected', () => {
    expect(canAsk(io(false, true), false)).toBe(false);
    expect(canAsk(io(true, false), false)).toBe(false);
  });
});
