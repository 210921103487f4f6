/** Small helpers shared by the validators: how we quote input, and what counts as a placeholder. */

const MAX_SHOWN = 40;

/**
 * Quotes the user's input for a message. Long pastes are cut so the message stays one readable
 * line; JSON quoting makes control characters and stray spaces visible.
 */
export function quote(value: string): string {
  const chars = [...value];
  return JSON.stringify(chars.length > MAX_SHOWN ? `${chars.slice(0, MAX_SHOWN - 1).join('')}…` : value);
}

/** Length as people count it: an emoji or accented letter is one character, not two UTF-16 units. */
export const charCount = (value: string): number => [...value].length;

const PLACEHOLDERS: readonly RegExp[] = [
  // {yourOktaDomain}, <org>, ${ORG}: template syntax copied from docs or an unexpanded variable.
  /[{}<>]/,
  /^\$[A-Za-z_]/,
  /change[-_ ]?me/i,
  /replace[-_ ]?me/i,
  /your[-_ ]?okta[-_ ]?domain/i,
  /^your[-_ ]?(?:org|company|workspace|team|domain|slug)\b/i,
  // What a shell or a template engine leaves behind when a variable was never set.
  /^(?:x{3,}|todo|tbd|fixme|placeholder|null|undefined|none|n\/a|-)$/i,
];

/** True for values copied from an example and never filled in (`CHANGEME`, `{yourOktaDomain}`, `<org>`). */
export const isPlaceholder = (value: string): boolean => PLACEHOLDERS.some((re) => re.test(value));
