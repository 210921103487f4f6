import { usageError } from '../errors.js';
import * as v from '../validate/index.js';

/** `SYM_QUICKSTART_OKTA_ORG_URL` overrides where we talk to Okta (proxies, stand-ins); the domain still goes to Sym. */
export function oktaOrgUrl(env: NodeJS.ProcessEnv, domain: string): string {
  const override = env.SYM_QUICKSTART_OKTA_ORG_URL;
  if (!override) return `https://${domain}`;
  const r = v.oktaOrgUrl(override);
  if (!r.ok) throw usageError(`Invalid value for SYM_QUICKSTART_OKTA_ORG_URL (from the environment): ${r.message}`);
  return r.value;
}

/** SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS bounds each Okta call (retries and 429 waits included); unset: the adapter's 10 s. */
export function oktaTimeout(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const raw = env.SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS?.trim();
  if (!raw) return {};
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw usageError(
      `Invalid value for SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS (from the environment): "${raw}" is not a number of seconds.`,
      'Set it to a number of seconds, e.g. 30, or unset it for the default of 10.',
    );
  return { timeoutMs: Math.round(seconds * 1000) };
}
