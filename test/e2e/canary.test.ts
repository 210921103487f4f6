// The Okta token must leave the CLI exactly twice: in the Authorization header to Okta, and in the
// one PutSecretValue to Secrets Manager. These tests run the built CLI with a random canary token and
// then look for it (and its encodings) everywhere else it could end up.
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAwsProxy, type AwsProxy } from '../helpers/aws-proxy.js';
import { countFiles, leakForms, leaksIn, leakyFiles, zipEntries } from '../helpers/leaks.js';
import { startOkta } from '../helpers/okta-standin.mjs';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, makeWorld, type World, type WorldOptions } from '../helpers/world.js';
import { WORKSPACE } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip, sm } = loopback();
const REGISTERED = { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] };

/** Shaped like an Okta SSWS token; random, so finding it anywhere can only mean it leaked from this run. */
const canary = `00${randomBytes(30).toString('base64url')}`;
const forms = leakForms(canary);

/** A world whose Okta accepts only the canary, whose AWS traffic passes a recording proxy, and whose temp dir is its own. */
async function leakWorld(o: Partial<WorldOptions> = {}) {
  const proxy = await startAwsProxy(motoUrl);
  const w = await makeWorld({
    motoUrl: proxy.url,
    tfMirror,
    wrapTerraform: true,
    ...o,
    okta: { ...o.okta, token: canary },
  });
  // The debug log and any scratch copy land in os.tmpdir(): keep them inside the world so the scan sees them.
  const tmp = join(w.root, 'tmp');
  mkdirSync(tmp);
  w.env.TMPDIR = tmp;
  return { w, proxy, tmp };
}

const debugLogs = (tmp: string) => readdirSync(tmp).filter((f) => /^sym-okta-quickstart-.*\.log$/.test(f));

/**
 * The whole check: nothing the run left behind or showed holds the canary, except the one
 * PutSecretValue and the secret itself; and each place really was looked at.
 */
