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

/**
 * What the steps learn on the way; filled in order, read by later steps. Holds the token only in memory.
 * Each field, and each answer, has one owning step, the only one that writes it (its `owns` list).
 */
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
  /** The target groups as Okta has them, by ID. */
  groups: Map<string, OktaGroup>;
  /** The approver group as Okta has it. */
  approver?: OktaGroup;
  outputs?: TerraformOutputs;
  secretResult?: 'written' | 'unchanged';
  /** The secret the token step brought back from its scheduled deletion (an earlier destroy left it so) to read the token in it. */
  restoredSecret?: string;
  /** `terraform apply` started (and may have changed AWS and Sym) / finished without an error. */
  applyStarted?: boolean;
  applied?: boolean;
  /** What this run's writes replaced, so declining the plan can put every file back. */
  undo?: ProjectUndo;
}

/** One answer as a piece of run state. `extraFlowVars` is none: the user's own flow_vars, read from the project, never asked. */
export type AnswerPiece = `answers.${Exclude<keyof Answers, 'extraFlowVars'>}`;
/** What a step can own: a field of RunState, or one answer. */
export type StatePiece = Exclude<keyof RunState, 'answers'> | AnswerPiece;

type FieldsIn<P> = Extract<P, keyof RunState>;
type AnswersIn<P> = P extends `answers.${infer A extends keyof Answers}` ? A : never;
/**
 * A value another step owns, as a reader gets it: read-only all the way down (a Map, a Set, an array,
 * an object's fields, and theirs), so no write two levels down slips past the owner. Functions (an
 * adapter's methods) stay callable as they are.
 */
type ReadOnly<V> = V extends (...args: never[]) => unknown
  ? V
  : V extends Map<infer K, infer W>
    ? ReadonlyMap<K, ReadOnly<W>>
    : V extends Set<infer U>
      ? ReadonlySet<ReadOnly<U>>
      : V extends readonly (infer U)[]
        ? readonly ReadOnly<U>[]
        : V extends object
          ? { readonly [F in keyof V]: ReadOnly<V[F]> }
          : V;
type ReadOnlyFields<T> = { readonly [F in keyof T]: ReadOnly<T[F]> };

/** The run state as a step that owns the pieces `P` sees it: it may write those, and only read the rest. */
export type StateView<P extends StatePiece> = ReadOnlyFields<Omit<RunState, 'answers' | FieldsIn<P>>> &
  Pick<RunState, FieldsIn<P>> & {
    readonly answers: ReadOnlyFields<Omit<Partial<Answers>, AnswersIn<P>>> & Pick<Partial<Answers>, AnswersIn<P>>;
  };

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
  /** The temp directory of the run's environment (a dry run's scratch copy goes there). */
  tmpDir: string;
  state: RunState;
  signal: AbortSignal;
}

/** The part `K` of the context a step uses, its run state seen as by the owner of the pieces `P`. */
export type ContextOf<K extends keyof StepContext, P extends StatePiece> = Omit<Pick<StepContext, K>, 'state'> &
  ('state' extends K ? { state: StateView<P> } : unknown);

/** The context of a step using `K`, owning `O` and asking again about the answers `A` (as its methods get it). */
export type StepCtx<
  K extends keyof StepContext,
  O extends readonly StatePiece[],
  A extends readonly AnswerPiece[] = readonly [],
> = ContextOf<K, O[number] | A[number]>;

/**
 * Every wizard step has this shape. Gathering steps ask and check; acting steps plan, then apply
 * (each knows when its work is already in place). init, --dry-run, re-runs and doctor use the same steps.
 * `K` is the part of the context a step uses (each step file declares it as `Uses`): a reader sees at a
 * glance what a step may touch, and the compiler holds the step to it. `O` is the run state it owns
 * (`typeof owns`): the compiler lets it write those pieces and no other; test/unit/run-state-owners.test.ts
 * holds every piece to exactly one owner.
 */
export interface Step<
  K extends keyof StepContext,
  O extends readonly StatePiece[],
  A extends readonly AnswerPiece[] = readonly [],
> {
  id: string;
  title: string;
  /** The run state this step owns: it alone writes these pieces. */
  owns: O;
  /**
   * Answers another step owns (asks) that this one asks about again, and so may change: e.g. the
   * Slack app step offers a workspace that already has Sym's app. Each such step says why.
   */
  alsoAsks?: A;
  /** Obtain and check this step's answers (only through ctx.prompter). May act only where later answers depend on it. */
  gather?(ctx: StepCtx<K, O, A>): Promise<StepOutcome | undefined>;
  /** The exact changes it would make (what `--dry-run` shows instead of applying). */
  plan?(ctx: StepCtx<K, O, A>): Promise<PlannedChange[]>;
  /** Make the changes, or report `unchanged` when they are already in place. */
  apply?(ctx: StepCtx<K, O, A>): Promise<StepOutcome>;
  /**
   * Ctrl-C stops waiting for this step's `apply` instead of letting it finish: for steps whose only
   * waits are network calls that cannot be cancelled (an SDK request), so the interruption and the
   * resume command are reported at once. Never for a step that runs terraform or writes files: cut
   * off, those could leave a state or a file half-written. (Gathering is always abandoned.)
   */
  abandonOnInterrupt?: boolean;
  /**
   * Why this step has nothing to do in this run, if it has not (moving state to S3 when the state is
   * a local file): then it is left out of the screen and the dry run, and reported as skipped.
   */
  idle?(ctx: StepCtx<K, O, A>): string | undefined;
}

/** Any step, as the runner and the wizard's list hold it. */
export type AnyStep = Step<keyof StepContext, readonly StatePiece[], readonly AnswerPiece[]>;
