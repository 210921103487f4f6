// A second run is safe: Enter through every question changes nothing and asks no token; keys typed
// while Terraform plans never answer the apply question; declining leaves every file as it was; the
// resume advice appears only when there is something to resume, with the run's own mode flags.
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, makeWorld, ROOT, type World } from '../helpers/world.js';
import { answerFlags, WORKSPACE } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';
import { startHoldProxy } from '../helpers/hold-proxy.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

const SLACK = { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] };
const APPROVERS = '00g2bbbbbbbbbbbbbbbb'; // "Data Readers": not the first group in the list
/** Terraform's built-in terraform_data holding every answer: a changed answer is a plan with changes, no provider starts. */
const ZERO = join(ROOT, 'test/fixtures/templates-zero-provider');

/** Every file under `dir` (symlinks by their target) with the sha256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[relative(dir, p)] = `-> ${readlinkSync(p)}`;
      else if (st.isDirectory()) walk(p);
      else
        out[relative(dir, p)] =
          `${(st.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

const firstRunFlags = (w: World, dir = w.dir) => [
  'init',
  dir,
  ...answerFlags(w.runtime),
  '--approver-group',
  APPROVERS,
];

type Term = ReturnType<typeof spawnPty>;
async function answer(t: Term, prompt: string, text = '') {
  await t.waitFor(`? ${prompt}`);
  t.write(text + KEY.enter);
}

// Every test here works on its own copy of the applied project (or its own world), so they run side by
// side: the file's wall time is its longest chain (the first run, then the three re-runs of the hand-
// edited copy) instead of the sum of its runs. Each types only once its own screen shows the question.
// The re-runs are about the wizard (its questions, the files it writes, the stored token), so they run
// on the zero-provider fixture: real terraform init/plan/apply over the same terraform.tfvars, without
// the AWS provider's start-ups; the secret its outputs name is made here, as the user's first run finds it.
describe.skipIf(skip).concurrent('a second run', () => {
  let w: World;
  let n = 0;
  beforeAll(async () => {
    w = await makeWorld({ motoUrl, tfMirror, symflow: SLACK });
    w.env.SYM_QUICKSTART_TEMPLATES = ZERO;
    await sm().send(new CreateSecretCommand({ Name: w.secretName }));
    const r = await w.run([...firstRunFlags(w), '--yes'], { env: { CI: 'true', OKTA_API_TOKEN: w.token } });
    expect(r.exitCode, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => w?.close());

  /** A copy of the applied project (state and journal included), so each re-run starts from the same place. */
  const copy = () => {
    const dir = join(w.work, `copy-${++n}`);
    cpSync(w.dir, dir, { recursive: true, verbatimSymlinks: true });
    return dir;
  };
  const start = (dir: string, args: string[] = []) =>
    spawnPty(process.execPath, [CLI, 'init', dir, '--no-browser', ...args], { cwd: w.work, env: w.env });

  /**
   * Enter at every question of a re-run up to the runtime name: the stored token kept (the choice
   * offered, not a prompt for a new one), the previous groups kept, the approver group highlighted.
   */
  const enterUpToRuntime = async (t: Term) => {
    await answer(t, 'Sym org slug');
    await answer(t, 'Slack workspace ID');
    await answer(t, 'Channel where access requests are posted');
    await answer(t, 'Channel where Sym reports errors');
    await answer(t, 'Okta org domain');
    await t.waitFor('? Okta API token');
    await t.waitFor(`❯ Keep the token stored in ${w.secretName}`);
    t.write(KEY.enter);
    await answer(t, 'Keep the');
    await answer(t, 'Allow only members of one Okta group to approve');
    await t.waitFor('? Okta group whose members may approve');
    await t.waitFor(`❯ Data Readers  ${APPROVERS}  (current)`);
    t.write(KEY.enter);
    await answer(t, 'Let approvers approve their own requests');
    await answer(t, 'AWS region');
  };

  /** Enter at every question of a re-run (the stored token kept, the approver group as it was). */
  const enterThrough = async (t: Term) => {
    await enterUpToRuntime(t);
    await answer(t, 'Sym runtime / environment name');
  };

  it('a target added by hand with a comment, as the "Next" text suggests, survives three Enter-only re-runs: no question, every file byte for byte', async () => {
    const dir = copy();
    const tfvars = join(dir, 'app/terraform.tfvars');
    const wizard = readFileSync(tfvars, 'utf8');
    const list = 'group_id = "00g1emaKYZTWRYYRRTSK"\n  },\n]';
    expect(wizard).toContain(list);
    const mine = wizard.replace(
      list,
      `group_id = "00g1emaKYZTWRYYRRTSK"\n  },\n  # Data team: read access for the Q3 audit (added by hand, OPS-42)\n  {\n    label    = "Data Readers"\n    group_id = "${APPROVERS}"\n  },\n]`,
    );
    writeFileSync(tfvars, mine);
    // Applied once, unattended, as a pipeline would: the new group is a change for Terraform.
    const applied = await w.run(['init', dir, '--yes'], { env: { CI: 'true' } });
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(readFileSync(tfvars, 'utf8')).toBe(mine);
    const before = snapshot(dir);
    for (let n = 1; n <= 3; n++) {
      const t = start(dir);
      await enterThrough(t);
      const { exitCode } = await t.exit;
      const screen = t.output();
      expect(exitCode, `re-run ${n}: ${screen.slice(-3000)}`).toBe(0);
      expect(screen).toContain('? Keep the 2 groups already in terraform.tfvars (AWS Admins, Data Readers)?');
      expect(screen).not.toContain('What should happen');
      expect(screen).not.toContain('? Apply this plan?');
      expect(readFileSync(tfvars, 'utf8'), `re-run ${n}`).toBe(mine);
      expect(snapshot(dir), `re-run ${n}`).toEqual(before);
    }
  }, 180_000);

  it('Enter at every question changes no file and asks for no token (the stored one is kept)', async () => {
    const dir = copy();
    const before = snapshot(dir);
    const t = start(dir);
    await enterUpToRuntime(t);
    await answer(t, 'Sym runtime / environment name');
    const { exitCode } = await t.exit;
    const screen = t.output();
    expect(exitCode, screen.slice(-3000)).toBe(0);
    expect(screen).not.toContain("Create one in Okta's admin console");
    // The kept token's choice already said Okta accepts it: no second line saying so.
    expect(screen).not.toContain('Token accepted');
    expect(screen).not.toContain('? Apply this plan?');
    expect(screen).toContain('Terraform: no changes');
    expect(snapshot(dir)).toEqual(before);
    // The README's re-run transcript is copied from this run.
    if (process.env.SQS_RERUN_TRANSCRIPT) writeFileSync(process.env.SQS_RERUN_TRANSCRIPT, screen);
  }, 120_000);

  it('unattended without OKTA_API_TOKEN: the secret holds a token Okta accepts, so exit 0 and nothing changes', async () => {
    const dir = copy();
    const before = snapshot(dir);
    const r = await w.run(['init', dir, '--yes', '--json'], { env: { CI: 'true' } });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(true);
    const status = Object.fromEntries(result.steps.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(status).toMatchObject({ 'write-project': 'unchanged', apply: 'unchanged', 'store-token': 'unchanged' });
    expect(r.stderr).toContain(`Using the token stored in ${w.secretName}`);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  /** A re-run that keeps every answer but the runtime name (one Terraform acts on), up to the apply question. */
  async function toApplyQuestionWithNewRuntime(
    dir: string,
    whilePlanning: (pty: ReturnType<typeof start>) => void = () => {},
  ) {
    const t = start(dir);
    await enterUpToRuntime(t);
    // A changed answer Terraform acts on (the zero-provider fixture's one terraform_data holds it).
    await answer(t, 'Sym runtime / environment name', `${KEY.backspace.repeat(40)}${w.runtime}b`);
    await t.waitFor('terraform init');
    whilePlanning(t);
    await t.waitFor('? Apply this plan?', 90_000);
    return t;
  }

  it('two Enters typed while Terraform plans answer nothing; declining a changed answer leaves every file as it was', async () => {
    const dir = copy();
    const before = snapshot(dir);
    // The files are written, Terraform plans: a user presses Enter twice while waiting.
    const t = await toApplyQuestionWithNewRuntime(dir, (pty) => {
      // Typed before the question is on the screen (else this would test nothing).
      expect(pty.output()).not.toContain('Apply this plan?');
      pty.write(KEY.enter + KEY.enter);
    });
    // Still asking: a key now shows up inside the question (an Enter taken as an answer would have closed it).
    t.write('x');
    await t.waitFor('(Enter: no) x');
    t.write(`${KEY.backspace}no${KEY.enter}`);
    const { exitCode } = await t.exit;
    const screen = t.output();
    expect(exitCode, screen.slice(-3000)).toBe(1);
    expect(screen).toContain('⚠ Stopped before terraform apply');
    // The user's choice, not a failure: no ✖, no debug log kept.
    expect(screen).not.toContain('✖');
    expect(screen).not.toContain('Debug log:');
    expect(screen).toMatch(/Apply this plan\? Type "yes" to apply \(Enter: no\) no/);
    expect(screen).not.toContain('To pick up where this stopped');
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('Ctrl-C at the apply question is a no as well: every file as it was, no saved plan left', async () => {
    const dir = copy();
    const before = snapshot(dir);
    const t = await toApplyQuestionWithNewRuntime(dir);
    t.write(KEY.ctrlC);
    const { exitCode } = await t.exit;
    expect(exitCode, t.output().slice(-3000)).toBe(130);
    expect(t.output()).toContain('Stopped at the apply question: nothing was changed in AWS or Sym');
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it("a dry run's resume line keeps --dry-run", async () => {
    const dir = copy();
    const t = start(dir, ['--dry-run']);
    await t.waitFor('? Sym org slug');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).toMatch(
      /To pick up where this stopped[^\n]*\n\s*npx sym-okta-quickstart init \S+ --dry-run --no-browser/,
    );
  });
});

describe.skipIf(skip).concurrent('stopping a run', () => {
  let worlds: World[] = [];
  afterAll(async () => {
    await Promise.all(worlds.map((w) => w.close()));
    worlds = [];
  });
  const world = async () => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: SLACK });
    worlds.push(w);
    return w;
  };

  it('Ctrl-C at the second question of a first run: no resume line, no directory', async () => {
    const w = await world();
    const t = spawnPty(process.execPath, [CLI, 'init', '--no-browser'], { cwd: w.work, env: w.env });
    await answer(t, 'Sym org slug');
    await t.waitFor('? Slack workspace ID');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).not.toContain('To pick up where this stopped');
    expect(existsSync(w.dir)).toBe(false);
  });

  it('SIGHUP at a question ends the run like Ctrl-C, with exit 129', async () => {
    const w = await world();
    const t = spawnPty(process.execPath, [CLI, 'init', '--no-browser'], { cwd: w.work, env: w.env });
    await t.waitFor('? Sym org slug');
    process.kill(t.term.pid, 'SIGHUP');
    expect((await t.exit).exitCode).toBe(129);
    expect(t.output()).toContain('Interrupted');
    expect(existsSync(w.dir)).toBe(false);
  });

  it('SIGTERM during terraform apply: waits for terraform, says where things stand, prints the resume line, exit 143', async () => {
    // AWS calls go through a proxy that holds terraform's CreateSecret, so the signal lands mid-apply.
    const proxy = await startHoldProxy(motoUrl!);
    try {
      const w = await makeWorld({ motoUrl: proxy.url, tfMirror, symflow: SLACK });
      worlds.push(w);
      proxy.arm('secretsmanager.CreateSecret', 'request');
      const t = spawnPty(process.execPath, [CLI, ...firstRunFlags(w), '--yes', '--no-browser'], {
        cwd: w.work,
        env: { ...w.env, OKTA_API_TOKEN: w.token },
      });
      await proxy.held();
      process.kill(t.term.pid, 'SIGTERM');
      await t.waitFor('Waiting for it to finish');
      // The call in flight goes on once the run is stopping, as it would for a user.
      await new Promise((r) => setTimeout(r, 1000));
      proxy.release();
      const { exitCode } = await t.exit;
      const screen = t.output();
      expect(exitCode, screen.slice(-3000)).toBe(143);
      // (Wrapped at the terminal's width.)
      // The flow and the secret by name: init reads them from the state file the apply just wrote.
      expect(screen.replace(/\s+/g, ' ')).toContain(
        `Where things stand: Terraform applied the project, so the flow okta_${w.runtime} is live; the Okta token is not in the secret ${w.secretName} yet, so access requests will fail until you run the command below.`,
      );
      expect(screen).toContain('To pick up where this stopped');
      expect(screen.replace(/\s+/g, ' ')).toContain(`npx sym-okta-quickstart init ${w.dir} --org acme`);
      // Terraform finished: the secret exists (so nothing was orphaned), and it holds no token yet.
      const info = await sm().send(new DescribeSecretCommand({ SecretId: w.secretName }));
      expect(info.Name).toBe(w.secretName);
      expect(Object.keys(info.VersionIdsToStages ?? {})).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
