// The JSON shapes the commands report (`--json`; ../shared/design.md), apart from the code that builds
// them, so the renderers in ui/ read them without importing a command.
import type { StepReport } from './run-steps.js';

/** `init --json`. */
export interface InitResult {
  ok: boolean;
  directory: string;
  steps: StepReport[];
  secret?: { name: string; region: string };
  flow?: string;
}

export type CiFileStatus = 'create' | 'update' | 'unchanged' | 'kept';
/** `ci --json`. */
export interface CiReport {
  ok: boolean;
  dryRun: boolean;
  directory: string;
  /** The top of the git work tree; `files` are relative to it. */
  repositoryRoot: string;
  repository: string;
  branch: string;
  files: Array<{ path: string; status: CiFileStatus }>;
  oidcProvider: { status: 'create' | 'reuse' | 'managed'; arn?: string };
  roles: { plan: { name: string; arn?: string }; apply: { name: string; arn?: string } };
  terraform: { status: 'planned' | 'applied' | 'unchanged'; summary?: string };
  bot: { name: string; status: 'create' | 'created' | 'exists' };
  secrets: Array<{ name: string; status: 'set' | 'kept' | 'will-set' | 'pending' }>;
  variables: Array<{ name: string; value: string; status: 'set' | 'unchanged' | 'will-set' | 'pending' }>;
  /** Commands the user still has to run (gh missing or not logged in). */
  pending: string[];
}
