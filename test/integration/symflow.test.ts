// The symflow adapter with the real process runner against the test/bin/symflow stand-in on PATH.
// Assertions use what a user or the stand-in's jsonl log can see: results, errors, argv, stdin.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QuickstartError } from '../../src/errors.js';
import { createExecaRunner } from '../../src/tools/process.js';
import { createSymflow, SLACK_INSTALL_URL } from '../../src/sym/symflow.js';

const BIN = resolve(import.meta.dirname, '../bin');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface LogEntry {
  argv: string[];
  env: Record<string, string>;
  stdin: string | null;
  exitCode: number;
}

function setup(
  version: string,
  state: Record<string, unknown>,
  env: Record<string, string> = {},
  path = `${BIN}:${process.env.PATH}`,
) {
  const dir = mkdtempSync(join(tmpdir(), 'symflow-it-'));
  dirs.push(dir);
  const statePath = join(dir, 'state.json');
  writeFileSync(statePath, JSON.stringify(state));
  const runner = createExecaRunner({
    cwd: dir,
    tmpDir: dir,
    baseEnv: {
      ...process.env,
      PATH: path,
      FAKE_LOG_DIR: dir,
      FAKE_SYMFLOW_STATE: statePath,
      FAKE_SYMFLOW_VERSION: version,
      ...env,
    },
  });
  const logFile = join(dir, 'symflow.jsonl');
  return {
    symflow: createSymflow(runner),
    log: (): LogEntry[] =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as LogEntry)
        : [],
    state: () => JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>,
  };
}

async function rejection(p: Promise<unknown>): Promise<QuickstartError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(QuickstartError);
  return e as QuickstartError;
}

const LOGGED_IN = { loggedIn: true, org: 'acme', email: 'jane@acme.com', role: 'admin' };

