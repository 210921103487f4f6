// A Secrets Manager secret may be shared with other integrations: the wizard's store step must put
// okta_api_token into it without changing a byte of anyone else's keys, and must refuse (not
// overwrite) a value that is not a JSON object unless told to. Checked on the secret as moto stores
// it and hands it back — through the built CLI for a few cases, and for many generated ones through
// the store step itself with the real secrets adapter.
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createSecrets } from '../../src/aws/secrets.js';
import { TOKEN_KEY } from '../../src/aws/secret.js';
import { storeToken } from '../../src/steps/store-token.js';
import type { StepContext } from '../../src/steps/types.js';
import { Output } from '../../src/ui/output.js';
import { Redactor } from '../../src/ui/redact.js';
import { makeWorld, ROOT, type World } from '../helpers/world.js';
import { CI_SYMFLOW, JWT, answerFlags } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, noMoto, skip: noTerraform, sm } = loopback();

// ---- an independent reading of JSON text: each top-level member's key and value, exactly as written ----
interface RawMember {
  key: string;
  keyText: string;
  valueText: string;
}
/** A small recursive-descent JSON reader that throws on anything that is not one JSON object. */
function rawMembers(text: string): RawMember[] {
  let i = 0;
  const ws = () => {
    while (' \t\n\r'.includes(text[i] ?? 'x')) i++;
  };
  const expectChar = (c: string) => {
    if (text[i] !== c) throw new Error(`expected ${c} at ${i}`);
    i++;
  };
  const string = () => {
    const start = i;
    expectChar('"');
    while (text[i] !== '"') {
      if (i >= text.length) throw new Error('unterminated string');
      i += text[i] === '\\' ? 2 : 1;
    }
    i++;
    return text.slice(start, i);
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '"') string();
    else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          string();
          ws();
          expectChar(':');
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else {
          expectChar(close);
          return;
        }
      }
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
      if (!m) throw new Error(`bad value at ${i}`);
      i += m[0].length;
    }
  };
  const out: RawMember[] = [];
  ws();
  expectChar('{');
  ws();
  if (text[i] === '}') i++;
  else
    for (;;) {
      ws();
      const keyText = string();
      ws();
      expectChar(':');
      ws();
      const start = i;
      value();
      out.push({ key: JSON.parse(keyText) as string, keyText, valueText: text.slice(start, i) });
      ws();
      if (text[i] === ',') i++;
      else {
        expectChar('}');
        break;
      }
    }
  ws();
  if (i !== text.length) throw new Error('trailing text');
  return out;
}

/** Every member other than the token's is in `after`, key and value spelled exactly as before. */
function othersIntact(before: string, after: string) {
  const now = rawMembers(after);
  for (const m of rawMembers(before).filter((x) => x.key !== TOKEN_KEY)) {
    expect(now.filter((n) => n.key === m.key).map((n) => [n.keyText, n.valueText])).toContainEqual([
      m.keyText,
      m.valueText,
    ]);
  }
  expect(now.filter((n) => n.key !== TOKEN_KEY).length).toBe(
    rawMembers(before).filter((x) => x.key !== TOKEN_KEY).length,
  );
}

