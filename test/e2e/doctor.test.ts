import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, ROOT, type World } from '../helpers/world.js';
import { WORKSPACE, answerFlags } from '../helpers/ci-provision.js';
import { runInProcess } from '../helpers/in-process.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

interface Report {
  ok: boolean;
  checks: Array<{ id: string; title: string; status: 'pass' | 'warn' | 'fail' | 'skip'; detail: string; fix?: string }>;
}

/** Stands for the project directory in a table made before it exists. */
const W_DIR = '<project>';

describe.skipIf(skip)('doctor', () => {
  let w: World;
  /**
   * `doctor --json` on the project: in the test's process (helpers/in-process.ts) unless `process` is
   * asked for, where the claim is about the CLI's process too (its stdout holds only JSON, no warning).
   */
  const doctor = async (
    env: Record<string, string | undefined> = {},
    args: string[] = [],
    how: 'in-process' | 'process' = 'in-process',
  ) => {
    const argv = ['doctor', w.dir, '--json', ...args];
    const r = how === 'process' ? await w.run(argv, { env }) : await runInProcess(w, argv, env);
    let report: Report | undefined;
    try {
      report = JSON.parse(r.stdout) as Report;
    } catch {
      throw new Error(`stdout is not the JSON report (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
    }
    const check = (id: string) => report!.checks.find((c) => c.id === id)!;
    return { ...r, report, check };
  };
  /** Runs doctor with one thing broken, then puts it back. */
  const broken = async (
    breakIt: () => unknown,
    repair: () => unknown,
    env: Record<string, string | undefined> = {},
  ) => {
    await breakIt();
    try {
      return await doctor(env);
    } finally {
      await repair();
    }
  };
  const expectFailure = (r: Awaited<ReturnType<typeof doctor>>, id: string, status: 'fail' | 'warn' = 'fail') => {
    const c = r.check(id);
    expect(c.status, JSON.stringify(c)).toBe(status);
    expect(c.fix, `${id} has a fix`).toBeTruthy();
    if (status === 'fail') {
      expect(r.exitCode).toBe(5);
      expect(r.report.ok).toBe(false);
    }
    return c;
  };

  beforeAll(async () => {
    w = await makeWorld({
      motoUrl,
      tfMirror,
      symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
    });
    const init = await w.run(['init', '--yes', ...answerFlags(w.runtime)], {
      env: { CI: 'true', OKTA_API_TOKEN: w.token },
    });
    expect(init.exitCode, init.stderr).toBe(0);
  });
  afterAll(() => w?.close());

  it('a healthy project: every check passes, exit 0, only JSON on stdout', async () => {
    const r = await doctor({}, [], 'process');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report.ok).toBe(true);
    const ciIds = ['ci-workflows', 'ci-roles', 'ci-bot'];
    for (const c of r.report.checks.filter((c) => c.id !== 'channels' && !ciIds.includes(c.id)))
      expect(c.status, `${c.id}: ${c.detail}`).toBe('pass');
    // `ci` never ran: its checks do not apply, so they are neither passed nor "could not check".
    for (const id of ciIds)
      expect(r.check(id), id).toMatchObject({
        status: 'skip',
        detail: 'not applicable: no CI pipeline in this project (`npx sym-okta-quickstart ci` sets one up)',
      });
    expect(r.stderr).toMatch(/○ CI workflows — not applicable: no CI pipeline in this project/);
    // doctor cannot see Slack: it says the channels were not checked instead of passing them.
    expect(r.check('channels')).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/^not checked: .*#sym-requests.*#sym-errors/),
      fix: expect.stringContaining('exist in Slack'),
    });
    expect(r.stderr).toMatch(/✔ 19 passed, 0 warnings, 0 failed, not checked: Slack channels, 3 not applicable \(/);
    // A fact no run can see does not fail --strict (it would fail every project).
    const strict = await doctor({}, ['--strict']);
    expect(strict.exitCode, strict.stderr).toBe(0);
    expect(r.report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'node',
        'terraform',
        'terraform-init',
        'symflow',
        'sym-session',
        'slack-workspace',
        'channels',
        'tfvars',
        'aws-credentials',
        'secret',
        'okta-domain',
        'okta-token',
        'okta-targets',
        'approver-group',
        'flow',
      ]),
    );
    // The token's source is named; its value never appears.
    expect(r.check('okta-token').detail).toContain(`the secret ${w.secretName}`);
    expect(r.stdout + r.stderr).not.toContain(w.token);
    // It loaded the AWS SDK, whose Node 20 notice (or Node's deprecations of bundled code) stays off screen.
    expect(r.stderr).not.toContain('(node:');
    expect(r.stderr).not.toContain('NodeVersionSupportWarning');
  });

  it('token revoked (401)', async () => {
    const r = await broken(
      () => (w.okta.revoked = true),
      () => (w.okta.revoked = false),
    );
    expect(expectFailure(r, 'okta-token').fix).toMatch(/Security → API → Tokens/);
    expect(r.check('okta-targets').status).toBe('skip');
  });

  it('a target group was deleted (404)', async () => {
    const g = w.okta.groups.get('00g1emaKYZTWRYYRRTSK')!;
    const r = await broken(
      () => w.okta.groups.delete('00g1emaKYZTWRYYRRTSK'),
      () => w.okta.groups.set('00g1emaKYZTWRYYRRTSK', g),
    );
    expect(expectFailure(r, 'okta-targets').detail).toMatch(/does not exist/);
  });

  it('a target group is an APP_GROUP', async () => {
    const g = w.okta.groups.get('00g1emaKYZTWRYYRRTSK')!;
    const r = await broken(
      () => w.okta.groups.set('00g1emaKYZTWRYYRRTSK', { ...g, type: 'APP_GROUP' }),
      () => w.okta.groups.set('00g1emaKYZTWRYYRRTSK', g),
    );
    expect(expectFailure(r, 'okta-targets').detail).toMatch(/APP_GROUP/);
  });

  it("the token's user lacks group-admin roles", async () => {
    const roles = [...w.okta.roles];
    const r = await broken(
      () => w.okta.roles.splice(0, w.okta.roles.length, { ...roles[1]!, type: 'READ_ONLY_ADMIN' }),
      () => w.okta.roles.splice(0, w.okta.roles.length, ...roles),
    );
    expect(expectFailure(r, 'okta-token').fix).toMatch(/Group Membership Administrator/);
  });

  it('the secret has no "okta_api_token" key', async () => {
    const good = JSON.stringify({ okta_api_token: w.token });
    const r = await broken(
      () => sm().send(new PutSecretValueCommand({ SecretId: w.secretName, SecretString: '{"other":"x"}' })),
      () => sm().send(new PutSecretValueCommand({ SecretId: w.secretName, SecretString: good })),
    );
    expect(expectFailure(r, 'secret').detail).toMatch(/okta_api_token/);
  });

  it('the secret is not JSON', async () => {
    const good = JSON.stringify({ okta_api_token: w.token });
    const r = await broken(
      () => sm().send(new PutSecretValueCommand({ SecretId: w.secretName, SecretString: 'plain-text-value' })),
      () => sm().send(new PutSecretValueCommand({ SecretId: w.secretName, SecretString: good })),
    );
    expect(expectFailure(r, 'secret').detail).toMatch(/JSON/);
  });

  it('the secret is scheduled for deletion', async () => {
    const r = await broken(
      () => sm().send(new DeleteSecretCommand({ SecretId: w.secretName, RecoveryWindowInDays: 7 })),
      () => sm().send(new RestoreSecretCommand({ SecretId: w.secretName })),
    );
    expect(expectFailure(r, 'secret').fix).toContain(`aws secretsmanager restore-secret --secret-id ${w.secretName}`);
  });

  it('terraform.tfvars still has CHANGEME', async () => {
    const path = join(w.dir, 'app/terraform.tfvars');
    const good = readFileSync(path, 'utf8');
    const r = await broken(
      () => writeFileSync(path, good.replace('"T0123ABCD"', '"CHANGEME"')),
      () => writeFileSync(path, good),
    );
    expect(expectFailure(r, 'tfvars').detail).toMatch(/placeholder/);
  });

  it('symflow is logged out', async () => {
    const r = await broken(
      () => w.setSymflow({ loggedIn: false }),
      () => w.setSymflow({ loggedIn: true }),
    );
    const c = expectFailure(r, 'sym-session');
    // One line (symflow's own hint is not pasted inside the parentheses), and the login names the project's org.
    expect(c.detail).toBe(
      "Not logged in to Sym (You are not currently logged in); Terraform's Sym provider cannot apply.",
    );
    expect(c.fix).toContain('Run `symflow login --org-id acme`');
  });

  it('the session org differs from sym_org_slug', async () => {
    const r = await broken(
      () => w.setSymflow({ org: 'other-org' }),
      () => w.setSymflow({ org: 'acme' }),
    );
    expect(expectFailure(r, 'sym-session').fix).toContain('symflow login --org-id acme');
  });

  it('the Slack workspace is not registered', async () => {
    const r = await broken(
      () => w.setSymflow({ services: [] }),
      () => w.setSymflow({ services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] }),
    );
    expect(expectFailure(r, 'slack-workspace').fix).toContain('https://static.symops.com/slack/add');
  });

  it('terraform is not on PATH', async () => {
    const path = (w.env.PATH ?? '')
      .split(delimiter)
      .filter((d) => !hasTerraformIn(d))
      .join(delimiter);
    const r = await doctor({ PATH: path });
    expect(expectFailure(r, 'terraform').fix).toMatch(/Install Terraform/);
    expect(r.check('terraform-init').status).toBe('skip');
    // The outputs come from the local state file, so what depends on them is still checked.
    expect(r.check('terraform-outputs').status).toBe('pass');
    expect(r.check('secret').status).toBe('pass');
    expect(r.check('okta-targets').status).toBe('pass');
  });

  it('Okta unreachable (connection refused) is "could not check", not a failure', async () => {
    const port = await closedPort();
    const r = await doctor({ SYM_QUICKSTART_OKTA_ORG_URL: `http://127.0.0.1:${port}` });
    expect(r.check('okta-domain').status).toBe('skip');
    expect(r.check('okta-domain').detail).toMatch(/could not check.*connection refused/);
    // The token check does not wait for the probe; it meets the same refusal and says so.
    expect(r.check('okta-token').status).toBe('skip');
    expect(r.check('okta-token').detail).toMatch(/could not check/);
    expect(r.check('okta-targets').status).toBe('skip');
    expect(r.report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(r.exitCode).toBe(0);
    // The summary does not claim success: it names what could not run, in the warning colour, not green.
    const human = await runInProcess(w, ['doctor', w.dir], {
      SYM_QUICKSTART_OKTA_ORG_URL: `http://127.0.0.1:${port}`,
      FORCE_COLOR: '1',
    });
    const summary = human.stderr.trimEnd().split('\n').at(-1)!;
    expect(summary).toContain('\x1b[33m');
    expect(summary).not.toContain('\x1b[32m');
    expect(summary).not.toContain('✔');
    expect(summary).toMatch(
      /⚠.* 0 failed, 3 could not be checked \(Okta org reachable, Okta API token, Okta groups users may request\)/,
    );
    // --strict fails on them.
    const strict = await doctor({ SYM_QUICKSTART_OKTA_ORG_URL: `http://127.0.0.1:${port}` }, ['--strict']);
    expect(strict.exitCode).toBe(5);
    expect(strict.report.ok).toBe(false);
  });

  it('the secret is missing', async () => {
    const r = await broken(
      () => sm().send(new DeleteSecretCommand({ SecretId: w.secretName, ForceDeleteWithoutRecovery: true })),
      () =>
        sm().send(
          new CreateSecretCommand({
            Name: w.secretName,
            SecretString: JSON.stringify({ okta_api_token: w.token }),
            Tags: [{ Key: 'SymEnv', Value: w.runtime }],
          }),
        ),
    );
    expect(expectFailure(r, 'secret').detail).toMatch(/does not exist/);
  });

  it('without a local state file the outputs come from terraform, so no terraform means "could not check"', async () => {
    const state = join(w.dir, 'app/terraform.tfstate');
    const aside = `${state}.aside`;
    const path = (w.env.PATH ?? '')
      .split(delimiter)
      .filter((d) => !hasTerraformIn(d))
      .join(delimiter);
    const r = await broken(
      () => renameSync(state, aside),
      () => renameSync(aside, state),
      { PATH: path },
    );
    expect(r.check('terraform-outputs')).toMatchObject({
      status: 'skip',
      detail: 'needs "terraform init done in app/", which did not pass',
    });
    expect(r.check('secret').status).toBe('skip');
  });

  it('--check runs the checks named and what they need, nothing else', async () => {
    const symflowCallsBefore = w.calls('symflow').length;
    const r = await doctor({}, ['--check', 'okta-targets']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report.checks.map((c) => c.id).sort()).toEqual(
      [
        'aws-credentials',
        'okta-targets',
        'okta-token',
        'secret',
        'terraform',
        'terraform-init',
        'terraform-outputs',
        'tfvars',
        'tfvars-values',
      ].sort(),
    );
    for (const c of r.report.checks) expect(c.status, `${c.id}: ${c.detail}`).toBe('pass');
    expect(w.calls('symflow').length).toBe(symflowCallsBefore);
  });

  it('--help shows the --timeout default as a number of seconds, not a quoted string', async () => {
    const r = await w.run(['doctor', '--help'], {});
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/--timeout <seconds>\s+time limit for each check, in seconds \(default: 10\)/);
    expect(r.stdout).not.toContain('"10"');
  });

  it('--check with an unknown id is a usage error listing the ids', async () => {
    const r = await w.run(['doctor', w.dir, '--check', 'okta', 'secret'], {});
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('No doctor check is called "okta"');
    expect(r.stderr).toMatch(/Use one of: node, terraform, .*okta-token/);
  });

  it('a directory written after --check ids is recognised and the order explained', async () => {
    const r = await w.run(['doctor', '--check', 'secret', w.dir], {});
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `Put the directory before --check: \`npx sym-okta-quickstart doctor ${w.dir} --check secret\``,
    );
  });

  // Finding the project from the working directory is main's decision (io.cwd): these runs are in-process.
  it('with no directory, finds the project in ./sym-okta-quickstart (where init writes it) or in .', async () => {
    // The world runs the CLI in the directory that holds ./sym-okta-quickstart.
    const fromParent = await runInProcess(w, ['doctor', '--json', '--check', 'tfvars']);
    expect(fromParent.exitCode, fromParent.stderr).toBe(0);
    expect(fromParent.stderr).toContain(`Checking ${w.dir}`);
    const inside = await runInProcess(w, ['doctor', '--check', 'tfvars'], {}, w.dir);
    expect(inside.exitCode, inside.stderr).toBe(0);
    expect(inside.stderr).toContain(`Checking ${w.dir}`);
    const nowhere = await runInProcess(w, ['doctor'], {}, `${ROOT}/test`);
    expect(nowhere.exitCode).toBe(3);
    expect(nowhere.stderr).toContain(
      `Neither ${ROOT}/test nor ${ROOT}/test/sym-okta-quickstart is a sym-okta-quickstart project`,
    );
  });

  it('ci and destroy with no directory find the project as doctor does', async () => {
    // From the parent: each gets past "not a project" to its own first check on the project.
    const ci = await runInProcess(w, ['ci', '--dry-run']);
    expect(ci.exitCode, ci.stderr).toBe(3);
    expect(ci.stderr).not.toContain('not a sym-okta-quickstart project');
    expect(ci.stderr).toContain('--state-bucket');
    const destroy = await runInProcess(w, ['destroy', '--yes', '--confirm', 'not-the-runtime']);
    expect(destroy.exitCode, destroy.stderr).toBe(2);
    expect(destroy.stderr).not.toContain('not a sym-okta-quickstart project');
    expect(destroy.stderr).toContain('--confirm');
    const nowhere = await runInProcess(w, ['destroy', '--yes', '--confirm', 'x'], {}, `${ROOT}/test`);
    expect(nowhere.exitCode).toBe(3);
    expect(nowhere.stderr).toContain('`npx sym-okta-quickstart destroy path/to/project`');
  });

  it('in-process: children start in io.cwd, and a run that hangs fails after the time limit with what it printed', async () => {
    // A symflow that says where it runs, then hangs past the limit.
    const bin = mkdtempSync(join(tmpdir(), 'sqs-hanging-symflow-'));
    const cwdFile = join(bin, 'cwd');
    writeFileSync(join(bin, 'symflow'), `#!/bin/sh\npwd > '${cwdFile}'\nexec sleep 4\n`, { mode: 0o755 });
    try {
      const t0 = performance.now();
      const run = runInProcess(
        w,
        ['doctor', '--check', 'symflow'],
        { PATH: `${bin}${delimiter}${w.env.PATH}` },
        w.dir,
        1500,
      );
      await expect(run).rejects.toThrow(
        /^`doctor --check symflow` \(in-process\) did not end within 1\.5 s\.\n--- stdout so far ---\n.*\n--- stderr so far ---\n/s,
      );
      expect(performance.now() - t0).toBeLessThan(3500);
      expect(readFileSync(cwdFile, 'utf8').trim()).toBe(realpathSync(w.dir));
      expect(realpathSync(w.dir)).not.toBe(realpathSync(process.cwd()));
    } finally {
      // The run goes on in the background until its symflow ends.
      await new Promise((r) => setTimeout(r, 4500));
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('exits 3 when the directory is not a project', async () => {
    const r = await w.run(['doctor', `${ROOT}/test`], {});
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/not a sym-okta-quickstart project/);
  });

  it.each([
    ['not a project (exit 3)', [`${ROOT}/test`], 3, /not a sym-okta-quickstart project/],
    ['an unknown check (exit 2)', [W_DIR, '--check', 'okta'], 2, /No doctor check is called "okta"/],
  ])('--json on failure, %s: stdout is one JSON object with the error and its fix', async (_, args, code, message) => {
    const r = await w.run(['doctor', ...args.map((a) => (a === W_DIR ? w.dir : a)), '--json'], {});
    expect(r.exitCode).toBe(code);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual({
      ok: false,
      error: { code, message: expect.stringMatching(message), fix: expect.any(String) },
    });
  });
});

function hasTerraformIn(dir: string) {
  try {
    readFileSync(join(dir, 'terraform'));
    return true;
  } catch {
    return false;
  }
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}
