/**
 * The only module that talks to Okta. It drives @okta/okta-sdk-nodejs v8 (loaded lazily: importing it
 * costs ~1 s) and turns every failure into an `OktaFailure` that names the cause and the fix.
 *
 * SDK (8.1.0) behaviour this module works around:
 * - ConfigLoader merges ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_* env into the config; a broken
 *   yaml there even makes `new Client` throw. We skip it while our client is built.
 * - The default cache never expires; node-fetch follows redirects with the Authorization header;
 *   Link headers are followed to whatever host they name. All three are switched off or guarded here.
 * - The SDK retries only 429s. 5xx and connection resets get a short bounded retry here.
 * - node-fetch's timeout misses a stuck proxy, and the SDK's 429 retry can get a negative one: each
 *   attempt here gets an AbortSignal for what is left of the call's budget.
 */
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, QuickstartError, usageError, type ExitCodeValue } from '../errors.js';
import type { Client, Collection, Group } from '@okta/okta-sdk-nodejs';

export interface OktaUser {
  id: string;
  login: string;
  email?: string;
  status?: string;
}
export interface OktaRole {
  id: string;
  type: string;
  label: string;
}
export interface OktaGroup {
  id: string;
  name: string;
  type: string;
  description?: string;
}
export interface GroupPage {
  groups: OktaGroup[];
  next?: () => Promise<GroupPage>;
}
export interface OktaAdapter {
  /** The token's own user (GET /api/v1/users/me). */
  currentUser(): Promise<OktaUser>;
  rolesOf(userId: string): Promise<OktaRole[]>;
  /** Groups a scoped admin role may manage; an empty list means the role is not restricted to groups. */
  groupTargetsOf(userId: string, roleId: string): Promise<OktaGroup[]>;
  getGroup(groupId: string): Promise<OktaGroup>;
  /** Okta's `q` (prefix of the group name); one request per page, the next only when asked for. */
  searchGroups(query: string, pageSize?: number): Promise<GroupPage>;
}
export interface OktaConnection {
  /** Base URL of the org, e.g. https://acme.okta.com (a trailing slash is fine). */
  orgUrl: string;
  token: string;
  /** Bounds each request to Okta, its retries and 429 waits included (default 10 000; 0 = none). */
  timeoutMs?: number;
  /** Retries on 429 (SDK, waiting for X-Rate-Limit-Reset) and on 5xx/connection reset (ours). Default 2. */
  maxRetries?: number;
  /**
   * The HTTPS proxy to reach Okta through (see oktaProxyOf). Without it, none: the SDK's own fallback to
   * this process's HTTPS_PROXY is switched off, so the environment the run was given decides.
   */
  httpsProxy?: string;
}

/** The proxy for Okta in an environment, read as the SDK reads its process's: https_proxy, then HTTPS_PROXY. */
export function oktaProxyOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.https_proxy || env.HTTPS_PROXY || undefined;
}

/** connectOkta for a run whose environment is `env`: through that environment's proxy, if it names one. */
export const oktaConnectorFor =
  (env: NodeJS.ProcessEnv) =>
  (conn: OktaConnection): Promise<OktaAdapter> =>
    connectOkta({ ...conn, httpsProxy: oktaProxyOf(env) });

/** Okta's standard admin roles whose holders can add and remove group members. */
export const ADMIN_ROLES_FOR_GROUPS: readonly string[] = Object.freeze([
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'USER_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
]);

export type OktaFailureKind =
  | 'invalid-token'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'redirect';

export interface OktaFailureDetails {
  status?: number;
  requestId?: string;
  errorCode?: string;
}

/** Okta did not answer (network, DNS, time-out): nothing was learnt about the setting being checked. */
export const isOktaUnreachable = (e: unknown): boolean =>
  e instanceof OktaFailure && (e.kind === 'unreachable' || e.kind === 'dns' || e.kind === 'timeout');

