// src/ui/color.ts paints without chalk (its module set-up cost start-up time); chalk stays a
// devDependency as the reference it must match, styles nested, chained and across line breaks.
import { Chalk, type ChalkInstance } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { colorLevel, makePaint, type Paint, type StyleName } from '../../src/ui/color.js';

const STYLES: StyleName[] = [
  'reset',
  'bold',
  'dim',
  'italic',
  'underline',
  'inverse',
  'strikethrough',
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
];

/** A tree of styled pieces, rendered the same way with either painter. */
type Piece = string | { styles: StyleName[]; parts: Piece[] };
const piece: fc.Arbitrary<Piece> = fc.letrec<{ piece: Piece }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.stringMatching(/^[a-z \n\r\t✔→]{0,8}$/),
    fc.record({
      styles: fc.array(fc.constantFrom(...STYLES), { minLength: 1, maxLength: 3 }),
      parts: fc.array(tie('piece'), { maxLength: 3 }),
    }),
  ),
})).piece;

function render(p: Piece, style: (names: StyleName[]) => (...t: unknown[]) => string): string {
  if (typeof p === 'string') return p;
  return style(p.styles)(p.parts.map((x) => render(x, style)).join(''));
}
const viaPaint = (paint: Paint) => (names: StyleName[]) => names.reduce<Paint>((c, n) => c[n], paint);
const viaChalk = (chalk: ChalkInstance) => (names: StyleName[]) => names.reduce<ChalkInstance>((c, n) => c[n], chalk);

describe('makePaint', () => {
  for (const level of [0, 1, 2, 3] as const) {
    it(`writes what chalk writes at level ${level}`, () => {
      const paint = makePaint(level);
      const chalk = new Chalk({ level });
      fc.assert(
        fc.property(piece, (p) => render(p, viaPaint(paint)) === render(p, viaChalk(chalk))),
        { numRuns: 500 },
      );
    });
  }

  it('joins several arguments with a space and stringifies one, as chalk does', () => {
    const paint = makePaint(1);
    const chalk = new Chalk({ level: 1 });
    expect(paint.red('a', 2, 'b')).toBe(chalk.red('a', 2, 'b'));
    expect(paint.bold.cyan(42)).toBe(chalk.bold.cyan(42));
    expect(paint('plain')).toBe('plain');
  });

  it('styles used as detached functions keep their style', () => {
    const { green, dim } = makePaint(1);
    expect(green('ok')).toBe('\u001B[32mok\u001B[39m');
    expect(dim('x')).toBe('\u001B[2mx\u001B[22m');
  });

  it('reports its level', () => {
    expect(makePaint(0).level).toBe(0);
    expect(makePaint(1).bold.level).toBe(1);
  });
});

describe('colorLevel', () => {
  it('NO_COLOR, TERM=dumb and --json turn colour off; FORCE_COLOR wins over all but --json', () => {
    expect(colorLevel({}, true, false)).toBe(1);
    expect(colorLevel({}, false, false)).toBe(0);
    expect(colorLevel({ NO_COLOR: '1' }, true, false)).toBe(0);
    expect(colorLevel({ TERM: 'dumb' }, true, false)).toBe(0);
    expect(colorLevel({ FORCE_COLOR: '1', NO_COLOR: '1' }, false, false)).toBe(1);
    expect(colorLevel({ FORCE_COLOR: '3' }, false, false)).toBe(3);
    expect(colorLevel({ FORCE_COLOR: '0' }, true, false)).toBe(0);
    expect(colorLevel({ FORCE_COLOR: '1' }, true, true)).toBe(0);
  });
});
