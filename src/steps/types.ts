import type { Answers } from '../answers.js';
import type { ProjectUndo } from '../project/undo.js';
import type { Adapters } from '../adapters.js';
import type { BucketChange, BucketInspection } from '../aws/state-bucket.js';
import type { OktaAdapter, OktaGroup, OktaRole, OktaUser } from '../okta/okta.js';
import type { Journal } from '../project/journal.js';
import type { TerraformOutputs } from '../project/outputs.js';
import type { SymflowVersion, SymSession } from '../sym/symflow.js';
import type { Output } from '../ui/output.js';
import type { Prompter } from '../ui/prompter.js';
import type { Redactor } from '../ui/redact.js';

export type { Adapters };

export type StepStatus = 'done' | 'unchanged' | 'skipped' | 'failed';
export interface StepOutcome {
  status: StepStatus;
  detail?: string;
}

/** One change an acting step would make: shown by `--dry-run`, and the same thing `apply` does. */
export interface PlannedChange {
  /** `plan`: Terraform's plan, told short (several lines). */
  kind: 'file' | 'command' | 'secret' | 'bucket' | 'plan';
  summary: string;
  /** unified diff for files */
  diff?: string;
}

export interface RunOptions {
  interactive: boolean;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  openBrowser: boolean;
  replaceSecret: boolean;
  forceSteps: ReadonlySet<string>;
  awsProfile?: string;
  slackWaitMs: number;
  pollIntervalMs: number;
}

/** What the steps learn on the way; filled in order, read by later steps. Holds the token only in memory. */
export interface RunState {
  answers: Partial<Answers>;
  terraformVersion?: string;
  /** With remote state: the bucket as found, what making it fit takes, and whether local state moves to it. */
  stateBucket?: { found: BucketInspection; changes: BucketChange[]; migrate: boolean };
  symflowVersion?: SymflowVersion;
  session?: Extract<SymSession, { loggedIn: true }>;
  oktaOrgUrl?: string;
  token?: string;
  okta?: OktaAdapter;
  oktaUser?: OktaUser;
  oktaRoles?: OktaRole[];
  /** group IDs the token may manage, or 'all' */
  oktaScope?: Set<string> | 'all';
  groups: Map<string, OktaGroup>;
  outputs?: TerraformOutputs;
  secretResult?: 'written' | 'unchanged';
  /** The secret this run brought back from its scheduled deletion (an earlier destroy left it so). */
  restoredSecret?: string;
  /** `terraform apply` started (and may have changed AWS and Sym) / finished without an error. */
  applyStarted?: boolean;
  applied?: boolean;
  /** What this run's writes replaced, so declining the plan can put every file back. */
  undo?: ProjectUndo;
}

export interface StepContext {
  dir: string;
  env: NodeJS.ProcessEnv;
  out: Output;
  prompter: Prompter;
  redactor: Redactor;
  journal: Journal;
  adapters: Adapters;
  options: RunOptions;
  /** Answers found in an existing project (`terraform.tfvars`): defaults on a re-run. */
  previous: Partial<Answers>;
  /** The token from OKTA_API_TOKEN or --okta-token-stdin, when one was given. */
  givenToken?: string;
  templatesDir: string;
  state: RunState;
  signal: AbortSignal;
}

/**
 * Every wizard step has this shape. Gathering steps ask and check; acting steps plan, then apply
 * (each knows when its work is already in place). init, --dry-run, re-runs and doctor use the same steps.
 * `K` is the part of the context a step uses (each step file declares it as `Uses`): a reader sees at a
 * glance what a step may touch, and the compiler holds the step to it.
 */
export interface Step<K extends keyof StepContext = keyof StepContext> {
  id: string;
  title: string;
  /** Obtain and check this step's answers (only through ctx.prompter). May act only where later answers depend on it. */
  gather?(ctx: Pick<StepContext, K>): Promise<StepOutcome | undefined>;
  /** The exact changes it would make (what `--dry-run` shows instead of applying). */
  plan?(ctx: Pick<StepContext, K>): Promise<PlannedChange[]>;
  /** Make the changes, or report `unchanged` when they are already in place. */
  apply?(ctx: Pick<StepContext, K>): Promise<StepOutcome>;
  /**
   * Ctrl-C stops waiting for this step's `apply` instead of letting it finish: for steps whose only
   * waits are network calls that cannot be cancelled (an SDK request), so the interruption and the
   * resume command are reported at once. Never for a step that runs terraform or writes files: cut
   * off, those could leave a state or a file half-written. (Gathering is always abandoned.)
   */
  abandonOnInterrupt?: boolean;
}