/** Carries no SDK error as `cause`: those hold request URLs and headers, and the headers hold the token. */
export class OktaFailure extends QuickstartError {
  readonly status?: number;
  readonly requestId?: string;
  readonly errorCode?: string;
  constructor(
    readonly kind: OktaFailureKind,
    exitCode: ExitCodeValue,
    message: string,
    fix?: string,
    details: OktaFailureDetails = {},
  ) {
    super(exitCode, message, fix);
    this.status = details.status;
    this.requestId = details.requestId;
    this.errorCode = details.errorCode;
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRIES = 2;
const RETRY_BASE_MS = 200;
const TOKEN_FIX =
  'Create a new token in the Okta admin console under Security → API → Tokens, signed in as the dedicated Sym service user, and use that.';
const ROLES_FIX =
  'In the Okta admin console (Security → Administrators), give the Sym service user the Group Membership Administrator and Read Only Administrator roles, restricted with "Can administer specific groups only" to the groups Sym will manage.';
const NETWORK_FIX = 'Check the Okta domain and your network/proxy.';

type Sdk = typeof import('@okta/okta-sdk-nodejs');
type ClientConfig = NonNullable<ConstructorParameters<Sdk['Client']>[0]>;
/** What we read of node-fetch's Response and Headers (the SDK's typings leave them `any`). */
interface WireHeaders {
  get(name: string): string | null;
}
interface WireResponse {
  status: number;
  statusText?: string;
  headers: WireHeaders;
  text(): Promise<string>;
}
interface WireRequest {
  url?: string;
  headers?: Record<string, unknown>;
  method?: string;
  redirect?: string;
  agent?: unknown;
  startTime?: Date | string;
  timeout?: number;
  signal?: AbortSignal;
}
/** The fields we read off the SDK's OktaApiError, HttpError (not exported) and node-fetch's FetchError. */
interface SdkError {
  name?: string;
  message?: string;
  status?: number | string;
  errorCode?: string | number;
  errorSummary?: string;
  headers?: WireHeaders;
  code?: string;
  type?: string;
}

export async function connectOkta(conn: OktaConnection): Promise<OktaAdapter> {
  const base = parseOrgUrl(conn.orgUrl);
  const token = conn.token?.trim() ?? '';
  // Checked here so a pasted newline never reaches an HTTP header (whose error would not name the cause).
  if (!token || /[\s\x00-\x1f\x7f]/.test(token)) {
    throw usageError('The Okta API token is empty or contains spaces or control characters.', TOKEN_FIX);
  }
  const timeoutMs = nonNegativeInt(conn.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const maxRetries = nonNegativeInt(conn.maxRetries ?? DEFAULT_MAX_RETRIES, 'maxRetries');
  const failures = new Failures(base, token, maxRetries, timeoutMs);

  const [sdk, configLoader]: [Sdk, ConfigLoaderModule] = await Promise.all([
    import('@okta/okta-sdk-nodejs'),
    // Imported, not require()d at run time: in the bundle the SDK has no package directory to resolve.
    import('@okta/okta-sdk-nodejs/src/config-loader.js'),
  ]);
  const proxy = conn.httpsProxy || undefined;
  const executor = new (guardedExecutorClass(sdk))(base, failures, maxRetries, timeoutMs, Boolean(proxy));
  const config: ClientConfig & { userAgent: string; httpsProxy?: string } = {
    orgUrl: base.href.replace(/\/$/, ''), // the SDK appends paths to the raw orgUrl: a trailing slash gives //api/v1
    token,
    authorizationMode: 'SSWS',
    // The default MemoryStore caches single resources forever; a check must see Okta's current state.
    cacheMiddleware: null,
    requestExecutor: executor,
    // ConfigLoader would otherwise take okta.client.userAgent from a stray okta.yaml.
    userAgent: 'sym-okta-quickstart',
    httpsProxy: proxy,
  };
  let client: Client;
  try {
    client = withoutAmbientConfig(configLoader, () => new sdk.Client(config));
  } catch (e) {
    throw usageError(`The Okta client could not be set up: ${failures.scrub(String((e as Error)?.message ?? e))}`);
  }

  const call = async <T>(doing: string, fn: () => Promise<T>, subject?: string): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw failures.from(e, doing, subject);
    }
  };
  const groupsOf = async (coll: Collection<Group>): Promise<OktaGroup[]> => {
    const out: OktaGroup[] = [];
    for await (const g of coll) if (g) out.push(toGroup(g));
    return out;
  };
  const pageOf = async (coll: Collection<Group>, doing: string): Promise<GroupPage> => {
    const items = await call(doing, () => coll.getNextPage());
    const page: GroupPage = { groups: items.map((g) => toGroup(g as Group)) };
    if (coll.nextUri) {
      // Memoised so calling next() twice does not skip a page (the collection's cursor is shared).
      let pending: Promise<GroupPage> | undefined;
      page.next = () =>
        (pending ??= pageOf(coll, doing).catch((e: unknown) => {
          pending = undefined;
          throw e;
        }));
    }
    return page;
  };

  return {
    currentUser: () =>
      call('reading the token’s own user (GET /api/v1/users/me)', async () => {
        const u = await client.userApi.getUser({ userId: 'me' });
        return {
          id: String(u.id),
          login: String(u.profile?.login ?? ''),
          email: u.profile?.email ?? undefined,
          status: u.status ? String(u.status) : undefined,
        };
      }),
    rolesOf: (userId) =>
      call(
        `listing the admin roles of user ${userId}`,
        async () => {
          const out: OktaRole[] = [];
          const roles = await client.roleAssignmentApi.listAssignedRolesForUser({ userId });
          for await (const r of roles) {
            // A user's roles are StandardRole or CustomRole; both carry id, type and label.
            const role = r as { id?: string; type?: string; label?: string } | null;
            if (role)
              out.push({ id: String(role.id), type: String(role.type), label: String(role.label ?? role.type) });
          }
          return out;
        },
        `user ${userId}`,
      ),
    groupTargetsOf: (userId, roleId) =>
      call(
        `listing the groups role ${roleId} of user ${userId} may manage`,
        async () => groupsOf(await client.roleTargetApi.listGroupTargetsForRole({ userId, roleId })),
        `role ${roleId} of user ${userId}`,
      ),
    getGroup: (groupId) =>
      call(
        `reading group ${groupId}`,
        async () => toGroup(await client.groupApi.getGroup({ groupId })),
        `group ${groupId}`,
      ),
    searchGroups: async (query, pageSize = 200) => {
      const limit = Math.min(Math.max(Math.trunc(pageSize) || 1, 1), 10_000);
      const doing = `searching groups named "${query}…"`;
      const coll = await call(doing, () => client.groupApi.listGroups({ q: query || undefined, limit }));
      return pageOf(coll, doing);
    },
  };
}

function toGroup(g: Group): OktaGroup {
  return {
    id: String(g.id),
    name: String(g.profile?.name ?? ''),
    type: String(g.type ?? ''),
    description: g.profile?.description ?? undefined,
  };
}

function parseOrgUrl(orgUrl: string): URL {
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    throw usageError(`"${orgUrl}" is not a URL; expected e.g. https://acme.okta.com.`);
  }
  if (
    !/^https?:$/.test(url.protocol) ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    !/^\/?$/.test(url.pathname)
  ) {
    throw usageError(
      `"${url.origin}${url.pathname}" is not an Okta org URL; expected e.g. https://acme.okta.com with no path.`,
    );
  }
  // Plain http would send the token in clear text; only loopback stand-ins and proxies get it.
  if (url.protocol === 'http:' && !/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname)) {
    throw usageError(
      `Okta is reached over https only; http:// is accepted just for loopback addresses, not ${url.host}.`,
      `Use https://${url.host}.`,
    );
  }
  return url;
}

