import { ADMIN_ROLES_FOR_GROUPS, type OktaAdapter, type OktaRole } from './okta.js';

const UNSCOPED_ROLES = new Set(['SUPER_ADMIN', 'ORG_ADMIN']);
export const ROLE_FIX =
  "In Okta, give the token's user the admin roles Group Membership Administrator and Read Only Administrator (Security → Administrators), limited to the groups Sym will manage; sign in as that user and create the token under Security → API → Tokens.";

/** Which groups the token's user may manage: 'all', or the union of its scoped roles' group targets. */
export async function tokenScope(
  okta: OktaAdapter,
  userId: string,
  roles: OktaRole[],
): Promise<Set<string> | 'all' | undefined> {
  const managing = roles.filter((r) => ADMIN_ROLES_FOR_GROUPS.includes(r.type));
  if (!managing.length) return undefined;
  if (managing.some((r) => UNSCOPED_ROLES.has(r.type))) return 'all';
  // One request per role, all at once: a slow Okta costs one round trip, not one per role.
  const targets = await Promise.all(managing.map((role) => okta.groupTargetsOf(userId, role.id)));
  if (targets.some((t) => !t.length)) return 'all';
  return new Set(targets.flat().map((g) => g.id));
}

/**
 * Checks a token against Okta: who owns it and what it may manage. Shared by init and doctor;
 * `onAccepted` runs as soon as Okta has accepted the token, for work that can start beside the rest.
 */
export async function inspectToken(okta: OktaAdapter, onAccepted?: () => void) {
  const user = await okta.currentUser();
  onAccepted?.();
  const roles = await okta.rolesOf(user.id);
  const scope = await tokenScope(okta, user.id, roles);
  return { user, roles, scope };
}
