// `destroy` in a real terminal: the user types the runtime name to confirm. On the zero-provider
// fixture (terraform_data, sub-second applies); the AWS side is covered by destroy.test.ts.
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciFlags, CI_SYMFLOW, JWT } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';
import { KEY, spawnPty } from '../helpers/pty.js';
import { terraform } from '../helpers/terraform.js';
import { CLI, makeWorld, ROOT, type World } from '../helpers/world.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

describe.skipIf(skip)('destroy in a terminal', () => {
  let w: World;
  const state = async () =>
    (await terraform(['state', 'list'], join(w.dir, 'app'), w.env)).stdout.split('\n').filter(Boolean);
  const start = () =>
    spawnPty(process.execPath, [CLI, 'destroy', w.dir], { cwd: w.work, env: { ...w.env, SYM_JWT: JWT } });

  beforeAll(async () => {
    w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW });
    w.env.SYM_QUICKSTART_TEMPLATES = join(ROOT, 'test/fixtures/templates-zero-provider');
    // That fixture creates no secret; the token goes into one made beforehand.
    await sm().send(new CreateSecretCommand({ Name: w.secretName }));
    const r = await w.run(ciFlags(w), { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(0);
  }, 120_000);
  afterAll(() => w?.close());

  it('Ctrl-C at the confirmation: exit 130, nothing destroyed, and no advice to run it again', async () => {
    const before = await state();
    expect(before.length).toBeGreaterThan(0);
    const cols = 64;
    const t = spawnPty(process.execPath, [CLI, 'destroy', w.dir], {
      cwd: w.work,
      env: { ...w.env, SYM_JWT: JWT },
      cols,
    });
    await t.waitFor(`Type the runtime name (${w.runtime}) to destroy all of this`);
    expect(t.output()).toContain(`Destroying runtime "${w.runtime}" removes`);
    // What goes and what stays is wrapped at the terminal's width on word boundaries: only a word longer
    // than the line (a path) may pass the edge, on a line of its own.
    for (const line of t.output().split(/\r?\n|\r/)) {
      if (line.length > cols) expect(line.trim().split(/\s+/), line).toHaveLength(1);
    }
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(await state()).toEqual(before);
    // Nothing started, so there is nothing to finish: no "run the same command again".
    expect(t.output()).toContain('Interrupted at the confirmation: nothing was destroyed.');
    expect(t.output()).not.toContain('To finish it');
    expect(t.output()).not.toContain(`destroy ${w.dir}`);
  }, 60_000);

  it('a wrong name is refused and asked again; the right one destroys', async () => {
    const t = start();
    await t.waitFor(`Type the runtime name (${w.runtime})`);
    t.write(`prod${KEY.enter}`);
    await t.waitFor(`That is not "${w.runtime}"`);
    expect(await state()).not.toEqual([]);
    t.write(KEY.backspace.repeat(4) + w.runtime + KEY.enter);
    await t.waitFor(`Destroyed`);
    expect((await t.exit).exitCode).toBe(0);
    expect(await state()).toEqual([]);
  }, 60_000);
});
