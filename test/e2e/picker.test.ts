import { afterEach, describe, expect, it } from 'vitest';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, makeWorld, type World, type WorldOptions } from '../helpers/world.js';
import { WORKSPACE } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';

// The group picker as a fast typist meets it: Okta answers each search late, keys and Enter arrive
// before the list for what was typed. Enter must act on that list, never on the one still on screen.
const { motoUrl, tfMirror, skip } = loopback();

let worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  worlds = [];
});

const GROUPS = {
  '00g1emaKYZTWRYYRRTSK': 'AWS Ops Admin',
  '00g2secaudxxxxxxxxxx': 'Security Auditors',
  '00g3secretsxxxxxxxxx': 'Security Auditors EU',
  '00g4engOncallxyz0001': 'Eng Oncall',
  '00g5billingxxxxxxxxx': 'Billing',
  '00g6appgroupxxxxxxxx': { name: 'AD Engineers', type: 'APP_GROUP' as const },
};

async function world(o: Partial<WorldOptions> = {}) {
  const w = await makeWorld({
    motoUrl,
    tfMirror,
    symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
    okta: { groups: GROUPS },
    ...o,
  });
  worlds.push(w);
  return w;
}
const start = (w: World) => spawnPty(process.execPath, [CLI, 'init', '--no-browser'], { cwd: w.work, env: w.env });
type Term = ReturnType<typeof start>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answer(t: Term, prompt: string, text: string) {
  await t.waitFor(`? ${prompt}`);
  t.write(text + KEY.enter);
}

async function toTargets(t: Term, w: World) {
  await answer(t, 'Sym org slug', '');
  await answer(t, 'Slack workspace ID', WORKSPACE);
  await answer(t, 'Channel where access requests are posted', '');
  await answer(t, 'Channel where Sym reports errors', '');
  await answer(t, 'Okta org domain', 'acme.okta.com');
  await answer(t, 'Okta API token', w.token);
  await t.waitFor('Token accepted');
}

describe.skipIf(skip)('group picker under a real terminal, Okta answering 300 ms late', () => {
  it('typed names, a pasted ID and Enter within 50 ms pick exactly those groups', async () => {
    const w = await world();
    const t = start(w);
    await toTargets(t, w);
    w.okta.delayMs = 300;
    // The unfiltered list is on screen (AWS Ops Admin highlighted); the name and Enter come at once.
    await t.waitFor('? Okta group users may request');
    await t.waitFor('❯ AWS Ops Admin');
    t.write(`Security Auditors${KEY.enter}`);
    await answer(t, 'Label shown in Slack for Security Auditors', '');
    await t.waitFor('Security Auditors → 00g2secaudxxxxxxxxxx');
    // A pasted ID, Enter 20 ms later: the list on screen starts with "Done".
    await t.waitFor('? Add another group');
    await t.waitFor('❯ ✓ Done choosing groups');
    t.write('00g4engOncallxyz0001');
    await sleep(20);
    t.write(KEY.enter);
    await answer(t, 'Label shown in Slack for Eng Oncall', '');
    await t.waitFor('Eng Oncall → 00g4engOncallxyz0001');
    // A name, Enter 150 ms later (the search is still out: Okta takes 300 ms).
    await t.waitFor('? Add another group');
    await t.waitFor('❯ ✓ Done choosing groups');
    t.write('Billing');
    await sleep(150);
    t.write(KEY.enter);
    await answer(t, 'Label shown in Slack for Billing', '');
    await t.waitFor('Billing → 00g5billingxxxxxxxxx');
    await t.waitFor('? Add another group');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    const screen = t.output();
    expect(screen).not.toContain('AWS Ops Admin → ');
    expect(screen).not.toContain('Security Auditors EU → ');
  });

  it('shows an APP_GROUP disabled with the reason; typing its exact name and Enter does not pick it', async () => {
    const w = await world();
    const t = start(w);
    await toTargets(t, w);
    await t.waitFor('? Okta group users may request');
    t.write('AD');
    await t.waitFor(/AD Engineers {2}00g6appgroupxxxxxxxx {2}\(APP_GROUP: members come from an app/);
    t.write(`${KEY.backspace.repeat(2)}AD Engineers${KEY.enter}`);
    await t.waitFor('AD Engineers  00g6appgroupxxxxxxxx cannot be chosen: APP_GROUP');
    // Still asking: the disabled group was not taken, and the next pick works.
    t.write(`${KEY.backspace.repeat(12)}Billing`);
    await t.waitFor('❯ Billing');
    t.write(KEY.enter);
    await answer(t, 'Label shown in Slack for Billing', '');
    await t.waitFor('Billing → 00g5billingxxxxxxxxx');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).not.toContain('AD Engineers → ');
  });
});