async function expectNoLeak(w: World, proxy: AwsProxy, outputs: Record<string, string>, o: { stored: boolean }) {
  // Okta really got the canary: otherwise a missing leak would prove nothing.
  expect(w.okta.log.some((l) => l.auth === `SSWS ${canary}`)).toBe(true);

  for (const [name, text] of Object.entries(outputs)) expect(leaksIn(text, forms), `canary in ${name}`).toEqual([]);

  // Every file of the run: project, HOME, work dir, temp dir (debug log), the stand-ins' logs (child argv and env).
  expect(countFiles(w.dir)).toBeGreaterThan(5);
  expect(leakyFiles(w.root, forms)).toEqual([]);

  // Every child process, with its argv and full environment.
  const children = [...w.calls('symflow'), ...w.calls('terraform')];
  expect(w.calls('symflow').length).toBeGreaterThan(0);
  expect(w.calls('terraform').length).toBeGreaterThan(0);
  for (const c of children) {
    expect(c.env.PATH, 'the child environment was recorded').toBeTruthy();
    expect(c.env.OKTA_API_TOKEN).toBeUndefined();
    expect(leaksIn(JSON.stringify(c.argv), forms), `argv ${c.argv.join(' ')}`).toEqual([]);
    expect(leaksIn(JSON.stringify(c.env), forms), `environment of ${c.argv.join(' ')}`).toEqual([]);
  }

  // Every request that reached AWS (the CLI's SDK and Terraform's provider), bodies included.
  expect(proxy.log.some((r) => /Terraform|aws-sdk-go/.test(r.userAgent))).toBe(true);
  if (o.stored) expect(proxy.log.some((r) => /aws-sdk-js/.test(r.userAgent))).toBe(true);
  const puts = proxy.log.filter((r) => r.target === 'secretsmanager.PutSecretValue');
  expect(puts.length).toBe(o.stored ? 1 : 0);
  for (const p of puts) expect(p.body).toContain(canary);
  for (const r of proxy.log.filter((x) => !puts.includes(x))) {
    expect(
      leaksIn(`${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`, forms),
      `${r.target || r.url} from ${r.userAgent}`,
    ).toEqual([]);
  }

  if (o.stored) {
    // The canary is where it belongs, so the scan above could have found it had it leaked.
    const value = JSON.parse((await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString!);
    expect(value.okta_api_token).toBe(canary);
  }
}

// Three real-terraform runs at once on a busy 2-core machine can outlast the default minute.
describe.skipIf(skip).concurrent('the Okta token (a canary) never leaks', { timeout: 180_000 }, () => {
  it('a full interactive run under a pty: only Okta and the secret ever see it', async () => {
    const { w, proxy, tmp } = await leakWorld({ symflow: REGISTERED });
    try {
      const t = spawnPty(process.execPath, [CLI, 'init', '--no-browser'], { cwd: w.work, env: w.env });
      let raw = '';
      t.term.onData((d) => (raw += d));
      const answer = async (prompt: string, text: string) => {
        await t.waitFor(`? ${prompt}`);
        t.write(text + KEY.enter);
      };
      await answer('Sym org slug', '');
      await answer('Slack workspace ID', WORKSPACE);
      await answer('Channel where access requests are posted', '');
      await answer('Channel where Sym reports errors', '');
      await answer('Okta org domain', 'acme.okta.com');
      await answer('Okta API token', canary);
      await t.waitFor('Token accepted');
      await t.waitFor('? Okta group users may request');
      t.write('AWS');
      await t.waitFor('❯ AWS Admins');
      t.write(KEY.enter);
      await answer('Label shown in Slack for AWS Admins', '');
      await t.waitFor('❯ ✓ Done choosing groups');
      t.write(KEY.enter);
      await answer('Allow only members of one Okta group to approve', 'n');
      await answer('Let approvers approve their own requests', '');
      await answer('AWS region', '');
      await answer('Sym runtime / environment name', KEY.backspace.repeat(40) + w.runtime);
      await answer('Where should Terraform keep its state?', '');
      await answer('Apply this plan?', 'yes');
      const { exitCode } = await t.exit;
      expect(exitCode, t.output().slice(-3000)).toBe(0);
      // The masked prompt echoed stars, so the typed token really went through the terminal.
      expect(t.output()).toContain('*'.repeat(10));
      expect(debugLogs(tmp), 'a successful run deletes its debug log').toEqual([]);
      await expectNoLeak(w, proxy, { 'terminal output': raw }, { stored: true });
    } finally {
      await Promise.all([w.close(), proxy.close()]);
    }
  });

  it('a full CI run (OKTA_API_TOKEN, SYM_JWT): not on stdout, stderr, disk, children or the wire', async () => {
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}.sig`;
    const { w, proxy, tmp } = await leakWorld({ symflow: { loggedIn: false, jwtOrg: 'acme', ...REGISTERED } });
    try {
      const r = await w.run(
        [
          'init',
          '--yes',
          '--json',
          '--verbose',
          '--slack-workspace-id',
          WORKSPACE,
          '--okta-domain',
          'acme.okta.com',
          '--okta-target',
          'AWS Admins=00g1emaKYZTWRYYRRTSK',
          '--runtime-name',
          w.runtime,
        ],
        { env: { CI: 'true', SYM_JWT: jwt, OKTA_API_TOKEN: canary } },
      );
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, secret: { name: w.secretName } });
      expect(debugLogs(tmp)).toEqual([]);
      await expectNoLeak(w, proxy, { stdout: r.stdout, stderr: r.stderr }, { stored: true });
      // The Sym bot token is handed to symflow and terraform (they need it) but never shown or written.
      const jwtForms = leakForms(jwt);
      expect(w.calls('terraform').every((c) => c.env.SYM_JWT === jwt)).toBe(true);
      expect(leaksIn(r.stdout + r.stderr, jwtForms)).toEqual([]);
      expect(leakyFiles(w.dir, jwtForms)).toEqual([]);
    } finally {
      await Promise.all([w.close(), proxy.close()]);
    }
  });

  it('a run that fails after reading the token (terraform apply): the kept debug log holds no trace of it', async () => {
    const { w, proxy, tmp } = await leakWorld({ symflow: { loggedIn: false, jwtOrg: 'acme', ...REGISTERED } });
    try {
      // Another secret of that name already exists: Terraform's CreateSecret fails, after the token was checked with Okta.
      await sm().send(new CreateSecretCommand({ Name: w.secretName, SecretString: '{"other":"keep-me"}' }));
      const r = await w.run(
        [
          'init',
          '--yes',
          '--verbose',
          '--slack-workspace-id',
          WORKSPACE,
          '--okta-domain',
          'acme.okta.com',
          '--okta-target',
          'AWS Admins=00g1emaKYZTWRYYRRTSK',
          '--runtime-name',
          w.runtime,
        ],
        { env: { CI: 'true', SYM_JWT: 'eyJhbGciOiJIUzI1NiJ9.ci-bot-token.sig', OKTA_API_TOKEN: canary } },
      );
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/terraform apply` failed/);
      const logPath = /Debug log: (\S+)/.exec(r.stderr)?.[1];
      expect(logPath).toBeDefined();
      expect(debugLogs(tmp)).toEqual([logPath!.split('/').pop()]);
      expect(statSync(logPath!).mode & 0o777).toBe(0o600);
      const log = readFileSync(logPath!, 'utf8');
      // The log is the real thing: header, every command, Terraform's error.
      expect(log).toMatch(/^\S+ sym-okta-quickstart: /m);
      expect(log).toMatch(/ platform: \w+ \w+/);
      expect(log).toMatch(/ node: v\d+/);
      expect(log).toMatch(/\$ terraform apply/);
      expect(log).toMatch(/Error: /);
      expect(leaksIn(log, forms)).toEqual([]);
      // The saved plan (a zip, kept because apply failed) was scanned inside: it holds the run's variables.
      const plan = zipEntries(readFileSync(join(w.dir, '.sym-quickstart/apply.tfplan')));
      expect(plan.some((e) => e.includes(w.runtime))).toBe(true);
      await expectNoLeak(w, proxy, { stdout: r.stdout, stderr: r.stderr, 'debug log': log }, { stored: false });
      const value = (await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString;
      expect(value).toBe('{"other":"keep-me"}');
      expect(existsSync(logPath!)).toBe(true);
    } finally {
      await Promise.all([w.close(), proxy.close()]);
    }
  });

  it('the scan itself finds the canary in every encoding it claims to cover', () => {
    const blob = JSON.stringify({ okta_api_token: canary });
    for (let pad = 0; pad < 3; pad++) {
      const padded = 'x'.repeat(pad) + blob;
      expect(leaksIn(Buffer.from(padded).toString('base64'), forms)).not.toEqual([]);
      expect(leaksIn(Buffer.from(padded).toString('base64url'), forms)).not.toEqual([]);
    }
    expect(leaksIn(`token=${encodeURIComponent(canary)}`, forms)).not.toEqual([]);
    // A saved plan is a zip: what is inside compressed entries is looked at too.
    const zip = execFileSync('python3', [
      '-c',
      'import io,sys,zipfile;b=io.BytesIO();z=zipfile.ZipFile(b,"w",zipfile.ZIP_DEFLATED);z.writestr("tfplan","x"*100+sys.argv[1]);z.close();sys.stdout.buffer.write(b.getvalue())',
      canary,
    ]);
    expect(zip.includes(canary)).toBe(false);
    expect(zipEntries(zip).some((e) => leaksIn(e, forms).length > 0)).toBe(true);
    expect(leaksIn('nothing here', forms)).toEqual([]);
  });
});

