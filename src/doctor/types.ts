import type { Answers } from '../answers.js';
import type { Adapters } from '../steps/types.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of the doctor's report (the `--json` shape of design.md). */
export interface Finding {
  status: CheckStatus;
  detail: string;
  fix?: string;
}

export interface DoctorContext {
  dir: string;
  env: NodeJS.ProcessEnv;
  adapters: Omit<Adapters, 'openUrl'>;
  timeoutMs: number;
  awsProfile?: string;
  /** Values of other checks, by id, once they pass (or warn). A failed or skipped dependency skips its dependants. */
  facts: Facts;
}

export interface Facts {
  tfvars?: { raw: Record<string, unknown>; answers: Partial<Answers> };
  outputs?: { okta_secret_name: string; aws_region: string; flow_name: string };
  token?: { value: string; from: string };
  okta?: import('../adapters/okta.js').OktaAdapter;
  oktaScope?: Set<string> | 'all';
  oktaUrl?: string;
  session?: import('../adapters/symflow.js').SymSession;
}

export interface Check {
  id: string;
  title: string;
  /** Checks whose result this one needs; it is skipped when one of them did not pass. */
  needs?: string[];
  /** Checks to wait for without requiring them to pass (they may supply a fact this one can also get elsewhere). */
  after?: string[];
  run(ctx: DoctorContext): Promise<Finding>;
}

export const pass = (detail: string): Finding => ({ status: 'pass', detail });
export const warn = (detail: string, fix: string): Finding => ({ status: 'warn', detail, fix });
export const fail = (detail: string, fix: string): Finding => ({ status: 'fail', detail, fix });
export const skip = (detail: string): Finding => ({ status: 'skip', detail });
