import { Readable, Writable } from 'node:stream';
import type { IO } from '../../src/session.js';

/**
 * An IO for main(argv, io) inside the test process: stdin closed, stdout and stderr kept as text, and
 * an exit that fails the test (a command returns its code; only bin/ leaves the process).
 */
export function capturedIO(env: NodeJS.ProcessEnv, cwd: string) {
  let stdout = '';
  let stderr = '';
  const sink = (add: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        add(String(chunk));
        done();
      },
    });
  const io: IO = {
    stdin: Readable.from([]),
    stdout: sink((t) => {
      stdout += t;
    }),
    stderr: sink((t) => {
      stderr += t;
    }),
    env,
    cwd,
    exit: (code) => {
      throw new Error(`the command asked to leave the process (exit ${code}) in-process`);
    },
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}
