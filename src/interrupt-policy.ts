import { ExitCode } from './errors.js';
import type { ExecaRunner } from './tools/process.js';
import type { Output } from './ui/output.js';

/** After Ctrl-C, how long children and an atomic write in progress get to finish before the CLI leaves. */
const GRACE_MS = 4000;
/** The signals that stop a run, and the exit code each leaves with. */
export const STOP_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export interface InterruptDeps {
  /** Tells the run it is interrupted (its steps stop at the next boundary). */
  abort(): void;
  /** The run's process runner, once a command is under way. */
  runner(): Pick<ExecaRunner, 'shieldedRunning' | 'interruptShielded'> | undefined;
  out(): Output;
  /** Leaves the process with this exit code. */
  leave(code: number): void;
}

/**
 * What each Ctrl-C does. The first interrupts the run and leaves once children and writes had a
 * moment, waiting first for a running `terraform apply` (stopped, it could leave what it creates out
 * of its state); the second interrupts that apply; the next leaves at once.
 */
export function interruptPolicy(deps: InterruptDeps): (signal?: NodeJS.Signals) => void {
  let interrupts = 0;
  let code: number = ExitCode.interrupted;
  return (signal) => {
    interrupts++;
    // SIGTERM and SIGHUP stop the run as Ctrl-C does; the exit code says which came (128 + its number).
    if (interrupts === 1) code = (signal && STOP_CODES[signal]) ?? ExitCode.interrupted;
    const runner = deps.runner();
    const out = deps.out();
    if (interrupts === 1) {
      deps.abort();
      if (runner?.shieldedRunning()) {
        out.info(
          out.c.yellow(
            'Terraform is applying changes; stopped now, it could leave something it is creating out of its state. Waiting for it to finish (Ctrl-C again interrupts it anyway).',
          ),
        );
      }
      // Other children get the signal too; give them (and an atomic write in progress) a moment, then
      // leave; a running `terraform apply` is waited for first.
      let busyAt = performance.now();
      const leave = () => {
        if (deps.runner()?.shieldedRunning()) busyAt = performance.now();
        if (performance.now() - busyAt < GRACE_MS) setTimeout(leave, 250).unref();
        else deps.leave(code);
      };
      setTimeout(leave, 250).unref();
    } else if (interrupts === 2 && runner?.shieldedRunning()) {
      runner.interruptShielded();
      out.info(
        out.c.yellow('Interrupting Terraform: it stops after the call in flight (Ctrl-C again leaves at once).'),
      );
    } else {
      deps.leave(code);
    }
  };
}
