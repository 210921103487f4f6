// Whether a project keeps its Terraform state in S3, and where its state files are on disk. For every
// command that works on an existing project (init, doctor, ci, destroy): app/backend.tf, which is
// committed with the project, is what says so — a fresh clone knows it as well as the machine that wrote it.
import { join } from 'node:path';
import { readText, remove } from './files.js';
import { JOURNAL_DIR } from './journal.js';
import { BACKEND_TF, parseBackend, type RemoteState } from '../render/backend.js';
import { parseState, type TerraformState } from '../tools/terraform.js';

export type { RemoteState } from '../render/backend.js';

/** The local state file of a project without a backend (the template's .gitignore keeps it out of git). */
export const LOCAL_STATE = 'app/terraform.tfstate';
/** The local state as it was before it moved to S3; kept (mode 0600) until the next successful run. */
export const MIGRATED_COPY = join(JOURNAL_DIR, 'terraform.tfstate.migrated');

/** The bucket, key and region of the project's S3 backend; undefined when it keeps local state. */
export async function remoteStateOf(dir: string): Promise<RemoteState | undefined> {
  const text = await readText(join(dir, BACKEND_TF));
  return text === undefined ? undefined : parseBackend(text);
}

/** True when the project keeps its Terraform state in S3 (app/backend.tf with an s3 backend). */
export async function usesRemoteState(dir: string): Promise<boolean> {
  return (await remoteStateOf(dir)) !== undefined;
}

/** The project's local state file, summarised; undefined when there is none (or it holds no state yet). */
export async function localState(dir: string): Promise<(TerraformState & { text: string }) | undefined> {
  const text = await readText(join(dir, LOCAL_STATE));
  if (!text?.trim()) return undefined;
  return { ...parseState(text), text };
}

/**
 * After a successful run: the copy of a local state moved to S3 by an earlier run goes (this run read
 * and used the S3 state, so it is no longer needed). The run that moved it keeps it.
 */
export async function forgetMigratedCopy(
  dir: string,
  journal: { data: { migratedAt?: string }; save(): Promise<void> },
  runStarted: Date,
): Promise<boolean> {
  const at = journal.data.migratedAt;
  if (!at || new Date(at) >= runStarted) return false;
  await remove(join(dir, MIGRATED_COPY));
  delete journal.data.migratedAt;
  await journal.save();
  return true;
}
