import { type AnswerSpec, type InputKey, ROWS } from './answers/catalogue.js';
import { usageError } from './errors.js';
import * as v from './validate/index.js';

/** Every value `init` can be given: the answer catalogue's rows (answers/catalogue.ts). */
export type InputSpec = AnswerSpec;
export type { InputKey };
export const INPUTS: readonly InputSpec[] = ROWS;

export const flagName = (spec: InputSpec) => spec.flag.split(' ')[0]!;
/** `--slack-workspace-id` → `SYM_QUICKSTART_SLACK_WORKSPACE_ID` */
export const envName = (spec: InputSpec) =>
  `SYM_QUICKSTART_${flagName(spec).slice(2).toUpperCase().replace(/-/g, '_')}`;
export { rowOf as specOf } from './answers/catalogue.js';

export type Source = 'flag' | 'env' | 'project' | 'default';
export interface Given<T = unknown> {
  value: T;
  source: Source;
  notice?: string;
}

/**
 * Validates every value that came from a flag or the environment, before anything else runs.
 * A bad value is a usage error (exit 2) naming the flag and the variable.
 */
export function validateGiven(
  raw: Partial<Record<InputKey, { value: string | string[]; source: 'flag' | 'env' }>>,
): Partial<Record<InputKey, Given>> {
  const out: Partial<Record<InputKey, Given>> = {};
  const problems: string[] = [];
  for (const spec of INPUTS) {
    const entry = raw[spec.key];
    if (!entry) continue;
    const where = entry.source === 'env' ? `${envName(spec)} (from the environment)` : flagName(spec);
    const values = Array.isArray(entry.value) ? entry.value : [entry.value];
    const ok: unknown[] = [];
    const notices: string[] = [];
    for (const value of values) {
      if (!spec.validate) {
        ok.push(value.trim());
        continue;
      }
      const r = spec.validate(value);
      if (r.ok) {
        ok.push(r.value);
        if (r.notice) notices.push(r.notice);
      } else problems.push(`${where}: ${r.message}`);
    }
    // Terraform keys targets by their label's slug, so two labels must not share one.
    const clash = spec.key === 'oktaTarget' ? v.sameSlug(ok.map((t) => (t as v.TargetSpec).label)) : undefined;
    if (clash) problems.push(`${where}: ${v.sameSlugMessage(clash)}`);
    out[spec.key] = {
      value: spec.repeatable ? ok : ok[0],
      source: entry.source,
      notice: notices.join(' ') || undefined,
    };
  }
  if (problems.length) {
    throw usageError(
      problems.length === 1 ? `Invalid value for ${problems[0]}` : `Invalid values:\n  ${problems.join('\n  ')}`,
      'Correct the value and run the command again.',
    );
  }
  return out;
}
