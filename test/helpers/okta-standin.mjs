// A loopback Okta org for tests and benchmarks. It speaks Okta's wire format (paths, JSON bodies,
// error codes, Link pagination, rate-limit headers) so the real @okta/okta-sdk-nodejs drives it;
// faults are switched on through the returned object, which the handler reads on every request.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const ROLE_LABELS = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  USER_ADMIN: 'Group Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  APP_ADMIN: 'Application Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  REPORT_ADMIN: 'Report Administrator',
  MOBILE_ADMIN: 'Mobile Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
};
const STAMP = '2024-01-02T03:04:05.000Z';
const DEFAULT_USER = {
  id: '00u1symsvc0000000001',
  status: 'ACTIVE',
  login: 'sym-svc@example.com',
  email: 'sym-svc@example.com',
};
const DEFAULT_ROLES = [{ type: 'GROUP_MEMBERSHIP_ADMIN' }, { type: 'READ_ONLY_ADMIN' }];
const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
const STATUS_TEXT = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Accepts `{ id: 'name' }`, `{ id: {name,type,description} }` or a Map of either; returns a Map of full records. */
function toGroupMap(groups) {
  const entries = groups instanceof Map ? [...groups] : Object.entries(groups);
  return new Map(entries.map(([id, g]) => [id, typeof g === 'string' ? { name: g } : g]));
}
/** Role specs `{type, id?, label?, targets?: groupId[]}`; ids are stable per spec so tests can address them. */
function toRoles(roles) {
  return roles.map((r, i) => ({
    id: r.id ?? `ra1role${String(i).padStart(13, '0')}`,
    label: r.label ?? ROLE_LABELS[r.type] ?? r.type,
    targets: [],
    ...r,
  }));
}
/** Fault sets and maps are keyed by a request's full url (path+query), its path, or its last path segment (an id). */
const keysOf = (u) => [u.pathname + u.search, u.pathname, decodeURIComponent(u.pathname.split('/').pop() ?? '')];
const matches = (set, u) => keysOf(u).some((k) => set.has(k));
const lookup = (map, u) => map.get(keysOf(u).find((k) => map.has(k)));
function takeOnce(setOrMap, u) {
  const key = keysOf(u).find((k) => setOrMap.has(k));
  if (key === undefined) return undefined;
  const value = setOrMap instanceof Map ? setOrMap.get(key) : true;
  setOrMap.delete(key);
  return value;
}

/**
 * @param {import('./okta-standin.d.mts').OktaStandinOptions} [opts]
 * @returns {Promise<import('./okta-standin.d.mts').OktaStandin>}
 */
