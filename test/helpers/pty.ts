import * as pty from 'node-pty';
import { stripVTControlCharacters } from 'node:util';

/** The built CLI in a real pseudo-terminal: it sees isTTY, raw keys and a 100×30 screen. */
export function spawnPty(
  cmd: string,
  args: string[],
  o: { cwd?: string; env?: Record<string, string>; cols?: number } = {},
) {
  const term = pty.spawn(cmd, args, { name: 'xterm-256color', cols: o.cols ?? 100, rows: 30, cwd: o.cwd, env: o.env });
  let buf = '';
  let consumed = 0;
  let waiters: Array<() => void> = [];
  term.onData((d) => {
    buf += d;
    for (const wake of waiters) wake();
  });
  const exit = new Promise<{ exitCode: number }>((r) => term.onExit(r));
  const output = () => stripVTControlCharacters(buf);
  /** Waits for text after everything already matched, so the same prompt is not matched twice. */
  const waitFor = (re: RegExp | string, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const t = output().slice(consumed);
        const i = typeof re === 'string' ? t.indexOf(re) : t.search(re);
        if (i >= 0) {
          consumed += i + 1;
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== check);
        reject(new Error(`timeout waiting for ${re}:\n${output().slice(-3000)}`));
      }, ms);
      waiters.push(check);
      check();
    });
  /** Later waits look only at output from now on (e.g. after an answer the screen must redraw for). */
  const skipSoFar = () => {
    consumed = output().length;
  };
  return { term, output, raw: () => buf, waitFor, skipSoFar, exit, write: (s: string) => term.write(s) };
}

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', backspace: '\x7f', ctrlC: '\x03', space: ' ' } as const;
