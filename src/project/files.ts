import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** The only code that writes to the user's disk. Every write is atomic: a temp file in the same directory, then rename. */
export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
    await chmod(path, mode);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The temp name writeFileAtomic uses: `.` + 12 hex digits + `.tmp`. */
const TEMP_NAME = /^\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes temp files a killed run left behind (killed between writing the temp file and renaming it)
 * in these directories; the file they were meant to replace is still whole.
 */
export async function removeStaleTemps(dirs: Iterable<string>): Promise<void> {
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) if (TEMP_NAME.test(name)) await rm(join(dir, name), { force: true });
  }
}

export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function ensureDir(path: string, mode?: number): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  if (mode !== undefined) await chmod(path, mode);
}

/** Relative paths of every file under `root` (no directories), sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      // A template may link to a shared file (the test fixture shares the real template's); follow it.
      const kind = e.isSymbolicLink() ? await stat(p) : e;
      if (kind.isDirectory()) await walk(p);
      else if (kind.isFile()) out.push(relative(root, p));
    }
  };
  await walk(root);
  return out.sort();
}

/** Removes a file or a directory tree; nothing there is fine. */
export async function remove(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/**
 * The temp directory of an environment, as Node's os.tmpdir() picks it from its own process's (TMPDIR,
 * TMP, TEMP; TEMP, TMP on Windows), else the system's: a run keeps its scratch where the environment
 * it was given says, which for a real run is the process's own.
 */
export function tempDirOf(env: NodeJS.ProcessEnv): string {
  const names = process.platform === 'win32' ? ['TEMP', 'TMP'] : ['TMPDIR', 'TMP', 'TEMP'];
  const dir = names.map((n) => env[n]).find((v) => v) ?? tmpdir();
  // os.tmpdir() drops a trailing separator too (but keeps a root's).
  return dir.length > 1 && /[\\/]$/.test(dir) && !/^[A-Za-z]:\\$/.test(dir) ? dir.slice(0, -1) : dir;
}

/** A new empty directory under the temp directory `tmp` (the caller removes it). */
export function scratchDir(prefix: string, tmp: string): Promise<string> {
  return mkdtemp(join(tmp, prefix));
}

/**
 * A temporary copy of `dir` (without what `skip` matches) for `use`, removed afterwards whatever
 * happens: a dry run plans on it and never touches the project.
 */
export async function withScratchCopy<T>(
  dir: string,
  skip: (path: string) => boolean,
  use: (scratch: string) => Promise<T>,
  tmp: string,
): Promise<T> {
  const scratch = await scratchDir('sym-quickstart-plan-', tmp);
  try {
    if (await exists(dir)) await cp(dir, scratch, { recursive: true, filter: (src) => !skip(src) });
    return await use(scratch);
  } finally {
    await remove(scratch);
  }
}
