import { fail, ok, type Validation } from './result.js';
import { quote } from './text.js';

// GitHub: owner 1-39 of letters, digits and inner hyphens; repository names letters, digits, '.', '_', '-'.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** `owner/name` of a GitHub repository. A pasted URL or SSH remote is accepted and shortened, with a notice. */
export function githubRepo(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail('The value is empty; use owner/name, e.g. acme/infrastructure.');
  const fromUrl = repoFromRemote(value);
  const short = fromUrl ?? value.replace(/\.git$/, '');
  const [owner, name, ...rest] = short.split('/');
  if (rest.length || !owner || !name || !OWNER.test(owner) || !NAME.test(name) || name === '.' || name === '..')
    return fail(`${quote(value)} is not a GitHub repository; use owner/name, e.g. acme/infrastructure.`);
  return ok(`${owner}/${name}`, fromUrl ? `Using ${owner}/${name} (from ${value}).` : undefined);
}

/** owner/name from a git remote URL on github.com (https, ssh or scp-like); undefined for anything else. */
export function repoFromRemote(url: string): string | undefined {
  const m =
    /^(?:https?:\/\/(?:[^@/]+@)?github\.com\/|(?:ssh:\/\/)?git@github\.com[:/])([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return m?.[1];
}

/** A branch name as `git check-ref-format --branch` accepts it, limited to what is safe in a workflow and an IAM condition. */
export function branchName(raw: string): Validation {
  const value = raw.trim().replace(/^refs\/heads\//, '');
  if (!value) return fail('The value is empty; use a branch name such as main.');
  if (
    !/^[A-Za-z0-9._/-]+$/.test(value) ||
    /(^|\/)\.|\.\.|\/\/|\.lock(\/|$)|\/$|^[-/]|\.$/.test(value) ||
    value.length > 200
  )
    return fail(
      `${quote(value)} is not a branch name this can use; use letters, digits, '.', '_', '-' and '/' (e.g. main, release/v2).`,
    );
  return ok(value);
}

/** A `symflow tokens issue -e` expiry: a non-zero integer and s, m, d or mo (facts/sym.md §4.3). */
export function tokenExpiry(raw: string): Validation {
  const value = raw.trim();
  if (!/^[1-9]\d*(s|m|d|mo)$/.test(value))
    return fail(`${quote(value)} is not an expiry; use a non-zero number followed by s, m, d or mo, e.g. 90d.`);
  return ok(value);
}

/** A Sym bot username. */
export function botName(raw: string): Validation {
  const value = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(value))
    return fail(
      `${quote(value)} is not a bot name; use letters, digits, '.', '_' and '-', e.g. sym-okta-quickstart-ci.`,
    );
  return ok(value);
}
