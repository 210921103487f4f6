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
  ['dryRun', '--dry-run'],
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

/**
 * After a run stopped part-way through changing things, what is live and what is not (the resume
 * command follows it). Undefined when the stop needs no such word (nothing was changed yet,
 * or everything that matters is done).
 */
export function whereItStands(
  stepId: string | undefined,
  state: {
    applyStarted?: boolean;
    applied?: boolean;
    secretResult?: string;
    outputs?: { flow_name: string; okta_secret_name: string };
  },
): string | undefined {
  const secret = state.outputs ? `the secret ${state.outputs.okta_secret_name}` : 'its secret';
  const flow = state.outputs ? `the flow ${state.outputs.flow_name}` : 'the flow';
  if (state.applied && !state.secretResult && (stepId === 'apply' || stepId === 'store-token'))
    return `Where things stand: Terraform applied the project, so ${flow} is live; the Okta token is not in ${secret} yet, so access requests will fail until you run the command below.`;
  if (state.applyStarted && !state.applied && stepId === 'apply')
    return `Where things stand: terraform apply was stopped before it finished, so part of the project may exist in AWS and Sym and the rest not (Terraform's state records what it made); the Okta token is not stored yet. The command below finishes it.`;
  return undefined;
}
