import type { Answers } from '../answers.js';
import { FLOW_VARS, ROWS, TFVARS_LAYOUT } from '../answers/catalogue.js';

/** Top-level keys of terraform.tfvars that the wizard owns, in the order it writes them. */
export const WIZARD_KEYS: readonly string[] = TFVARS_LAYOUT.flat();

export type TfvarsKey = string;

/** The keys of flow_vars the wizard asks about; any other key in it is the user's and is kept. */
export const OWN_FLOW_VARS: readonly string[] = ROWS.flatMap((r) =>
  r.tfvars && 'flowVar' in r.tfvars ? [r.tfvars.flowVar] : [],
);

const HEADER = [
  '# Written by sym-okta-quickstart. Re-running `sym-okta-quickstart init` rewrites the values it',
  '# asks for and keeps your other lines and comments.',
  '# Secrets never go here: the Okta API token lives in AWS Secrets Manager (see the',
  '# okta_secret_name output), and a Sym bot token stays in the SYM_JWT environment variable.',
];

// `tags` is not an answer, so the wizard never writes it; the hint shows where it goes.
const FOOTER = [
  '# Extra AWS tags for the secret and the runtime role (SymEnv is always added), e.g.:',
  '# tags = { vendor = "symops.com", team = "platform" }',
];

/** The whole terraform.tfvars for `a`: deterministic and already in `terraform fmt` layout. */
export function renderTfvars(a: Answers): string {
  const blocks = [HEADER.join('\n'), ...TFVARS_LAYOUT.map((g) => renderEntries(g, a)), FOOTER.join('\n')];
  return `${blocks.join('\n\n')}\n`;
}

/** `key = value` lines for `keys`, `=` aligned across runs of single-line values like terraform fmt. */
export function renderEntries(keys: ReadonlyArray<TfvarsKey>, a: Answers): string {
  return alignEntries(
    keys.map((k) => ({ key: k, value: renderValue(k, a) })),
    '',
  ).join('\n');
}

/** The value of one key as HCL source lines; lines after the first are indented for top level. */
export function renderValue(key: TfvarsKey, a: Answers): string[] {
  if (key === FLOW_VARS) {
    const vars: Entry[] = [];
    for (const row of ROWS) {
      if (!row.answer || !row.tfvars || !('flowVar' in row.tfvars)) continue;
      const value = a[row.answer] as string | undefined;
      if (row.optional && !value) continue;
      vars.push({ key: row.tfvars.flowVar, value: [hclString(value as string)] });
    }
    for (const [k, v] of Object.entries(a.extraFlowVars ?? {})) {
      if (!OWN_FLOW_VARS.includes(k)) vars.push({ key: k, value: [hclString(v)] });
    }
    return ['{', ...alignEntries(vars, '  '), '}'];
  }
  const row = ROWS.find((r) => r.tfvars && 'key' in r.tfvars && r.tfvars.key === key);
  if (!row?.answer || !row.tfvars || !('key' in row.tfvars)) throw new Error(`no answer is written to ${key}`);
  if (!('list' in row.tfvars)) return [hclString(a[row.answer] as string)];
  const names = row.tfvars.list;
  const targets = a[row.answer] as Answers['targets'];
  if (targets.length === 0) return ['[]'];
  const items = targets.flatMap((t) => [
    '  {',
    ...alignEntries(
      [
        { key: names.label, value: [hclString(t.label)] },
        { key: names.groupId, value: [hclString(t.groupId)] },
      ],
      '    ',
    ),
    '  },',
  ]);
  return ['[', ...items, ']'];
}

/** A quoted HCL string whose value is exactly `s`: template sequences are escaped too. */
export function hclString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    // `${` and `%{` would start an interpolation or a directive.
    else if ((c === '$' || c === '%') && s[i + 1] === '{') out += c + c;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `"${out}"`;
}

/** An object key or top-level name: bare when it is an identifier, quoted otherwise. */
export function hclKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : hclString(k);
}

const segmenter = new Intl.Segmenter();

/** Columns as terraform fmt counts them (grapheme clusters), for aligning `=` and comments. */
export function columns(s: string): number {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

interface Entry {
  key: string;
  value: string[];
}

function alignEntries(entries: ReadonlyArray<Entry>, indent: string): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < entries.length) {
    // fmt aligns `=` only across consecutive lines whose value ends on the same line.
    let j = i;
    while (j < entries.length && entries[j]!.value.length === 1) j++;
    const run = entries.slice(i, Math.max(j, i + 1));
    const width = Math.max(...run.map((e) => columns(hclKey(e.key))));
    for (const e of run) {
      const key = hclKey(e.key);
      const pad = e.value.length === 1 ? ' '.repeat(width - columns(key)) : '';
      lines.push(`${indent}${key}${pad} = ${e.value[0]}`);
      for (const more of e.value.slice(1)) lines.push(indent + more);
    }
    i += run.length;
  }
  return lines;
}
