import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CI_SYMFLOW,
  ciFlags as flags,
  expectFullProvision,
  JWT,
  WORKSPACE,
  answerFlags,
} from '../helpers/ci-provision.js';
import { makeWorld, ROOT, type World } from '../helpers/world.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

/** A well-formed token Okta has never seen: enough for runs that must stop before Okta is asked. */
const token = () => `00ci${randomBytes(12).toString('hex')}`;

describe.skipIf(skip)('init in CI: every answer from flags and environment, no TTY', () => {
  let w: World;
  let tok: string;
  beforeAll(async () => {
    w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    tok = w.token;
  });
  afterAll(() => w?.close());

  it('provisions everything, stores the token, and prints only the JSON result on stdout', async () => {
    await expectFullProvision(w, motoUrl);
  });

  it('re-runs the same command: nothing new to do, no second secret version', async () => {
    const before = await sm().send(new ListSecretVersionIdsCommand({ SecretId: w.secretName }));
    const r = await w.run(flags(w), { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: tok } });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    // Local state: moving it to S3 has nothing to do, so that step is skipped.
    for (const s of result.steps)
      expect(s.id === 'migrate-state' ? ['skipped'] : ['unchanged', 'done'], s.id).toContain(s.status);
    expect(result.steps.find((s: { id: string }) => s.id === 'store-token').status).toBe('unchanged');
    expect(result.steps.find((s: { id: string }) => s.id === 'apply').status).toBe('unchanged');
    const after = await sm().send(new ListSecretVersionIdsCommand({ SecretId: w.secretName }));
    expect(after.Versions?.length).toBe(before.Versions?.length);
  });
});