describe.skipIf(skip).concurrent('the token never leaves the Okta org’s origin', () => {
  const args = (w: World) => [
    'init',
    '--yes',
    '--slack-workspace-id',
    WORKSPACE,
    '--okta-domain',
    'acme.okta.com',
    '--okta-target',
    'AWS Admins=00g1emaKYZTWRYYRRTSK',
    '--runtime-name',
    w.runtime,
  ];
  const env = { CI: 'true', SYM_JWT: 'eyJhbGciOiJIUzI1NiJ9.ci-bot-token.sig', OKTA_API_TOKEN: canary };

  it('Okta answers 302 to another host: not followed, the token is not sent there, exit 1', async () => {
    const elsewhere = await startOkta({ token: canary });
    const w = await makeWorld({
      motoUrl,
      tfMirror,
      symflow: { loggedIn: false, jwtOrg: 'acme', ...REGISTERED },
      okta: { token: canary, redirectTo: elsewhere.url },
    });
    w.env.TMPDIR = w.root;
    try {
      const r = await w.run(args(w), { env });
      expect(r.exitCode, r.stderr).toBe(1);
      const host = new URL(elsewhere.url).host;
      expect(r.stderr).toContain(`redirect (HTTP 302) to ${host}`);
      expect(r.stderr).toMatch(/not followed, so the token was not sent there/);
      expect(r.stderr).toMatch(/→ .*Okta domain/);
      expect(w.okta.log.length).toBeGreaterThan(0);
      expect(elsewhere.log).toEqual([]);
      expect(readdirSync(w.work)).toEqual([]);
    } finally {
      await Promise.all([w.close(), elsewhere.close()]);
    }
  });

  it('a Link header names another host for the next page: that page is never requested, exit 1', async () => {
    const elsewhere = await startOkta({ token: canary });
    const groups: Record<string, string> = { '00g1emaKYZTWRYYRRTSK': 'AWS Admins' };
    for (let i = 0; i < 25; i++) groups[`00g${String(i).padStart(3, '0')}${'s'.repeat(14)}`] = `Scoped ${i}`;
    const w = await makeWorld({
      motoUrl,
      tfMirror,
      symflow: { loggedIn: false, jwtOrg: 'acme', ...REGISTERED },
      // A scoped role with more group targets than one page: the SDK follows rel="next".
      okta: {
        token: canary,
        groups,
        linkBase: elsewhere.url,
        roles: [{ type: 'GROUP_MEMBERSHIP_ADMIN', targets: Object.keys(groups) }],
      },
    });
    w.env.TMPDIR = w.root;
    try {
      const r = await w.run(args(w), { env });
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toContain(`pointed the next request at ${new URL(elsewhere.url).host}; it was not sent`);
      expect(w.okta.log.some((l) => l.url.includes('/targets/groups'))).toBe(true);
      expect(elsewhere.log).toEqual([]);
      expect(readdirSync(w.work)).toEqual([]);
    } finally {
      await Promise.all([w.close(), elsewhere.close()]);
    }
  });
});
