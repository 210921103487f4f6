import { OktaFailure, type OktaAdapter, type OktaGroup } from '../adapters/okta.js';
import { usageError } from '../errors.js';
import type { Choice, Prompter } from '../ui/prompter.js';
import * as v from '../validate/index.js';
import type { StepContext } from './types.js';

/**
 * Why a group cannot be a target, or undefined when it can: it must exist, be an OKTA_GROUP
 * (APP_GROUP membership comes from the app and cannot be changed through the API), and be in the token's scope.
 */
export function targetProblem(
  group: OktaGroup,
  scope: Set<string> | 'all' | undefined,
): { message: string; fix: string } | undefined {
  if (group.type !== 'OKTA_GROUP') {
    return {
      message: `Okta group ${group.id} ("${group.name}") is of type ${group.type}: its members come from ${group.type === 'APP_GROUP' ? 'an app or directory' : 'Okta itself'} and cannot be added or removed through the API, so Sym cannot grant access with it.`,
      fix: 'Choose a group of type OKTA_GROUP (created in Okta under Directory → Groups).',
    };
  }
  if (scope instanceof Set && !scope.has(group.id)) {
    return {
      message: `The token's admin roles are limited to specific groups, and ${group.id} ("${group.name}") is not one of them.`,
      fix: 'In Okta, add this group to the role\'s "Can administer specific groups only" list (Security → Administrators).',
    };
  }
  return undefined;
}

/** Looks a group up live; a missing one is a bad value (exit 2). */
export async function fetchGroup(okta: OktaAdapter, id: string): Promise<OktaGroup> {
  try {
    return await okta.getGroup(id);
  } catch (e) {
    if (e instanceof OktaFailure && e.kind === 'not-found') {
      throw usageError(
        `Okta group ${id} does not exist in this org.`,
        "Copy the ID from the group's admin-console URL (Directory → Groups → the group): the last path segment, 00g….",
      );
    }
    throw e;
  }
}

const PAGE = 20;
const MORE = Symbol('more');
const DONE = Symbol('done');
type Picked = OktaGroup | typeof MORE | typeof DONE;

/**
 * Searches the org's groups on the server as the user types (Okta's `q=`), one page at a time;
 * a pasted group ID is looked up directly.
 */
export async function pickGroup(
  prompter: Prompter,
  okta: OktaAdapter,
  message: string,
  opts: { allowDone: boolean; exclude: Set<string> },
): Promise<OktaGroup | undefined> {
  let loaded: { query: string; groups: OktaGroup[]; next?: () => ReturnType<OktaAdapter['searchGroups']> } | undefined;
  // After "load more" the prompt reopens with an empty term: keep showing the grown list until the user types.
  let sticky = false;
  for (;;) {
    const picked = await prompter.search<Picked>({
      message,
      pageSize: 12,
      source: async (term) => {
        const query = (term ?? '').trim();
        const choices: Array<Choice<Picked>> = [];
        // Only with an empty search: once the user types, Enter must pick the match, not finish.
        if (opts.allowDone && !query) choices.push({ name: '✓ Done choosing groups', value: DONE });
        const id = v.oktaGroupId(query);
        if (id.ok) {
          try {
            const g = await okta.getGroup(id.value);
            return [...choices, { name: `${g.name} (${g.id}, ${g.type})`, value: g }];
          } catch (e) {
            if (e instanceof OktaFailure && e.kind === 'not-found')
              return [...choices, { name: `No group with ID ${id.value}`, value: DONE, disabled: true }];
            throw e;
          }
        }
        if (query) sticky = false;
        if (!loaded || (loaded.query !== query && !sticky)) {
          const page = await okta.searchGroups(query, PAGE);
          loaded = { query, groups: page.groups, next: page.next };
        }
        for (const g of loaded.groups) {
          choices.push({
            name: `${g.name}  ${g.id}${g.type !== 'OKTA_GROUP' ? `  (${g.type})` : ''}`,
            value: g,
            disabled: opts.exclude.has(g.id) ? 'already chosen' : false,
          });
        }
        if (loaded.next) choices.push({ name: '… load more groups', value: MORE });
        if (!loaded.groups.length)
          choices.push({
            name: query ? `No group name starts with "${query}"` : 'No groups found',
            value: DONE,
            disabled: true,
          });
        return choices;
      },
    });
    if (picked === DONE) return undefined;
    if (picked === MORE) {
      if (loaded?.next) {
        const page = await loaded.next();
        loaded = { query: loaded.query, groups: [...loaded.groups, ...page.groups], next: page.next };
        sticky = true;
      }
      continue;
    }
    return picked;
  }
}

export function rememberGroup(ctx: StepContext, g: OktaGroup) {
  ctx.state.groups.set(g.id, g);
}