export async function startOkta(opts = {}) {
  const okta = {
    url: '',
    log: [],
    token: opts.token ?? '00goodTOKENsecretVALUE',
    user: { ...DEFAULT_USER, ...opts.user },
    roles: toRoles(opts.roles ?? DEFAULT_ROLES),
    groups: toGroupMap(opts.groups ?? {}),
    rateLimitOnce: opts.rateLimitOnce ?? new Set(),
    rateLimitAlways: opts.rateLimitAlways ?? new Set(),
    resetIn: opts.resetIn ?? 1,
    forbidden: opts.forbidden ?? new Set(),
    failOnce: opts.failOnce ?? new Map(),
    failAlways: opts.failAlways ?? new Map(),
    revoked: opts.revoked ?? false,
    delayMs: opts.delayMs ?? 0,
    redirectTo: opts.redirectTo,
    linkBase: opts.linkBase,
    close: async () => {},
  };
  const timers = new Set();

  const server = http.createServer((req, res) => {
    okta.log.push({
      method: req.method,
      url: req.url,
      auth: req.headers.authorization,
      retry: req.headers['x-okta-retry-count'],
      ua: req.headers['user-agent'],
    });
    const go = () => {
      timers.delete(timer);
      if (!res.destroyed) handle(req, res);
    };
    const timer = setTimeout(go, okta.delayMs);
    timers.add(timer);
  });

  function handle(req, res) {
    const requestId = `Xrq${randomBytes(12).toString('base64url')}`;
    const nowS = Math.floor(Date.now() / 1000);
    const head = (extra = {}) => ({
      'x-okta-request-id': requestId,
      'x-rate-limit-limit': '600',
      'x-rate-limit-remaining': '599',
      'x-rate-limit-reset': String(nowS + 60),
      ...extra,
    });
    const send = (status, body, extra) => {
      res.writeHead(status, head({ 'content-type': 'application/json', ...extra }));
      res.end(JSON.stringify(body));
    };
    const fail = (status, errorCode, errorSummary, extra) =>
      send(
        status,
        {
          errorCode,
          errorSummary,
          errorLink: errorCode,
          errorId: `oae${randomBytes(11).toString('base64url')}`,
          errorCauses: [],
        },
        extra,
      );
    const u = new URL(req.url, okta.url);

    if (okta.redirectTo) {
      res.writeHead(302, head({ location: new URL(req.url, okta.redirectTo).href, 'content-type': 'text/html' }));
      return res.end('<html><body>Moved</body></html>');
    }
    const fault = lookup(okta.failAlways, u) ?? takeOnce(okta.failOnce, u);
    if (fault !== undefined) return serverError(fault);
    if (okta.revoked || req.headers.authorization !== `SSWS ${okta.token}`)
      return fail(401, 'E0000011', 'Invalid token provided');
    if (matches(okta.rateLimitAlways, u) || takeOnce(okta.rateLimitOnce, u)) {
      // Okta's window header; the SDK waits until it (plus a second) by the Date header before retrying.
      return fail(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', {
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(nowS + okta.resetIn),
      });
    }
    if (matches(okta.forbidden, u))
      return fail(403, 'E0000006', 'You do not have permission to perform the requested action');
    if (req.method !== 'GET') return fail(405, 'E0000022', 'The endpoint does not support the provided HTTP method');

    const notFound = (id, kind) => fail(404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`);
    const p = u.pathname.split('/').slice(1).map(decodeURIComponent); // ['api','v1',…]
    if (p[0] !== 'api' || p[1] !== 'v1')
      return fail(404, 'E0000022', 'The endpoint does not support the provided HTTP method');
    const [, , coll, id, sub, roleId, t1, t2, extra] = p;

    if (coll === 'users' && id) {
      const me = okta.user;
      if (id !== 'me' && id !== me.id && id !== me.login) return notFound(id, 'User');
      if (sub === undefined) return send(200, userJson(me));
      if (sub === 'roles' && roleId === undefined)
        return send(
          200,
          okta.roles.map((r) => roleJson(me, r)),
        );
      if (sub === 'roles' && t1 === 'targets' && t2 === 'groups' && extra === undefined) {
        const role = okta.roles.find((r) => r.id === roleId);
        if (!role) return notFound(roleId, 'Role');
        const targets = role.targets.map((gid) => [gid, okta.groups.get(gid) ?? { name: gid }]);
        return page(targets, u, 20);
      }
    }
    if (coll === 'groups' && id && sub === undefined) {
      const g = okta.groups.get(id);
      return g ? send(200, groupJson(id, g)) : notFound(id, 'UserGroup');
    }
    if (coll === 'groups' && id === undefined) {
      const q = (u.searchParams.get('q') ?? '').toLowerCase();
      return page(
        [...okta.groups].filter(([, g]) => g.name.toLowerCase().startsWith(q)),
        u,
        200,
      );
    }
    return fail(404, 'E0000022', 'The endpoint does not support the provided HTTP method');

    /** Okta's cursor pagination: `after` is the last id of the previous page; self and next are separate Link headers. */
    function page(all, url, defaultLimit) {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? defaultLimit) || defaultLimit, 10000);
      const after = url.searchParams.get('after');
      const start = after ? all.findIndex(([gid]) => gid === after) + 1 : 0;
      const items = all.slice(start, start + limit);
      const self = new URL(url.pathname + url.search, okta.linkBase ?? okta.url);
      const links = [`<${self.href}>; rel="self"`];
      if (start + limit < all.length) {
        const next = new URL(self.href);
        // Okta's next link: the request's own filters, then the cursor and the page size.
        next.searchParams.delete('after');
        next.searchParams.delete('limit');
        next.searchParams.append('after', items.at(-1)[0]);
        next.searchParams.append('limit', String(limit));
        links.push(`<${next.href}>; rel="next"`);
      }
      send(
        200,
        items.map(([gid, g]) => groupJson(gid, g)),
        { link: links },
      );
    }
    function serverError(f) {
      const { status = 500, html = false, reset = false } = typeof f === 'number' ? { status: f } : f;
      if (reset) return req.socket.destroy(); // what a dropped connection looks like to the client: ECONNRESET
      if (html) {
        res.writeHead(status, head({ 'content-type': 'text/html' }));
        return res.end(
          status === 502 ? HTML_502 : `<html><body><h1>${status} ${STATUS_TEXT[status] ?? 'Error'}</h1></body></html>`,
        );
      }
      fail(status, 'E0000009', 'Internal Server Error');
    }
  }

  const userJson = (me) => ({
    id: me.id,
    status: me.status,
    created: STAMP,
    lastUpdated: STAMP,
    type: { id: 'oty1default000000001' },
    profile: { login: me.login, email: me.email, firstName: 'Sym', lastName: 'Service' },
    _links: { self: { href: `${okta.url}/api/v1/users/${me.id}` } },
  });
  const roleJson = (me, r) => ({
    id: r.id,
    label: r.label,
    type: r.type,
    status: 'ACTIVE',
    created: STAMP,
    lastUpdated: STAMP,
    assignmentType: 'USER',
    _links: { assignee: { href: `${okta.url}/api/v1/users/${me.id}` } },
  });
  const groupJson = (id, g) => ({
    id,
    created: STAMP,
    lastUpdated: STAMP,
    lastMembershipUpdated: STAMP,
    objectClass: [g.type === 'APP_GROUP' ? 'okta:windows_security_principal' : 'okta:user_group'],
    type: g.type ?? 'OKTA_GROUP',
    profile: { name: g.name, description: g.description ?? null },
    _links: { self: { href: `${okta.url}/api/v1/groups/${id}` } },
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  okta.url = `http://127.0.0.1:${server.address().port}`;
  okta.close = () =>
    new Promise((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return okta;
}
