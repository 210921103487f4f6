// The real @okta/okta-sdk-nodejs, driven through connectOkta, against the loopback Okta stand-in.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  ADMIN_ROLES_FOR_GROUPS,
  connectOkta,
  OktaFailure,
  oktaProxyOf,
  type OktaConnection,
} from '../../src/okta/okta.js';
import { QuickstartError } from '../../src/errors.js';
import { startOkta, type OktaStandin, type OktaStandinOptions } from '../helpers/okta-standin.mjs';

const TOKEN = '00TESTtokenVALUEthatMUSTneverLEAK42';
const G_ENG = '00gengineers00000001';
const G_AD = '00gadimported0000001';

async function standin(opts: OktaStandinOptions = {}): Promise<OktaStandin> {
  const okta = await startOkta({ token: TOKEN, ...opts });
  onTestFinished(() => okta.close());
  return okta;
}
const connect = (okta: { url: string }, extra: Partial<OktaConnection> = {}) =>
  connectOkta({ orgUrl: okta.url, token: TOKEN, ...extra });

/** Awaits a rejection and returns it as an OktaFailure, checking that nothing in it holds the token. */
async function failure(p: Promise<unknown>): Promise<OktaFailure> {
  const e = await p.then(
    () => expect.unreachable('expected a failure'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OktaFailure);
  expect(e).toBeInstanceOf(QuickstartError);
  const f = e as OktaFailure;
  for (const text of [f.message, f.fix ?? '', String(f.stack), JSON.stringify(f), inspect(f, { depth: 8 })]) {
    expect(text).not.toContain(TOKEN);
  }
  expect(f.cause).toBeUndefined();
  return f;
}

let decoy: OktaStandin;
const saved = { cwd: process.cwd(), env: { ...process.env } };
let dir: string;

beforeAll(async () => {
  // Everything the SDK's ConfigLoader could pull in points at a decoy org with a decoy token; the cwd's
  // okta.yaml is even malformed, which would make `new Client` throw if it were read.
  decoy = await startOkta({ token: 'decoyTOKEN' });
  dir = mkdtempSync(join(tmpdir(), 'okta-adapter-'));
  mkdirSync(join(dir, 'home', '.okta'), { recursive: true });
  mkdirSync(join(dir, 'cwd'));
  writeFileSync(
    join(dir, 'home', '.okta', 'okta.yaml'),
    `okta:\n  client:\n    orgUrl: ${decoy.url}\n    token: decoyTOKEN\n    userAgent: decoy-agent\n    authorizationMode: PrivateKey\n`,
  );
  writeFileSync(join(dir, 'cwd', 'okta.yaml'), 'okta: [client: {orgUrl: \n');
  process.env.HOME = join(dir, 'home');
  process.env.OKTA_CLIENT_ORGURL = decoy.url;
  process.env.OKTA_CLIENT_TOKEN = 'decoyTOKEN';
  process.env.OKTA_CLIENT_AUTHORIZATIONMODE = 'PrivateKey';
  process.env.OKTA_CLIENT_USERAGENT = 'decoy-agent';
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[k];
  process.chdir(join(dir, 'cwd'));
});

afterAll(async () => {
  process.chdir(saved.cwd);
  for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
  Object.assign(process.env, saved.env);
  await decoy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('okta adapter: reads', () => {
  it('returns the token’s user, ignoring okta.yaml and OKTA_CLIENT_* (and a trailing slash)', async () => {
    const okta = await standin({
      user: { id: '00u1owner00000000001', login: 'sym-svc@acme.com', email: 'sym@acme.com' },
    });
    const adapter = await connect({ url: `${okta.url}/` });
    await expect(adapter.currentUser()).resolves.toEqual({
      id: '00u1owner00000000001',
      login: 'sym-svc@acme.com',
      email: 'sym@acme.com',
      status: 'ACTIVE',
    });
    expect(okta.log).toEqual([
      expect.objectContaining({ method: 'GET', url: '/api/v1/users/me', auth: `SSWS ${TOKEN}` }),
    ]);
    expect(okta.log[0]!.ua).toMatch(/^sym-okta-quickstart @okta\/okta-sdk-nodejs\//);
    expect(okta.log[0]!.ua).not.toContain('decoy');
    expect(decoy.log).toEqual([]);
  });

  it('lists the user’s roles, and the groups a scoped role may manage ([] when unrestricted)', async () => {
    const okta = await standin({
      groups: { [G_ENG]: { name: 'engineers', description: 'All engineers' }, '00gops00000000000001': 'ops' },
      roles: [
        { type: 'GROUP_MEMBERSHIP_ADMIN', targets: [G_ENG, '00gops00000000000001'] },
        { type: 'READ_ONLY_ADMIN' },
        { type: 'USER_ADMIN' },
      ],
    });
    const adapter = await connect(okta);
    const roles = await adapter.rolesOf(okta.user.id);
    expect(roles).toEqual([
      { id: okta.roles[0]!.id, type: 'GROUP_MEMBERSHIP_ADMIN', label: 'Group Membership Administrator' },
      { id: okta.roles[1]!.id, type: 'READ_ONLY_ADMIN', label: 'Read Only Administrator' },
      { id: okta.roles[2]!.id, type: 'USER_ADMIN', label: 'Group Administrator' },
    ]);
    expect(roles.filter((r) => ADMIN_ROLES_FOR_GROUPS.includes(r.type)).map((r) => r.type)).toEqual([
      'GROUP_MEMBERSHIP_ADMIN',
      'USER_ADMIN',
    ]);

    await expect(adapter.groupTargetsOf(okta.user.id, roles[0]!.id)).resolves.toEqual([
      { id: G_ENG, name: 'engineers', type: 'OKTA_GROUP', description: 'All engineers' },
      { id: '00gops00000000000001', name: 'ops', type: 'OKTA_GROUP', description: undefined },
    ]);
    await expect(adapter.groupTargetsOf(okta.user.id, roles[2]!.id)).resolves.toEqual([]);
    expect(okta.log.map((l) => l.url)).toEqual([
      `/api/v1/users/${okta.user.id}/roles`,
      `/api/v1/users/${okta.user.id}/roles/${roles[0]!.id}/targets/groups`,
      `/api/v1/users/${okta.user.id}/roles/${roles[2]!.id}/targets/groups`,
    ]);
  });

  it('reads OKTA_GROUP and APP_GROUP groups, uncached: a change in Okta shows on the next call', async () => {
    const okta = await standin({ groups: { [G_ENG]: 'engineers', [G_AD]: { name: 'AD Admins', type: 'APP_GROUP' } } });
    const adapter = await connect(okta);
    await expect(adapter.getGroup(G_ENG)).resolves.toEqual({
      id: G_ENG,
      name: 'engineers',
      type: 'OKTA_GROUP',
      description: undefined,
    });
    await expect(adapter.getGroup(G_AD)).resolves.toMatchObject({ name: 'AD Admins', type: 'APP_GROUP' });
    okta.groups.set(G_ENG, { name: 'eng-renamed', type: 'APP_GROUP' });
    await expect(adapter.getGroup(G_ENG)).resolves.toMatchObject({ name: 'eng-renamed', type: 'APP_GROUP' });
    expect(okta.log).toHaveLength(3);
  });

  it('searches groups one page per request, following the Link cursor only when next() is called', async () => {
    const groups: Record<string, string> = {};
    for (let i = 0; i < 250; i++) groups[`00gteam${String(i).padStart(13, '0')}`] = `Team-${i}`;
    for (let i = 0; i < 5; i++) groups[`00gother${String(i).padStart(12, '0')}`] = `other-${i}`;
    const okta = await standin({ groups });
    const adapter = await connect(okta);

    const first = await adapter.searchGroups('team');
    expect(first.groups).toHaveLength(200);
    expect(first.groups[0]).toEqual({
      id: '00gteam0000000000000',
      name: 'Team-0',
      type: 'OKTA_GROUP',
      description: undefined,
    });
    expect(okta.log).toHaveLength(1);
    const url1 = new URL(okta.log[0]!.url, okta.url);
    expect(url1.pathname).toBe('/api/v1/groups');
    expect(Object.fromEntries(url1.searchParams)).toEqual({ q: 'team', limit: '200' });

    expect(first.next).toBeTypeOf('function');
    const [second, again] = await Promise.all([first.next!(), first.next!()]);
    expect(again).toBe(second);
    expect(second.groups.map((g) => g.name)).toEqual(Array.from({ length: 50 }, (_, i) => `Team-${200 + i}`));
    expect(second.next).toBeUndefined();
    expect(okta.log).toHaveLength(2);
    expect(Object.fromEntries(new URL(okta.log[1]!.url, okta.url).searchParams)).toEqual({
      q: 'team',
      after: '00gteam0000000000199',
      limit: '200',
    });

    const small = await adapter.searchGroups('OTHER', 2);
    expect(small.groups.map((g) => g.name)).toEqual(['other-0', 'other-1']);
    expect(okta.log[2]!.url).toBe('/api/v1/groups?q=OTHER&limit=2');
  });

  it('a later page gets its own timeout, however long after the first it is asked for', async () => {
    const groups = Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [`00gteam${String(i).padStart(13, '0')}`, `team-${i}`]),
    );
    const okta = await standin({ groups });
    const first = await (await connect(okta, { timeoutMs: 300 })).searchGroups('team', 2);
    await new Promise((r) => setTimeout(r, 400));
    await expect(first.next!()).resolves.toMatchObject({ groups: [{ name: 'team-2' }] });
  });

  it('waits for a slow Okta (delayMs) within the timeout', async () => {
    const okta = await standin({ delayMs: 300 });
    const adapter = await connect(okta);
    const t0 = performance.now();
    await expect(adapter.currentUser()).resolves.toMatchObject({ id: okta.user.id });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
  });
});

describe('okta adapter: Okta says no', () => {
  it('404 E0000007 → not-found, exit 2, naming the group id', async () => {
    const okta = await standin();
    const f = await failure((await connect(okta)).getGroup('00gmissing0000000001'));
    expect(f).toMatchObject({ kind: 'not-found', exitCode: 2, status: 404, errorCode: 'E0000007' });
    expect(f.requestId).toMatch(/^Xrq/);
    expect(f.message).toContain('00gmissing0000000001');
    expect(f.fix).toMatch(/Directory → Groups/);
  });

  it('401 E0000011 → invalid-token, exit 4, with the fix and without the token', async () => {
    const okta = await standin();
    const wrong = await failure(
      connectOkta({ orgUrl: okta.url, token: 'someOTHERtoken' }).then((a) => a.currentUser()),
    );
    expect(wrong).toMatchObject({ kind: 'invalid-token', exitCode: 4, status: 401, errorCode: 'E0000011' });
    expect(`${wrong.message} ${wrong.fix}`).not.toContain('someOTHERtoken');

    okta.revoked = true;
    const f = await failure((await connect(okta)).currentUser());
    expect(f).toMatchObject({ kind: 'invalid-token', exitCode: 4, status: 401, errorCode: 'E0000011' });
    expect(f.message).toMatch(/invalid, expired .*30 days.*revoked.*deactivated/);
    expect(f.fix).toContain('Security → API → Tokens');
    expect(f.fix).toContain('Sym service user');
    expect(okta.log.at(-1)!.auth).toBe(`SSWS ${TOKEN}`);
  });

  it('403 E0000006 → forbidden, exit 4, pointing at the admin roles', async () => {
    const okta = await standin({ groups: { [G_ENG]: 'engineers' }, forbidden: new Set([G_ENG]) });
    const f = await failure((await connect(okta)).getGroup(G_ENG));
    expect(f).toMatchObject({ kind: 'forbidden', exitCode: 4, status: 403, errorCode: 'E0000006' });
    expect(f.message).toContain(G_ENG);
    expect(f.fix).toMatch(/Group Membership Administrator and Read Only Administrator/);
  });

  it('rejects a malformed org URL or token before any request (exit 2)', async () => {
    await expect(connectOkta({ orgUrl: 'acme.okta.com', token: TOKEN })).rejects.toMatchObject({ exitCode: 2 });
    await expect(connectOkta({ orgUrl: 'https://acme.okta.com/admin', token: TOKEN })).rejects.toMatchObject({
      exitCode: 2,
    });
    await expect(connectOkta({ orgUrl: 'http://acme.okta.com', token: TOKEN })).rejects.toMatchObject({
      exitCode: 2,
      fix: 'Use https://acme.okta.com.',
    });
    const e = await connectOkta({ orgUrl: 'https://acme.okta.com', token: `${TOKEN}\nX: y` }).catch(
      (err: unknown) => err,
    );
    expect(e).toMatchObject({ exitCode: 2 });
    expect(String((e as Error).message)).not.toContain(TOKEN);
  });
});

describe('okta adapter: rate limits and flaky servers', () => {
  it('a one-shot 429 is retried by the SDK after X-Rate-Limit-Reset, then returns the data', async () => {
    const okta = await standin({ rateLimitOnce: new Set(['/api/v1/users/me']) });
    const adapter = await connect(okta);
    const t0 = performance.now();
    await expect(adapter.currentUser()).resolves.toMatchObject({ id: okta.user.id });
    // reset = now+1 s by Okta's clock; the SDK adds 1 s of slack and measures from the Date header.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(okta.log).toEqual([
      expect.objectContaining({ url: '/api/v1/users/me', retry: undefined }),
      expect.objectContaining({ url: '/api/v1/users/me', retry: '1', auth: `SSWS ${TOKEN}` }),
    ]);
  });

  it('a 429 retry late in the timeout budget gets the time that is left', async () => {
    // The SDK gives the retry timeout − elapsed − wait, counting the 1 s wait twice: −200 ms here.
    const okta = await standin({ rateLimitOnce: new Set(['/api/v1/users/me']), resetIn: 0 });
    await expect((await connect(okta, { timeoutMs: 1800 })).currentUser()).resolves.toMatchObject({ id: okta.user.id });
    expect(okta.log.map((l) => l.retry)).toEqual([undefined, '1']);
  });

  it('a persistent 429 → rate-limited after maxRetries, naming when the limit resets', async () => {
    const okta = await standin({ rateLimitAlways: new Set(['/api/v1/users/me']), resetIn: 0 });
    const f = await failure((await connect(okta)).currentUser());
    expect(f).toMatchObject({ kind: 'rate-limited', exitCode: 1, status: 429, errorCode: 'E0000047' });
    expect(f.message).toMatch(/resets at \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(okta.log.map((l) => l.retry)).toEqual([undefined, '1', '2']);
  });

  it('a 429 whose reset is beyond the timeout fails at once instead of waiting', async () => {
    const okta = await standin({ rateLimitAlways: new Set(['/api/v1/users/me']), resetIn: 60 });
    const t0 = performance.now();
    const f = await failure((await connect(okta, { timeoutMs: 5000 })).currentUser());
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(f).toMatchObject({ kind: 'rate-limited', exitCode: 1 });
    expect(f.message).toMatch(/in (59|60|61) s/);
    expect(okta.log).toHaveLength(1);
  });

  it('a one-shot 502 HTML page from a proxy is retried, then succeeds', async () => {
    const okta = await standin({
      groups: { [G_ENG]: 'engineers' },
      failOnce: new Map([[G_ENG, { status: 502, html: true }]]),
    });
    await expect((await connect(okta)).getGroup(G_ENG)).resolves.toMatchObject({ name: 'engineers' });
    expect(okta.log.map((l) => l.url)).toEqual([`/api/v1/groups/${G_ENG}`, `/api/v1/groups/${G_ENG}`]);
  });

  it('a dropped connection (ECONNRESET) is retried, then succeeds', async () => {
    const okta = await standin({ failOnce: new Map([['/api/v1/users/me', { reset: true }]]) });
    await expect((await connect(okta)).currentUser()).resolves.toMatchObject({ id: okta.user.id });
    expect(okta.log.map((l) => l.url)).toEqual(['/api/v1/users/me', '/api/v1/users/me']);
  });

  it('a persistent 5xx → server, exit 1, with the request id, after bounded retries', async () => {
    const okta = await standin({ failAlways: new Map([['/api/v1/users/me', 500]]) });
    const f = await failure((await connect(okta)).currentUser());
    expect(f).toMatchObject({ kind: 'server', exitCode: 1, status: 500, errorCode: 'E0000009' });
    expect(f.message).toContain(`request id ${f.requestId}`);
    expect(okta.log).toHaveLength(3);

    const html = await standin({ failAlways: new Map([['/api/v1/users/me', { status: 502, html: true }]]) });
    const g = await failure((await connect(html, { maxRetries: 0 })).currentUser());
    expect(g).toMatchObject({ kind: 'server', exitCode: 1, status: 502 });
    expect(g.message).toContain('HTTP 502 Bad Gateway');
    expect(g.message).not.toContain('<html');
    expect(html.log).toHaveLength(1);
  });
});

describe('okta adapter: network', () => {
  it('a closed port → unreachable, exit 1', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as { port: number };
    await new Promise((r) => srv.close(r));
    const f = await failure((await connectOkta({ orgUrl: `http://127.0.0.1:${port}`, token: TOKEN })).currentUser());
    expect(f).toMatchObject({ kind: 'unreachable', exitCode: 1 });
    expect(f.message).toContain(`127.0.0.1:${port}`);
    expect(f.fix).toMatch(/Okta domain and your network\/proxy/);
  });

  it('HTTPS_PROXY (which the SDK applies to every URL) does not capture a plain-http org URL', async () => {
    const proxy = await standin();
    process.env.HTTPS_PROXY = proxy.url;
    onTestFinished(() => void delete process.env.HTTPS_PROXY);
    const okta = await standin();
    await expect((await connect(okta)).currentUser()).resolves.toMatchObject({ id: okta.user.id });
    expect(okta.log).toHaveLength(1);
    expect(proxy.log).toEqual([]);
  });

  /** A TCP server that never answers and keeps what it is sent (a stuck proxy, or an https org that hangs). */
  async function silentServer(): Promise<{ url: string; seen: () => string }> {
    let seen = '';
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (d) => (seen += d));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // The SDK's https-proxy-agent keeps its socket to a proxy that never answers open after the abort.
    onTestFinished(
      () =>
        new Promise<void>((r) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => r());
        }),
    );
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen: () => seen };
  }

  it('an https org behind a stuck proxy (httpsProxy) → timeout; the proxy saw only CONNECT, never the token', async () => {
    const proxy = await silentServer();
    const t0 = performance.now();
    const f = await failure(
      connectOkta({ orgUrl: 'https://acme.okta.com', token: TOKEN, timeoutMs: 400, httpsProxy: proxy.url }).then((a) =>
        a.currentUser(),
      ),
    );
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(f).toMatchObject({ kind: 'timeout', exitCode: 1 });
    expect(proxy.seen()).toMatch(/^CONNECT acme\.okta\.com:443 HTTP\/1\.1/);
    expect(proxy.seen()).not.toContain(TOKEN);
  });

  it("without httpsProxy, this process's HTTPS_PROXY is not used: the run's environment decides", async () => {
    const proxy = await silentServer();
    const org = await silentServer();
    process.env.HTTPS_PROXY = proxy.url;
    process.env.https_proxy = proxy.url;
    onTestFinished(() => {
      delete process.env.HTTPS_PROXY;
      delete process.env.https_proxy;
    });
    const f = await failure(
      connectOkta({ orgUrl: org.url.replace('http:', 'https:'), token: TOKEN, timeoutMs: 400 }).then((a) =>
        a.currentUser(),
      ),
    );
    expect(f).toMatchObject({ kind: 'timeout', exitCode: 1 });
    expect(proxy.seen()).toBe('');
    expect(org.seen().length).toBeGreaterThan(0); // a TLS hello, straight to the org
  });

  it('oktaProxyOf reads an environment as the SDK reads its process’s (https_proxy first)', () => {
    expect(oktaProxyOf({ HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' })).toBe('http://b:2');
    expect(oktaProxyOf({ HTTPS_PROXY: 'http://a:1' })).toBe('http://a:1');
    expect(oktaProxyOf({ HTTPS_PROXY: '' })).toBeUndefined();
  });

  it('a 302 to another host:port is not followed: redirect failure, and the token never reaches it', async () => {
    const elsewhere = await standin();
    const okta = await standin({ redirectTo: elsewhere.url });
    const f = await failure((await connect(okta)).currentUser());
    expect(f).toMatchObject({ kind: 'redirect', exitCode: 1, status: 302 });
    expect(f.message).toContain(new URL(elsewhere.url).host);
    expect(okta.log).toHaveLength(1);
    expect(elsewhere.log).toEqual([]);
  });

  it('a Link header naming another host is not followed with the token', async () => {
    const elsewhere = await standin();
    const groups = Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [`00gteam${String(i).padStart(13, '0')}`, `team-${i}`]),
    );
    const okta = await standin({ groups, linkBase: elsewhere.url });
    const first = await (await connect(okta)).searchGroups('team', 2);
    expect(first.groups).toHaveLength(2);
    const f = await failure(first.next!());
    expect(f).toMatchObject({ kind: 'redirect', exitCode: 1 });
    expect(f.message).toContain(new URL(elsewhere.url).host);
    expect(okta.log).toHaveLength(1);
    expect(elsewhere.log).toEqual([]);
  });

  it('an answer slower than timeoutMs → timeout, exit 1, without waiting for it', async () => {
    const okta = await standin({ delayMs: 3000 });
    const t0 = performance.now();
    const f = await failure((await connect(okta, { timeoutMs: 300 })).currentUser());
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(f).toMatchObject({ kind: 'timeout', exitCode: 1 });
    expect(f.message).toContain('0.3 s');
    expect(okta.log).toHaveLength(1);
  });
});
