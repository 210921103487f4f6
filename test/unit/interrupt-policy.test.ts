import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { interruptPolicy } from '../../src/interrupt-policy.js';
import { Output } from '../../src/ui/output.js';
import { Redactor } from '../../src/ui/redact.js';

function world(applying: boolean) {
  let err = '';
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => {
    err += d;
  });
  const out = new Output({
    stdout: new PassThrough(),
    stderr,
    env: { NO_COLOR: '1' },
    json: false,
    verbose: false,
    redactor: new Redactor(),
  });
  const state = { applying, aborted: 0, interrupted: 0, left: [] as number[] };
  const onSigint = interruptPolicy({
    abort: () => state.aborted++,
    runner: () => ({
      shieldedRunning: () => state.applying,
      interruptShielded: () => state.interrupted++,
    }),
    out: () => out,
    leave: (code) => state.left.push(code),
  });
  return { state, onSigint, stderr: () => err };
}

describe('Ctrl-C policy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('the first Ctrl-C interrupts the run and leaves (130) after a short grace', () => {
    const { state, onSigint } = world(false);
    onSigint();
    expect(state.aborted).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(state.left).toEqual([]);
    vi.advanceTimersByTime(2000);
    expect(state.left).toEqual([130]);
  });

  it('during terraform apply: waits for it, says so; a second Ctrl-C interrupts it, a third leaves at once', () => {
    const { state, onSigint, stderr } = world(true);
    onSigint();
    expect(stderr()).toContain('Waiting for it to finish');
    vi.advanceTimersByTime(60_000);
    expect(state.left).toEqual([]);
    onSigint();
    expect(state.interrupted).toBe(1);
    expect(stderr()).toContain('Interrupting Terraform');
    onSigint();
    expect(state.left).toEqual([130]);
  });

  it('once the apply ends, the wizard leaves after the grace', () => {
    const { state, onSigint } = world(true);
    onSigint();
    vi.advanceTimersByTime(10_000);
    state.applying = false;
    vi.advanceTimersByTime(5000);
    expect(state.left).toEqual([130]);
  });
});
