import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ensureDir, readText, writeFileAtomic } from './files.js';
import type { Answers } from '../answers.js';
import { ROWS } from '../answers/catalogue.js';

export type StepRecordStatus = 'done' | 'failed';
export interface StepRecord {
  status: StepRecordStatus;
  at: string;
  fingerprint?: string;
}
/** `.sym-quickstart/state.json`: progress and fingerprints of non-secret inputs. Never a secret, never a token hash. */
export interface JournalData {
  version: 1;
  steps: Record<string, StepRecord>;
  /** sha256 of each scaffolded file as the wizard last wrote it: a different hash on disk is a user edit. */
  files: Record<string, string>;
  /** The answers of the last run that got as far as writing the project: defaults for the next one. */
  answers?: Record<string, unknown>;
  /**
   * The last `destroy`: started (the plan was confirmed) and, once Terraform has finished, finished.
   * `init` reads it to bring the secret back into the new state instead of creating another.
   */
  teardown?: Teardown;
  /**
   * terraform.tfvars keys the user chose to keep as they wrote them over this run's answer, each with
   * the fingerprint of that text and that answer: the same choice is not asked again.
   */
  tfvarsKept?: Record<string, string>;
  /** When the local state moved to S3; its copy (MIGRATED_COPY) goes with the next successful run. */
  migratedAt?: string;
}

export interface Teardown {
  startedAt: string;
  finishedAt?: string;
  /** Terraform addresses the destroy removed (or was removing). */
  resources: string[];
  secret?: { name: string; region: string; recoveryWindowDays?: number; deletionDate?: string };
  /** Set when `init` brought the secret back into Terraform's state. */
  secretRestoredAt?: string;
}

/** The answers held as one string (the catalogue's rows that fill an answer and are not lists). */
const STRING_ANSWERS = ROWS.flatMap((row) => (row.answer && !row.repeatable ? [row.answer] : []));

/**
 * Only the known, non-secret answer fields, checked for shape: whatever else is in memory (a token)
 * never reaches the journal, and a hand-edited journal cannot inject anything else back.
 */
export function answersOnly(a: Partial<Answers> | Record<string, unknown> | undefined): Partial<Answers> {
  const out: Partial<Answers> = {};
  if (!a || typeof a !== 'object') return out;
  const src = a as Record<string, unknown>;
  const strings = out as Record<string, string>;
  for (const k of STRING_ANSWERS) if (typeof src[k] === 'string') strings[k] = src[k] as string;
  if (
    Array.isArray(src.targets) &&
    src.targets.every((t) => t && typeof t.label === 'string' && typeof t.groupId === 'string')
  ) {
    out.targets = (src.targets as Answers['targets']).map((t) => ({ label: t.label, groupId: t.groupId }));
  }
  return out;
}

export const JOURNAL_DIR = '.sym-quickstart';
export const journalPath = (projectDir: string) => join(projectDir, JOURNAL_DIR, 'state.json');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const fingerprint = (value: unknown) => sha256(JSON.stringify(value)).slice(0, 16);

export class Journal {
  private constructor(
    private readonly dir: string,
    readonly data: JournalData,
  ) {}

  static async load(projectDir: string): Promise<Journal> {
    const dir = join(projectDir, JOURNAL_DIR);
    const raw = await readText(join(dir, 'state.json'));
    let data: JournalData = { version: 1, steps: {}, files: {} };
    if (raw) {
      try {
        const parsed = JSON.parse(raw) as JournalData;
        if (parsed.version === 1) data = { ...data, ...parsed };
      } catch {
        // A damaged journal only costs a re-check of every step; it is rewritten on the next save.
      }
    }
    return new Journal(dir, data);
  }

  step(id: string): StepRecord | undefined {
    return this.data.steps[id];
  }

  record(id: string, status: StepRecordStatus, fp?: string): void {
    // The same outcome again keeps its record (and its time), so a re-run that changes nothing leaves the file as it was.
    const was = this.data.steps[id];
    if (was && was.status === status && was.fingerprint === fp) return;
    this.data.steps[id] = { status, at: new Date().toISOString(), fingerprint: fp };
  }

  async save(): Promise<void> {
    await ensureDir(this.dir, 0o700);
    await writeFileAtomic(join(this.dir, 'state.json'), `${JSON.stringify(this.data, null, 2)}\n`, 0o600);
  }
}
