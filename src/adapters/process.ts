import { missingError } from '../errors.js';

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

/** Names of variables that hold our secrets and must never reach a child we start. */
export const SECRET_ENV_NAMES = ['OKTA_API_TOKEN', 'OKTA_CLIENT_TOKEN'] as const;

export interface ExecaRunnerOptions {
  /** The environment children start from (the CLI's, minus secrets). */
  baseEnv: NodeJS.ProcessEnv;
  /** Called with each command line before it starts (for the debug log); never holds secrets, argv never does. */
  onCommand?: (command: string, args: string[], cwd: string | undefined) => void;
  /** Called when a child has ended (or failed to start), with when it started (epoch ms) and how long it ran. */
  onDone?: (command: string, args: string[], startedAt: number, ms: number) => void;
  installHints?: Record<string, string>;
  /** Aborting it (Ctrl-C) stops every running child. */
  signal?: AbortSignal;
}

export function childEnv(base: NodeJS.ProcessEnv, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  for (const name of SECRET_ENV_NAMES) delete env[name];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function createExecaRunner(opts: ExecaRunnerOptions): Runner {
  return {
    async run(command, args, options = {}) {
      const { execa } = await import('execa');
      opts.onCommand?.(command, args, options.cwd);
      const env = childEnv(opts.baseEnv, options.env);
      const startedAt = performance.timeOrigin + performance.now();
      const sub = execa(command, args, {
        cwd: options.cwd,
        env,
        extendEnv: false,
        reject: false,
        stripFinalNewline: false,
        timeout: options.timeoutMs,
        cancelSignal: options.signal ?? opts.signal,
        // A child must never wait on a stdin nobody will write to (execa's default pipe stays open).
        stdin: options.inheritStdio ? 'inherit' : options.input !== undefined ? 'pipe' : 'ignore',
        input: options.inheritStdio ? undefined : options.input,
        stdout: options.inheritStdio ? 'inherit' : 'pipe',
        stderr: options.inheritStdio ? 'inherit' : 'pipe',
        lines: false,
        encoding: 'utf8',
      });
      if (options.onLine && !options.inheritStdio) {
        const follow = (stream: 'stdout' | 'stderr') => {
          let rest = '';
          sub[stream]?.on('data', (chunk: Buffer | string) => {
            rest += chunk.toString();
            const lines = rest.split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) options.onLine!(line, stream);
          });
          sub[stream]?.on('end', () => {
            if (rest) options.onLine!(rest, stream);
          });
        };
        follow('stdout');
        follow('stderr');
      }
      const result = await sub.finally(() => opts.onDone?.(command, args, startedAt, performance.timeOrigin + performance.now() - startedAt));
      if ((result as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String((result as { originalMessage?: string }).originalMessage ?? ''))) {
        throw missingError(`\`${command}\` is not installed or not on PATH.`, opts.installHints?.[command]);
      }
      return {
        exitCode: result.exitCode ?? (result.signal ? 128 : 1),
        stdout: typeof result.stdout === 'string' ? result.stdout : '',
        stderr: typeof result.stderr === 'string' ? result.stderr : '',
      };
    },
  };
}
