import { usageError } from './errors.js';
import type { Validation } from './validate/result.js';
import * as v from './validate/index.js';

/** Every value `init` can be given. The table drives commander, `--help`, env names and the CI checks. */
export interface InputSpec {
  key: InputKey;
  /** commander flag syntax */
  flag: string;
  description: string;
  validate?: (raw: string) => Validation<unknown>;
  repeatable?: boolean;
  /** In non-interactive mode, a run without it (and without a default from the project) cannot proceed. */
  required?: boolean;
}

export type InputKey =
  | 'org'
  | 'slackWorkspaceId'
  | 'requestChannel'
  | 'errorChannel'
  | 'oktaDomain'
  | 'oktaTarget'
  | 'approverGroup'
  | 'awsRegion'
  | 'awsProfile'
  | 'runtimeName';

export const INPUTS: readonly InputSpec[] = [
  {
    key: 'org',
    flag: '--org <slug>',
    description: 'Sym org slug (Org ID); default: the org of your symflow session',
    validate: v.orgSlug,
  },
  {
    key: 'slackWorkspaceId',
    flag: '--slack-workspace-id <id>',
    description: 'Slack workspace (team) ID, T…',
    validate: v.slackWorkspaceId,
    required: true,
  },
  {
    key: 'requestChannel',
    flag: '--request-channel <#name>',
    description: 'Slack channel where requests go (default: #sym-requests)',
    validate: v.channel,
  },
  {
    key: 'errorChannel',
    flag: '--error-channel <#name>',
    description: 'Slack channel where Sym reports errors (default: #sym-errors)',
    validate: v.channel,
  },
  {
    key: 'oktaDomain',
    flag: '--okta-domain <host>',
    description: 'Okta org domain, e.g. acme.okta.com',
    validate: v.oktaDomain,
    required: true,
  },
  {
    key: 'oktaTarget',
    flag: '--okta-target <label=groupId>',
    description: 'an Okta group users may request; repeatable',
    validate: v.targetSpec,
    repeatable: true,
    required: true,
  },
  {
    key: 'approverGroup',
    flag: '--approver-group <groupId>',
    description: 'only members of this Okta group may approve',
    validate: v.oktaGroupId,
  },
  {
    key: 'awsRegion',
    flag: '--aws-region <region>',
    description: 'AWS region for the runtime and the secret (default: AWS_REGION, profile, else us-east-1)',
    validate: v.awsRegion,
  },
  { key: 'awsProfile', flag: '--aws-profile <name>', description: 'AWS profile (default: AWS_PROFILE)' },
  {
    key: 'runtimeName',
    flag: '--runtime-name <name>',
    description: 'Sym runtime / environment name (default: prod)',
    validate: v.runtimeName,
  },
];

export const flagName = (spec: InputSpec) => spec.flag.split(' ')[0]!;
/** `--slack-workspace-id` → `SYM_QUICKSTART_SLACK_WORKSPACE_ID` */
export const envName = (spec: InputSpec) =>
  `SYM_QUICKSTART_${flagName(spec).slice(2).toUpperCase().replace(/-/g, '_')}`;
export const specOf = (key: InputKey) => INPUTS.find((s) => s.key === key)!;

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
