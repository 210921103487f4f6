import type { AwsTarget } from '../aws/client-config.js';
import type { IamAdapter } from '../aws/iam.js';
import type { SymflowAdapter } from '../sym/symflow.js';
import { clashes, freeRuntimeName, type NameClash, type TakenNames } from './names.js';
import { namesInState } from './state-names.js';

const SYM_TYPES = ['sym_environment', 'sym_runtime', 'sym_integration'] as const;

export type NameCheck =
  | { status: 'free' }
  | { status: 'taken'; clashes: NameClash[]; free: string }
  /** The project keeps its state in a backend, not read here: which names are its own is not known. */
  | { status: 'unknown' };

/**
 * Which names `runtime` would create exist already in the AWS account (IAM) or the Sym org
 * (`symflow resources list`) and are not in the project's own state; with a runtime name that is free.
 * Used by init's `names` step (so also --dry-run) and by doctor, which passes `readRemoteState` (the
 * backend's state object) so a project with remote state knows its own names too.
 */
export async function checkNames(
  adapters: { createIam: (t: AwsTarget) => Promise<IamAdapter>; symflow: SymflowAdapter },
  target: AwsTarget,
  runtime: string,
  dir: string,
  readRemoteState?: () => Promise<string | undefined>,
): Promise<NameCheck> {
  const ours = await namesInState(dir, readRemoteState);
  if (ours === 'unknown') return { status: 'unknown' };
  const iam = await adapters.createIam(target);
  const [aws, ...sym] = await Promise.all([
    iam.names(),
    ...SYM_TYPES.map((type) => adapters.symflow.resourcesList(type)),
  ]);
  const taken: TakenNames = {
    iamRoles: aws!.roles,
    iamPolicies: aws!.policies,
    // Sym compares names case-insensitively.
    sym: Object.fromEntries(
      SYM_TYPES.map((type, i) => [type, new Set(sym[i]!.map((row) => row.slug.toLowerCase()))]),
    ) as TakenNames['sym'],
  };
  const found = clashes(runtime, taken, ours);
  return found.length ? { status: 'taken', clashes: found, free: freeRuntimeName(runtime, taken) } : { status: 'free' };
}

/** The message and fix for names that are taken. */
export function takenMessage(runtime: string, r: Extract<NameCheck, { status: 'taken' }>) {
  const list = r.clashes.map((c) => `${c.kind} ${c.name}`).join(', ');
  return {
    message: `The runtime name "${runtime}" would create names that already exist and are not this project's: ${list}. Terraform would stop half-way on them.`,
    fix: `Choose a runtime name that is free, e.g. --runtime-name ${r.free} (free in this AWS account and Sym org). To take over the existing setup instead, import it into this project's state.`,
  };
}
