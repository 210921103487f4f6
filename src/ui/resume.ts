import { flagName, INPUTS, type Given, type InputKey } from '../inputs.js';

/** `s` as one POSIX shell word. */
export const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const quote = shellQuote;

const SWITCHES: Array<[string, string]> = [
  ['yes', '--yes'],
  ['nonInteractive', '--non-interactive'],
  ['json', '--json'],
  ['oktaTokenStdin', '--okta-token-stdin'],
  ['replaceSecret', '--replace-secret'],
  ['verbose', '--verbose'],
];

/**
 * The exact command that picks a failed run up again: same directory, same flags (none of which can
 * hold a secret). Values that came from the environment stay there.
 */
export function resumeCommand(
  directory: string,
  given: Partial<Record<InputKey, Given>>,
  opts: Record<string, unknown>,
): string {
  const parts = ['npx', 'sym-okta-quickstart', 'init', directory];
  for (const spec of INPUTS) {
    const g = given[spec.key];
    if (g?.source !== 'flag') continue;
    for (const value of Array.isArray(g.value) ? g.value : [g.value]) {
      const v =
        spec.key === 'oktaTarget'
          ? `${(value as { label: string }).label}=${(value as { groupId: string }).groupId}`
          : String(value);
      parts.push(flagName(spec), v);
    }
  }
  for (const [key, flag] of SWITCHES) if (opts[key]) parts.push(flag);
  if (opts.browser === false) parts.push('--no-browser');
  return parts.map(quote).join(' ');
}

/** The same destroy again: it plans what is left, so it finishes an interrupted one. */
export function destroyResume(directory: string | undefined, opts: Record<string, unknown>): string {
  const parts = ['npx', 'sym-okta-quickstart', 'destroy', directory ?? '.'];
  if (opts.yes) parts.push('--yes');
  if (typeof opts.confirm === 'string') parts.push('--confirm', opts.confirm);
  for (const [key, flag] of [
    ['nonInteractive', '--non-interactive'],
    ['json', '--json'],
    ['verbose', '--verbose'],
  ] as const)
    if (opts[key]) parts.push(flag);
  return parts.map(quote).join(' ');
}
