// A user edits terraform.tfvars (and another scaffolded file) by hand after a successful run, then
// runs init again: unattended, and in a terminal. Only the keys whose value changes are rewritten;
// a question comes only when a changed key holds text written by hand, and "keep mine" is not asked
// twice. Their keys and comments are never lost without a .bak, and git ignores every .bak.
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, makeWorld, ROOT, type World } from '../helpers/world.js';
import { answerFlags, CI_SYMFLOW, JWT, WORKSPACE } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

const TFVARS = 'app/terraform.tfvars';
const TARGET = 'AWS Admins=00g1emaKYZTWRYYRRTSK';
/** Terraform's built-in terraform_data holding every answer: a changed answer is a plan with changes, no provider starts. */
const ZERO = join(ROOT, 'test/fixtures/templates-zero-provider');

/**
 * The user's hand edits: one wizard value changed, one key of their own with a comment above it,
 * and a flow variable of their own inside the wizard's flow_vars.
 */
function userEdit(original: string): string {
  const line = 'error_channel      = "#sym-errors"';
  const flowVars = 'flow_vars = {\n  request_channel = "#sym-requests"\n}';
  expect(original).toContain(line);
  expect(original).toContain(flowVars);
  return (
    original
      .replace(line, 'error_channel      = "#ops-alerts"')
      .replace(flowVars, 'flow_vars = {\n  request_channel = "#sym-requests"\n  team_channel    = "#payments"\n}') +
    '\n# Our team tags (added by hand; the wizard must keep them).\ntags = {\n  vendor = "symops.com"\n  team   = "platform"\n}\n'
  );
}
/** A comment written by hand inside flow_vars, above the user's own flow variable. */
const COMMENT = '  # The payments team asked for their own channel (OPS-42)';
const commented = (s: string) => {
  expect(s).toContain('\n  team_channel');
  return s.replace('\n  team_channel', `\n${COMMENT}\n  team_channel`);
};
const withRequestChannel = (s: string, channel: string) => {
  expect(s).toContain('request_channel = "#sym-requests"');
  return s.replace('request_channel = "#sym-requests"', `request_channel = "${channel}"`);
};
const read = (w: World, rel: string, dir = w.dir) => readFileSync(join(dir, rel), 'utf8');
const tagsOf = async (w: World) =>
  Object.fromEntries(
    ((await sm().send(new DescribeSecretCommand({ SecretId: w.secretName }))).Tags ?? []).map((t) => [t.Key, t.Value]),
  );

