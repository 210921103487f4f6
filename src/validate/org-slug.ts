import { fail, ok, type Validation } from './result.js';
import { isPlaceholder, quote } from './text.js';

const WHERE = 'use the Org ID you gave `symflow login` (`symflow status` shows it)';
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
// Sym also issues opaque org IDs such as S-VJ2IYOCQ74; the provider's `org` takes either form.
const ORG_ID = /^S-[A-Z0-9]+$/;

/** Sym org slug (`acme`, `healthy-health`) or org ID (`S-VJ2IYOCQ74`). */
export function orgSlug(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail(`The value is empty; ${WHERE} (e.g. acme).`);
  if (isPlaceholder(value)) return fail(`${quote(value)} is a placeholder; ${WHERE}.`);
  if (ORG_ID.test(value) || SLUG.test(value)) return ok(value);

  const lower = value.toLowerCase();
  if (SLUG.test(lower)) return fail(`${quote(value)} has capitals; Sym org slugs are lowercase: use ${lower}.`);
  if (/\s/.test(value)) {
    return fail(
      `${quote(value)} contains spaces; an org slug is one word of lowercase letters, digits and hyphens (e.g. healthy-health): ${WHERE}.`,
    );
  }
  if (value.includes('@')) return fail(`${quote(value)} is an email address, not an org slug; ${WHERE}.`);
  if (value.includes('/')) return fail(`${quote(value)} is an address, not an org slug; ${WHERE}.`);
  return fail(
    `${quote(value)} is not a Sym org slug, which has only lowercase letters, digits and inner hyphens (e.g. acme, healthy-health), or an org ID such as S-VJ2IYOCQ74; ${WHERE}.`,
  );
}

/**
 * The session's spelling, when `org` names the same org in other capitals. Terraform's Sym provider
 * compares the org with the `symflow login` org exactly, so `s-vj2iyocq74` fails the plan when the
 * session is `S-VJ2IYOCQ74`.
 */
export function orgCaseProblem(org: string, sessionOrg: string | undefined): string | undefined {
  if (!sessionOrg || org === sessionOrg || org.toLowerCase() !== sessionOrg.toLowerCase()) return undefined;
  return `"${org}" differs from your Sym session's org only in capitals; Sym compares the org exactly: use ${sessionOrg}.`;
}
