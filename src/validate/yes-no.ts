import { fail, ok, type Validation } from './result.js';
import { quote } from './text.js';

const YES = new Set(['yes', 'y', 'true', '1', 'on']);
const NO = new Set(['no', 'n', 'false', '0', 'off']);

/** A switch given as a word (`--allow-self-approval no`, `SYM_QUICKSTART_ALLOW_SELF_APPROVAL=false`). */
export function yesNo(raw: string): Validation<boolean> {
  const value = raw.trim().toLowerCase();
  if (YES.has(value)) return ok(true);
  if (NO.has(value)) return ok(false);
  return fail(
    `${quote(raw.trim())} is not yes or no; give the flag alone (or yes, true, 1) to turn it on, and no, false or 0 to leave it off.`,
  );
}
