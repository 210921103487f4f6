import { appendFileSync } from 'node:fs';

/**
 * With SYM_QUICKSTART_TIMINGS=<file>, one JSON line per child process ({cmd, start, ms}), so
 * `npm run bench` can tell the wizard's own time from the time spent waiting on terraform and symflow.
 */
export function timingsRecorder(file: string | undefined) {
  if (!file) return undefined;
  return (command: string, args: string[], startedAt: number, ms: number) => {
    try {
      appendFileSync(
        file,
        `${JSON.stringify({ cmd: `${command} ${args[0] ?? ''}`.trim(), start: Math.round(startedAt), ms: Math.round(ms) })}\n`,
      );
    } catch {
      // A measurement aid must never break the run.
    }
  };
}