function nonNegativeInt(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 0) throw usageError(`${name} must be a whole number ≥ 0, not ${n}.`);
  return n;
}

type Loader = { applyDefaults(this: Loader): void; apply(config: unknown): void };
type ConfigLoaderModule = { ConfigLoader?: { prototype: Loader } };
/**
 * Builds the client while ConfigLoader reads neither okta.yaml file nor OKTA_CLIENT_* env. The patch
 * lives only for the synchronous constructor call, so nothing else can observe it. If the SDK's
 * layout changes, our explicit values still win over ambient ones (only a broken yaml would leak).
 */
function withoutAmbientConfig<T>(mod: ConfigLoaderModule, build: () => T): T {
  const loader = mod.ConfigLoader?.prototype;
  if (!loader) return build();
  const original = loader.applyDefaults;
  loader.applyDefaults = function () {
    this.apply({ client: { authorizationMode: 'SSWS' } });
  };
  try {
    return build();
  } finally {
    loader.applyDefaults = original;
  }
}

/**
 * DefaultRequestExecutor with one more layer under its 429 logic: each network attempt refuses to leave
 * the org's origin, never follows a redirect, and is retried (bounded, with backoff) on 5xx and resets.
 */
function guardedExecutorClass(sdk: Sdk) {
  const rawFetch = sdk.RequestExecutor.prototype.fetch;
  return class GuardedExecutor extends sdk.DefaultRequestExecutor {
    constructor(
      private readonly base: URL,
      private readonly failures: Failures,
      maxRetries: number,
      timeoutMs: number,
      /** Whether a proxy was given: if not, an agent the SDK made from this process's HTTPS_PROXY is dropped. */
      private readonly proxied: boolean,
    ) {
      super({ maxRetries, requestTimeout: timeoutMs });
    }

    override async fetch(request: WireRequest): Promise<WireResponse> {
      // A 429 retry (a copy carrying X-Okta-Retry-Count) spends the first attempt's budget. Anything else
      // starts afresh: DefaultRequestExecutor keys this on startTime, but a Collection reuses one request
      // object for every page, so page 2 would inherit page 1's start.
      if (!request.headers?.[this.retryCountHeader]) request.startTime = new Date();
      const res = await this.attempt(request);
      return this.parseResponse(request as never, res as never) as Promise<WireResponse>;
    }

    override parseResponse(request: WireRequest, response: WireResponse): Promise<WireResponse> {
      // The SDK would reject a wait past the timeout with a bare Error that has lost the reset time.
      if (
        response.status === 429 &&
        this.validateRetryResponseHeaders(response as never) &&
        !this.maxRetriesReached(request as never)
      ) {
        const elapsed = Date.now() - new Date(request.startTime ?? Date.now()).getTime();
        const delay = this.getRetryDelayMs(response as never);
        if (!Number.isFinite(delay) || (this.requestTimeout > 0 && elapsed + delay >= this.requestTimeout)) {
          return Promise.reject(this.failures.rateLimited(response.headers, response.status));
        }
      }
      return Promise.resolve(super.parseResponse(request as never, response as never) as WireResponse);
    }

    /**
     * Gives the next attempt what is left of the budget. node-fetch's own timer starts only once a socket
     * is assigned (a stuck proxy agent never assigns one), so a signal bounds the attempt too; it is set
     * on every attempt because the SDK's retry copy turns it into a plain object node-fetch rejects, and
     * the SDK's copy gets a timeout with the 429 wait subtracted twice (negative near the budget's end).
     */
    private arm(request: WireRequest): void {
      if (this.requestTimeout <= 0) {
        request.timeout = 0;
        delete request.signal;
        return;
      }
      const left = Math.max(
        1,
        this.requestTimeout - (Date.now() - new Date(request.startTime ?? Date.now()).getTime()),
      );
      request.timeout = left;
      request.signal = AbortSignal.timeout(left);
    }

    private async attempt(request: WireRequest): Promise<WireResponse> {
      const target = new URL(String(request.url));
      if (target.origin !== this.base.origin) throw this.failures.offOrigin(target);
      request.redirect = 'manual';
      // HTTPS_PROXY gives every request an HttpsProxyAgent; it cannot carry plain http (loopback stand-ins).
      if (target.protocol === 'http:' || !this.proxied) delete request.agent;
      const idempotent = /^(GET|HEAD)$/i.test(request.method ?? 'GET');
      for (let n = 0; ; n++) {
        const retry = idempotent && n < this.maxRetries;
        this.arm(request);
        let res: WireResponse;
        try {
          res = (await rawFetch.call(this, request as never)) as WireResponse;
        } catch (e) {
          if (retry && isConnectionReset(e)) {
            await sleep(backoff(n));
            continue;
          }
          throw e;
        }
        if (res.status >= 300 && res.status < 400) {
          await res.text().catch(() => '');
          throw this.failures.redirect(res.headers.get('location'), res.status);
        }
        if (res.status >= 500 && retry) {
          await res.text().catch(() => '');
          await sleep(backoff(n));
          continue;
        }
        return res;
      }
    }
  };
}

