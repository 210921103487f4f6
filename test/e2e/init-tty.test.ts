import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { answersFromTfvars, parseTfvars } from '../../src/render/tfvars-parse.js';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, makeWorld, ROOT, type World, type WorldOptions } from '../helpers/world.js';
import { WORKSPACE } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

// The tests run side by side (each in its own world), so the worlds are closed once all have ended.
let worlds: World[] = [];
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  worlds = [];
});
async function world(o: Partial<WorldOptions> = {}) {
  const w = await makeWorld({ motoUrl, tfMirror, ...o });
  worlds.push(w);
  return w;
}
const start = (w: World, args: string[] = []) =>
  spawnPty(process.execPath, [CLI, 'init', '--no-browser', ...args], { cwd: w.work, env: w.env });
type Term = ReturnType<typeof start>;

/** Answers prompts the way a person does: wait for the question (inquirer's "? " marks it), type, press Enter. */
async function answer(t: Term, prompt: string, text: string) {
  await t.waitFor(`? ${prompt}`);
  t.write(text + KEY.enter);
}
/** Types into a search prompt, waits for the wanted choice to be highlighted, picks it. */
async function pick(t: Term, prompt: string, text: string, choice: string) {
  await t.waitFor(`? ${prompt}`);
  t.write(text);
  await t.waitFor(`❯ ${choice}`);
  t.write(KEY.enter);
}
/** Replaces a prefilled default ("prod") with new text. */
const replaceDefault = (text: string) => KEY.backspace.repeat(40) + text;

async function throughTokenStep(t: Term, token: string) {
  await answer(t, 'Sym org slug', '');
  await answer(t, 'Slack workspace ID', WORKSPACE);
  await answer(t, 'Channel where access requests are posted', '');
  await answer(t, 'Channel where Sym reports errors', '');
  await answer(t, 'Okta org domain', 'acme.okta.com');
  await answer(t, 'Okta API token', token);
}

