// The built CLI's main(argv, io), run inside the test's own process: the same bundle bin/ loads, with
// the world's environment, working directory and streams of its own, against the same real outside
// systems (moto, the Okta stand-in, and the symflow stand-in and terraform as child processes). What it
// leaves out is the CLI's own process start: node, then the bundle's modules loading again for every
// run (most of a doctor run's CPU on Node 20, which has no compile cache). So it is for tests whose
// claim is what a command decides and reports; a claim about the process itself (nothing but JSON on
// stdout, no Node warning on screen, how it exits) keeps w.run. main() reads nothing of this
// process's surroundings but through io (its temp directory is io.env's TMPDIR, children start in
// io.cwd, the Okta proxy is io.env's): see test/unit/main-sealed.test.ts.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IO } from '../../src/session.js';
import { capturedIO } from './captured-io.js';
import { CLI, type World } from './world.js';

type Main = (argv: string[], io: IO) => Promise<number>;
let loaded: Promise<Main> | undefined;
/**
 * The bundle as bin/ loads it: by Node itself (require of an ES module, Node 20.19+ and 22.12+), not
 * through vitest's module runner, which would transform its megabytes of JavaScript first. On an older
 * Node, import() (vitest's) it is.
 */
function mainOf(): Promise<Main> {
  loaded ??= (async () => {
    const file = join(dirname(CLI), '../dist/main.js');
    try {
      return (createRequire(import.meta.url)(file) as { main: Main }).main;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw e;
      return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { main: Main }).main;
    }
  })();
  return loaded;
}

/** How long a run may take before its test fails (w.run kills its child after as long). */
export const RUN_TIMEOUT_MS = 120_000;

export interface InProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * As w.run (no TTY, stdin closed, the world's environment plus `env`, where undefined removes a
 * variable; in the world's work directory unless `cwd` is given), failing after `timeoutMs` with
 * what the run printed so far.
 */
export async function runInProcess(
  w: World,
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = w.work,
  timeoutMs = RUN_TIMEOUT_MS,
): Promise<InProcessResult> {
  const main = await mainOf();
  const merged: NodeJS.ProcessEnv = { ...w.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const { io, stdout, stderr } = capturedIO(merged, cwd);
  const running = main(args, io);
  // As w.run kills its child at 120 s: a run that hangs fails its test, showing how far it got.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `\`${args.join(' ')}\` (in-process) did not end within ${timeoutMs / 1000} s.\n--- stdout so far ---\n${stdout()}\n--- stderr so far ---\n${stderr()}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const exitCode = await Promise.race([running, timedOut]);
    return { exitCode, stdout: stdout(), stderr: stderr() };
  } finally {
    clearTimeout(timer);
  }
}
