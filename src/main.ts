import { shownPath } from './ui/paths.js';
import type { Command } from 'commander';
import { timingsRecorder } from './tools/timings.js';
import { createExecaRunner, type ExecaRunner } from './tools/process.js';
import { TERRAFORM_INSTALL_HINT } from './tools/terraform.js';
import { buildProgram } from './cli.js';
import type { DestroyFlags } from './commands/destroy.js';
import type { CiFlags } from './commands/ci.js';
import type { DoctorFlags } from './commands/doctor.js';
import type { InitFlags } from './commands/init.js';
import { DebugLog } from './debug-log.js';
import { tempDirOf } from './project/files.js';
import { DeclinedError, ExitCode, InterruptedError, QuickstartError } from './errors.js';
import { INPUTS, validateGiven, type InputKey } from './inputs.js';
import { interruptPolicy, STOP_CODES } from './interrupt-policy.js';
import { envSwitch, type IO, type Session } from './session.js';
import { Output } from './ui/output.js';
import { Redactor } from './ui/redact.js';
import { destroyResume, resumeCommand } from './ui/resume.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

const INSTALL_HINTS = {
  terraform: TERRAFORM_INSTALL_HINT,
  symflow: 'Install the Sym CLI: `brew install symopsio/tap/symflow`, or `pipx install sym-flow-cli`.',
  gh: 'Install GitHub CLI: https://cli.github.com',
};

/** Flag values with where they came from; an --okta-target list from the environment is comma-separated. */
function rawInputs(cmd: Command) {
  const opts = cmd.opts();
  const raw: Partial<Record<InputKey, { value: string | string[]; source: 'flag' | 'env' }>> = {};
  for (const spec of INPUTS) {
    // An optional-value flag given alone (`--allow-self-approval`) is `true`: the word for it is yes.
    const option = opts[spec.key] as string | string[] | boolean | undefined;
    const value = option === true ? 'yes' : (option as string | string[] | undefined);
    const src = cmd.getOptionValueSource(spec.key);
    if (value === undefined || (src !== 'cli' && src !== 'env')) continue;
    const source = src === 'cli' ? 'flag' : 'env';
    raw[spec.key] = {
      value:
        spec.repeatable && source === 'env'
          ? (value as string[]).flatMap((v) => v.split(',')).filter((v) => v.trim())
          : value,
      source,
    };
  }
  return raw;
}