// Each test has its own world and types only once its own screen shows the question, so they run side
// by side: the file takes about as long as its one full run with terraform apply.
describe.skipIf(skip).concurrent('init under a real terminal', () => {
  it('walks every step as a user would and ends with a working, verified flow (symflow 8.x)', async () => {
    const w = await world({ symflow: { pendingSlackWorkspace: WORKSPACE, slackInstallAfterPolls: 3 } });
    const token = w.token;
    // The walk is about the wizard's questions, files and secret, so it runs on the zero-provider
    // fixture (real terraform init/plan/apply over the same terraform.tfvars, no AWS provider start-ups),
    // as faults and secret-merge do. The secret its outputs name is made here and already holds
    // another integration's value (one version), which the token must be merged with.
    w.env.SYM_QUICKSTART_TEMPLATES = join(ROOT, 'test/fixtures/templates-zero-provider');
    await sm().send(
      new CreateSecretCommand({ Name: w.secretName, SecretString: '{"pre_existing":"keep-me","nested":{"a":[1,2]}}' }),
    );
    const t = start(w);
    await throughTokenStep(t, token);
    await t.waitFor('Token accepted');
    await pick(t, 'Okta group users may request', 'AWS', 'AWS Admins');
    await answer(t, 'Label shown in Slack for AWS Admins', '');
    await t.waitFor('Add another group');
    await t.waitFor('❯ ✓ Done choosing groups');
    t.write(KEY.enter);
    await answer(t, 'Allow only members of one Okta group to approve', 'n');
    await answer(t, 'Let approvers approve their own requests', '');
    await answer(t, 'AWS region', '');
    await answer(t, 'Sym runtime / environment name', replaceDefault(w.runtime));
    await answer(t, 'Where should Terraform keep its state?', ''); // the default: a local file
    await answer(t, 'Apply this plan?', 'yes');
    const { exitCode } = await t.exit;
    const screen = t.output();
    expect(exitCode, screen.slice(-3000)).toBe(0);

    // The secret: the typed token, merged with what another integration had stored.
    const value = JSON.parse((await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString!);
    expect(value).toEqual({ pre_existing: 'keep-me', nested: { a: [1, 2] }, okta_api_token: token });
    // terraform.tfvars holds exactly the typed answers.
    const tfvars = answersFromTfvars(await parseTfvars(readFileSync(join(w.dir, 'app/terraform.tfvars'), 'utf8')));
    expect(tfvars).toEqual({
      org: 'acme',
      slackWorkspaceId: WORKSPACE,
      requestChannel: '#sym-requests',
      errorChannel: '#sym-errors',
      oktaDomain: 'acme.okta.com',
      targets: [{ label: 'AWS Admins', groupId: '00g1emaKYZTWRYYRRTSK' }],
      awsRegion: 'us-east-1',
      runtimeName: w.runtime,
    });
    expect(existsSync(join(w.dir, '.gitignore'))).toBe(true);
    // The summary names the flow and the secret; the masked token never shows.
    expect(screen).toContain(`/sym req okta_${w.runtime}`);
    expect(screen).toContain('Approval   any Sym member may approve; nobody may approve their own request');
    expect(screen).not.toMatch(/nothing to do for|\$ Terraform's plan/);
    expect(screen).toContain(w.secretName);
    expect(screen).not.toContain(token);
    expect(screen).toContain("Sym's Slack app is installed");
    // The search went to Okta's server with q=.
    expect(w.okta.log.some((l) => l.url.includes('/api/v1/groups?') && l.url.includes('q=AWS'))).toBe(true);
  });

  it('with symflow 2.x registers Slack through `services create` with the workspace ID', async () => {
    const w = await world({ symflowVersion: '2.3.1', symflow: { services: [] } });
    const t = start(w);
    await answer(t, 'Sym org slug', '');
    await answer(t, 'Slack workspace ID', WORKSPACE);
    await t.waitFor('Registered Slack workspace');
    await t.waitFor('Channel where access requests are posted');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    const create = w.calls('symflow').find((c) => c.argv[0] === 'services' && c.argv[1] === 'create');
    expect(create?.argv).toEqual(['services', 'create', '--service-type', 'slack', '--external-id', WORKSPACE]);
    expect(create?.stdin).toBe('n');
    expect(t.output()).toContain('https://static.symops.com/slack/install?token=');
  });

  it('re-asks a bad answer with the validator hint', async () => {
    const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
    const t = start(w);
    await answer(t, 'Sym org slug', '');
    await answer(t, 'Slack workspace ID', 'C0123ABCD');
    await t.waitFor(/channel ID/i);
    t.write(KEY.backspace.repeat(40) + WORKSPACE + KEY.enter);
    await t.waitFor('already installed');
    await answer(t, 'Channel where access requests are posted', replaceDefault('Sym Requests!'));
    await t.waitFor(/letters|allowed/i);
    t.write(replaceDefault('team-access') + KEY.enter);
    await answer(t, 'Channel where Sym reports errors', '');
    await answer(t, 'Okta org domain', 'https://acme-admin.okta.com/admin/dashboard');
    await t.waitFor('Okta API token');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).toMatch(/-admin/);
    // Once answered, each question's line shows what is stored, not what was typed.
    expect(t.output()).toContain('✔ Channel where access requests are posted #team-access');
    expect(t.output()).toContain('✔ Okta org domain (e.g. acme.okta.com) acme.okta.com');
    expect(t.output()).not.toMatch(/✔ Okta org domain \(e\.g\. acme\.okta\.com\) https:/);
    expect(existsSync(w.dir)).toBe(false);
  });

  it('an Okta 401 at the token step re-asks the token', async () => {
    const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
    const t = start(w);
    await throughTokenStep(t, '00notTheRightTokenAtAll');
    await t.waitFor('Security → API → Tokens');
    await answer(t, 'Okta API token', w.okta.token);
    await t.waitFor('Token accepted');
    await t.waitFor('Okta group users may request');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).not.toContain('00notTheRightTokenAtAll');
    // Where tokens are made is said once: before the first ask (Okta's fix says it after a refusal).
    expect(t.output().split("Create one in Okta's admin console").length - 1).toBe(1);
    expect(w.okta.log.filter((l) => l.url === '/api/v1/users/me').length).toBe(2);
  });

  it('the group picker searches 250 groups on the server, pages lazily, and labels each pick', async () => {
    const groups: Record<string, string> = {};
    for (let i = 1; i <= 250; i++) {
      const id = `00g${String(i).padStart(3, '0')}${'x'.repeat(14)}`;
      groups[id] = i <= 30 ? `Eng Team ${String(i).padStart(3, '0')}` : `Sales Region ${String(i).padStart(3, '0')}`;
    }
    const w = await world({
      symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
      okta: { groups },
    });
    const t = start(w);
    await throughTokenStep(t, w.okta.token);
    // First pick: from the first page of the server-side search.
    await pick(t, 'Okta group users may request', 'Eng', 'Eng Team 001');
    await answer(t, 'Label shown in Slack for Eng Team 001', replaceDefault('Engineering'));
    // Second pick: only on the second page, fetched when asked for.
    await t.waitFor('? Add another group');
    t.write('Eng');
    // The unfiltered list already shows Eng Team 002; keys typed before the "Eng" results are drawn
    // would move a cursor that the redraw then resets. The search asks Okta first, then redraws.
    await vi.waitFor(() => expect(w.okta.log.some((l) => /[?&]q=Eng\b/.test(l.url))).toBe(true), {
      timeout: 20_000,
      interval: 25,
    });
    t.skipSoFar();
    await t.waitFor('❯ Eng Team 002');
    t.write(KEY.down.repeat(25)); // "load more" is the last choice, below the first page of 20
    await t.waitFor('❯ … load more groups');
    t.write(KEY.enter);
    // The list now holds the second page too: Eng Team 021 is its first group.
    await t.waitFor('? Add another group');
    t.write(KEY.down.repeat(20));
    await t.waitFor('❯ Eng Team 021');
    t.write(KEY.enter);
    await answer(t, 'Label shown in Slack for Eng Team 021', '');
    await t.waitFor('Eng Team 021 → 00g021');
    await t.waitFor('? Add another group');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).toContain('Engineering → 00g001xxxxxxxxxxxxxx');
    const searches = w.okta.log.filter((l) => l.url.startsWith('/api/v1/groups?'));
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((l) => /[?&]limit=20\b/.test(l.url))).toBe(true);
    expect(searches.some((l) => /[?&]q=Eng\b/.test(l.url))).toBe(true);
    expect(searches.some((l) => /[?&]after=/.test(l.url))).toBe(true);
    // Never the whole org: 250 groups, pages of 20, only what was looked at.
    expect(searches.length).toBeLessThan(20);
  });

  it('at 80 columns: no word split across rows, the Slack wait one spinner row; Ctrl-C keeps a debug log without ESC', async () => {
    const w = await world({ symflow: { pendingSlackWorkspace: WORKSPACE, slackInstallAfterPolls: 1000 } });
    const tmp = mkdtempSync(join(w.root, 'tmp-'));
    const t = spawnPty(process.execPath, [CLI, 'init', '--no-browser'], {
      cwd: w.work,
      env: { ...w.env, TMPDIR: tmp },
      cols: 80,
    });
    await answer(t, 'Sym org slug', '');
    await answer(t, 'Slack workspace ID', WORKSPACE);
    await t.waitFor("Waiting for Sym's Slack app");
    const spinnerFrames = () =>
      t
        .raw()
        .split('\r')
        .map((f) => stripVTControlCharacters(f).replace('^C', '')) // ^C: the terminal's echo of the key
        .filter((f) => f.includes('Waiting for Sym'));
    // A good many redraws (a second or two of the spinner), counted rather than timed.
    await vi.waitFor(() => expect(spinnerFrames().length).toBeGreaterThan(15), { timeout: 20_000, interval: 50 });
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    // Every spinner frame fits on one row, so a redraw clears all of it and nothing stacks.
    const frames = spinnerFrames();
    expect(frames.length).toBeGreaterThan(5);
    for (const f of frames) {
      expect(f).not.toContain('\n');
      expect(f.length, f).toBeLessThan(80);
    }
    // Every line written fits the 80 columns, so the terminal never cut a word; the wait's text was
    // longer than that, so the wrapping is ours.
    // (Our lines only: inquirer redraws its prompts with cursor moves that no line split can follow.)
    const ours = stripVTControlCharacters(t.raw())
      .split(/\r?\n|\r/)
      .filter((l) => /^\s*[◆✔⚠✖→│…•]/.test(l) && !l.includes('? '));
    expect(ours.length).toBeGreaterThan(3);
    for (const line of ours) expect(line.length <= 80 || !/\s/.test(line.trim()), line).toBe(true);
    const [log] = readdirSync(tmp).filter((n) => n.endsWith('.log'));
    expect(log, 'the interrupted run keeps its debug log').toBeTruthy();
    const text = readFileSync(join(tmp, log!), 'utf8');
    expect(text).toContain('Slack workspace');
    expect(text).not.toContain('\x1b');
  });

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
    const t = start(w);
    await answer(t, 'Sym org slug', '');
    await t.waitFor('Slack workspace ID');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(existsSync(w.dir)).toBe(false);
  });

  it('logged out: the org is asked once, before `symflow login`, which gets it as --org-id', async () => {
    const w = await world({
      symflow: { loggedIn: false, org: 'acme', services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] },
    });
    const t = start(w);
    await answer(t, 'Sym org slug', 'acme');
    await t.waitFor('? Slack workspace ID');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output().match(/✔ Sym org slug/g)?.length).toBe(1);
    expect(w.calls('symflow').find((c) => c.argv[0] === 'login')?.argv).toEqual(['login', '--org-id', 'acme']);
  });

  it('logged in to acme, another org typed: asked again with both ways out, not a stop', async () => {
    const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
    const t = start(w);
    await answer(t, 'Sym org slug', replaceDefault('globex'));
    await t.waitFor('Your Sym session is in "acme"');
    await t.waitFor('symflow login --org-id globex');
    t.write(replaceDefault('acme') + KEY.enter);
    await t.waitFor('? Slack workspace ID');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).toContain('✔ Sym org slug (Org ID) acme');
  });

  it('the Slack workspace defaults to the one registered with Sym; Enter takes it', async () => {
    const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
    const t = start(w);
    await answer(t, 'Sym org slug', '');
    await t.waitFor(`? Slack workspace ID (${WORKSPACE})`);
    t.write(KEY.enter);
    await t.waitFor(`Sym's Slack app is already installed in ${WORKSPACE}`);
    await t.waitFor('? Channel where access requests are posted');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
  });

  it('an unregistered workspace offers the registered one before waiting for an install', async () => {
    const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
    const t = start(w);
    await answer(t, 'Sym org slug', '');
    await answer(t, 'Slack workspace ID', 'T0999ZZZZ');
    await t.waitFor(`registered with Sym: ${WORKSPACE}`);
    await t.waitFor(`❯ Use ${WORKSPACE} (already registered with Sym)`);
    t.write(KEY.enter);
    await t.waitFor('? Channel where access requests are posted');
    t.write(KEY.ctrlC);
    expect((await t.exit).exitCode).toBe(130);
    expect(t.output()).not.toContain('Waiting for Sym');
  });
});
