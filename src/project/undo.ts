import { rm, stat } from 'node:fs/promises';
import { readText, writeFileAtomic } from './files.js';

/** What a run's writes replaced, so declining the plan can put every file back. */
export interface ProjectUndo {
  /** false: the run made the directory, and declining removes it. */
  dirExisted: boolean;
  /** path → its content and mode before this run; undefined: it did not exist. */
  files: Map<string, { content: string; mode: number } | undefined>;
}

/** Notes what `path` holds before this run first writes it. */
export async function remember(undo: ProjectUndo, path: string): Promise<void> {
  if (undo.files.has(path)) return;
  const content = await readText(path);
  undo.files.set(path, content === undefined ? undefined : { content, mode: (await stat(path)).mode & 0o777 });
}

/** A ProjectUndo as undoing reads it (it changes nothing in it): what a step that does not own it may hold. */
interface UndoRecord {
  readonly dirExisted: boolean;
  readonly files: ReadonlyMap<string, { readonly content: string; readonly mode: number } | undefined>;
}

/** Puts every file the run wrote back as it was (or removes the directory the run made). */
export async function undoWrites(dir: string, undo: UndoRecord | undefined): Promise<void> {
  if (!undo) return;
  if (!undo.dirExisted) {
    await rm(dir, { recursive: true, force: true });
    return;
  }
  for (const [path, before] of undo.files) {
    if (before === undefined) await rm(path, { force: true });
    else await writeFileAtomic(path, before.content, before.mode);
  }
}
