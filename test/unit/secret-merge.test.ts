import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuickstartError } from '../../src/errors.js';
import { mergeSecretValue } from '../../src/aws/secret-merge.js';

const KEY = 'okta_api_token';

// ---- generators of raw JSON text (not JSON.stringify output: layout and spelling vary) ----
const ws = fc.constantFrom('', ' ', '  ', '\n', '\n  ', '\t', '\r\n    ');
/** Every UTF-16 unit as \uXXXX: the same string, spelled in a way a round trip would not keep. */
const escapeAll = (s: string) =>
  `"${[...Array(s.length).keys()].map((i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;
const stringText = (s: fc.Arbitrary<string>) =>
  fc.tuple(s, fc.boolean()).map(([v, esc]) => (esc ? escapeAll(v) : JSON.stringify(v)));
const anyString = fc.string({ unit: 'binary', maxLength: 12 });
const numberText = fc.oneof(
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String), // beyond 2^53: lossy through a parse
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom('1E+2', '-0.0e-0', '0.1000', '1e400'),
);
const { value: valueText } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    stringText(anyString),
    numberText,
    fc.constantFrom('true', 'false', 'null'),
    tie('array'),
    tie('object'),
  ),
  array: fc
    .tuple(fc.array(fc.tuple(ws, tie('value'), ws), { maxLength: 3 }), ws)
    .map(([items, w]) => `[${items.length ? items.map((i) => i.join('')).join(',') : w}]`),
  object: fc
    .tuple(fc.array(fc.tuple(ws, stringText(anyString), ws, ws, tie('value'), ws), { maxLength: 3 }), ws)
    .map(([ms, w]) => `{${ms.length ? ms.map(([a, k, b, c, v, d]) => `${a}${k}${b}:${c}${v}${d}`).join(',') : w}}`),
}));

interface Member {
  key: string;
  /** `"key" : value` exactly as written. */
  core: string;
  valueStart: number;
  valueEnd: number;
}

/** A top-level object as text, with each member's text and where its value sits. */
const secretObject = fc
  .record({
    lead: ws,
    trail: ws,
    empty: ws,
    members: fc.uniqueArray(
      fc.record({
        key: fc.oneof(
          { weight: 1, arbitrary: fc.constant(KEY) },
          { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
        ),
        escapedKey: fc.boolean(),
        w: fc.tuple(ws, ws, ws, ws),
        value: valueText,
      }),
      { selector: (m) => m.key, maxLength: 6 },
    ),
  })
  .map(({ lead, trail, empty, members }) => {
    let text = `${lead}{`;
    const out: Member[] = [];
    members.forEach((m, i) => {
      const keyText = m.escapedKey ? escapeAll(m.key) : JSON.stringify(m.key);
      const [a, b, c, d] = m.w;
      text += `${i ? ',' : ''}${a}`;
      const coreStart = text.length;
      text += `${keyText}${b}:${c}`;
      const valueStart = text.length;
      text += m.value;
      out.push({ key: m.key, core: text.slice(coreStart), valueStart, valueEnd: text.length });
      text += d;
    });
    text += `${members.length ? '' : empty}}${trail}`;
    return { text, members: out };
  });
const token = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });

/** [start, end) of the region of `before` that differs from `after` (common prefix and suffix removed). */
function changedRegion(before: string, after: string): [number, number, string] {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let q = 0;
  while (q < before.length - p && q < after.length - p && before[before.length - 1 - q] === after[after.length - 1 - q])
    q++;
  return [p, before.length - q, after.slice(p, after.length - q)];
}

const RUNS = { numRuns: 400 };

describe('mergeSecretValue on JSON objects (property)', () => {
  it('only the token changes; every other member stays byte-for-byte', () => {
    fc.assert(
      fc.property(secretObject, token, ({ text, members }, tok) => {
        const { next, changed } = mergeSecretValue(text, KEY, tok);
        const parsedNext = JSON.parse(next) as Record<string, unknown>;
        const parsedBefore = JSON.parse(text) as Record<string, unknown>;
        expect(parsedNext[KEY]).toBe(tok);
        for (const m of members.filter((x) => x.key !== KEY)) {
          expect(next).toContain(m.core);
          expect(
            Object.is(parsedNext[m.key], parsedBefore[m.key]) ||
              JSON.stringify(parsedNext[m.key]) === JSON.stringify(parsedBefore[m.key]),
          ).toBe(true);
        }
        const target = members.find((m) => m.key === KEY);
        if (!changed) {
          expect(next).toBe(text);
          expect(parsedBefore[KEY]).toBe(tok);
          return;
        }
        const [start, end] = changedRegion(text, next);
        if (target) {
          // A replacement touches nothing outside the old value.
          expect(start).toBeGreaterThanOrEqual(target.valueStart);
          expect(end).toBeLessThanOrEqual(target.valueEnd);
        } else {
          expect(end).toBe(start); // a pure insertion
        }
      }),
      RUNS,
    );
  });

  it('merging the same token twice changes nothing the second time', () => {
    fc.assert(
      fc.property(secretObject, token, ({ text }, tok) => {
        const once = mergeSecretValue(text, KEY, tok);
        const twice = mergeSecretValue(once.next, KEY, tok);
        expect(twice).toEqual({ next: once.next, changed: false });
      }),
      RUNS,
    );
  });
});

describe('mergeSecretValue examples', () => {
  it('no value yet → a fresh object', () => {
    expect(mergeSecretValue(undefined, KEY, 't0k')).toEqual({ next: '{"okta_api_token":"t0k"}', changed: true });
    expect(mergeSecretValue('', KEY, 't0k')).toEqual({ next: '{"okta_api_token":"t0k"}', changed: true });
    expect(mergeSecretValue('  \n', KEY, 't0k').next).toBe('{"okta_api_token":"t0k"}');
  });

  it('keeps big integers, escapes and layout; follows a pretty-printed layout', () => {
    const cur =
      '{\n  "account": 123456789012345678901234567890,\n  "name": "caf\\u00e9",\n  "nested": {"a": [1, 2.50, {"b": null}]}\n}\n';
    const { next, changed } = mergeSecretValue(cur, KEY, '00abcTOKEN');
    expect(changed).toBe(true);
    expect(next).toBe(
      '{\n  "account": 123456789012345678901234567890,\n  "name": "caf\\u00e9",\n  "nested": {"a": [1, 2.50, {"b": null}]},\n  "okta_api_token": "00abcTOKEN"\n}\n',
    );
  });

  it('replaces an existing token in place; the same token is no change', () => {
    const cur = '{"other_key":"keep-me", "okta_api_token" : "old" ,"z":1}';
    expect(mergeSecretValue(cur, KEY, 'new').next).toBe('{"other_key":"keep-me", "okta_api_token" : "new" ,"z":1}');
    expect(mergeSecretValue(cur, KEY, 'old')).toEqual({ next: cur, changed: false });
    expect(mergeSecretValue('{"okta_api_token":"\\u006fld"}', KEY, 'old').changed).toBe(false);
  });

  it('empty objects, and a token that needs escaping', () => {
    expect(mergeSecretValue('{}', KEY, 'a"b\\c').next).toBe('{"okta_api_token":"a\\"b\\\\c"}');
    expect(mergeSecretValue(' { \n } ', KEY, 'x').next).toBe(' {"okta_api_token":"x" \n } ');
  });

  it('with duplicate keys, replaces the one JSON.parse reads (the last)', () => {
    const { next } = mergeSecretValue('{"okta_api_token":"a","okta_api_token":"b"}', KEY, 'c');
    expect(next).toBe('{"okta_api_token":"a","okta_api_token":"c"}');
  });
});

describe('mergeSecretValue refuses what is not a JSON object', () => {
  const secretTok = 'TOKEN-9f8e7d6c5b4a';
  const nonObject = fc.oneof(
    fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !isJsonObject(s)),
    fc.json().filter((s) => !isJsonObject(s)),
    fc.json().map((s) => `[${s}]`),
    fc.constantFrom(
      '{"a":1',
      '{"a":1}}',
      "{'a':1}",
      '00abcPLAINTOKENvalue',
      'null',
      '"just a string"',
      '{"a":1} trailing',
    ),
  );

  it('throws exit 1 naming the fix, never echoing the value or the token', () => {
    fc.assert(
      fc.property(nonObject, (cur) => {
        let caught: unknown;
        try {
          mergeSecretValue(cur, KEY, secretTok);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(QuickstartError);
        const e = caught as QuickstartError;
        expect(e.exitCode).toBe(1);
        expect(e.fix).toContain('--replace-secret');
        const shown = `${e.message}\n${e.fix}`;
        expect(shown).not.toContain(secretTok);
        if (cur.length >= 6) expect(shown).not.toContain(cur);
      }),
      RUNS,
    );
  });

  it('overwrites with a fresh object when replaceNonJson is set', () => {
    fc.assert(
      fc.property(nonObject, (cur) => {
        expect(mergeSecretValue(cur, KEY, secretTok, { replaceNonJson: true })).toEqual({
          next: `{"okta_api_token":"${secretTok}"}`,
          changed: true,
        });
      }),
      RUNS,
    );
  });
});

function isJsonObject(s: string): boolean {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
