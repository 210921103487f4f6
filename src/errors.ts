/** Exit codes are part of the contract (README, `--help`). */
export const ExitCode = {
  ok: 0,
  outside: 1,
  usage: 2,
  missing: 3,
  auth: 4,
  doctorFailed: 5,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every failure we expect is one of these: what went wrong, how to fix it, and the exit code.
 * `message` and `fix` are shown to people as they are, so they must never hold a secret.
 */
export class QuickstartError extends Error {
  override readonly name = 'QuickstartError';
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly fix?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const usageError = (message: string, fix?: string) => new QuickstartError(ExitCode.usage, message, fix);
export const missingError = (message: string, fix?: string) => new QuickstartError(ExitCode.missing, message, fix);
export const authError = (message: string, fix?: string, cause?: unknown) =>
  new QuickstartError(ExitCode.auth, message, fix, { cause });
export const outsideError = (message: string, fix?: string, cause?: unknown) =>
  new QuickstartError(ExitCode.outside, message, fix, { cause });

/** Thrown when the user presses Ctrl-C or the process gets SIGINT. */
export class InterruptedError extends QuickstartError {
  /**
   * `message`: where things stand, when that is known (e.g. nothing was changed yet). `nothingChanged`:
   * the run put every file back (stopped at the apply question), so there is nothing to record either.
   */
  constructor(
    message = 'Interrupted.',
    readonly nothingChanged = false,
  ) {
    super(ExitCode.interrupted, message);
  }
}

/** Something a check found wrong, said the way a failure is: what, and how to fix it. */
export interface Problem {
  message: string;
  fix: string;
}

/** The user answered no to applying: nothing to resume, and the project's files are as they were. */
export class DeclinedError extends QuickstartError {
  constructor(message: string, fix: string) {
    super(ExitCode.outside, message, fix);
  }
}
