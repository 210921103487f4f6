import type { CheckResult } from '../doctor/types.js';
import type { Paint } from './color.js';
import { count } from './count.js';

export interface DoctorVerdict {
  /** What the exit code and `ok` follow: a failure, or under --strict a warning or a check that could not run. */
  ok: boolean;
  /** The last line of the human report. */
  line: string;
}

/**
 * The doctor's verdict and its summary line. Green only when every check that could run passed;
 * checks that could not run are named in the warning colour, since "all good" would claim what
 * was never seen. Facts doctor has no way to see (unverifiable) are named apart and never fail it;
 * checks that do not apply to the project (notApplicable) are only counted, and never fail it either.
 */
export function doctorVerdict(
  results: readonly CheckResult[],
  opts: { strict: boolean; seconds: number },
  c: Paint,
): DoctorVerdict {
  const failed = results.filter((r) => r.status === 'fail');
  const warned = results.filter((r) => r.status === 'warn');
  const couldNot = results.filter((r) => r.status === 'skip' && !r.unverifiable && !r.notApplicable);
  const notChecked = results.filter((r) => r.status === 'skip' && r.unverifiable);
  const notApplicable = results.filter((r) => r.notApplicable);
  const passed = results.filter((r) => r.status === 'pass');
  const names = (rs: readonly CheckResult[]) => rs.map((r) => r.title).join(', ');
  const parts = [
    `${passed.length} passed`,
    count(warned.length, 'warning'),
    `${failed.length} failed`,
    ...(couldNot.length ? [`${couldNot.length} could not be checked (${names(couldNot)})`] : []),
    ...(notChecked.length ? [`not checked: ${names(notChecked)}`] : []),
    ...(notApplicable.length ? [`${notApplicable.length} not applicable`] : []),
  ];
  const icon = failed.length
    ? c.red.bold('✖')
    : warned.length || couldNot.length
      ? c.yellow.bold('⚠')
      : c.green.bold('✔');
  let text = parts.join(', ');
  if (!failed.length && couldNot.length) text = c.yellow(text);
  const ok = failed.length === 0 && !(opts.strict && (warned.length || couldNot.length));
  const strictNote = ok || failed.length ? '' : ' — a failure under --strict';
  return {
    ok,
    line: `${icon} ${text} (${opts.seconds.toFixed(1)} s)${strictNote}`,
  };
}