const backoff = (n: number) => RETRY_BASE_MS * 2 ** n + Math.floor(Math.random() * 100);
const isConnectionReset = (e: unknown) => {
  const err = e as SdkError;
  return (
    err?.name === 'FetchError' &&
    (err.code === 'ECONNRESET' || err.code === 'EPIPE' || /socket hang up/.test(err.message ?? ''))
  );
};

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Builds every OktaFailure; all text passes through `scrub`, so the token cannot end up in one. */
class Failures {
  constructor(
    private readonly base: URL,
    private readonly token: string,
    private readonly maxRetries: number,
    private readonly timeoutMs: number,
  ) {}

  scrub(text: string): string;
  scrub(text: string | undefined): string | undefined;
  scrub(text: string | undefined): string | undefined {
    return text
      ?.split(this.token)
      .join('[redacted]')
      .replace(/SSWS\s+\S+/g, 'SSWS [redacted]');
  }

  make(kind: OktaFailureKind, exitCode: ExitCodeValue, message: string, fix: string, details: OktaFailureDetails = {}) {
    return new OktaFailure(kind, exitCode, this.scrub(message), this.scrub(fix), {
      status: details.status,
      requestId: this.scrub(details.requestId),
      errorCode: this.scrub(details.errorCode),
    });
  }

