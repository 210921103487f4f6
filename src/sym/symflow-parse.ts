// Pure parsers for symflow's human output (facts/sym.md §4.3, §4.6). symflow has no machine-readable
// mode, so these read what people see: colour codes, bold markup and a stderr "out of date" notice
// must not change the answer.
import { stripVTControlCharacters } from 'node:util';

export interface SymflowVersion {
  raw: string;
  major: number;
  /** `services create` was removed in symflow 3.0. */
  hasServicesCreate: boolean;
}

export type SymSession =
  | { loggedIn: true; org: string; user: string; role?: string; viaJwt: boolean }
  | { loggedIn: false; reason: 'logged-out' | 'expired' | 'error'; detail: string };

export interface ServiceRow {
  type: string;
  externalId: string;
  label: string;
}

export interface ResourceRow {
  srn: string;
  slug: string;
}

export interface Output {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What a failed symflow run means; any non-zero exit counts, since CliError codes shift between versions. */
export type SymflowFailure =
  | { kind: 'api-error'; requestId?: string; message: string }
  | { kind: 'not-logged-in'; message: string }
  | { kind: 'no-such-command'; message: string }
  | { kind: 'other'; message: string };

export function clean(text: string): string {
  return stripVTControlCharacters(text)
    .replace(/\*\*(.*?)\*\*/g, '$1')
    .replace(/\r/g, '');
}

const lines = (text: string) =>
  clean(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function parseVersion(stdout: string): SymflowVersion | undefined {
  // `symflow version` prints the bare version; Click's default `--version` would print "symflow, version X".
  const m = clean(stdout).match(/(\d+)\.(\d+)\.(\d+)([-.+\w]*)/);
  if (!m) return undefined;
  const major = Number(m[1]);
  return { raw: m[0], major, hasServicesCreate: major < 3 };
}

/**
 * The messages a failure printed: `✖` lines and Click's `Error:` lines from stderr plus the hint on
 * stdout. Other stderr lines (the "out of date" notice, usage banners) are noise.
 */
export function failureText(out: Output): string {
  const errs = lines(out.stderr)
    .filter((l) => /^(✖|Error:)/.test(l))
    .map((l) => l.replace(/^✖\s*/, ''));
  return [...errs, ...lines(out.stdout)].join('\n');
}

export function classifyFailure(out: Output): SymflowFailure {
  const message = failureText(out) || lines(out.stderr).join('\n') || `symflow exited with code ${out.exitCode}`;
  const all = clean(`${out.stderr}\n${out.stdout}`);
  if (/An API error occurred/i.test(all)) {
    return { kind: 'api-error', requestId: all.match(/Request ID:\s*([\w-]+)/i)?.[1], message };
  }
  if (/You must be logged in|You are not currently logged in/i.test(all)) return { kind: 'not-logged-in', message };
  if (/No such command/i.test(all)) return { kind: 'no-such-command', message };
  return { kind: 'other', message };
}

const LOGGED_IN = /You are logged in to\s+(\S+)\s+as\s+(.+?)(?:\s+\(role:\s*([^)]*)\))?(\s+via SYM_JWT)?\.?$/;

/** `symflow status`. An API error is not a session state; callers check `classifyFailure` first. */
export function parseStatus(out: Output): SymSession {
  if (out.exitCode === 0) {
    for (const line of lines(out.stdout)) {
      const m = line.match(LOGGED_IN);
      if (m) {
        const role = m[3]?.trim();
        return { loggedIn: true, org: m[1]!, user: m[2]!.trim(), ...(role ? { role } : {}), viaJwt: Boolean(m[4]) };
      }
    }
    return {
      loggedIn: false,
      reason: 'error',
      detail: `Unrecognised \`symflow status\` output: ${lines(out.stdout).join(' ')}`,
    };
  }
  // One line, as it sits inside a sentence (often in parentheses); symflow's own hint ("Run `symflow
  // login`…") is left out of the logged-out detail, since every caller gives its own fix.
  const detail = failureText(out).split('\n').join(' ');
  if (/You are not currently logged in/i.test(detail))
    return { loggedIn: false, reason: 'logged-out', detail: 'You are not currently logged in' };
  // An expired or revoked login token (API code Authentication:INVALID_JWT) makes the check fail.
  if (/Status check failed/i.test(detail)) return { loggedIn: false, reason: 'expired', detail };
  return { loggedIn: false, reason: 'error', detail: detail || `symflow status exited with code ${out.exitCode}` };
}

const BORDER = /^[\s─━┄┈═\-+┼╋╪┬┴├┤┌┐└┘╭╮╰╯|│:]*$/;

/**
 * Rows of a symflow table under the header that starts with `firstHeader`. Cells are split on `│`
 * or `|`, or on runs of 2+ spaces for a borderless table (docs show `myorg:flow:okta:1.0.0  okta`).
 */
export function parseTable(stdout: string, firstHeader: string, columns: number): string[][] {
  const all = clean(stdout).split('\n');
  const start = all.findIndex((l) => l.replace(/^[\s│|]+/, '').startsWith(firstHeader));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const raw of all.slice(start + 1)) {
    if (!raw.trim() || BORDER.test(raw)) continue;
    const line = raw
      .trim()
      .replace(/^[│|]\s*/, '')
      .replace(/\s*[│|]$/, '');
    const cells = /[│|]/.test(line) ? line.split(/\s*[│|]\s*/) : line.split(/\s{2,}/);
    if (cells.length < columns) continue;
    rows.push(cells.map((c) => c.trim()));
  }
  return rows;
}

export function parseServices(stdout: string): ServiceRow[] {
  return parseTable(stdout, 'Service Type', 3).map(([type, externalId, ...label]) => ({
    type: type!,
    externalId: externalId!,
    label: label.join(' ').trim(),
  }));
}

export function parseResources(stdout: string): ResourceRow[] {
  return parseTable(stdout, 'SRN', 2).map(([srn, slug]) => ({ srn: srn!, slug: slug! }));
}

/** Bot usernames from `symflow bots list` (tabulate's "simple" table: Username, Token Count, Created At, …). */
export function parseBots(stdout: string): string[] {
  return parseTable(stdout, 'Username', 2).map(([username]) => username!);
}

/**
 * The JWT `symflow tokens issue` printed: its only output line (click.secho; colour only on a terminal).
 * Undefined when the output is anything else, so that text is never taken for a token (nor shown).
 */
export function parseIssuedToken(stdout: string): string | undefined {
  const lines = clean(stdout)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length === 1 && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(lines[0]!)
    ? lines[0]
    : undefined;
}

/** The per-org install link `services create` (2.x) printed, not the generic /slack/add page. */
export function findInstallUrl(text: string): string | undefined {
  return clean(text)
    .match(/https:\/\/\S*\/slack\/install\S*/)?.[0]
    ?.replace(/[.,)]+$/, '');
}