describe('symflow 8.x', () => {
  it('version', async () => {
    const t = setup('8.1.0', {});
    expect(await t.symflow.version()).toEqual({ raw: '8.1.0', major: 8, hasServicesCreate: false });
    expect(t.log().map((e) => e.argv)).toEqual([['version']]);
  });

  it('status: logged in, through ANSI colour and the out-of-date notice', async () => {
    const t = setup('8.1.0', { ...LOGGED_IN, ansi: true, outOfDate: '8.2.0' });
    expect(await t.symflow.status()).toEqual({
      loggedIn: true,
      org: 'acme',
      user: 'jane@acme.com',
      role: 'admin',
      viaJwt: false,
    });
  });

  it('status: SYM_JWT travels in the environment, never in argv', async () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.bot-token-payload.sig';
    const t = setup('8.1.0', { jwtOrg: 'acme-ci', jwtBot: 'quickstart-bot' }, { SYM_JWT: jwt });
    expect(await t.symflow.status()).toEqual({ loggedIn: true, org: 'acme-ci', user: 'quickstart-bot', viaJwt: true });
    const [entry] = t.log();
    expect(entry!.env.SYM_JWT).toBe(jwt);
    expect(JSON.stringify(entry!.argv)).not.toContain(jwt);
  });

  it('status: logged out and expired are sessions, not exceptions', async () => {
    expect(await setup('8.1.0', {}).symflow.status()).toMatchObject({ loggedIn: false, reason: 'logged-out' });
    const expired = await setup('8.1.0', { ...LOGGED_IN, expired: true }).symflow.status();
    expect(expired).toMatchObject({ loggedIn: false, reason: 'expired' });
    expect(expired.loggedIn || expired.detail).toMatch(/INVALID_JWT/);
  });

  it('servicesList, and the Slack row appearing once the user installs the app', async () => {
    const t = setup('8.1.0', {
      ...LOGGED_IN,
      services: [{ type: 'aws_lambda', externalId: '123456789012', label: 'prod runtime' }],
      pendingSlackWorkspace: 'T0123ABCD',
      slackInstallAfterPolls: 3,
    });
    const polls = [await t.symflow.servicesList(), await t.symflow.servicesList(), await t.symflow.servicesList()];
    expect(polls.map((rows) => rows.some((r) => r.type === 'slack'))).toEqual([false, false, true]);
    expect(polls[2]).toEqual([
      { type: 'aws_lambda', externalId: '123456789012', label: 'prod runtime' },
      { type: 'slack', externalId: 'T0123ABCD', label: 'Slack' },
    ]);
    expect(t.log().every((e) => e.stdin === null)).toBe(true);
  });

  it('resourcesList', async () => {
    const t = setup('8.1.0', {
      ...LOGGED_IN,
      resources: { sym_flow: [{ srn: 'acme:flow:okta:1.0.0', slug: 'okta' }] },
    });
    expect(await t.symflow.resourcesList('sym_flow')).toEqual([{ srn: 'acme:flow:okta:1.0.0', slug: 'okta' }]);
    expect(await t.symflow.resourcesList('sym_integration')).toEqual([]);
    expect(t.log().map((e) => e.argv)).toEqual([
      ['resources', 'list', 'sym_flow'],
      ['resources', 'list', 'sym_integration'],
    ]);
  });

  it('an API error is exit 1 carrying the request id, whatever symflow exits with', async () => {
    const t = setup('8.1.0', { ...LOGGED_IN, apiError: { requestId: 'req-7f3e2a10', exitCode: 5 } });
    const e = await rejection(t.symflow.servicesList());
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('req-7f3e2a10');
    expect((await rejection(t.symflow.status())).message).toContain('req-7f3e2a10');
  });

  it('a command that needs a session, when logged out, is exit 4 with `symflow login`', async () => {
    const e = await rejection(setup('8.1.0', {}).symflow.resourcesList('sym_flow'));
    expect(e.exitCode).toBe(4);
    expect(e.fix).toContain('symflow login');
  });

  it('createSlackService is refused before running the removed command', async () => {
    const t = setup('8.1.0', LOGGED_IN);
    const e = await rejection(t.symflow.createSlackService('T0123ABCD'));
    expect(e.exitCode).toBe(1);
    expect(e.fix).toContain(SLACK_INSTALL_URL);
    expect(t.log().map((x) => x.argv[0])).toEqual(['version']);
  });

  it('login passes --org-id and hands over the terminal', async () => {
    const t = setup('8.1.0', { knownOrgs: ['acme'] });
    await t.symflow.login('acme');
    expect(t.log().map((e) => e.argv)).toEqual([['version'], ['login', '--org-id', 'acme']]);
    expect(t.state()).toMatchObject({ loggedIn: true, org: 'acme' });
    expect(await t.symflow.status()).toMatchObject({ loggedIn: true, org: 'acme' });
  });

  it('login fails on an unknown org → exit 4', async () => {
    const e = await rejection(setup('8.1.0', { knownOrgs: ['acme'] }).symflow.login('nope'));
    expect(e.exitCode).toBe(4);
    expect(e.fix).toContain('nope');
  });

  it('login refused while SYM_JWT is set → exit 4 naming SYM_JWT', async () => {
    const t = setup('8.1.0', { jwtOrg: 'acme' }, { SYM_JWT: 'bot.jwt.token' });
    const e = await rejection(t.symflow.login('acme'));
    expect(e.exitCode).toBe(4);
    expect(`${e.message} ${e.fix}`).toMatch(/SYM_JWT/);
    expect(t.log().map((x) => [x.argv[0], x.exitCode])).toEqual([
      ['version', 0],
      ['login', 1],
      ['status', 0],
    ]);
    expect(t.state().loggedIn).toBeUndefined();
  });

  it('missing binary → exit 3 with the install hint', async () => {
    const e = await rejection(setup('8.1.0', {}, {}, '/nonexistent-dir').symflow.version());
    expect(e.exitCode).toBe(3);
    expect(e.fix).toContain('brew install symopsio/tap/symflow');
    expect(e.fix).toContain('pipx install sym-flow-cli');
  });
});

describe('symflow 2.x', () => {
  it('version', async () => {
    expect(await setup('2.3.1', {}).symflow.version()).toEqual({ raw: '2.3.1', major: 2, hasServicesCreate: true });
  });

  it('createSlackService runs services create, answers "n", and the row is listed', async () => {
    const t = setup('2.3.1', { ...LOGGED_IN, installToken: 'tok-abc123' });
    const res = await t.symflow.createSlackService('T0123ABCD');
    expect(res.installUrl).toBe('https://static.symops.com/slack/install?token=tok-abc123');
    expect(res.output).toContain(SLACK_INSTALL_URL);
    const create = t.log().find((e) => e.argv[0] === 'services')!;
    expect(create.argv).toEqual(['services', 'create', '--service-type', 'slack', '--external-id', 'T0123ABCD']);
    expect(create.stdin).toBe('n');
    expect(await t.symflow.servicesList()).toContainEqual({ type: 'slack', externalId: 'T0123ABCD', label: 'Slack' });
  });

  it('login does not pass --org-id, which 2.x lacks', async () => {
    const t = setup('2.3.1', { org: 'acme' });
    await t.symflow.login('acme');
    expect(t.log().map((e) => e.argv)).toEqual([['version'], ['login']]);
    expect(await t.symflow.status()).toMatchObject({ loggedIn: true, org: 'acme', role: 'admin' });
  });
});