  from(e: unknown, doing: string, subject?: string): OktaFailure {
    if (e instanceof OktaFailure) return e;
    const err = (e ?? {}) as SdkError;
    const where = this.base.host;
    if (err.name === 'OktaApiError' || err.name === 'HttpError') {
      const status = Number(err.status);
      const errorCode = err.errorCode === undefined ? undefined : String(err.errorCode);
      const requestId = err.headers?.get('x-okta-request-id') ?? undefined;
      const details = { status, requestId, errorCode };
      const said = errorCode ? `${status} ${errorCode} ${err.errorSummary ?? ''}`.trim() : `HTTP ${status}`;
      const rid = requestId ? ` (request id ${requestId})` : '';
      if (status === 401) {
        return this.make(
          'invalid-token',
          ExitCode.auth,
          `Okta at ${where} rejected the API token (${said}) while ${doing}. The token is invalid, expired (Okta expires tokens unused for 30 days), revoked, or its creator was deactivated.`,
          TOKEN_FIX,
          details,
        );
      }
      if (status === 403) {
        return this.make(
          'forbidden',
          ExitCode.auth,
          `The token's user is not allowed to do this at ${where}: ${doing} was refused (${said}).`,
          ROLES_FIX,
          details,
        );
      }
      if (status === 404) {
        const what = subject ?? doing;
        return this.make(
          'not-found',
          ExitCode.usage,
          `Okta at ${where} has no ${what} (${said}).`,
          subject?.startsWith('group ')
            ? 'Check the group id: it is the last part of the group’s URL in the Okta admin console (Directory → Groups → the group), 20 characters starting 00g.'
            : `Check the id, and that ${where} is the right Okta org.`,
          details,
        );
      }
      if (status === 429) return this.rateLimited(err.headers, status, requestId, errorCode);
      const what =
        status >= 500
          ? `Okta at ${where} failed (${said}${STATUS_TEXT[status] && !errorCode ? ` ${STATUS_TEXT[status]}` : ''})`
          : `Okta at ${where} refused the request (${said})`;
      return this.make(
        'server',
        ExitCode.outside,
        `${what} while ${doing}${status >= 500 && this.maxRetries > 0 ? `, still after ${this.maxRetries} ${this.maxRetries === 1 ? 'retry' : 'retries'}` : ''}${rid}.`,
        'This is on Okta’s side or a proxy in between: check https://status.okta.com and try again in a few minutes; if it persists, give Okta support the request id.',
        details,
      );
    }
    if (err.name === 'FetchError' || err.name === 'AbortError') {
      if (err.type === 'request-timeout' || err.type === 'body-timeout' || err.name === 'AbortError') {
        return this.make(
          'timeout',
          ExitCode.outside,
          `Okta at ${where} did not answer within ${this.timeoutMs / 1000} s while ${doing}.`,
          `${NETWORK_FIX} Okta's status is at https://status.okta.com.`,
        );
      }
      if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
        return this.make(
          'dns',
          ExitCode.outside,
          `The Okta domain ${this.base.hostname} could not be resolved (${err.code}).`,
          NETWORK_FIX,
        );
      }
      if (err.code === 'ECONNREFUSED') {
        return this.make(
          'unreachable',
          ExitCode.outside,
          `Nothing accepted a connection at ${where} (ECONNREFUSED) while ${doing}.`,
          NETWORK_FIX,
        );
      }
      return this.make(
        'unreachable',
        ExitCode.outside,
        `Could not talk to Okta at ${where} while ${doing} (${err.code ?? err.type ?? 'network error'}).`,
        NETWORK_FIX,
      );
    }
    return this.make(
      'server',
      ExitCode.outside,
      `Unexpected answer from Okta at ${where} while ${doing}: ${err.name ?? 'Error'}: ${err.message ?? String(e)}`,
      'Check that the URL is your Okta org; if it is, check https://status.okta.com and try again.',
    );
  }

  rateLimited(
    headers: WireHeaders | undefined,
    status: number,
    requestId?: string,
    errorCode = 'E0000047',
  ): OktaFailure {
    const reset = Number(headers?.get('x-rate-limit-reset'));
    const when = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : undefined;
    const wait = when ? Math.max(0, Math.ceil((when.getTime() - Date.now()) / 1000)) : undefined;
    return this.make(
      'rate-limited',
      ExitCode.outside,
      `Okta at ${this.base.host} is rate-limiting this token (429 ${errorCode})` +
        (when ? `; the limit resets at ${when.toISOString()} (in ${wait} s).` : '.'),
      'Wait until the limit resets and run again; other tools using the same token or org share the limit.',
      { status, requestId: requestId ?? headers?.get('x-okta-request-id') ?? undefined, errorCode },
    );
  }

  redirect(location: string | null, status: number): OktaFailure {
    let host = 'an unknown place';
    try {
      if (location) host = new URL(location, this.base).host;
    } catch {
      host = 'an invalid URL';
    }
    return this.make(
      'redirect',
      ExitCode.outside,
      `Okta at ${this.base.host} answered with a redirect (HTTP ${status}) to ${host}; it was not followed, so the token was not sent there.`,
      `Use your org's own Okta domain (e.g. acme.okta.com, not the -admin one). If ${host} is really your org, use that; otherwise a proxy or captive portal is in the way.`,
      { status },
    );
  }

  offOrigin(target: URL): OktaFailure {
    return this.make(
      'redirect',
      ExitCode.outside,
      `Okta at ${this.base.host} pointed the next request at ${target.host}; it was not sent, so the token did not leave ${this.base.host}.`,
      'Make sure the URL is your Okta org and no proxy rewrites its answers.',
    );
  }
}

export type ProbeResult = { reachable: true; status: number } | { reachable: false; reason: string };

/**
 * Is the Okta org answering at all? A plain GET with no token (so nothing secret can leak), no redirects.
 * Any HTTP answer counts as reachable; a network failure is "could not check", not a broken setting.
 */
export async function probeOkta(orgUrl: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(`${orgUrl.replace(/\/+$/, '')}/.well-known/okta-organization`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return { reachable: true, status: res.status };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (e as Error).name;
    const host = new URL(orgUrl).hostname;
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `${isIP(host) ? host : `the name ${host}`} does not resolve`
          : code === 'TimeoutError'
            ? `no answer within ${timeoutMs / 1000} s`
            : // fetch's own "fetch failed" says nothing; its cause does (e.g. "bad port" for a port browsers block).
              (cause?.message ?? (e as Error).message);
    return { reachable: false, reason };
  }
}