function report(out: Output, e: unknown, log: () => DebugLog) {
  // Saying no to the plan is the user's choice, not a failure: said in the warning colour, no debug log.
  if (e instanceof DeclinedError) out.warn(e.message, e.fix);
  else if (e instanceof QuickstartError) {
    out.fail(e.message, e.fix);
  } else {
    out.fail(`Unexpected error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    log().line(e instanceof Error ? (e.stack ?? e.message) : String(e));
    if (out.verbose && e instanceof Error && e.stack) out.info(e.stack);
  }
}

/** The arguments as the debug log keeps them: flags by name, every value and positional as `…`, the command by name. */
export function argsWithoutValues(argv: string[]): string {
  return argv
    .map((arg, i) => (arg.startsWith('-') ? arg.split('=')[0] : i === 0 && /^[a-z]+$/.test(arg) ? arg : '…'))
    .join(' ');
}

/** Whether a run asked for --json, read from its raw arguments: for failures before they are parsed. */
function jsonAsked(argv: string[], env: NodeJS.ProcessEnv): boolean {
  const before = argv.indexOf('--') === -1 ? argv : argv.slice(0, argv.indexOf('--'));
  return before.includes('--json') || envSwitch(env.SYM_QUICKSTART_JSON);
}

function processIO(): IO {
  return {
    // Read on first use: each of these sets up a stream (loading net or tty), and --help needs only stdout.
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

export async function main(argv: string[], io: IO = processIO()): Promise<number> {
  const redactor = new Redactor();
  for (const name of ['OKTA_API_TOKEN', 'SYM_JWT', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
    redactor.add(io.env[name]);
  // Made once a command is under way (its arguments parsed and valid): `--help`, `--version` and a
  // usage error write no file. The arguments are logged without their values, any of which could be a
  // token typed in the wrong place (`--okta-token 00abc…`).
  let debugLog: DebugLog | undefined;
  const tmpDir = tempDirOf(io.env);
  const log = () =>
    (debugLog ??= new DebugLog(
      {
        'sym-okta-quickstart': VERSION,
        platform: `${process.platform} ${process.arch}`,
        node: process.version,
        args: argsWithoutValues(argv),
      },
      tmpDir,
    ));
  /** Set as soon as --json is known (or looks given, when the arguments did not parse). */
  let json = jsonAsked(argv, io.env);
  const controller = new AbortController();
  let layout: typeof import('./ui/wrap.js') | undefined;
  const outputFor = (json: boolean, verbose: boolean, noColor = false) =>
    new Output({
      layout,
      noColor,
      get stdout() {
        return io.stdout;
      },
      get stderr() {
        return io.stderr;
      },
      env: io.env,
      json,
      verbose,
      redactor,
      log: (l) => debugLog?.line(l),
    });
  let out = outputFor(false, false);
  let code: number = ExitCode.ok;

  let runner: ExecaRunner | undefined;
  const onSigint = interruptPolicy({
    abort: () => controller.abort(),
    runner: () => runner,
    out: () => out,
    leave: io.exit ?? ((exitCode) => process.exit(exitCode)),
  });
  let stopCode: number = ExitCode.interrupted;
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) stopCode = STOP_CODES[name] ?? ExitCode.interrupted;
    onSigint(name);
  };
  for (const name of Object.keys(STOP_CODES) as NodeJS.Signals[]) process.on(name, onSignal);
  // bin/ took Node's printer away (see there); a warning goes to the debug log of a run under way,
  // and on screen only with --verbose.
  const onWarning = (warning: Error) => {
    if (debugLog) out.detail(`${warning.name}: ${warning.message}`);
  };
  process.on('warning', onWarning);

  // The first child process means a command is under way (not a usage error): from then on the
  // SDKs load alongside it. See src/prefetch.ts.
  let prefetched = false;
  const onFirstChild = () => {
    if (prefetched) return;
    prefetched = true;
    void import('./prefetch.js').then(
      (m) => m.prefetchSdks(),
      () => {},
    );
  };

  const session = (opts: Record<string, unknown>): Session => {
    log();
    json = Boolean(opts.json);
    out = outputFor(json, Boolean(opts.verbose), opts.color === false);
    runner = createExecaRunner({
      baseEnv: io.env,
      cwd: io.cwd,
      tmpDir,
      installHints: INSTALL_HINTS,
      signal: controller.signal,
      onCommand: (c, args, cwd) => {
        onFirstChild();
        log().line(redactor.redact(`$ ${c} ${args.join(' ')}${cwd ? `   (in ${cwd})` : ''}`));
      },
      onDone: timingsRecorder(io.env.SYM_QUICKSTART_TIMINGS),
    });
    return { io, out, redactor, runner, signal: controller.signal, tmpDir };
  };

  const program = buildProgram(VERSION, {
    async init(directory, opts) {
      json = Boolean(opts.json);
      const given = validateGiven(rawInputs(program.commands.find((c) => c.name() === 'init')!));
      layout = await import('./ui/wrap.js');
      const s = session(opts);
      // Loaded only now: `--help`, `--version` and invalid input never pay for the steps and what they import.
      const [{ initCommand }, { initSummary }] = await Promise.all([
        import('./commands/init.js'),
        import('./ui/summary.js'),
      ]);
      const {
        code: c,
        result,
        answers,
        groupNames,
        error,
        resumable,
        standing,
      } = await initCommand(directory, opts as InitFlags, given, s);
      if (error !== undefined)
        throw Object.assign(new Error('init failed'), {
          initError: error,
          result,
          resume: resumeCommand(result.directory, given, opts),
          resumable,
          standing,
        });
      if (opts.json) out.resultJson(result);
      else
        out.result(
          initSummary(out, result, answers, Boolean(opts.dryRun), {
            directory: shownPath(s.io.cwd, result.directory),
            groupName: (id) => groupNames.get(id),
          }),
        );
      code = c;
    },
    async doctor(directory, opts) {
      json = Boolean(opts.json);
      layout = await import('./ui/wrap.js');
      const s = session(opts);
      const { doctorCommand } = await import('./commands/doctor.js');
      code = await doctorCommand(directory, opts as DoctorFlags, s);
    },
    async destroy(directory, opts) {
      layout = await import('./ui/wrap.js');
      const s = session(opts);
      const { destroyCommand } = await import('./commands/destroy.js');
      const progress = { started: false };
      try {
        const result = await destroyCommand(directory, opts as DestroyFlags, s, progress);
        if (opts.json) out.resultJson(result);
        else
          out.result(
            result.dryRun ? 'Dry run complete: nothing was destroyed.' : `Destroyed runtime "${result.runtime}".`,
          );
      } catch (e) {
        const err = controller.signal.aborted && !(e instanceof InterruptedError) ? new InterruptedError() : e;
        throw Object.assign(err instanceof Error ? err : new Error(String(err)), {
          // Only a teardown that started (now or in an earlier run) and failed or was stopped on the way
          // has something left to finish; before it (the confirmation, the plan) nothing was destroyed.
          resume:
            progress.started &&
            (!(err instanceof QuickstartError) ||
              err.exitCode === ExitCode.outside ||
              err.exitCode === ExitCode.interrupted)
              ? destroyResume(directory, opts)
              : undefined,
          resumeWhy: 'To finish it, run the same command again (it destroys only what is left)',
        });
      }
    },
    async ci(directory, opts) {
      layout = await import('./ui/wrap.js');
      const s = session(opts);
      const { ciCommand } = await import('./commands/ci.js');
      code = await ciCommand(directory, opts as CiFlags, s);
    },
  });
  for (const cmd of [program, ...program.commands]) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }

  let failure: { code: number; message: string; fix?: string; result?: object } | undefined;
  let declined = false;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (raw) {
    let e: unknown = raw;
    const wrapped = raw as {
      initError?: unknown;
      result?: object;
      resume?: string;
      resumeWhy?: string;
      resumable?: boolean;
      standing?: string;
      code?: string;
      exitCode?: number;
    };
    if (wrapped.initError !== undefined) e = wrapped.initError;
    if (wrapped.code?.startsWith('commander.')) {
      const shown =
        wrapped.code === 'commander.helpDisplayed' ||
        wrapped.code === 'commander.version' ||
        wrapped.code === 'commander.help';
      code = shown ? ExitCode.ok : ExitCode.usage;
      // commander has printed its own message ("error: unknown option '--okta-token'") on stderr.
      if (!shown) {
        failure = {
          code,
          message: (raw as Error).message.replace(/^error: /, ''),
          fix: 'See `npx sym-okta-quickstart --help`, and `--help` after a command for its flags.',
        };
        // Under commander's own line, where to look (--json carries it in the error object instead).
        if (!json) out.info(`  → ${failure.fix}`);
      }
    } else {
      if (controller.signal.aborted && !(e instanceof InterruptedError)) e = new InterruptedError();
      report(out, e, log);
      declined = e instanceof DeclinedError;
      code = e instanceof InterruptedError ? stopCode : e instanceof QuickstartError ? e.exitCode : ExitCode.outside;
      failure = {
        code,
        message:
          e instanceof Error
            ? e instanceof QuickstartError
              ? e.message
              : `Unexpected error: ${e.message}`
            : String(e),
        fix: e instanceof QuickstartError ? e.fix : undefined,
        result: wrapped.result,
      };
      if (wrapped.standing) out.info(wrapped.standing);
      // Only a journal on disk has anything to pick up; a declined plan left nothing behind to resume.
      if (wrapped.resume && wrapped.resumable !== false && code !== ExitCode.usage && !(e instanceof DeclinedError))
        out.info(
          `${wrapped.resumeWhy ?? 'To pick up where this stopped (finished steps are skipped)'}:\n  ${out.c.bold(wrapped.resume)}`,
        );
    }
  } finally {
    for (const name of Object.keys(STOP_CODES) as NodeJS.Signals[]) process.off(name, onSignal);
    process.off('warning', onWarning);
  }
  // With --json, stdout carries one JSON object whatever happened (design: "--json on failure").
  if (json && failure) {
    const { code: c, message, fix, result } = failure;
    outputFor(true, false).resultJson({ ...result, ok: false, error: { code: c, message, ...(fix ? { fix } : {}) } });
  }
  if (code === ExitCode.ok || code === ExitCode.usage || declined) debugLog?.remove();
  else if (debugLog?.open) out.info(out.c.dim(`Debug log: ${debugLog.path}`));
  return code;
}
