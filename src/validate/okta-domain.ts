import { isLoopbackHost } from './loopback.js';
import { fail, ok, type Validation } from './result.js';
import { isPlaceholder, quote } from './text.js';

// Org domain forms Sym documents: <org>.okta.com, <org>.oktapreview.com, <org>.okta-emea.com.
const OKTA_SUFFIXES = ['okta.com', 'oktapreview.com', 'okta-emea.com'] as const;
// Okta's, but whether Sym works with them is unknown (facts/sym.md §7).
const UNVERIFIED_OKTA_SUFFIXES = ['okta-gov.com', 'okta.mil'] as const;
// Okta's own sites under okta.com, not anybody's org.
const OKTA_OWN = new Set(['www', 'developer', 'help', 'support', 'login', 'status', 'trust']);
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const WHERE = 'the address you sign in to Okta at, without https:// (e.g. acme.okta.com)';

interface Parsed {
  scheme?: string;
  host: string;
  port?: string;
  /** Path, query or fragment after the host, other than a bare "/". */
  dropped: boolean;
}

/** Splits what people paste (a bare host, a URL, a URL with a path) into scheme, host and port. */
function parse(value: string): Parsed | { error: string } {
  const beforeQuery = value.split(/[?#]/)[0]!;
  if ((beforeQuery.match(/:\/\//g) ?? []).length > 1) {
    return { error: `${quote(value)} repeats the scheme (://); give just the domain, e.g. acme.okta.com.` };
  }
  let rest = value;
  let scheme: string | undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = value.slice(m[0].length);
  } else if (/^https?(?::\/?(?!\/)|\/\/)/i.test(value)) {
    return { error: `${quote(value)} has a mistyped https://; give just the domain, e.g. acme.okta.com.` };
  }
  const end = rest.search(/[/?#\\]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  // A user:password@ part may hold a secret, so this message does not quote the input.
  if (authority.includes('@'))
    return {
      error: `The value has an "@" in it (an email address or a user name); give only the Okta org domain, e.g. acme.okta.com.`,
    };
  let host = authority;
  let port: string | undefined;
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
  if (v6) {
    host = `[${v6[1]}]`;
    port = v6[2];
  } else if ((authority.match(/:/g) ?? []).length === 1) {
    [host, port] = authority.split(':') as [string, string];
  }
  // DNS is case-insensitive and a trailing dot only marks the name as absolute.
  host = host.toLowerCase().replace(/\.$/, '');
  return { scheme, host, port, dropped: tail !== '' && tail !== '/' };
}

/**
 * Okta org domain as Sym wants it in the integration's `external_id`: the bare hostname
 * (`acme.okta.com`). Accepts a pasted URL and the admin-console host (`acme-admin.okta.com`) and
 * says what it changed. Loopback hosts (with an optional port) pass for local stand-ins.
 */
export function oktaDomain(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail(`The value is empty; use your Okta org domain, ${WHERE}.`);
  if (isPlaceholder(value))
    return fail(`${quote(value)} is a placeholder from an example; use your Okta org domain, ${WHERE}.`);
  if (/\s/.test(value)) return fail(`${quote(value)} contains a space; use your Okta org domain, ${WHERE}.`);

  const parsed = parse(value);
  if ('error' in parsed) return fail(parsed.error);
  const { scheme, port, dropped } = parsed;
  let host = parsed.host;
  if (!host) return fail(`${quote(value)} has no domain in it; use your Okta org domain, ${WHERE}.`);
  const loopback = isLoopbackHost(host);
  const fromUrl = dropped ? `Using the domain ${host} from the URL.` : undefined;

  if (scheme && scheme !== 'https' && !(scheme === 'http' && loopback)) {
    return fail(
      scheme === 'http'
        ? `${quote(value)} uses http://, and Okta is only served over https; give just the domain, e.g. acme.okta.com.`
        : `${quote(value)} uses ${scheme}://; give just the Okta org domain, e.g. acme.okta.com.`,
    );
  }
  // The domain goes to Sym, which cannot reach this machine; a local stand-in is set apart.
  if (loopback) {
    return fail(
      `${quote(value)} is this machine, not an Okta org; use your Okta org domain, ${WHERE}. (To talk to a local Okta stand-in, keep the domain and set SYM_QUICKSTART_OKTA_ORG_URL=http://127.0.0.1:<port>.)`,
    );
  }
  if (/^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[')) {
    return fail(
      `${quote(value)} is an IP address; Okta orgs are reached by name, ${WHERE}. Only loopback addresses are allowed, for local stand-ins.`,
    );
  }
  if (port !== undefined)
    return fail(`${quote(value)} has a port; Okta org domains take none, so give just the domain, e.g. acme.okta.com.`);
  // Okta's own SDK validators reject this typo; it resolves nowhere.
  if (host.includes('.com.com'))
    return fail(`${quote(value)} repeats .com; did you mean ${host.replace(/(\.com)+\.com/, '.com')}?`);
  const labels = host.split('.');
  if (labels.some((l) => l === ''))
    return fail(`${quote(value)} has an empty part between dots; use your Okta org domain, ${WHERE}.`);
  if (!labels.every((l) => LABEL.test(l)) || host.length > 253) {
    return fail(
      `${quote(value)} has characters a domain name cannot have; use letters, digits, hyphens and dots only, e.g. acme.okta.com.`,
    );
  }
  const tld = labels[labels.length - 1]!;
  if (labels.length === 1) return fail(`${quote(value)} is not a full domain; did you mean ${host}.okta.com?`);
  if (['okta', 'oktapreview', 'okta-emea'].includes(tld))
    return fail(`${quote(value)} is missing .com; did you mean ${host}.com?`);
  const second = labels[labels.length - 2]!;
  if (['okta', 'oktapreview', 'okta-emea'].includes(second) && tld !== 'com' && !(second === 'okta' && tld === 'mil')) {
    return fail(`${quote(value)} has the wrong ending; did you mean ${labels.slice(0, -1).join('.')}.com?`);
  }
  if (!TLD.test(tld)) return fail(`${quote(value)} is not a valid domain name; use your Okta org domain, ${WHERE}.`);

  const suffix = [...OKTA_SUFFIXES, ...UNVERIFIED_OKTA_SUFFIXES].find((s) => host === s || host.endsWith(`.${s}`));
  if (!suffix) {
    return ok(
      host,
      fromUrl,
      `${host} is not an okta.com domain. Custom domains are accepted, but whether Sym works with them is unverified; prefer your org's okta.com domain (your Admin Console address without "-admin").`,
    );
  }
  const org = host.slice(0, -(suffix.length + 1));
  if (!org) return fail(`${quote(value)} is Okta's own domain; use your org's, e.g. acme.${suffix}.`);
  if (org.includes('.'))
    return fail(
      `${quote(value)} is not an Okta org domain, which has one part before .${suffix}, e.g. acme.${suffix}.`,
    );
  if (OKTA_OWN.has(org))
    return fail(`${quote(value)} is one of Okta's own sites, not your org; use your org domain, ${WHERE}.`);

  const notices: (string | undefined)[] = [];
  if (org.endsWith('-admin')) {
    const bare = org.slice(0, -'-admin'.length);
    if (!LABEL.test(bare)) return fail(`${quote(value)} is an admin-console address without an org name; ${WHERE}.`);
    // The admin notice already says which domain we use, so the URL notice would only repeat it.
    notices.push(`${host} is the Okta Admin Console; using the org domain ${bare}.${suffix}.`);
    host = `${bare}.${suffix}`;
  } else {
    notices.push(fromUrl);
  }
  if ((UNVERIFIED_OKTA_SUFFIXES as readonly string[]).includes(suffix)) {
    notices.push(`Whether Sym works with ${suffix} orgs is unverified.`);
  }
  return ok(host, ...notices);
}

/**
 * SYM_QUICKSTART_OKTA_ORG_URL, the base URL override for stand-ins and proxies: an absolute
 * https:// URL, or http:// on loopback only. Returns the origin without a trailing slash, which the
 * Okta SDK mis-joins with its request paths.
 */
export function oktaOrgUrl(raw: string): Validation {
  const value = raw.trim();
  const example = 'use one such as https://acme.okta.com (or http://127.0.0.1:8080 for a local stand-in)';
  if (!value) return fail(`The value is empty; ${example}.`);
  if (isPlaceholder(value)) return fail(`${quote(value)} is a placeholder from an example; ${example}.`);
  if (/\s/.test(value)) return fail(`${quote(value)} contains a space; ${example}.`);
  if ((value.split(/[?#]/)[0]!.match(/:\/\//g) ?? []).length > 1)
    return fail(`${quote(value)} repeats the scheme (://); ${example}.`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const asDomain = oktaDomain(value);
    const hint =
      asDomain.ok && !isLoopbackHost(asDomain.value.replace(/:\d+$/, ''))
        ? `https://${asDomain.value}`
        : 'https://acme.okta.com';
    return fail(`${quote(value)} is not an absolute URL; include the scheme, e.g. ${hint}.`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${quote(value)} is not a valid URL; ${example}.`);
  }
  // Credentials in the URL would end up in logs; the token has its own channels.
  if (url.username || url.password) {
    return fail(
      'The URL has a user name or password in it; remove them (the Okta API token comes from OKTA_API_TOKEN, --okta-token-stdin or the prompt).',
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return fail(
      `${quote(value)} uses plain http:// on a host that is not loopback; use https:// (http:// is allowed only for 127.x, localhost and [::1]).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`${quote(value)} is not an https:// URL; ${example}.`);
  if (!url.hostname) return fail(`${quote(value)} has no host; ${example}.`);
  if (/-admin\.(?:okta|oktapreview|okta-emea)\.com$/.test(url.hostname)) {
    return fail(
      `${quote(value)} is the Okta Admin Console; use the org URL, https://${url.hostname.replace('-admin.', '.')}.`,
    );
  }
  const dropped = url.pathname !== '/' || url.search !== '' || url.hash !== '';
  return ok(url.origin, dropped ? `Using ${url.origin}; the path after the host is dropped.` : undefined);
}
