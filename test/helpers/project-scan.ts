import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Provider binaries (a symlink into the mirror) are terraform's, not written by the run.
const SKIP = new Set(['app/.terraform/providers']);

/** Every regular file under `dir` (dotfiles included), relative and sorted; symlinks are listed, not followed. */
export function listProject(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p);
      if (SKIP.has(rel)) continue;
      if (e.isDirectory()) walk(p);
      else out.push(rel);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** The scaffolded files as the template holds them (the destination name of `_gitignore` is `.gitignore`). */
export function templateFiles(templatesDir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const rel of listProject(templatesDir))
    m.set(rel === '_gitignore' ? '.gitignore' : rel, readFileSync(join(templatesDir, rel), 'utf8'));
  return m;
}

/**
 * Why a project directory is not in a state a person could pick up from: a leftover temp file of an
 * atomic write, or a file that is empty, cut short or garbled. Each file must parse as what it is
 * (JSON, HCL, a zip for a saved plan), or equal its template byte for byte.
 */
export async function projectProblems(dir: string, templatesDir: string): Promise<string[]> {
  const { parse } = await import('@cdktf/hcl2json');
  const templates = templateFiles(templatesDir);
  const problems: string[] = [];
  for (const rel of listProject(dir)) {
    const path = join(dir, rel);
    const name = rel.split('/').pop()!;
    // A `terraform apply` that outlives a killed wizard (its own process group) may still remove its
    // lock file between the listing and the read: a file that is gone cannot be half-written.
    let bytes: Buffer;
    try {
      if (lstatSync(path).isSymbolicLink()) continue;
      bytes = readFileSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const text = bytes.toString('utf8');
    const bad = (why: string) => problems.push(`${rel}: ${why}`);
    if (/^\..*\.tmp$/.test(name)) {
      bad('leftover temp file of an interrupted write');
      continue;
    }
    if (bytes.length === 0) {
      // Terraform's local backend creates terraform.tfstate empty, to lock it, before it has a state
      // to write, and reads an empty file as "no state yet": killed then, that is what it leaves.
      if (rel !== 'app/terraform.tfstate') bad('empty');
      continue;
    }
    if (/\.tfvars(\.bak(\.\d+)?)?$/.test(name) || /\.(tf|hcl)$/.test(name)) {
      try {
        await parse(name, text);
      } catch (e) {
        bad(`does not parse as HCL: ${(e as Error).message}`);
      }
      // A .tf file from the template must be the template, not merely valid HCL.
      if (templates.has(rel) && text !== templates.get(rel)) bad('differs from its template');
    } else if (/\.(json|tfstate|backup|info)$/.test(name)) {
      try {
        JSON.parse(text);
      } catch (e) {
        bad(`does not parse as JSON: ${(e as Error).message}`);
      }
    } else if (name.endsWith('.tfplan')) {
      // A saved plan is a zip: local header first, end-of-central-directory record last.
      if (bytes.readUInt32LE(0) !== 0x04034b50 || bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0)
        bad('not a complete zip (saved plan)');
    } else if (templates.has(rel)) {
      if (text !== templates.get(rel)) bad('differs from its template');
    } else {
      bad('unexpected file');
    }
  }
  return problems;
}

export const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/**
 * Path → bytes hash, mode and modification time of every file and directory under `dir`: equal
 * snapshots mean nothing was written, not even the same bytes again.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = lstatSync(p);
      const kind = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : sha(readFileSync(p));
      out[relative(dir, p)] = `${kind} ${(st.mode & 0o7777).toString(8)} ${st.mtimeMs}`;
      if (e.isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
