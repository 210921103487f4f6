export interface StandinUser {
  id: string;
  status: string;
  login: string;
  email?: string;
}
export interface StandinGroup {
  name: string;
  type?: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';
  description?: string;
}
export interface StandinRoleSpec {
  type: string;
  id?: string;
  label?: string;
  /** Group ids a scoped role may manage; empty = unrestricted. */
  targets?: string[];
}
export interface StandinRole extends StandinRoleSpec {
  id: string;
  label: string;
  targets: string[];
}
/**
 * A failure to answer with: a 5xx status (JSON body E0000009), `{status, html: true}` for a proxy's
 * HTML page, or `{reset: true}` to drop the connection without answering.
 */
export type StandinFault = number | { status?: number; html?: boolean; reset?: boolean };
export interface StandinLogEntry {
  method: string;
  url: string;
  auth?: string;
  /** X-Okta-Retry-Count, set by the SDK on a 429 retry. */
  retry?: string;
  ua?: string;
}

/** Fault keys match a request's path+query, its path, or its last path segment (e.g. a group id). */
export interface OktaStandinOptions {
  token?: string;
  user?: Partial<StandinUser>;
  roles?: StandinRoleSpec[];
  groups?: Record<string, string | StandinGroup> | Map<string, string | StandinGroup>;
  rateLimitOnce?: Set<string>;
  rateLimitAlways?: Set<string>;
  /** Seconds from now put in X-Rate-Limit-Reset of a 429 (default 1; the SDK then waits 2 s). */
  resetIn?: number;
  forbidden?: Set<string>;
  failOnce?: Map<string, StandinFault>;
  failAlways?: Map<string, StandinFault>;
  revoked?: boolean;
  delayMs?: number;
  /** Answer every request with 302 to this base URL (the request's path kept). */
  redirectTo?: string;
  /** Base URL put in Link headers instead of the stand-in's own (a proxy rewriting answers). */
  linkBase?: string;
}

/** Everything here is live: change it between requests. */
export interface OktaStandin {
  url: string;
  log: StandinLogEntry[];
  token: string;
  user: StandinUser;
  roles: StandinRole[];
  groups: Map<string, StandinGroup>;
  rateLimitOnce: Set<string>;
  rateLimitAlways: Set<string>;
  resetIn: number;
  forbidden: Set<string>;
  failOnce: Map<string, StandinFault>;
  failAlways: Map<string, StandinFault>;
  revoked: boolean;
  delayMs: number;
  redirectTo?: string;
  linkBase?: string;
  close(): Promise<void>;
}

export function startOkta(opts?: OktaStandinOptions): Promise<OktaStandin>;
