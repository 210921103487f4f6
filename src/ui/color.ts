/**
 * The colour policy. chalk follows FORCE_COLOR, TTY and TERM=dumb but ignores NO_COLOR
 * (chalk/chalk#547), so the decision lives here, and chalk was left with nothing to decide.
 */
export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean, json: boolean): 0 | 1 | 2 | 3 {
  if (json) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.TERM === 'dumb') return 0;
  return isTTY ? 1 : 0;
}

/** The styles this CLI paints with: the basic ANSI codes, which chalk uses at every level. */
const CODES = {
  reset: [0, 0],
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  underline: [4, 24],
  inverse: [7, 27],
  strikethrough: [9, 29],
  black: [30, 39],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  white: [37, 39],
  gray: [90, 39],
} as const;
export type StyleName = keyof typeof CODES;

/** `paint.red.bold('x')`, as with chalk: each style is a function and a namespace of further styles. */
export type Paint = ((...text: unknown[]) => string) & { readonly level: 0 | 1 | 2 | 3 } & {
  readonly [K in StyleName]: Paint;
};

interface Styler {
  open: string;
  close: string;
  openAll: string;
  closeAll: string;
  parent?: Styler;
}

/**
 * chalk's behaviour for the styles above — same codes, same re-opening of an outer style after an
 * inner one closes, same closing around line breaks (test/unit/color.test.ts holds the two side by
 * side) — without chalk's module, whose set-up was a twentieth of `--help`'s run time.
 */
export function makePaint(level: 0 | 1 | 2 | 3): Paint {
  const build = (styler: Styler | undefined): Paint => {
    const paint = ((...text: unknown[]) => apply(text.length === 1 ? `${text[0]}` : text.join(' '))) as Paint;
    const apply = (text: string): string => {
      if (level <= 0 || !text || !styler) return text;
      if (text.includes('\u001B')) {
        for (let s: Styler | undefined = styler; s; s = s.parent) text = text.split(s.close).join(s.close + s.open);
      }
      if (text.includes('\n')) text = text.replace(/\r?\n/g, (lf) => styler.closeAll + lf + styler.openAll);
      return styler.openAll + text + styler.closeAll;
    };
    Object.defineProperty(paint, 'level', { value: level });
    for (const name of Object.keys(CODES) as StyleName[]) {
      // Built on first use, then kept: `--help` builds none.
      Object.defineProperty(paint, name, {
        configurable: true,
        get() {
          const [open, close] = CODES[name].map((n) => `\u001B[${n}m`) as [string, string];
          const value = build({
            open,
            close,
            openAll: (styler?.openAll ?? '') + open,
            closeAll: close + (styler?.closeAll ?? ''),
            parent: styler,
          });
          Object.defineProperty(paint, name, { value });
          return value;
        },
      });
    }
    return paint;
  };
  return build(undefined);
}
