import type { Answers } from '../answers.js';
import { columns, renderEntries, renderValue, WIZARD_KEYS, type TfvarsKey } from './tfvars.js';

export { WIZARD_KEYS, type TfvarsKey } from './tfvars.js';

/**
 * `existing` with the top-level assignments of `keys` rewritten from `a` (each whole `key = …`,
 * however many lines its value spans) and missing ones appended. Every other line keeps its
 * bytes, except the spaces terraform fmt would change around a rewritten line (`=` and trailing
 * comment alignment), so a file that passed `terraform fmt -check` still does.
 * Comments inside a rewritten value move to their own lines above it; a trailing comment on its
 * last line stays there.
 */
export function updateTfvars(existing: string, a: Answers, keys: ReadonlyArray<TfvarsKey>): string {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const want = new Set<string>(keys);
  const src = scan(existing);
  const out: OutLine[] = [];
  const seen = new Set<string>();

  for (let i = 0; i < src.length; ) {
    const end = statementEnd(src, i);
    const line = src[i]!;
    if (end === undefined || !want.has(line.firstIdent!)) {
      out.push({ text: line.text, eol: line.eol, touched: false });
      i++;
      continue;
    }
    const key = line.firstIdent as TfvarsKey;
    seen.add(key);
    const last = src[end]!;
    const trailing = last.comment === undefined ? undefined : last.text.slice(last.comment);
    for (const c of commentsWithin(existing, src, i, end)) {
      if (c.start === (trailing === undefined ? -1 : last.start + last.comment!)) continue;
      for (const text of c.text.split(/\r?\n/)) out.push({ text, eol, touched: true });
    }
    const value = renderValue(key, a);
    const lines = [`${key} = ${value[0]}`, ...value.slice(1)];
    if (trailing !== undefined) lines[lines.length - 1] += ` ${trailing}`;
    for (const [n, text] of lines.entries())
      out.push({ text, eol: n === lines.length - 1 ? last.eol : eol, touched: true });
    i = end + 1;
  }

  const missing = WIZARD_KEYS.filter((k) => want.has(k) && !seen.has(k));
  if (missing.length > 0) {
    // The empty "line" after a final newline is not a line to append after.
    if (out.length > 0 && out[out.length - 1]!.text === '' && out[out.length - 1]!.eol === '') out.pop();
    const tail = out[out.length - 1];
    if (tail) {
      if (tail.eol === '') tail.eol = eol;
      if (tail.text.trim() !== '') out.push({ text: '', eol, touched: false });
    }
    for (const text of renderEntries(missing, a).split('\n')) out.push({ text, eol, touched: true });
  }

  return realign(out);
}

/** The source text of the top-level `key = …` statement (all its lines), or undefined when there is none. */
export function statementText(existing: string, key: TfvarsKey): string | undefined {
  const src = scan(existing);
  for (let i = 0; i < src.length; i++) {
    const end = statementEnd(src, i);
    if (end === undefined || src[i]!.firstIdent !== key) continue;
    return src
      .slice(i, end + 1)
      .map((l) => l.text)
      .join('\n');
  }
  return undefined;
}

interface OutLine {
  text: string;
  eol: string;
  touched: boolean;
}

/** What the scanner knows about one physical line. */
interface Line {
  text: string;
  eol: string;
  /** Offset of the line in the scanned text. */
  start: number;
  /** Starts in plain code, not inside a heredoc, block comment or multi-line template. */
  plain: boolean;
  /** Bracket depth at the start and the end of the line (template interpolations count). */
  depth: number;
  endDepth: number;
  endPlain: boolean;
  /** The first token when it is an identifier directly followed by `=`. */
  firstIdent?: string;
  /** Index of the first `=` that is not the line's first token, and the bracket change after it. */
  eq?: number;
  eqNet?: number;
  /** Index of a trailing `#` or `//` comment that follows other tokens. */
  comment?: number;
  /** Comments starting on this line, as offsets into the scanned text. */
  comments: Array<{ start: number; end: number }>;
}

type Mode =
  | { kind: 'string' }
  | { kind: 'interp'; braces: number }
  | { kind: 'heredoc'; marker: string }
  | { kind: 'block' };

