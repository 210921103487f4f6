import { fail, ok, type Validation } from './result.js';
import { charCount, quote } from './text.js';

/**
 * Slack rejects a whole modal when one option's text is longer than 75 characters (Block Kit option
 * object), and Sym shows target labels as options in the request modal's dropdown.
 */
export const TARGET_LABEL_MAX = 75;
// Newlines, tabs, other C0/C1 controls, the Unicode line/paragraph separators and the invisible
// byte-order mark (which JavaScript trims and Terraform does not).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/**
 * The label people pick in Slack's dropdown (`AWS Admins`). Any printable text, `=` included: the
 * `--okta-target` syntax splits on the last `=`, and group IDs never contain one.
 */
export function targetLabel(raw: string): Validation {
  // Terraform keeps every string in NFC, so the label is counted and slugged as Terraform will see it
  // (an "é" typed as e + accent is one character, and not the letter e).
  const value = raw.trim().normalize('NFC');
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
  if (!targetSlug(value)) {
    return fail(
      `${quote(value)} has no letter or digit (a-z, 0-9); Sym names each target after its label, so add one, e.g. AWS Admins.`,
    );
  }
  return ok(value);
}

/**
 * The key Terraform gives a target (modules/okta-access-flow/locals.tf): the label lowercased, every
 * run of other characters turned into one hyphen, hyphens trimmed. Empty when the label has no a-z/0-9.
 */
export function targetSlug(label: string): string {
  return (
    label
      // Terraform's lower() maps İ to i; JavaScript's to i + a combining dot, which would slug as "i-".
      .replace(/\u0130/g, 'i')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  );
}

/** The first two labels that share a slug (`AWS Admin`, `aws-admin`), which Terraform cannot key apart. */
export function sameSlug(labels: readonly string[]): [string, string] | undefined {
  const seen = new Map<string, string>();
  for (const label of labels) {
    const slug = targetSlug(label);
    const first = seen.get(slug);
    if (first !== undefined) return [first, label];
    seen.set(slug, label);
  }
  return undefined;
}

/** The message for two labels with one slug; the caller says where they came from. */
export const sameSlugMessage = ([a, b]: [string, string]): string =>
  `${quote(a)} and ${quote(b)} differ only in case or punctuation (both become "${targetSlug(a)}"); give them labels that differ in a letter or digit.`;
