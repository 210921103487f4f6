import type { Answers } from '../answers.js';
import type { Adapters } from '../adapters.js';
import type { TerraformOutputs } from '../project/outputs.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of the doctor's report (the `--json` shape of design.md). */
export interface Finding {
  status: CheckStatus;
  detail: string;
  fix?: string;
  /**
   * A "skip" for a fact doctor has no way to see (whether Slack channels exist), rather than one it
   * tried and could not reach: listed apart in the summary, and not a failure under --strict, which
   * would otherwise fail on every project. Not part of the JSON (its detail says "not checked").
   */
  unverifiable?: true;
  /**
   * A "skip" for a check that does not apply to this project (its CI checks when `ci` never ran):
   * neither passed nor "could not check", listed apart in the summary, never a failure under --strict.
   * Not part of the JSON (its detail says "not applicable").
   */
  notApplicable?: true;
}

export interface CheckResult extends Finding {
  id: string;
  title: string;
  ms: number;
}

export interface DoctorContext {
  dir: string;
  env: NodeJS.ProcessEnv;
  adapters: Omit<Adapters, 'openUrl'>;
  timeoutMs: number;
  awsProfile?: string;
}

/**
 * What a check runs with: the doctor's context, what the checks before it learned, and a way to wait
 * for a check it needs only on some paths.
 */
export interface CheckContext extends DoctorContext {
  /**
   * What earlier checks returned with a pass or a warning (never written by a check: a check returns
   * what it learned, `learned(finding, facts)`, and the runner keeps it). Read what a check `needs`.
   */
  facts: Readonly<Facts>;
  /** Another check's result (the check must be in `mayNeed`); its time limit stops while it waits. */
  resultOf(id: string): Promise<CheckResult>;
}

/** What checks learn for the checks after them: the project's answers and outputs, the token, the token's reach. */
export interface Facts {
  tfvars?: { raw: Record<string, unknown>; answers: Partial<Answers> };
  outputs?: TerraformOutputs;
  token?: { value: string; from: string };
  oktaScope?: Set<string> | 'all';
  /** The flow's Okta groups by ID, looked up as soon as the token is known. */
  groups?: Map<string, Promise<GroupLookup>>;
}

/** A group look-up that never rejects, so it can start before any check is ready to judge it. */
export type GroupLookup = { group: import('../okta/okta.js').OktaGroup } | { error: Error & { fix?: string } };

export interface Check {
  id: string;
  title: string;
  /** Checks whose result this one needs; it is skipped when one of them did not pass. */
  needs?: string[];
  /** Checks to wait for without requiring them to pass (they may supply a fact this one can also get elsewhere). */
  after?: string[];
  /** Checks whose result this one asks for (`ctx.resultOf`) only on some paths. */
  mayNeed?: string[];
  run(ctx: CheckContext): Promise<Finding | Learned>;
}

/** A finding with what the check learned for the checks that need it (kept only on a pass or a warning). */
export interface Learned extends Finding {
  facts: Partial<Facts>;
}
export const learned = (finding: Finding, facts: Partial<Facts>): Learned => ({ ...finding, facts });

export const pass = (detail: string): Finding => ({ status: 'pass', detail });
export const warn = (detail: string, fix: string): Finding => ({ status: 'warn', detail, fix });
export const fail = (detail: string, fix: string): Finding => ({ status: 'fail', detail, fix });
export const skip = (detail: string): Finding => ({ status: 'skip', detail });
export const notChecked = (detail: string, fix: string): Finding => ({
  status: 'skip',
  detail: `not checked: ${detail}`,
  fix,
  unverifiable: true,
});

export const notApplicable = (detail: string): Finding => ({
  status: 'skip',
  detail: `not applicable: ${detail}`,
  notApplicable: true,
});

/** A needed check that failed, or could not be checked, leaves nothing to check with. */
export const blocks = (r: CheckResult) => r.status === 'fail' || r.status === 'skip';
export const blockedBy = (r: CheckResult): Finding => skip(`needs "${r.title}", which did not pass`);
