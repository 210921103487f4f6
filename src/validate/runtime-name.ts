import { fail, ok, type Validation } from './result.js';
import { charCount, isPlaceholder, quote } from './text.js';

// IAM role names are at most 64 characters and the runtime-connector module names the role
// `SymRuntime<Title(name)>`: 64 − len("SymRuntime") = 54.
export const RUNTIME_NAME_MAX = 54;
const NAME = /^[a-z][a-z0-9-]*$/;
const WHY = 'it becomes the IAM role name SymRuntime<Name>, the case-sensitive SymEnv tag on the secret and a Sym slug';

/** The Sym runtime / environment name (`prod`, `staging-eu`). */
export function runtimeName(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail('The value is empty; use a short lowercase name such as prod or staging.');
  if (isPlaceholder(value))
    return fail(`${quote(value)} is a placeholder; use a short lowercase name such as prod or staging.`);

  if (!NAME.test(value)) {
    const lower = value.toLowerCase();
    // People paste the IAM role name from the console; the name is only the part after the prefix.
    const bare = /^SymRuntime([A-Za-z][A-Za-z0-9-]*)$/.exec(value)?.[1]?.toLowerCase();
    if (bare)
      return fail(
        `${quote(value)} is the IAM role name; the runtime name is the part after SymRuntime, in lowercase: ${bare}.`,
      );
    if (NAME.test(lower)) return fail(`${quote(value)} has capitals; use ${lower}, because ${WHY}.`);
    if (/[_\s]/.test(value)) {
      const suggestion = lower.replace(/[_\s]+/g, '-');
      const hint = NAME.test(suggestion) ? ` (e.g. ${suggestion})` : '';
      const what = /_/.test(value) ? (/\s/.test(value) ? 'underscores and spaces' : 'underscores') : 'spaces';
      return fail(
        `${quote(value)} contains ${what}; use only lowercase letters, digits and hyphens${hint}, because ${WHY}.`,
      );
    }
    if (/^[^a-zA-Z]/.test(value))
      return fail(`${quote(value)} must start with a letter, e.g. prod-2 rather than 2-prod.`);
    return fail(
      `${quote(value)} may only have lowercase letters, digits and hyphens, starting with a letter (e.g. prod, staging-eu), because ${WHY}.`,
    );
  }
  if (value.endsWith('-')) {
    const trimmed = value.replace(/-+$/, '');
    return fail(
      `${quote(value)} ends with a hyphen; end it with a letter or digit${trimmed ? ` (e.g. ${trimmed})` : ''}, because ${WHY}.`,
    );
  }
  const n = charCount(value);
  if (n > RUNTIME_NAME_MAX) {
    return fail(
      `${quote(value)} is ${n} characters; use at most ${RUNTIME_NAME_MAX}, because the IAM role name SymRuntime<Name> may have at most 64.`,
    );
  }
  return ok(value);
}
