import { isIP } from 'node:net';

export type ProbeResult = { reachable: true; status: number } | { reachable: false; reason: string };

/**
 * Is the Okta org answering at all? A plain GET with no token (so nothing secret can leak), no redirects.
 * Any HTTP answer counts as reachable; a network failure is "could not check", not a broken setting.
 */
export async function probeOkta(orgUrl: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(`${orgUrl.replace(/\/+$/, '')}/.well-known/okta-organization`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { reachable: true, status: res.status };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (e as Error).name;
    const host = new URL(orgUrl).hostname;
    const reason =
      code === 'ECONNREFUSED' ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `${isIP(host) ? host : `the name ${host}`} does not resolve`
      : code === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s`
      : String(code);
    return { reachable: false, reason };
  }
}
