/**
 * The answer catalogue: one row per value `init` can be given. Everything else about an answer is
 * derived from its row: the commander option and `--help` line (cli.ts), the environment variable
 * (SYM_QUICKSTART_ + the flag), the validation of flags and variables (inputs.ts), the bad-input
 * corpus's validator map (validate/index.ts), where it sits in terraform.tfvars and how it is read
 * back (render/tfvars*.ts), which tfvars keys a re-run may rewrite (project/plan-files.ts), the
 * defaults of a re-run, what the journal keeps, what an unattended run must be given (commands/init.ts)
 * and what doctor requires in the project (doctor/checks-project.ts).
 *
 * To add an answer:
 *  1. add its field to `Answers` (answers.ts) unless it is a setting that never reaches tfvars;
 *  2. add a row below (its place in the list is its place in `--help`);
 *  3. if it is a new top-level tfvars key, put the key in TFVARS_LAYOUT (a key inside flow_vars needs
 *     nothing more: flow_vars keeps the rows' order);
 *  4. ask it in its step with `promptOf(key)` and `defaultOf(key)`.
 * Every tfvars key the wizard writes is spelled in this file only; other code names it through
 * `tfvarsPath(key)` or the constants below.
 */
import type { Answers } from '../answers.js';
import { awsRegion } from '../validate/aws-region.js';
import { channel, errorChannel } from '../validate/channel.js';
import { oktaDomain } from '../validate/okta-domain.js';
import { oktaGroupId } from '../validate/okta-group-id.js';
import { orgSlug } from '../validate/org-slug.js';
import type { Validation } from '../validate/result.js';
import { runtimeName } from '../validate/runtime-name.js';
import { slackWorkspaceId } from '../validate/slack-workspace-id.js';
import { stateBucket, stateKey } from '../validate/state-bucket.js';
import { targetSpec } from '../validate/target-spec.js';
import { yesNo } from '../validate/yes-no.js';

/** Where an answer is written in terraform.tfvars. */
export type TfvarsPlace =
  /** a top-level string */
  | { key: string }
  /** a string inside the flow_vars map */
  | { flowVar: string }
  /** the list of target groups, each an object with these attribute names */
  | { key: string; list: { label: string; groupId: string } };

export interface AnswerRow {
  /** The answer's name in the prompter, in `Given` and in error messages' lists. */
  key: string;
  /** The field of `Answers` it fills; absent for a setting that is not an answer (the AWS profile). */
  answer?: keyof Answers;
  /** commander flag syntax; the environment variable is derived from it. */
  flag: string;
  /** `--help` text. */
  description: string;
  validate?: (raw: string) => Validation<unknown>;
  /** The flag may be given more than once (a list). */
  repeatable?: boolean;
  /** An unattended run cannot proceed without it (unless the project already has it). */
  requiredUnattended?: boolean;
  /** doctor fails a project whose tfvars lacks it (every unattended-required answer is required too). */
  requiredInProject?: boolean;
  tfvars?: TfvarsPlace;
  /** Left out of tfvars when empty (and so read back as not given). */
  optional?: boolean;
  /** Used when neither given nor in the project (the step may look elsewhere first, e.g. AWS_REGION). */
  default?: string;
  /** The question the wizard asks. */
  prompt?: string;
}