/**
 * A line-by-line HCL scanner, just enough to find statements and the cells terraform fmt aligns
 * (hclwrite's formatCells): quoted templates with nested interpolations, heredocs, comments.
 */
function scan(text: string): Line[] {
  if (text === '') return [];
  const lines: Line[] = [];
  const stack: Mode[] = [];
  let depth = 0;
  let offset = 0;
  let openComment: { start: number; end: number } | undefined;

  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const hasNl = offset <= text.length;
    const cr = raw.endsWith('\r') && hasNl;
    const s = cr ? raw.slice(0, -1) : raw;
    const line: Line = {
      text: s,
      eol: hasNl ? (cr ? '\r\n' : '\n') : '',
      start,
      plain: stack.length === 0,
      depth,
      endDepth: depth,
      endPlain: false,
      comments: [],
    };
    lines.push(line);

    const top0 = stack[stack.length - 1];
    if (top0?.kind === 'heredoc') {
      if (s.trim() === top0.marker) stack.pop();
      line.endDepth = depth;
      line.endPlain = stack.length === 0;
      continue;
    }

    let tokens = 0;
    let eqDepth: number | undefined;
    let firstWasIdent: string | undefined;
    let i = 0;
    const token = () => tokens++;

    while (i < s.length) {
      const top = stack[stack.length - 1];
      const c = s[i]!;
      const next = s[i + 1];

      if (top?.kind === 'block') {
        const close = s.indexOf('*/', i);
        if (close < 0) {
          i = s.length;
        } else {
          stack.pop();
          if (openComment) openComment.end = start + close + 2;
          openComment = undefined;
          i = close + 2;
        }
        continue;
      }

      if (top?.kind === 'string') {
        if (c === '\\') i += 2;
        else if ((c === '$' || c === '%') && next === c && s[i + 2] === '{') i += 3;
        else if ((c === '$' || c === '%') && next === '{') {
          stack.push({ kind: 'interp', braces: 0 });
          depth++;
          i += 2;
        } else {
          if (c === '"') stack.pop();
          i++;
        }
        continue;
      }

      // Plain code, at top level or inside an interpolation.
      if (c === ' ' || c === '\t') {
        i++;
      } else if (c === '#' || (c === '/' && next === '/')) {
        line.comments.push({ start: start + i, end: start + s.length });
        if (tokens > 0 && top === undefined) line.comment = i;
        i = s.length;
      } else if (c === '/' && next === '*') {
        const close = s.indexOf('*/', i + 2);
        if (close < 0) {
          openComment = { start: start + i, end: start + s.length };
          line.comments.push(openComment);
          stack.push({ kind: 'block' });
          i = s.length;
        } else {
          line.comments.push({ start: start + i, end: start + close + 2 });
          i = close + 2;
        }
        token();
      } else if (c === '"') {
        stack.push({ kind: 'string' });
        token();
        i++;
      } else if (c === '<' && next === '<' && /^<<-?[A-Za-z_][A-Za-z0-9_-]*\s*$/.test(s.slice(i))) {
        // hclwrite stops counting brackets at a heredoc, so `key = <<EOT` is an alignable line.
        if (eqDepth !== undefined && line.eqNet === undefined) line.eqNet = depth - eqDepth;
        stack.push({ kind: 'heredoc', marker: s.slice(i).replace(/^<<-?/, '').trim() });
        token();
        i = s.length;
      } else if (c === '{' || c === '[' || c === '(') {
        if (top?.kind === 'interp' && c === '{') top.braces++;
        depth++;
        token();
        i++;
      } else if (c === '}' || c === ']' || c === ')') {
        if (top?.kind === 'interp' && c === '}') {
          if (top.braces === 0) stack.pop();
          else top.braces--;
        }
        depth--;
        token();
        i++;
      } else if (c === '=' && next !== '=' && next !== '>' && !(i > 0 && '=!<>'.includes(s[i - 1]!))) {
        if (tokens === 1 && firstWasIdent !== undefined) line.firstIdent = firstWasIdent;
        if (tokens > 0 && line.eq === undefined && top === undefined) {
          line.eq = i;
          eqDepth = depth;
        }
        token();
        i++;
      } else if (/[A-Za-z_]/.test(c)) {
        const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(s.slice(i))!;
        if (tokens === 0) firstWasIdent = m[0];
        token();
        i += m[0].length;
      } else {
        token();
        i++;
      }
    }

    // A quoted string cannot span lines; recover at the line end rather than swallow the file.
    while (stack[stack.length - 1]?.kind === 'string' || stack[stack.length - 1]?.kind === 'interp') {
      const m = stack.pop()!;
      if (m.kind === 'interp') depth--;
    }
    if (eqDepth !== undefined && line.eqNet === undefined) line.eqNet = depth - eqDepth;
    line.endDepth = depth;
    line.endPlain = stack.length === 0;
  }
  return lines;
}