// ---- generated secrets: layouts and spellings a parse-and-stringify round trip would not keep ----
const ws = fc.constantFrom('', ' ', '\n  ', '\t', '\r\n');
const escapeAll = (s: string) =>
  `"${[...Array(s.length).keys()].map((i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;
const str = (s: fc.Arbitrary<string>) =>
  fc.tuple(s, fc.boolean()).map(([v, esc]) => (esc ? escapeAll(v) : JSON.stringify(v)));
const unicode = fc.string({ unit: 'grapheme', maxLength: 8 });
const number = fc.oneof(
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String), // beyond 2^53: a parse would round it
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom('1E+2', '-0.0e-0', '0.1000', '12345678901234567890.5'),
);
const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    str(unicode),
    number,
    fc.constantFrom('true', 'false', 'null'),
    tie('array'),
    tie('object'),
  ),
  array: fc
    .tuple(fc.array(fc.tuple(ws, tie('value'), ws), { maxLength: 3 }), ws)
    .map(([xs, w]) => `[${xs.length ? xs.map((x) => x.join('')).join(',') : w}]`),
  object: fc
    .tuple(fc.array(fc.tuple(ws, str(unicode), ws, ws, tie('value'), ws), { maxLength: 3 }), ws)
    .map(([ms, w]) => `{${ms.length ? ms.map(([a, k, b, c, v, d]) => `${a}${k}${b}:${c}${v}${d}`).join(',') : w}}`),
}));
const existingSecret = fc
  .tuple(
    ws,
    fc.uniqueArray(
      fc.tuple(
        fc.oneof({ weight: 1, arbitrary: fc.constant(TOKEN_KEY) }, { weight: 5, arbitrary: unicode }),
        fc.boolean(),
        ws,
        ws,
        value,
      ),
      {
        selector: ([k]) => k,
        maxLength: 6,
      },
    ),
    ws,
  )
  .map(
    ([lead, members, trail]) =>
      `${lead}{${members.map(([k, esc, a, b, v]) => `${a}${esc ? escapeAll(k) : JSON.stringify(k)}${b}:${v}`).join(',')}}${trail}`,
  );
const token = fc.stringMatching(/^00[A-Za-z0-9_-]{20,40}$/);

const versionsOf = async (name: string) =>
  (await sm().send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }))).Versions!.length;
const secretValueOf = async (name: string) =>
  (await sm().send(new GetSecretValueCommand({ SecretId: name }))).SecretString!;

describe.skipIf(noMoto)('the store step against moto (many generated secrets)', () => {
  const home = mkdtempSync(join(tmpdir(), 'secret-merge-'));
  const env = { HOME: home, AWS_ENDPOINT_URL: motoUrl, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };

  /** The wizard's own store step, on a secret Terraform would have named; everything it touches is real. */
  async function store(name: string, tok: string, opts: { replaceSecret?: boolean } = {}) {
    const redactor = new Redactor();
    redactor.add(tok);
    const stderr = new PassThrough();
    let shown = '';
    stderr.on('data', (d: Buffer) => (shown += d));
    const ctx = {
      env,
      out: new Output({ stdout: new PassThrough(), stderr, env: {}, json: false, verbose: false, redactor }),
      adapters: { createSecrets },
      options: { replaceSecret: Boolean(opts.replaceSecret), forceSteps: new Set<string>() },
      state: {
        answers: {},
        groups: new Map(),
        token: tok,
        outputs: { okta_secret_name: name, aws_region: 'us-east-1', flow_name: 'okta' },
      },
    } as unknown as StepContext;
    return { outcome: await storeToken.apply!(ctx), shown };
  }

  it('keeps every other key and value byte for byte; an unchanged token makes no new version', async () => {
    await fc.assert(
      fc.asyncProperty(existingSecret, token, async (before, tok) => {
        const name = `quickstart-merge/${randomUUID()}`;
        await sm().send(new CreateSecretCommand({ Name: name, SecretString: before }));
        const { outcome, shown } = await store(name, tok);
        const after = await secretValueOf(name);
        othersIntact(before, after);
        expect(JSON.parse(after)[TOKEN_KEY]).toBe(tok);
        expect(shown).not.toContain(tok);
        const sameToken = rawMembers(before).some((m) => m.key === TOKEN_KEY && JSON.parse(m.valueText) === tok);
        expect(outcome.status).toBe(sameToken ? 'unchanged' : 'done');
        expect(await versionsOf(name)).toBe(sameToken ? 1 : 2);
        // Storing the same token again is a no-op: no third version.
        expect((await store(name, tok)).outcome.status).toBe('unchanged');
        expect(await secretValueOf(name)).toBe(after);
        expect(await versionsOf(name)).toBe(sameToken ? 1 : 2);
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('a value that is not a JSON object is refused, untouched; --replace-secret replaces it', async () => {
    for (const before of ['00plainOldTokenValue', '["a",1]', '"quoted"', 'null', '{"unterminated": 1']) {
      const name = `quickstart-merge/${randomUUID()}`;
      await sm().send(new CreateSecretCommand({ Name: name, SecretString: before }));
      await expect(store(name, '00newTOKENxxxxxxxxxxxxxx')).rejects.toMatchObject({
        exitCode: 1,
        fix: expect.stringContaining('--replace-secret'),
      });
      expect(await secretValueOf(name)).toBe(before);
      expect(await versionsOf(name)).toBe(1);
      await store(name, '00newTOKENxxxxxxxxxxxxxx', { replaceSecret: true });
      expect(await secretValueOf(name)).toBe('{"okta_api_token":"00newTOKENxxxxxxxxxxxxxx"}');
    }
  }, 60_000);
});

// The store step runs after `terraform apply`; what it is given is the secret the apply created, already
// holding another integration's value. These runs use the zero-provider fixture (Terraform's built-in
// terraform_data: no AWS provider to start, sub-second plans and applies), as the fault tests do; the
// secret its outputs name is made here, holding that value, before the run.
describe.skipIf(noTerraform)('the built CLI on a secret another integration already uses', () => {
  const worlds: World[] = [];
  afterAll(() => Promise.all(worlds.map((w) => w.close())));
  const world = async (seed: string) => {
    const w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    worlds.push(w);
    w.env.SYM_QUICKSTART_TEMPLATES = join(ROOT, 'test/fixtures/templates-zero-provider');
    // Another integration got there first: the secret holds its value (one version).
    await sm().send(new CreateSecretCommand({ Name: w.secretName, SecretString: seed }));
    return w;
  };
  const args = (w: World, ...more: string[]) => ['init', '--yes', ...answerFlags(w.runtime), ...more];
  const env = (w: World) => ({ CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token });

  it.concurrent('merges into a pretty-printed JSON object with big numbers, escapes and unicode keys, byte for byte', async () => {
    const seed =
      '{\n  "account_id": 123456789012345678901234567890,\n  "caf\\u00e9": "cr\\u00e8me",\n  "ключ": {"nested": [1, 2.50, {"deep": null}]},\n  "emoji 🔑": "\\ud83d\\udd11"\n}\n';
    const w = await world(seed);
    const r = await w.run(args(w), { env: env(w) });
    expect(r.exitCode, r.stderr).toBe(0);
    const after = await secretValueOf(w.secretName);
    othersIntact(seed, after);
    // The new key follows the file's own layout, so the whole text is the seed plus one member.
    expect(after).toBe(seed.replace('"\\ud83d\\udd11"\n}', `"\\ud83d\\udd11",\n  "${TOKEN_KEY}": "${w.token}"\n}`));
    expect(await versionsOf(w.secretName)).toBe(2);
  }, 120_000);

  it.concurrent('a plain-string secret: refused with exit 1 and left alone; a dry run says it would refuse; --replace-secret replaces it', async () => {
    const seed = '00someOtherPlainTokenValue';
    const w = await world(seed);
    const r = await w.run(args(w), { env: env(w) });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('not a JSON object');
    expect(r.stderr).toContain('--replace-secret');
    expect(r.stderr).not.toContain(seed);
    expect(r.stderr).not.toContain(w.token);
    expect(await secretValueOf(w.secretName)).toBe(seed);
    expect(await versionsOf(w.secretName)).toBe(1);

    const dry = await w.run(args(w, '--dry-run'), { env: env(w) });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(
      new RegExp(`${w.secretName.replace(/\//g, '\\/')} in us-east-1: would refuse to write: .*not a JSON object`),
    );
    const dryReplace = await w.run(args(w, '--dry-run', '--replace-secret'), { env: env(w) });
    expect(dryReplace.stderr).toContain(
      'would replace the current value, which is not a JSON object (--replace-secret)',
    );
    expect(await versionsOf(w.secretName)).toBe(1);

    const again = await w.run(args(w, '--replace-secret'), { env: env(w) });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await secretValueOf(w.secretName)).toBe(`{"${TOKEN_KEY}":"${w.token}"}`);
    expect(await versionsOf(w.secretName)).toBe(2);
  }, 180_000);
});
