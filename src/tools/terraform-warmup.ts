import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exists, listFiles, readText, writeFileAtomic } from '../project/files.js';
import type { Runner } from './process.js';
import type { PluginCache } from './terraform-cache.js';

export const LOCK_FILE = '.terraform.lock.hcl';
const MODULES = join('.terraform', 'modules');

const SCRATCH_PREFIX = 'sym-okta-quickstart-tfinit-';

/** Scratch copies a killed run (SIGKILL, a closed terminal) could not remove, once a day old. */
async function sweepOldScratches(tmpDir: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const path = join(tmpDir, name);
    const modified = (await stat(path).catch(() => undefined))?.mtimeMs ?? Number.POSITIVE_INFINITY;
    if (modified < dayAgo) await rm(path, { recursive: true, force: true }).catch(() => {});
  }
}

export type WarmUpOutcome = { ok: true } | { ok: false; output: string };

export interface WarmUp {
  /** Settles when the background `terraform init` has ended (never rejects). */
  readonly settled: Promise<WarmUpOutcome>;
  /**
   * Gives a project's app/ what the warm-up found, where it has none of its own yet: the provider
   * selections (the lock file: with it, terraform takes the providers from the cache instead of
   * downloading them again to record their checksums) and the downloaded registry modules.
   */
  adoptInto(appDir: string): Promise<void>;
  /**
   * When the project is exactly the configuration the warm-up initialised (a freshly written project:
   * the same .tf files, no `.terraform` and no lock file yet), gives it the warm-up's whole working
   * directory, which is what `terraform init` would make of it: true. Otherwise false, and nothing done.
   */
  adoptWhole(appDir: string): Promise<boolean>;
  /** Stops the background init if it is still running, waits for it, and removes its scratch copy. */
  stop(): Promise<void>;
}

/** The Terraform configuration under a project root: its .tf files and their text. */
async function configOf(root: string): Promise<Map<string, string | undefined>> {
  const files = (await listFiles(root)).filter(
    (f) => /\.tf(\.json)?$/.test(f) && !f.split(/[\\/]/).includes('.terraform'),
  );
  return new Map(await Promise.all(files.map(async (f) => [f, await readText(join(root, f))] as const)));
}

export interface WarmUpOptions {
  runner: Runner;
  templatesDir: string;
  /** terraform's environment, including the plugin cache setting. */
  env: Record<string, string | undefined>;
  cache: PluginCache;
  /** Where the scratch copy goes (the temp directory of the run's environment). */
  tmpDir: string;
  signal?: AbortSignal;
  /** Its lines, as they arrive (the debug log, or --verbose). */
  onLine?: (line: string) => void;
}

/**
 * `terraform init -backend=false` on a scratch copy of the templates, in the background: providers go
 * into the shared plugin cache and modules into the scratch copy while the user is still answering,
 * so the project's own init later finds them all. Nothing touches the project directory. A failure
 * is kept, not reported: the project's own init says what is wrong, if anything still is.
 */
export function startWarmUp(o: WarmUpOptions): WarmUp {
  const stopper = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stopper.signal]) : stopper.signal;
  let scratch: string | undefined;
  const scratchApp = () => join(scratch!, 'app');

  const init = () =>
    o.runner.run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
      cwd: scratchApp(),
      env: o.env,
      signal,
      onLine: o.onLine,
    });

  const settled = (async (): Promise<WarmUpOutcome> => {
    try {
      await sweepOldScratches(o.tmpDir);
      scratch = await mkdtemp(join(o.tmpDir, SCRATCH_PREFIX));
      await cp(o.templatesDir, scratch, { recursive: true, dereference: true });
      // The last warm-up's provider selections: without a lock file, terraform (1.4+) downloads each
      // provider again, even when it is in the cache, to record the registry's checksums.
      const seed = await readText(o.cache.lockSeed).catch(() => undefined);
      if (seed !== undefined) await writeFileAtomic(join(scratchApp(), LOCK_FILE), seed);
      if (signal.aborted) return { ok: false, output: 'stopped' };
      let r = await init();
      if (r.exitCode !== 0 && seed !== undefined && !signal.aborted) {
        // The templates may want versions the seed does not allow (a newer release of this package).
        await rm(join(scratchApp(), LOCK_FILE), { force: true });
        r = await init();
      }
      if (r.exitCode !== 0) return { ok: false, output: `${r.stderr}\n${r.stdout}` };
      const lock = await readText(join(scratchApp(), LOCK_FILE));
      if (o.cache.writeSeed && lock !== undefined && lock !== seed)
        await writeFileAtomic(o.cache.lockSeed, lock).catch(() => {});
      return { ok: true };
    } catch (e) {
      return { ok: false, output: e instanceof Error ? e.message : String(e) };
    }
  })();

  return {
    settled,
    async adoptInto(appDir) {
      if (!(await settled).ok || !scratch) return;
      const lock = await readText(join(scratchApp(), LOCK_FILE));
      if (lock !== undefined && !(await exists(join(appDir, LOCK_FILE))))
        await writeFileAtomic(join(appDir, LOCK_FILE), lock);
      if ((await exists(join(scratchApp(), MODULES))) && !(await exists(join(appDir, MODULES, 'modules.json'))))
        await cp(join(scratchApp(), MODULES), join(appDir, MODULES), { recursive: true });
    },
    async adoptWhole(appDir) {
      if (!(await settled).ok || !scratch) return false;
      if ((await exists(join(appDir, '.terraform'))) || (await exists(join(appDir, LOCK_FILE)))) return false;
      // A configuration with nothing to install (local modules, built-in providers) leaves no working
      // directory to take over; its own init is as quick.
      if (!(await exists(join(scratchApp(), '.terraform')))) return false;
      const [ours, theirs] = await Promise.all([configOf(scratch), configOf(dirname(appDir))]);
      if (ours.size !== theirs.size || [...ours].some(([f, text]) => theirs.get(f) !== text)) return false;
      await cp(join(scratchApp(), '.terraform'), join(appDir, '.terraform'), {
        recursive: true,
        verbatimSymlinks: true,
      });
      const lock = await readText(join(scratchApp(), LOCK_FILE));
      if (lock !== undefined) await writeFileAtomic(join(appDir, LOCK_FILE), lock);
      return true;
    },
    async stop() {
      stopper.abort();
      await settled;
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}
