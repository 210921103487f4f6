import { fail, ok, type Validation } from './result.js';
import { charCount, quote } from './text.js';

/**
 * Slack rejects a whole modal when one option's text is longer than 75 characters (Block Kit option
 * object), and Sym shows target labels as options in the request modal's dropdown.
 */
export const TARGET_LABEL_MAX = 75;
// Newlines, tabs, other C0/C1 controls and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The label people pick in Slack's dropdown (`AWS Admins`). Any printable text, `=` included: the
 * `--okta-target` syntax splits on the last `=`, and group IDs never contain one.
 */
export function targetLabel(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail('The label is empty; give the name people will pick in Slack, e.g. AWS Admins.');
  if (CONTROL.test(value))
    return fail(
      `${quote(value)} contains a line break or control character; a label is one line of text, e.g. AWS Admins.`,
    );
  const n = charCount(value);
  if (n > TARGET_LABEL_MAX) {
    return fail(
      `${quote(value)} is ${n} characters; Slack shows at most ${TARGET_LABEL_MAX} in a dropdown option, so shorten it (e.g. AWS Admins).`,
    );
  }
  return ok(value);
}
