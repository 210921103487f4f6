import { appendFileSync, closeSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/**
 * Every run writes a debug log (mode 0600, outside the project so an interrupted run leaves the
 * project untouched). Lines arrive already redacted; colour and cursor codes are dropped, so the file
 * reads the same in an editor as in a terminal. Deleted on success, kept on failure.
 */
export class DebugLog {
  readonly path: string;
  constructor(header: Record<string, string>, dir = tmpdir()) {
    this.path = join(dir, `sym-okta-quickstart-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
    closeSync(openSync(this.path, 'wx', 0o600));
    for (const [k, v] of Object.entries(header)) this.line(`${k}: ${v}`);
  }
  line(text: string): void {
    try {
      appendFileSync(this.path, `${new Date().toISOString()} ${stripVTControlCharacters(text)}\n`);
    } catch {
      // Logging must never break the run.
    }
  }
  remove(): void {
    rmSync(this.path, { force: true });
  }
}