describe.skipIf(skip)('re-running after the user edited the project', () => {
  // Two applied projects, made side by side: the first unattended re-run checks what Terraform applied
  // in AWS (the user's tags on the secret), so its project has the AWS provider; every other re-run is
  // about the files, the questions, the steps and the secret's versions, so theirs is the zero-provider
  // fixture (real terraform over the same terraform.tfvars, terraform_data holding the answers, the
  // secret made beforehand) and costs no provider start-ups.
  let w: World;
  let z: World;
  let edited: string;
  let zEdited: string;
  let dirs: Record<'plain' | 'keep' | 'new', string>;
  const env = (x: World = w) => ({ CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: x.token });

  beforeAll(async () => {
    [w, z] = await Promise.all([
      makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW }),
      makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW }),
    ]);
    z.env.SYM_QUICKSTART_TEMPLATES = ZERO;
    await sm().send(new CreateSecretCommand({ Name: z.secretName }));
    const runs = await Promise.all(
      [w, z].map((x) => x.run(['init', '--yes', ...answerFlags(x.runtime)], { env: env(x) })),
    );
    for (const r of runs) expect(r.exitCode, r.stderr).toBe(0);
    edited = userEdit(read(w, TFVARS));
    zEdited = userEdit(read(z, TFVARS));
    // Each terminal choice gets its own copy of the applied project, so all of them and the
    // unattended re-runs (on the projects themselves) run side by side.
    dirs = {
      plain: copyProject('copy-plain', zEdited),
      keep: copyProject('copy-keep', commented(zEdited)),
      new: copyProject('copy-new', commented(zEdited)),
    };
  }, 120_000);
  afterAll(() => Promise.all([w?.close(), z?.close()]));

  /** A copy of the applied project (state and journal included) for one independent re-run. */
  const copyProject = (name: string, text: string) => {
    const dir = join(z.work, name);
    cpSync(z.dir, dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(dir, TFVARS), text);
    return dir;
  };

  describe.concurrent('in a terminal, and unattended', () => {
    const rerun = (dir: string) => {
      const t = spawnPty(
        process.execPath,
        [CLI, 'init', dir, '--no-browser', ...answerFlags(z.runtime), '--aws-region', 'us-east-1'],
        { cwd: z.work, env: { ...z.env, SYM_JWT: JWT, OKTA_API_TOKEN: z.token } },
      );
      return t;
    };
    /** Not given as flags, so asked, with the user's own values from the edited file as defaults: the
     * request channel is changed at the prompt, the error channel (the user's edit) accepted. */
    const answerChannels = async (t: ReturnType<typeof spawnPty>) => {
      await t.waitFor('? Channel where access requests are posted');
      await t.waitFor('#sym-requests');
      t.write(`${KEY.backspace.repeat(40)}#access-requests${KEY.enter}`);
      await t.waitFor('? Channel where Sym reports errors');
      await t.waitFor('#ops-alerts');
      t.write(KEY.enter);
      await t.waitFor('? Allow only members of one Okta group to approve');
      t.write(KEY.enter);
      await t.waitFor('? Let approvers approve their own requests');
      t.write(KEY.enter);
    };
    const bakFiles = (dir: string) => readdirSync(join(dir, 'app')).filter((f) => f.includes('.bak'));

    it('in a terminal, a changed answer for a key in the wizard’s layout: written without a question, everything else byte for byte, no .bak', async () => {
      const dir = dirs.plain;
      const t = rerun(dir);
      await answerChannels(t);
      // The user's error channel and the new request channel make a change for Terraform to apply.
      await t.waitFor('? Apply this plan?', 90_000);
      t.write(`yes${KEY.enter}`);
      const { exitCode } = await t.exit;
      expect(exitCode, t.output().slice(-3000)).toBe(0);
      expect(t.output()).not.toContain('What should happen');
      expect(read(z, TFVARS, dir)).toBe(withRequestChannel(zEdited, '#access-requests'));
      expect(bakFiles(dir)).toEqual([]);
    }, 120_000);

    it('in a terminal, a changed answer for a key holding a hand-written comment: asked once; "keep mine" is remembered', async () => {
      const dir = dirs.keep;
      const mine = commented(zEdited);
      const t = rerun(dir);
      await answerChannels(t);
      await t.waitFor('flow_vars in app/terraform.tfvars was written by hand, and this run changes its value');
      await t.waitFor('? What should happen to flow_vars?');
      // Only the asked-about key is in the diff, and the comment is shown moving out of it.
      expect(t.output()).toMatch(/^\+\s+request_channel = "#access-requests"$/m);
      expect(t.output()).not.toMatch(/^[-+]\s*error_channel/m);
      await t.waitFor('❯ Keep mine');
      t.write(KEY.enter);
      await t.waitFor('? Apply this plan?', 90_000);
      t.write(`yes${KEY.enter}`);
      expect((await t.exit).exitCode, t.output().slice(-3000)).toBe(0);
      expect(read(z, TFVARS, dir)).toBe(mine);
      expect(bakFiles(dir)).toEqual([]);
      // The same answer again: not asked, the file still as the user wrote it.
      const again = rerun(dir);
      await answerChannels(again);
      const { exitCode } = await again.exit;
      expect(exitCode, again.output().slice(-3000)).toBe(0);
      expect(again.output()).not.toContain('What should happen');
      expect(again.output()).toContain('kept your flow_vars in app/terraform.tfvars, as you chose before');
      expect(read(z, TFVARS, dir)).toBe(mine);
    }, 240_000);

    it('in a terminal, "use this run’s answer": the key rewritten, its comment moved above it, the old file kept as a .bak that git ignores', async () => {
      const dir = dirs.new;
      const mine = commented(zEdited);
      const t = rerun(dir);
      await answerChannels(t);
      await t.waitFor('? What should happen to flow_vars?');
      t.write(KEY.down);
      await t.waitFor("❯ Use this run's answer");
      t.write(KEY.enter);
      await t.waitFor('? Apply this plan?', 90_000);
      t.write(`yes${KEY.enter}`);
      expect((await t.exit).exitCode, t.output().slice(-3000)).toBe(0);
      const now = read(z, TFVARS, dir);
      expect(now).toContain(
        `${COMMENT.trim()}\nflow_vars = {\n  request_channel = "#access-requests"\n  team_channel    = "#payments"\n}`,
      );
      expect(now.replace(`${COMMENT.trim()}\n`, '')).toBe(withRequestChannel(zEdited, '#access-requests'));
      expect(readFileSync(join(dir, `${TFVARS}.bak`), 'utf8')).toBe(mine);
      // The generated .gitignore covers it: `git add -A` would not commit the copy.
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(status).toContain('app/terraform.tfvars');
      expect(status).not.toContain('.bak');
    }, 120_000);

    /** The user's edited file, then an unattended run given one flag only (the request channel). */
    const flagOnly = async (x: World, text: string) => {
      writeFileSync(join(x.dir, TFVARS), text);
      const r = await x.run(['init', '--yes', '--request-channel', '#access-requests'], { env: env(x) });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(read(x, TFVARS)).toBe(withRequestChannel(text, '#access-requests'));
      return r;
    };

    it('unattended: keeps the user’s key, comment and value, applies only the given flag (no .bak: nothing is lost), and Terraform applies the user’s own key', async () => {
      // 1. Only one flag: everything else comes from the user's file, not from the wizard's defaults.
      const r = await flagOnly(w, edited);
      // Only request_channel's value changed, in the wizard's own layout: nothing of the user's is lost, so no copy.
      expect(existsSync(join(w.dir, `${TFVARS}.bak`))).toBe(false);
      expect(r.stderr).not.toContain('saved your previous');
      // The values not given are the user's (from their file), not the wizard's defaults, everywhere
      // the run uses them: its summary and the answers it remembers in the journal.
      expect(r.stdout).toContain("Channels   requests in #access-requests; Sym's errors in #ops-alerts");
      const journal = JSON.parse(read(w, '.sym-quickstart/state.json'));
      expect(journal.answers).toEqual({
        org: 'acme',
        slackWorkspaceId: WORKSPACE,
        requestChannel: '#access-requests',
        errorChannel: '#ops-alerts',
        oktaDomain: 'acme.okta.com',
        awsRegion: 'us-east-1',
        runtimeName: w.runtime,
        targets: [{ label: 'AWS Admins', groupId: '00g1emaKYZTWRYYRRTSK' }],
        // '' = a local state file, chosen once (a re-run does not ask again).
        stateBucket: '',
      });
      expect(JSON.stringify(journal)).not.toContain(w.token);
      // Terraform applied the user's own key: it is what the file says, not just what it holds.
      expect(await tagsOf(w)).toEqual({ vendor: 'symops.com', team: 'platform', SymEnv: w.runtime });
    }, 120_000);

    // The same first run on the zero-provider project, then what later runs do with its result (they
    // concern the files, the steps and the secret's versions, not what the AWS provider applies).
    it('unattended, after that run: later re-runs keep it all; --force-step redoes', async () => {
      await flagOnly(z, zEdited);

      // 2. A later plain re-run rewrites nothing: the merged-in keys stay the user's, no .bak.
      const merged = read(z, TFVARS);
      // A temp file an atomic write left behind when its run was killed between write and rename.
      writeFileSync(join(z.dir, 'app/.0123456789ab.tmp'), 'sym_org_slug = "ac');
      writeFileSync(join(z.dir, 'README.md'), `${read(z, 'README.md')}\nOur own notes.\n`);
      const plain = await z.run(['init', '--yes', '--json'], { env: env(z) });
      expect(plain.exitCode, plain.stderr).toBe(0);
      expect(read(z, TFVARS), 'a plain re-run keeps the user’s keys').toBe(merged);
      expect(
        readdirSync(join(z.dir, 'app'))
          .filter((f) => f.includes('.bak'))
          .sort(),
      ).toEqual([]);
      expect(existsSync(join(z.dir, 'app/.0123456789ab.tmp')), 'the leftover temp file is swept').toBe(false);
      // The user's edit to another scaffolded file is kept as well, unattended.
      expect(read(z, 'README.md')).toContain('Our own notes.');
      const steps = JSON.parse(plain.stdout).steps as Array<{ id: string; status: string }>;
      expect(steps.find((x) => x.id === 'write-project')?.status).toBe('unchanged');

      // 3. --force-step redoes what is in place: the edited template file restored (a .bak kept, the
      // user's tfvars keys still kept), terraform apply run, the secret written again.
      const readme = read(z, 'README.md');
      const versions = async () =>
        (await sm().send(new ListSecretVersionIdsCommand({ SecretId: z.secretName, IncludeDeprecated: true })))
          .Versions!.length;
      const before = await versions();
      const forced = await z.run(
        [
          'init',
          '--yes',
          '--json',
          '--force-step',
          'write-project',
          '--force-step',
          'apply',
          '--force-step',
          'store-token',
        ],
        { env: env(z) },
      );
      expect(forced.exitCode, forced.stderr).toBe(0);
      expect(read(z, 'README.md')).toBe(readFileSync(join(ZERO, 'README.md'), 'utf8'));
      expect(read(z, 'README.md.bak')).toBe(readme);
      expect(read(z, TFVARS)).toBe(merged);
      const forcedSteps = JSON.parse(forced.stdout).steps as Array<{ id: string; status: string }>;
      expect(
        Object.fromEntries(
          forcedSteps
            .filter((x) => ['write-project', 'apply', 'store-token'].includes(x.id))
            .map((x) => [x.id, x.status]),
        ),
      ).toEqual({
        'write-project': 'done',
        apply: 'done',
        'store-token': 'done',
      });
      expect(forced.stderr).toContain('Applied: 0 added, 0 changed, 0 destroyed');
      expect(await versions()).toBe(before + 1);
    }, 120_000);
  });

  // Side by side with the runs above: each in a world of its own.
  it.concurrent.each([
    ['verify', /runs its checks on every run/],
    ['no-such-step', /no step named "no-such-step"/],
  ])('--force-step %s is a usage error (exit 2) naming the steps it takes, before anything runs', async (id, why) => {
    const w2 = await makeWorld({ motoUrl, tfMirror });
    try {
      mkdirSync(w2.work, { recursive: true });
      const r = await w2.run(
        [
          'init',
          '--yes',
          '--slack-workspace-id',
          WORKSPACE,
          '--okta-domain',
          'acme.okta.com',
          '--okta-target',
          TARGET,
          '--force-step',
          id,
        ],
        {
          env: { CI: 'true', OKTA_API_TOKEN: w2.token },
        },
      );
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toContain('write-project, apply, store-token');
      expect(readdirSync(w2.work)).toEqual([]);
      expect(w2.calls('symflow')).toEqual([]);
    } finally {
      await w2.close();
    }
  });
});
