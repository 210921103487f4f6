import { findProject } from '../project/find-project.js';
import { resolve } from 'node:path';
import { oktaConnectorFor } from '../okta/okta.js';
import { createIam } from '../aws/iam.js';
import { createSecrets } from '../aws/secrets.js';
import { createStateBucket } from '../aws/state-bucket.js';
import { createSymflow } from '../sym/symflow.js';
import { createTerraform } from '../tools/terraform.js';
import { exists } from '../project/files.js';
import { CHECKS } from '../doctor/checks.js';
import { runChecks, withPrerequisites } from '../doctor/run-checks.js';
import type { CheckResult, DoctorContext } from '../doctor/types.js';
import { ExitCode, usageError } from '../errors.js';
import type { Session } from '../session.js';
import { doctorVerdict } from '../ui/doctor-summary.js';

export interface DoctorFlags {
  json?: boolean;
  strict?: boolean;
  /** A number by default, a string when given. */
  timeout?: string | number;
  verbose?: boolean;
  check?: string[];
}

const ICON = { pass: '✔', warn: '⚠', fail: '✖', skip: '○' } as const;

export async function doctorCommand(dirArg: string | undefined, flags: DoctorFlags, s: Session): Promise<number> {
  const seconds = Number(flags.timeout ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw usageError(
      `--timeout must be a positive number of seconds, not "${flags.timeout}".`,
      'For example: --timeout 20',
    );
  const unknown = (flags.check ?? []).filter((id) => !CHECKS.some((c) => c.id === id));
  if (unknown.length) {
    // `--check` takes every word after it, so a directory written after the ids lands among them.
    const dirAmongIds =
      unknown.length === 1 && unknown[0] === flags.check!.at(-1) && (await exists(resolve(s.io.cwd, unknown[0]!)));
    throw usageError(
      `No doctor check is called ${unknown.map((id) => `"${id}"`).join(', ')}.`,
      dirAmongIds
        ? `Put the directory before --check: \`npx sym-okta-quickstart doctor ${unknown[0]} --check ${flags.check!.slice(0, -1).join(' ')}\`.`
        : `Use one of: ${CHECKS.map((c) => c.id).join(', ')}.`,
    );
  }
  const dir = await findProject(s.io.cwd, dirArg, 'doctor');
  const checks = flags.check?.length ? withPrerequisites(CHECKS, flags.check) : CHECKS;
  const { out, runner } = s;
  const ctx: DoctorContext = {
    dir,
    env: s.io.env,
    timeoutMs: seconds * 1000,
    awsProfile: s.io.env.AWS_PROFILE,
    adapters: {
      runner,
      symflow: createSymflow(runner),
      terraform: createTerraform(runner, { color: false, tmpDir: s.tmpDir, signal: s.signal }),
      connectOkta: oktaConnectorFor(s.io.env),
      createSecrets,
      createStateBucket,
      createIam,
    },
  };
  const c = out.c;
  const paint = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.dim };
  out.info(c.bold(`Checking ${dir}`));
  const spinner = out.interactiveTerminal ? out.spinner('Running checks…') : undefined;
  let done = 0;
  const started = performance.now();
  const show = (r: CheckResult) => {
    done++;
    spinner?.update(`Running checks… ${done}/${checks.length}`);
    const timing = flags.verbose ? c.dim(` (${r.ms} ms)`) : '';
    const detail = r.status !== 'pass' || flags.verbose ? ` — ${r.detail}` : '';
    const line = `${paint[r.status](ICON[r.status])} ${r.title}${detail}${timing}${r.fix ? `\n    ${c.cyan('→')} ${r.fix}` : ''}`;
    if (spinner) out.info(`\r\x1b[2K${line}`);
    else out.info(line);
  };
  const results = await runChecks(ctx, checks, show);
  spinner?.stop();
  const verdict = doctorVerdict(
    results,
    { strict: Boolean(flags.strict), seconds: (performance.now() - started) / 1000 },
    c,
  );
  out.info(`\n${verdict.line}`);
  if (flags.json) {
    out.resultJson({
      ok: verdict.ok,
      checks: results.map(({ id, title, status, detail, fix, ms }) => ({
        id,
        title,
        status,
        detail,
        ...(fix ? { fix } : {}),
        ms,
      })),
    });
  }
  return verdict.ok ? ExitCode.ok : ExitCode.doctorFailed;
}