export const ANSWERS = [
  {
    key: 'org',
    answer: 'org',
    flag: '--org <slug>',
    description: 'Sym org slug (Org ID); default: the org of your symflow session',
    validate: orgSlug,
    requiredInProject: true,
    tfvars: { key: 'sym_org_slug' },
    prompt: 'Sym org slug (Org ID)',
  },
  {
    key: 'slackWorkspaceId',
    answer: 'slackWorkspaceId',
    flag: '--slack-workspace-id <id>',
    description: 'Slack workspace (team) ID, T…',
    validate: slackWorkspaceId,
    requiredUnattended: true,
    tfvars: { key: 'slack_workspace_id' },
    prompt: 'Slack workspace ID',
  },
  {
    key: 'requestChannel',
    answer: 'requestChannel',
    flag: '--request-channel <#name>',
    description: 'Slack channel where requests go (default: #sym-requests)',
    validate: channel,
    tfvars: { flowVar: 'request_channel' },
    default: '#sym-requests',
    prompt: 'Channel where access requests are posted',
  },
  {
    key: 'errorChannel',
    answer: 'errorChannel',
    flag: '--error-channel <#name>',
    description: 'Slack channel where Sym reports errors (default: #sym-errors)',
    validate: errorChannel,
    tfvars: { key: 'error_channel' },
    default: '#sym-errors',
    prompt: 'Channel where Sym reports errors (it must exist)',
  },
  {
    key: 'oktaDomain',
    answer: 'oktaDomain',
    flag: '--okta-domain <host>',
    description: 'Okta org domain, e.g. acme.okta.com',
    validate: oktaDomain,
    requiredUnattended: true,
    tfvars: { key: 'okta_org_domain' },
    prompt: 'Okta org domain (e.g. acme.okta.com)',
  },
  {
    key: 'oktaTarget',
    answer: 'targets',
    flag: '--okta-target <label=groupId>',
    description: 'an Okta group users may request; repeatable',
    validate: targetSpec,
    repeatable: true,
    requiredUnattended: true,
    tfvars: { key: 'okta_targets', list: { label: 'label', groupId: 'group_id' } },
  },
  {
    key: 'approverGroup',
    answer: 'approverGroup',
    flag: '--approver-group <groupId>',
    description: 'only members of this Okta group may approve',
    validate: oktaGroupId,
    tfvars: { flowVar: 'approver_group' },
    optional: true,
  },
  {
    // Written into impl.py (ALLOW_SELF_APPROVAL), not tfvars: RequestPermission takes a Python bool.
    key: 'allowSelfApproval',
    answer: 'allowSelfApproval',
    flag: '--allow-self-approval [yes|no]',
    description: 'let an approver approve their own request, e.g. an admin trying the flow alone (default: no)',
    validate: yesNo,
    default: 'no',
    prompt: 'Let approvers approve their own requests? (handy while you try the flow alone)',
  },
  {
    key: 'awsRegion',
    answer: 'awsRegion',
    flag: '--aws-region <region>',
    description: 'AWS region for the runtime and the secret (default: AWS_REGION, profile, else us-east-1)',
    validate: awsRegion,
    tfvars: { key: 'aws_region' },
    default: 'us-east-1',
    prompt: 'AWS region for the Sym runtime and the secret',
  },
  { key: 'awsProfile', flag: '--aws-profile <name>', description: 'AWS profile (default: AWS_PROFILE)' },
  {
    key: 'runtimeName',
    answer: 'runtimeName',
    flag: '--runtime-name <name>',
    description: 'Sym runtime / environment name (default: prod)',
    validate: runtimeName,
    tfvars: { key: 'runtime_name' },
    default: 'prod',
    prompt: 'Sym runtime / environment name',
  },
  {
    key: 'stateBucket',
    answer: 'stateBucket',
    flag: '--state-bucket <name>',
    description:
      'keep Terraform state in this S3 bucket (created when missing; locked while anyone applies) instead of a local file',
    validate: stateBucket,
    prompt: 'S3 bucket for the state (created when missing)',
  },
  {
    key: 'stateKey',
    answer: 'stateKey',
    flag: '--state-key <key>',
    description:
      'object key of the state in that bucket (default: sym-okta-quickstart/<runtime_name>/terraform.tfstate)',
    validate: stateKey,
  },
] as const satisfies readonly AnswerRow[];

export type InputKey = (typeof ANSWERS)[number]['key'];
/** A row with its key typed as one of the catalogue's. */
export type AnswerSpec = AnswerRow & { key: InputKey };

/** The top-level tfvars key holding the rows placed in `flowVar`. */
export const FLOW_VARS = 'flow_vars';

/**
 * The top-level keys of terraform.tfvars the wizard owns, in the order it writes them. A blank line
 * separates the blocks, so each block's `=` alignment is its own, as terraform fmt sees it.
 */
export const TFVARS_LAYOUT: ReadonlyArray<readonly string[]> = [
  ['sym_org_slug', 'runtime_name', 'aws_region'],
  ['slack_workspace_id', 'error_channel', FLOW_VARS],
  ['okta_org_domain', 'okta_targets'],
];

export const ROWS: readonly AnswerSpec[] = ANSWERS;
const rows = ROWS;

export const rowOf = (key: InputKey): AnswerSpec => rows.find((r) => r.key === key)!;

/** The row that fills an `Answers` field. */
export const rowOfAnswer = (answer: keyof Answers): AnswerSpec | undefined => rows.find((r) => r.answer === answer);

/** The question for an answer (rows without one are asked by a picker). */
export const promptOf = (key: InputKey): string => rowOf(key).prompt ?? rowOf(key).description;

/** The answers the catalogue has a default for. */
export type DefaultedKey = Extract<(typeof ANSWERS)[number], { default: string }>['key'];
/** The catalogue's default for an answer. */
export const defaultOf = (key: DefaultedKey): string => rowOf(key).default!;

/** A row whose answer is written to terraform.tfvars. */
type TfvarsRow = Extract<(typeof ANSWERS)[number], { answer: string; tfvars: object }>;
/** An answer written to terraform.tfvars (so a hand-written value there can stand for it). */
export type TfvarsAnswer = TfvarsRow['answer'];
/** The answers written to terraform.tfvars, in the catalogue's order. */
export const TFVARS_ANSWERS: readonly TfvarsAnswer[] = ANSWERS.filter(
  (row): row is TfvarsRow => 'answer' in row && 'tfvars' in row,
).map((row) => row.answer);

/** The top-level tfvars key an answer is written under (flow_vars for a flow variable). */
export const topKeyOf = (row: AnswerRow): string | undefined =>
  row.tfvars === undefined ? undefined : 'flowVar' in row.tfvars ? FLOW_VARS : row.tfvars.key;

/** How messages name an answer's place in tfvars: `error_channel`, `flow_vars.request_channel`. */
export function tfvarsPath(key: InputKey): string {
  const place = rowOf(key).tfvars;
  if (!place) throw new Error(`${key} is not written to terraform.tfvars`);
  return 'flowVar' in place ? `${FLOW_VARS}.${place.flowVar}` : place.key;
}
