import { InterruptedError, missingError } from '../errors.js';

export interface RunOptions {
  cwd?: string;
  /** Extra variables for the child; `undefined` removes one. The base is the run's sanitised environment. */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, then closed. Without it the child gets no stdin at all. */
  input?: string;
  /** Hand the terminal to the child (e.g. `symflow login`). */
  inheritStdio?: boolean;
  /** Each line of output as it arrives (stdout and stderr), e.g. to stream terraform. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Let the child finish whatever happens to this process: for `terraform apply`, whose AWS provider,
   * when interrupted or killed, abandons a create already sent to AWS and leaves a resource that
   * exists but is not in the state. It runs in a process group of its own, which a terminal's Ctrl-C
   * does not reach, and writes its output to a file this process follows (not to a pipe, whose
   * closing would kill it if this process dies). An abort waits for it; `interruptShielded()` (a
   * second Ctrl-C) still interrupts it. Its stdout and stderr come back together, as `stdout`.
   */
  shielded?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The one way this program starts another. Non-zero exits are results, not exceptions. */
export interface Runner {
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
}

export interface ExecaRunner extends Runner {
  /** A child started with `shielded` is still running. */
  shieldedRunning(): boolean;
  /** Sends each running shielded child's process group one SIGINT (terraform: stop after the change in flight). */
  interruptShielded(): void;
}

/** Names of variables that hold our secrets and must never reach a child we start. */
export const SECRET_ENV_NAMES = ['OKTA_API_TOKEN', 'OKTA_CLIENT_TOKEN'] as const;

export interface ExecaRunnerOptions {
  /** The environment children start from (the CLI's, minus secrets). */
  baseEnv: NodeJS.ProcessEnv;
  /** Where a child runs unless the call says (the CLI's working directory, as it was given). */
  cwd: string;
  /** The temp directory for shielded children's output files (that of the CLI's environment). */
  tmpDir: string;
  /** Called with each command line before it starts (for the debug log); never holds secrets, argv never does. */
  onCommand?: (command: string, args: string[], cwd: string | undefined) => void;
  /** Called when a child has ended (or failed to start), with when it started (epoch ms) and how long it ran. */
  onDone?: (command: string, args: string[], startedAt: number, ms: number) => void;
  installHints?: Record<string, string>;
  /** Aborting it (Ctrl-C) stops every running child. */
  signal?: AbortSignal;
}

export function childEnv(
  base: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  for (const name of SECRET_ENV_NAMES) delete env[name];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function createExecaRunner(opts: ExecaRunnerOptions): ExecaRunner {
  const shielded = new Set<number>();
  return {
    shieldedRunning: () => shielded.size > 0,
    interruptShielded() {
      for (const pid of shielded) {
        try {
          process.kill(-pid, 'SIGINT');
        } catch {
          // already gone
        }
      }
    },
    async run(command, args, options = {}) {
      const { execa } = await import('execa');
      opts.onCommand?.(command, args, options.cwd);
      const env = childEnv(opts.baseEnv, options.env);
      const startedAt = performance.timeOrigin + performance.now();
      const signal = options.signal ?? opts.signal;
      // A shielded child is not stopped by an abort, so it must not start after one.
      if (options.shielded && signal?.aborted) throw new InterruptedError();
      const outFile = options.shielded && !options.inheritStdio ? await openOutputFile(opts.tmpDir) : undefined;
      const sub = execa(command, args, {
        cwd: options.cwd ?? opts.cwd,
        env,
        extendEnv: false,
        reject: false,
        stripFinalNewline: false,
        timeout: options.timeoutMs,
        cancelSignal: options.shielded ? undefined : signal,
        detached: options.shielded,
        // A child must never wait on a stdin nobody will write to (execa's default pipe stays open).
        stdin: options.inheritStdio ? 'inherit' : options.input !== undefined ? 'pipe' : 'ignore',
        input: options.inheritStdio ? undefined : options.input,
        // execa's option types cannot express "a pipe, or this file descriptor" in one expression.
        stdout: (options.inheritStdio ? 'inherit' : (outFile?.fd ?? 'pipe')) as 'pipe',
        stderr: (options.inheritStdio ? 'inherit' : (outFile?.fd ?? 'pipe')) as 'pipe',
        lines: false,
        encoding: 'utf8',
      });
      const lineSplitter = (stream: 'stdout' | 'stderr') => {
        let rest = '';
        return {
          push(chunk: string) {
            rest += chunk;
            const lines = rest.split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) options.onLine?.(line, stream);
          },
          end() {
            if (rest) options.onLine?.(rest, stream);
          },
        };
      };
      await outFile?.started();
      const following = outFile?.follow(lineSplitter('stdout'));
      if (options.onLine && !options.inheritStdio && !outFile) {
        for (const stream of ['stdout', 'stderr'] as const) {
          const lines = lineSplitter(stream);
          sub[stream]?.on('data', (chunk: Buffer | string) => lines.push(chunk.toString()));
          sub[stream]?.on('end', () => lines.end());
        }
      }
      if (options.shielded && sub.pid !== undefined) shielded.add(sub.pid);
      const result = await sub.finally(() => {
        if (sub.pid !== undefined) shielded.delete(sub.pid);
        opts.onDone?.(command, args, startedAt, performance.timeOrigin + performance.now() - startedAt);
      });
      const filed = await following?.();
      if (
        (result as { code?: string }).code === 'ENOENT' ||
        /ENOENT/.test(String((result as { originalMessage?: string }).originalMessage ?? ''))
      ) {
        throw missingError(`\`${command}\` is not installed or not on PATH.`, opts.installHints?.[command]);
      }
      return {
        exitCode: result.exitCode ?? (result.signal ? 128 : 1),
        stdout: filed ?? (typeof result.stdout === 'string' ? result.stdout : ''),
        stderr: typeof result.stderr === 'string' ? result.stderr : '',
      };
    },
  };
}

/**
 * A private temporary file for a child's output, followed as it grows. The file is unlinked as soon
 * as the child holds it open, so nothing is left in the temp directory even if this process is
 * killed; the child's descriptor and ours keep it readable until both are closed.
 */
async function openOutputFile(tmpDir: string) {
  const { mkdtemp, open, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpDir, 'sym-okta-quickstart-out-'));
  const path = join(dir, 'output');
  const writer = await open(path, 'wx', 0o600);
  const reader = await open(path, 'r');
  return {
    fd: writer.fd,
    /** Once the child is started: our copy of its descriptor is not needed, nor is the file's name. */
    async started() {
      await writer.close();
      // Windows cannot remove an open file; there the name goes when the run ends (`follow`'s stop).
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    },
    /** Feeds new output to `sink` every 100 ms; the returned function reads the rest, stops and returns all of it. */
    follow(sink: { push(chunk: string): void; end(): void }) {
      const chunks: string[] = [];
      const decoder = new TextDecoder();
      let position = 0;
      let reading = Promise.resolve();
      const readMore = (final = false) =>
        // A failed read (or a failing sink) must not stop the following ones, nor the final one.
        (reading = reading
          .catch(() => {})
          .then(async () => {
            for (;;) {
              const { bytesRead, buffer } = await reader.read({ buffer: Buffer.alloc(65536), position });
              if (!bytesRead) break;
              position += bytesRead;
              const text = decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
              chunks.push(text);
              sink.push(text);
            }
            if (final) {
              const rest = decoder.decode();
              chunks.push(rest);
              sink.push(rest);
            }
          }));
      const timer = setInterval(() => void readMore().catch(() => {}), 100);
      return async () => {
        clearInterval(timer);
        try {
          await readMore(true);
          sink.end();
        } finally {
          await reader.close();
          await writer.close().catch(() => {});
          await rm(dir, { recursive: true, force: true });
        }
        return chunks.join('');
      };
    },
  };
}