/** Index of the last line of the top-level `name = value` statement starting at line i. */
function statementEnd(lines: ReadonlyArray<Line>, i: number): number | undefined {
  const first = lines[i]!;
  if (!first.plain || first.depth !== 0 || first.firstIdent === undefined) return undefined;
  for (let j = i; j < lines.length; j++) {
    const l = lines[j]!;
    if (l.endPlain && l.endDepth <= 0) return j;
  }
  return lines.length - 1;
}

function commentsWithin(text: string, lines: ReadonlyArray<Line>, from: number, to: number) {
  return lines
    .slice(from, to + 1)
    .flatMap((l) => l.comments)
    .map((c) => ({ start: c.start, text: text.slice(c.start, c.end).replace(/\r$/, '') }));
}

/** A physical line plus the heredoc or block-comment lines hclwrite folds into it. */
interface Logical {
  first: number;
  last: number;
}

function logicalLines(lines: ReadonlyArray<Line>): Logical[] {
  const out: Logical[] = [];
  lines.forEach((l, i) => {
    const prev = out[out.length - 1];
    if (!l.plain && prev) prev.last = i;
    else out.push({ first: i, last: i });
  });
  return out;
}

// Re-aligns, as hclwrite's formatCells does, only the chains that a rewritten line belongs to or
// borders: the rest of the file was already formatted, or was not, and stays as it was.
function realign(out: OutLine[]): string {
  const touched = new Set<number>();
  for (const [n, line] of out.entries()) if (line.touched) touched.add(n);
  let text = out.map((l) => l.text + l.eol).join('');

  const pass = (cellAt: (l: Line) => number | undefined, widthOf: (l: Line, at: number) => number) => {
    const lines = scan(text);
    const logical = logicalLines(lines);
    const near = (g: Logical[]) => {
      const lo = Math.max(0, g[0]!.first - 1);
      const hi = g[g.length - 1]!.last + 1;
      for (let i = lo; i <= hi; i++) if (touched.has(i)) return true;
      return false;
    };
    let chain: Logical[] = [];
    const close = () => {
      if (chain.length > 0 && near(chain)) {
        const width = Math.max(...chain.map((g) => widthOf(lines[g.first]!, cellAt(lines[g.first]!)!)));
        for (const g of chain) {
          const l = lines[g.first]!;
          const at = cellAt(l)!;
          const fixed = l.text.slice(0, at).trimEnd() + ' '.repeat(width - widthOf(l, at) + 1) + l.text.slice(at);
          if (fixed !== l.text) {
            l.text = fixed;
            touched.add(g.first);
          }
        }
      }
      chain = [];
    };
    for (const g of logical) {
      const l = lines[g.first]!;
      if (cellAt(l) === undefined) close();
      else chain.push(g);
    }
    close();
    text = lines.map((l) => l.text + l.eol).join('');
  };

  pass(assignCell, (l, at) => columns(l.text.slice(0, at).trimEnd()));
  pass(commentCell, (l, at) => columns(l.text.slice(0, at).trimEnd()));
  return text;
}

function assignCell(l: Line): number | undefined {
  return l.plain && l.eq !== undefined && l.eqNet === 0 ? l.eq : undefined;
}

function commentCell(l: Line): number | undefined {
  return l.plain ? l.comment : undefined;
}
