import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/ui/wrap.js';

const DIM = '\u001B[2m';
const UNDIM = '\u001B[22m';
const lines = (text: string) => stripVTControlCharacters(text).split('\n');

describe('wrapText', () => {
  it('hangs continuation lines under the text after a marker', () => {
    expect(lines(wrapText('✔ Flow "okta_prod" is live; the secret holds the token', 30))).toEqual([
      '✔ Flow "okta_prod" is live;',
      '  the secret holds the token',
    ]);
  });

  it('keeps the indentation of a line whose colour starts before it (a dim hint), on every line', () => {
    const hint = `${DIM}  Open Slack in a browser: the workspace ID is the T… segment of its address${UNDIM}`;
    const wrapped = lines(wrapText(hint, 40));
    expect(wrapped.length).toBeGreaterThan(1);
    for (const line of wrapped) {
      expect(line.startsWith('  ') && !line.startsWith('   '), line).toBe(true);
      expect(line.length).toBeLessThanOrEqual(40);
    }
  });

  it('leaves a line that fits, and a word longer than the line, whole', () => {
    expect(wrapText('  short', 40)).toBe('  short');
    const path = `  ${'x'.repeat(60)}`;
    expect(wrapText(path, 40)).toBe(path);
  });
});
