import type { OktaTarget } from '../answers.js';
import { usageError, type Problem } from '../errors.js';
import type { Prompter } from '../ui/prompter.js';
import type { PickerChoice } from '../ui/search-picker.js';
import * as v from '../validate/index.js';
import { OktaFailure, type OktaAdapter, type OktaGroup } from './okta.js';

/**
 * Why a group cannot be a target, or undefined when it can: it must exist, be an OKTA_GROUP
 * (APP_GROUP membership comes from the app and cannot be changed through the API), and be in the token's scope.
 */
export function targetProblem(group: OktaGroup, scope: ReadonlySet<string> | 'all' | undefined): Problem | undefined {
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

/** Each target group that cannot be looked up with this token, as a problem to report. */
export async function targetsProblems(okta: OktaAdapter, targets: readonly OktaTarget[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const t of targets) {
    try {
      await fetchGroup(okta, t.groupId);
    } catch (e) {
      problems.push({ message: (e as Error).message, fix: (e as { fix?: string }).fix ?? 'Check the group in Okta.' });
    }
  }
  return problems;
}

const PAGE = 20;
const MORE = Symbol('more');
const DONE = Symbol('done');
type Picked = OktaGroup | typeof MORE | typeof DONE;

/** Why a group is shown but cannot be picked, in the few words a list row has room for. */
export function shortTargetProblem(
  group: OktaGroup,
  scope: ReadonlySet<string> | 'all' | undefined,
): string | undefined {
  if (group.type === 'APP_GROUP') return 'APP_GROUP: members come from an app, Sym cannot change them';
  if (group.type !== 'OKTA_GROUP') return `${group.type}: Okta manages its members, Sym cannot change them`;
  if (scope instanceof Set && !scope.has(group.id)) return "outside the token's admin scope";
  return undefined;
}

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/**
 * Searches the org's groups on the server as the user types (Okta's `q=`), one page at a time;
 * a pasted group ID is looked up directly. Enter acts only on the list for what was typed, and a
 * full name or an ID picks exactly that group. `current` (a re-run's answer) is listed first and
 * highlighted; `unusable` says why a group cannot be picked (shown, not selectable).
 */
export async function pickGroup(
  prompter: Prompter,
  okta: OktaAdapter,
  message: string,
  opts: {
    allowDone: boolean;
    exclude: Set<string>;
    current?: OktaGroup;
    unusable?: (g: OktaGroup) => string | undefined;
  },
): Promise<OktaGroup | undefined> {
  let loaded: { query: string; groups: OktaGroup[]; next?: () => ReturnType<OktaAdapter['searchGroups']> } | undefined;
  // After "load more" the prompt reopens with an empty term: keep showing the grown list until the user types.
  let sticky = false;
  const row = (g: OktaGroup, note = ''): PickerChoice<Picked> => ({
    name: `${g.name}  ${g.id}${note}`,
    value: g,
    disabled: opts.exclude.has(g.id) ? 'already chosen' : opts.unusable?.(g),
  });
  for (;;) {
    const picked = await prompter.pick<Picked>({
      message,
      pageSize: 12,
      isDefault: (value) => typeof value === 'object' && value.id === opts.current?.id,
      exact: (term, choices) =>
        choices.find((c) => typeof c.value === 'object' && (c.value.id === term || sameName(c.value.name, term))),
      source: async (query) => {
        const choices: Array<PickerChoice<Picked>> = [];
        // Only with an empty search: once the user types, Enter must pick the match, not finish.
        if (opts.allowDone && !query) choices.push({ name: '✓ Done choosing groups', value: DONE });
        const id = v.oktaGroupId(query);
        if (id.ok) {
          try {
            return [...choices, row(await okta.getGroup(id.value))];
          } catch (e) {
            if (e instanceof OktaFailure && e.kind === 'not-found')
              return [...choices, { name: `No group with ID ${id.value}`, value: DONE, disabled: 'not found' }];
            throw e;
          }
        }
        if (query) sticky = false;
        if (!loaded || (loaded.query !== query && !sticky)) {
          const page = await okta.searchGroups(query, PAGE);
          loaded = { query, groups: page.groups, next: page.next };
        }
        const current = !query && opts.current;
        if (current) choices.push(row(current, '  (current)'));
        for (const g of loaded.groups) if (!current || g.id !== current.id) choices.push(row(g));
        if (loaded.next) choices.push({ name: '… load more groups', value: MORE });
        if (!loaded.groups.length && !current)
          choices.push({
            name: query ? `No group name starts with "${query}"` : 'No groups found',
            value: DONE,
            disabled: 'try another name, or paste the ID',
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

/** Keeps a group the user picked, so later steps and the summary need not look it up again. */
export function rememberGroup(ctx: { state: { groups: Map<string, OktaGroup> } }, g: OktaGroup) {
  ctx.state.groups.set(g.id, g);
}
