import type { Runner } from './tools/process.js';
import type { Output } from './ui/output.js';
import type { Redactor } from './ui/redact.js';

export interface IO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How the process leaves after Ctrl-C (default: process.exit); in-process callers pass their own. */
  exit?: (code: number) => void;
}

/** What every command gets from main: the streams, the output layer, the redactor and the one process runner. */
export interface Session {
  io: IO;
  out: Output;
  redactor: Redactor;
  runner: Runner;
  signal: AbortSignal;
  /** The temp directory of io.env (see tempDirOf): the debug log, scratch copies and output files go there. */
  tmpDir: string;
}

/** An environment switch is on when set to anything but '', '0' or 'false' (CI=true and CI=1 alike). */
export function envSwitch(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** Whether a command may ask questions: a terminal on both ends, no CI variable, no --non-interactive. */
export function canAsk(io: IO, nonInteractive: boolean | undefined): boolean {
  return !nonInteractive && Boolean(io.stdin.isTTY) && Boolean(io.stdout.isTTY) && !envSwitch(io.env.CI);
}
