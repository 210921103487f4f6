// Puts one key into a secret's JSON value by editing the text, not by parse + stringify: other
// keys belong to other people, and a round trip would rewrite them (big integers lose precision,
// \u escapes and whitespace change). Pure; never mentions the current value or the new one.
import { outsideError } from '../errors.js';

export interface MergeResult {
  next: string;
  changed: boolean;
}

interface Member {
  key: string;
  /** Text between the previous `{` or `,` and the key: the member's indentation. */
  lead: string;
  /** Text from the end of the key to the start of the value, e.g. `": "`. */
  colon: string;
  valueStart: number;
  valueEnd: number;
}

export function mergeSecretValue(
  current: string | undefined,
  key: string,
  value: string,
  opts: { replaceNonJson?: boolean } = {},
): MergeResult {
  const fresh = JSON.stringify({ [key]: value });
  if (current === undefined || current.trim() === '') return { next: fresh, changed: true };

  const shape = describeNonObject(current);
  if (shape) {
    if (opts.replaceNonJson) return { next: fresh, changed: fresh !== current };
    throw outsideError(
      `The secret holds ${shape}, not a JSON object, so "${key}" cannot be merged into it.`,
      `Run again with --replace-secret to overwrite it with {"${key}": …}, or choose another secret.`,
    );
  }

  const members = scanMembers(current);
  const encoded = JSON.stringify(value);
  // JSON.parse keeps the last of duplicate keys, so that is the one readers see.
  const existing = members.filter((m) => m.key === key).pop();
  if (existing) {
    if (JSON.parse(current.slice(existing.valueStart, existing.valueEnd)) === value)
      return { next: current, changed: false };
    return { next: current.slice(0, existing.valueStart) + encoded + current.slice(existing.valueEnd), changed: true };
  }
  const last = members[members.length - 1];
  if (!last) {
    const open = current.indexOf('{') + 1;
    return { next: `${current.slice(0, open)}${JSON.stringify(key)}:${encoded}${current.slice(open)}`, changed: true };
  }
  // Follow the last member's layout so pretty-printed secrets stay pretty.
  const member = `,${last.lead}${JSON.stringify(key)}${last.colon}${encoded}`;
  return { next: current.slice(0, last.valueEnd) + member + current.slice(last.valueEnd), changed: true };
}

function describeNonObject(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'text that is not valid JSON (for example a plain token)';
  }
  if (Array.isArray(parsed)) return 'a JSON array';
  if (parsed === null || typeof parsed !== 'object') return `a JSON ${parsed === null ? 'null' : typeof parsed}`;
  return undefined;
}

/** Top-level members of text already known to be a valid JSON object. */
function scanMembers(text: string): Member[] {
  const ws = /[ \t\n\r]*/y;
  let i = 0;
  const skipWs = () => {
    ws.lastIndex = i;
    ws.exec(text);
    i = ws.lastIndex;
  };
  skipWs();
  i++; // {
  const members: Member[] = [];
  let leadStart = i;
  for (;;) {
    skipWs();
    if (text[i] === '}') return members;
    const keyStart = i;
    i = skipValue(text, i);
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    const colonStart = i;
    skipWs();
    i++; // :
    skipWs();
    const valueStart = i;
    i = skipValue(text, i);
    members.push({
      key,
      lead: text.slice(leadStart, keyStart),
      colon: text.slice(colonStart, valueStart),
      valueStart,
      valueEnd: i,
    });
    skipWs();
    if (text[i] === '}') return members;
    i++; // ,
    leadStart = i;
  }
}

/** Index just past the JSON value starting at `i` (the text is valid JSON). */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') {
    for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    return i + 1;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < text.length; i++) {
      const d = text[i];
      if (d === '"') i = skipValue(text, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return i + 1;
    }
    return i;
  }
  const m = /[^\s,\]}]+/y;
  m.lastIndex = i;
  m.exec(text);
  return m.lastIndex;
}
