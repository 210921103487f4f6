import { appendFileSync, closeSync, openSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/**
 * Every run writes a debug log (mode 0600, outside the project so an interrupted run leaves the
 * project untouched). Lines arrive already redacted; colour and cursor codes are dropped, so the file
 * reads the same in an editor as in a terminal. Deleted on success, kept on failure.
 */
export class DebugLog {
  readonly path: string;
  /** False when the file could not be made (a full or read-only temp directory): the run goes on without it. */
  readonly open: boolean;
  /** In `dir`, the temp directory of the run's environment. */
  constructor(header: Record<string, string>, dir: string) {
    // The random part keeps runs started in the same millisecond by one process (in-process callers) apart.
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    this.path = join(dir, `sym-okta-quickstart-${stamp}-${process.pid}-${randomBytes(4).toString('hex')}.log`);
    let open = false;
    try {
      closeSync(openSync(this.path, 'wx', 0o600));
      open = true;
    } catch {
      // Logging must never break the run.
    }
    this.open = open;
    for (const [k, v] of Object.entries(header)) this.line(`${k}: ${v}`);
  }
  line(text: string): void {
    if (!this.open) return;
    try {
      appendFileSync(this.path, `${new Date().toISOString()} ${stripVTControlCharacters(text)}\n`);
    } catch {
      // Logging must never break the run.
    }
  }
  remove(): void {
    if (this.open) rmSync(this.path, { force: true });
  }
}
