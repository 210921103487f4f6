/**
 * What every validator returns. `message` says what is wrong and what a right value looks like; the
 * caller prefixes the flag or variable name, so messages never name it. `notice` reports a
 * normalisation the user should know about (the value they gave is not the value we will use).
 */
export type Validation<T = string> = { ok: true; value: T; notice?: string } | { ok: false; message: string };

export function ok<T>(value: T, ...notices: (string | undefined)[]): Validation<T> {
  const notice = notices.filter((n): n is string => !!n).join(' ');
  // Leave the key out rather than set it to undefined, so callers and tests can rely on `'notice' in r`.
  return notice ? { ok: true, value, notice } : { ok: true, value };
}

export function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
