import { fail, ok, type Validation } from './result.js';
import { charCount, isPlaceholder, quote } from './text.js';

const GROUP_ID = /^00g[A-Za-z0-9]{17}$/;
const LENGTH = 20;
const WHERE = "copy the last part of the group's address in the Okta Admin Console (Directory → Groups → the group)";
const EXAMPLE = '00g1emaKYZTWRYYRRTSK';
// Admin console: /admin/group/<id>; API: /api/v1/groups/<id>.
const IN_URL = /\/(?:admin\/group|api\/v1\/groups)\/([^/?#\s]+)/;

/** Okta group ID: `00g` + 17 letters/digits. An admin-console or API URL of the group is accepted too. */
export function oktaGroupId(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail(`The value is empty; use the group's ID (00g…, ${LENGTH} characters): ${WHERE}.`);
  if (isPlaceholder(value))
    return fail(`${quote(value)} is a placeholder; use the group's ID (e.g. ${EXAMPLE}): ${WHERE}.`);

  let id = value;
  let fromUrl: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes('/')) {
    const m = IN_URL.exec(value);
    if (!m) return fail(`${quote(value)} is an address without a group ID in it; ${WHERE}.`);
    id = m[1]!;
    fromUrl = `Took the group ID ${id} from the URL.`;
  }

  if (GROUP_ID.test(id)) return ok(id, fromUrl);
  if (/^00u/i.test(id))
    return fail(`${quote(id)} is a user ID (00u…); Sym needs a group ID, which starts with 00g: ${WHERE}.`);
  if (/^0oa/i.test(id))
    return fail(`${quote(id)} is an app ID (0oa…); Sym needs a group ID, which starts with 00g: ${WHERE}.`);
  if (/^00G/.test(id))
    return fail(
      `${quote(id)} starts with a capital G; Okta IDs are case-sensitive and group IDs start with 00g: ${WHERE}.`,
    );
  if (/^00g[A-Za-z0-9]*$/.test(id)) {
    const n = charCount(id);
    const what = n < LENGTH ? 'too short' : 'too long';
    // Sym's examples use 00g12345xxx, which is not a real ID; say so rather than only count.
    return fail(`${quote(id)} is ${what} (${n} characters; a group ID has ${LENGTH}, e.g. ${EXAMPLE}): ${WHERE}.`);
  }
  return fail(
    `${quote(value)} is not a group ID; if it is the group's name, Sym needs its ID instead (00g…, e.g. ${EXAMPLE}): ${WHERE}.`,
  );
}