describe.skipIf(skip)('init in CI: what a person reading the log sees', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    // What is on screen and where the token goes, not what the AWS provider creates (the first
    // describe's full provision shows that): the zero-provider fixture, real terraform over the same
    // terraform.tfvars without the provider's start-ups; the secret its outputs name is made here.
    w.env.SYM_QUICKSTART_TEMPLATES = join(ROOT, 'test/fixtures/templates-zero-provider');
    await sm().send(new CreateSecretCommand({ Name: w.secretName }));
  });
  afterAll(() => w?.close());

  // One full provision serves two claims: the token read from stdin is the one stored, and the log
  // and summary read as a person needs them.
  it('reads the token from stdin with --okta-token-stdin; answers as stored, each under its section; one short plan and no Node warning; a summary with group names and the approval rule as applied', async () => {
    const r = await w.run(
      [
        'init',
        '--yes',
        '--org',
        'acme',
        '--slack-workspace-id',
        WORKSPACE,
        '--request-channel',
        'access-requests',
        '--okta-domain',
        'https://acme-admin.okta.com/admin/dashboard',
        '--okta-target',
        'Admins=00g1emaKYZTWRYYRRTSK',
        '--approver-group',
        '00g2bbbbbbbbbbbbbbbb',
        '--runtime-name',
        w.runtime,
        '--okta-token-stdin',
      ],
      // The token only on stdin, not in the environment.
      { env: { CI: 'true', SYM_JWT: JWT }, input: `${w.token}\n` },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    // --okta-token-stdin: the token read from stdin is the one stored.
    const value = JSON.parse((await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString!);
    expect(value.okta_api_token).toBe(w.token);

    // What a person reading the log sees.
    const err = r.stderr;
    // The stored values, with where they came from; the pasted admin URL is not echoed back.
    expect(err).toContain('✔ Channel where access requests are posted #access-requests (--request-channel)\n');
    expect(err).toContain('✔ Channel where Sym reports errors #sym-errors\n');
    expect(err).toContain('✔ Okta org domain acme.okta.com (--okta-domain)\n');
    expect(err).not.toMatch(/✔ Okta org domain .*admin/);
    expect(err).toContain('✔ Admins → AWS Admins (00g1emaKYZTWRYYRRTSK)\n');
    expect(err).toContain('✔ Only members of Data Readers (00g2bbbbbbbbbbbbbbbb) may approve\n');
    expect(err).toContain(`✔ Sym runtime / environment name ${w.runtime} (--runtime-name)\n`);
    // No section heading stands empty: each is followed by a line of its own.
    const lines = err.split('\n');
    const empty = lines.filter((l, i) => l.startsWith('◆ ') && (lines[i + 1] ?? '').startsWith('◆ '));
    expect(empty).toEqual([]);
    // No internal step ids, nothing that looks like a command but is not one.
    expect(err).not.toMatch(/nothing to do for|\$ Terraform's plan/);
    // Terraform's plan told once and short, without its own "run terraform apply" hint; no Node or SDK
    // warning (this machine's Node is 20, where the AWS SDK prints its end-of-support notice).
    expect(lines.filter((l) => l.includes('Plan:'))).toHaveLength(1);
    expect(err).not.toContain('To perform exactly these actions');
    expect(err).toMatch(/✔ Applied: 1 added, 0 changed, 0 destroyed \(/);
    expect(err).not.toContain('(node:');
    expect(err).not.toContain('NodeVersionSupportWarning');
    // The summary: the project as typed from here, groups by name with their IDs, the rule impl.py applies.
    const out = r.stdout;
    expect(out).toContain('  Project    sym-okta-quickstart\n');
    expect(out).toContain('  Groups     Admins → AWS Admins (00g1emaKYZTWRYYRRTSK)\n');
    expect(out).toContain("  Channels   requests in #access-requests; Sym's errors in #sym-errors\n");
    expect(out).toContain(
      '  Approval   only members of Data Readers (00g2bbbbbbbbbbbbbbbb) (and Sym admins) may approve; nobody may approve their own request\n',
    );
    expect(out).toContain('posted in #access-requests, where a member of Data Readers can approve it.');
    expect(out).not.toContain('an approver in');
  });
});

describe.skipIf(skip)('init in CI: fails fast on missing or invalid input, before anything runs', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld({ motoUrl, tfMirror });
  });
  afterAll(() => w?.close());

  const complete: Record<string, string[]> = {
    'slack-workspace-id': ['--slack-workspace-id', WORKSPACE],
    'okta-domain': ['--okta-domain', 'acme.okta.com'],
    'okta-target': ['--okta-target', 'AWS Admins=00g1emaKYZTWRYYRRTSK'],
  };
  const envOf: Record<string, string> = {
    'slack-workspace-id': 'SYM_QUICKSTART_SLACK_WORKSPACE_ID',
    'okta-domain': 'SYM_QUICKSTART_OKTA_DOMAIN',
    'okta-target': 'SYM_QUICKSTART_OKTA_TARGET',
  };
  const nothingHappened = () => {
    expect(readdirSync(w.work)).toEqual([]);
    expect(existsSync(`${w.logs}/symflow.jsonl`)).toBe(false);
    expect(w.okta.log).toEqual([]);
  };

  it.each(Object.keys(complete))('without --%s: exit 3, names the flag and its variable', async (omit) => {
    const args = [
      'init',
      '--yes',
      ...Object.entries(complete)
        .filter(([k]) => k !== omit)
        .flatMap(([, v]) => v),
    ];
    const r = await w.run(args, { env: { CI: 'true', OKTA_API_TOKEN: token() } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`--${omit}`);
    expect(r.stderr).toContain(envOf[omit]);
    nothingHappened();
  });

  it('without the token: exit 3, names OKTA_API_TOKEN and --okta-token-stdin', async () => {
    const r = await w.run(['init', '--yes', ...Object.values(complete).flat()], { env: { CI: 'true' } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('OKTA_API_TOKEN');
    expect(r.stderr).toContain('--okta-token-stdin');
    nothingHappened();
  });

  it('without --yes: exit 3, says to add --yes', async () => {
    const r = await w.run(['init', ...Object.values(complete).flat()], {
      env: { CI: 'true', OKTA_API_TOKEN: token() },
    });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('--yes');
    nothingHappened();
  });

  it('with several values missing: every one named in one message', async () => {
    const r = await w.run(['init'], { env: { CI: 'true' } });
    expect(r.exitCode).toBe(3);
    for (const k of Object.keys(complete)) {
      expect(r.stderr).toContain(`--${k}`);
      expect(r.stderr).toContain(envOf[k]);
    }
    expect(r.stderr).toContain('OKTA_API_TOKEN');
    expect(r.stderr).toContain('--yes');
    expect(r.stderr).toMatch(/Missing \d+ required values/);
    nothingHappened();
  });

  it('takes values from SYM_QUICKSTART_* and validates them exactly like flags', async () => {
    const r = await w.run(['init', '--yes'], {
      env: {
        CI: 'true',
        OKTA_API_TOKEN: token(),
        SYM_QUICKSTART_SLACK_WORKSPACE_ID: 'C0123ABCD',
        SYM_QUICKSTART_OKTA_DOMAIN: 'acme.okta.com',
        SYM_QUICKSTART_OKTA_TARGET: 'AWS Admins=00g1emaKYZTWRYYRRTSK',
      },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('SYM_QUICKSTART_SLACK_WORKSPACE_ID');
    expect(r.stderr).toMatch(/channel/i);
    nothingHappened();
  });

  it.each([
    ['--slack-workspace-id', 'C0123ABCD', /channel/i],
    ['--okta-domain', 'https://{yourOktaDomain}', /placeholder|yourOktaDomain/i],
    ['--okta-target', 'Admins=00g123', /20/],
    ['--request-channel', '#Sym Requests!', /letters|allowed/i],
  ])('%s %s: exit 2 with the validator hint, nothing written', async (flag, value, hint) => {
    const args = ['init', '--yes', ...Object.values(complete).flat(), flag, value];
    const r = await w.run(args, { env: { CI: 'true', OKTA_API_TOKEN: token() } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toMatch(hint);
    nothingHappened();
  });

  it('an unknown flag is a usage error (exit 2)', async () => {
    const r = await w.run(['init', '--okta-tokne', 'x'], { env: { CI: 'true' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown option/i);
    expect(r.stderr).toContain('→ See `npx sym-okta-quickstart --help`');
  });

  it.each([
    ['an unknown flag (exit 2)', ['--okta-token', '00abc'], 2, /^unknown option '--okta-token'/],
    ['an invalid value (exit 2)', ['--yes', '--okta-domain', 'acme okta.com'], 2, /^Invalid value for --okta-domain/],
    ['missing input (exit 3)', [], 3, /^Missing \d+ required values/],
  ])('--json on failure, %s: stdout is one JSON object with the error and its fix', async (_, args, code, message) => {
    const r = await w.run(['init', '--json', ...args], { env: { CI: 'true' } });
    expect(r.exitCode).toBe(code);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code, message: expect.stringMatching(message), fix: expect.any(String) },
    });
    nothingHappened();
  });

  it('keeps no debug log after a usage error; a kept one holds no flag value', async () => {
    const tmp = mkdtempSync(join(w.root, 'tmp-'));
    const value = `tok${randomBytes(10).toString('hex')}`;
    // A token typed as a flag: commander rejects the flag, and an invalid value is rejected after parsing.
    for (const args of [
      ['--okta-token', value],
      ['--okta-domain', `${value} x`],
    ]) {
      const r = await w.run(['init', ...args], { env: { CI: 'true', TMPDIR: tmp } });
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).not.toContain('Debug log');
      // Only Node's own compile cache (Node 22+, bin/ turns it on) may be there: no log of ours.
      expect(readdirSync(tmp).filter((f) => f !== 'node-compile-cache')).toEqual([]);
    }
    // Missing input (exit 3) keeps its log: the arguments are in it by name only.
    const r = await w.run(['init', '--org', value], { env: { CI: 'true', TMPDIR: tmp } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('Debug log');
    const [kept] = readdirSync(tmp).filter((f) => f.startsWith('sym-okta-quickstart'));
    const text = readFileSync(join(tmp, kept!), 'utf8');
    expect(text).toMatch(/ args: init --org …\n/);
    expect(text).not.toContain(value);
  });
});

describe.skipIf(skip)('init in CI: outside failures map to their exit codes', () => {
  const base = (w: World) => ['init', '--yes', ...answerFlags(w.runtime)];

  it('Okta rejects the token (401): exit 4, nothing written', async () => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    try {
      const r = await w.run(base(w), {
        env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: '00wrongTOKENxxxxxxxxxxxxxxx' },
      });
      expect(r.exitCode).toBe(4);
      expect(r.stderr).toMatch(/Security → API → Tokens/);
      expect(r.stderr).not.toContain('00wrongTOKEN');
      expect(existsSync(w.dir)).toBe(false);
    } finally {
      await w.close();
    }
  });

  it('no AWS credentials anywhere: exit 4 with the fix', async () => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    try {
      const r = await w.run(base(w), {
        env: {
          CI: 'true',
          SYM_JWT: JWT,
          OKTA_API_TOKEN: w.token,
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      });
      expect(r.exitCode, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/credentials/i);
      expect(r.stderr).toMatch(/aws configure|AWS_PROFILE|aws sso login/);
    } finally {
      await w.close();
    }
  });

  it('not logged in to Sym and no SYM_JWT: exit 4 with the bot-token recipe', async () => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: { loggedIn: false } });
    try {
      const r = await w.run(base(w), { env: { CI: 'true', OKTA_API_TOKEN: token() } });
      expect(r.exitCode).toBe(4);
      expect(r.stderr).toContain('symflow bots create');
      expect(r.stderr).toContain('symflow tokens issue -u');
      expect(r.stderr).toContain('SYM_JWT');
    } finally {
      await w.close();
    }
  });

  it('Slack app missing with symflow 8.x: exit 1 with the install link and "re-run"', async () => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: { loggedIn: false, jwtOrg: 'acme', services: [] } });
    try {
      const r = await w.run(base(w), { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('https://static.symops.com/slack/add');
      expect(r.stderr).toMatch(/re-run/);
      expect(existsSync(w.dir)).toBe(false);
    } finally {
      await w.close();
    }
  });

  it("terraform apply fails: exit 1 with Terraform's error visible", async () => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    try {
      // A secret of the same name already exists, so Terraform's CreateSecret fails.
      await sm().send(new CreateSecretCommand({ Name: w.secretName }));
      const r = await w.run(base(w), { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/terraform apply` failed/);
      expect(r.stderr).toMatch(/Error: .*creating Secrets Manager Secret|already exists/i);
      const d = await sm().send(new DescribeSecretCommand({ SecretId: w.secretName }));
      expect(d.Name).toBe(w.secretName);
    } finally {
      await w.close();
    }
  });

  it('SIGINT during a run: exit 130', async () => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    const pause = `${w.root}/pause`;
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(pause, '');
    w.setSymflow({ pauseFile: pause });
    try {
      const child = w.run(base(w), { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: token() } });
      // Wait until the wizard is inside a step (symflow is paused), then interrupt it.
      for (let i = 0; i < 200 && !w.symflowState().counters; i++) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      const r = await child;
      rmSync(pause, { force: true });
      expect(r.exitCode).toBe(130);
      expect(existsSync(w.dir)).toBe(false);
    } finally {
      await w.close();
    }
  });
});
