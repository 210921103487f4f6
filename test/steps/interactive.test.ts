// The decisions taken in a terminal, in process: the fake prompter stands in for the person (see
// fakes.ts). The terminal's own rendering and keys stay in the node-pty e2e tests.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply } from '../../src/steps/apply.js';
import { approverGroup } from '../../src/steps/approver-group.js';
import { oktaTargets } from '../../src/steps/okta-targets.js';
import { slackApp } from '../../src/steps/slack-app.js';
import { stateBackend } from '../../src/steps/state-backend.js';
import { storeToken } from '../../src/steps/store-token.js';
import { writeProject } from '../../src/steps/write-project.js';
import type { PickerChoice, PickerConfig } from '../../src/ui/search-picker.js';
import { BASIC } from '../helpers/answers.js';
import { fitBucket } from '../helpers/buckets.js';
import { type FakeOptions, fakeRun, type Registry } from './fakes.js';

const OPS = { id: '00g1emaKYZTWRYYRRTSK', name: 'AWS Ops', type: 'OKTA_GROUP' };
const APP = { id: '00g2appGROUP00000000', name: 'Workday', type: 'APP_GROUP' };
const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD';

/** A person who types `term` and presses Enter on the choice whose name contains `name`. */
const types =
  (term: string, name: string) =>
  async (_message: string, o: PickerConfig<unknown>): Promise<unknown> => {
    const choices: Array<PickerChoice<unknown>> = await o.source(term, { signal: new AbortController().signal });
    const choice = choices.find((c) => c.name.includes(name));
    if (!choice || choice.disabled) throw new Error(`no pickable "${name}" in ${choices.map((c) => c.name)}`);
    return choice.value;
  };

describe('okta-targets in a terminal', () => {
  it('searches, labels and collects groups until Done; an APP_GROUP is shown but cannot be picked', async () => {
    const { reg, ctx, stderr } = await fakeRun({
      interactive: true,
      state: { answers: {}, groups: new Map(), oktaScope: 'all' },
    });
    ctx.state.okta = reg.fake('okta');
    reg
      .stub('okta.searchGroups', async () => ({ groups: [OPS, APP] }))
      .stub('prompt.pick', types('AWS', 'AWS Ops'))
      .stub('prompt.text', (_m: string, def: string) => `${def} (prod)`)
      .stub('okta.searchGroups', async () => ({ groups: [OPS, APP] }))
      .stub('prompt.pick', async (_m: string, o: PickerConfig<unknown>) => {
        const choices = await o.source('', { signal: new AbortController().signal });
        expect(choices.find((c) => c.name.includes('Workday'))?.disabled).toMatch(/APP_GROUP|app/i);
        expect(choices.find((c) => c.name.includes('AWS Ops'))?.disabled).toBe('already chosen');
        return types('', 'Done')(_m, o);
      })
      .stub('okta.getGroup', async () => OPS);
    await oktaTargets.gather!(ctx);
    expect(ctx.state.answers.targets).toEqual([{ label: 'AWS Ops (prod)', groupId: OPS.id }]);
    expect(stderr()).toContain(`AWS Ops (prod) → ${OPS.id}`);
  });
});

describe('approver-group in a terminal', () => {
  it('no: anyone may approve; yes: the picked group', async () => {
    const no = await fakeRun({ interactive: true });
    no.ctx.state.okta = no.reg.fake('okta');
    no.reg
      .stub('prompt.confirm', () => false)
      .stub('prompt.confirm', (message: string, def: boolean) => {
        // Asked after the approver group, off unless the user says yes.
        expect([message, def]).toEqual([
          'Let approvers approve their own requests? (handy while you try the flow alone)',
          false,
        ]);
        return false;
      });
    await approverGroup.gather!(no.ctx);
    expect(no.ctx.state.answers.approverGroup).toBeUndefined();
    expect(no.ctx.state.answers.allowSelfApproval).toBe(false);

    const yes = await fakeRun({ interactive: true });
    yes.ctx.state.okta = yes.reg.fake('okta');
    yes.reg
      .stub('prompt.confirm', () => true)
      .stub('okta.searchGroups', async () => ({ groups: [OPS] }))
      .stub('prompt.pick', types('AWS', 'AWS Ops'))
      .stub('okta.getGroup', async () => OPS)
      .stub('prompt.confirm', () => true);
    await approverGroup.gather!(yes.ctx);
    expect(yes.ctx.state.answers.approverGroup).toBe(OPS.id);
    expect(yes.ctx.state.answers.allowSelfApproval).toBe(true);
  });
});

describe('write-project in a terminal, with a hand-edited tfvars', () => {
  const DATA = { label: 'Data Readers', groupId: '00g2bbbbbbbbbbbbbbbb' };
  // What the "Next" text suggests: another group added to okta_targets, with a comment, by hand.
  const addCommentedTarget = (text: string) =>
    text.replace(
      /(okta_targets = \[\n[\s\S]*?\n {2}\},\n)/,
      `$1  # Data team, added by hand for the audit (ticket OPS-42)\n  {\n    label    = "${DATA.label}"\n    group_id = "${DATA.groupId}"\n  },\n`,
    );
  /** A first run, then the user's edit: the project directory and journal every re-run below shares. */
  const edited = async (edit: (text: string) => string) => {
    const first = await fakeRun({ state: { answers: { ...BASIC }, groups: new Map() } });
    await writeProject.apply!(first.ctx);
    const path = join(first.dir, 'app/terraform.tfvars');
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    return { first, path, text: readFileSync(path, 'utf8') };
  };
  const rerun = async (first: Awaited<ReturnType<typeof fakeRun>>, answers: typeof BASIC) => {
    const run = await fakeRun({ interactive: true, state: { answers: { ...answers }, groups: new Map() } });
    Object.assign(run.ctx, { dir: first.dir, journal: first.ctx.journal });
    return run;
  };

  it('a hand-added commented target and the same answers: no question, the file byte for byte as it was', async () => {
    const { first, path, text } = await edited(addCommentedTarget);
    expect(text).toContain('# Data team');
    const targets = [...BASIC.targets, DATA];
    for (let n = 0; n < 3; n++) {
      // No prompt stub: a question would throw.
      const { ctx, reg } = await rerun(first, { ...BASIC, targets });
      const r = await writeProject.apply!(ctx);
      expect(r.status).toBe('unchanged');
      expect(readFileSync(path, 'utf8')).toBe(text);
      expect(reg.calls.filter((c) => c.name.startsWith('prompt.'))).toEqual([]);
    }
    expect(readdirSync(join(first.dir, 'app')).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it("a changed answer for a key in the wizard's layout: only that key is rewritten, without a question or a .bak", async () => {
    const { first, path, text } = await edited(addCommentedTarget);
    const { ctx } = await rerun(first, { ...BASIC, targets: [...BASIC.targets, DATA], runtimeName: 'staging' });
    await writeProject.apply!(ctx);
    expect(readFileSync(path, 'utf8')).toBe(text.replace('runtime_name = "prod"', 'runtime_name = "staging"'));
    expect(readdirSync(join(first.dir, 'app')).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('a changed answer for a key written by hand is asked about; "keep mine" is remembered and not asked again', async () => {
    const { first, path, text } = await edited(addCommentedTarget);
    // The user drops AWS Ops Admin at the prompt: okta_targets changes, and its comment is in the way.
    const { ctx, reg } = await rerun(first, { ...BASIC, targets: [DATA] });
    reg.stub('prompt.select', (message: string, values: string[]) => {
      expect(message).toBe('What should happen to okta_targets?');
      expect(values).toEqual(['keep', 'new']);
      return 'keep';
    });
    await writeProject.apply!(ctx);
    expect(readFileSync(path, 'utf8')).toBe(text);
    // What the run goes on with (its summary, the journal's answers) is what the file holds.
    expect(ctx.state.answers.targets).toEqual([...BASIC.targets, DATA]);
    expect(Object.keys(first.ctx.journal.data.tfvarsKept ?? {})).toEqual(['okta_targets']);
    const again = await rerun(first, { ...BASIC, targets: [DATA] });
    await writeProject.apply!(again.ctx);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(again.stderr()).toContain('kept your okta_targets in app/terraform.tfvars, as you chose before');
  });

  it('"use this run\'s answer": the key is rewritten, the comment moves above it, the old file is kept as .bak', async () => {
    const { first, path, text } = await edited(addCommentedTarget);
    const { ctx, reg } = await rerun(first, { ...BASIC, targets: [DATA] });
    reg.stub('prompt.select', () => 'new');
    await writeProject.apply!(ctx);
    const now = readFileSync(path, 'utf8');
    expect(now).toMatch(/# Data team[^\n]*\nokta_targets = \[\n {2}\{\n {4}label {4}= "Data Readers"/);
    expect(now).not.toContain('AWS Ops Admin');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(text);
    expect(first.ctx.journal.data.tfvarsKept).toBeUndefined();
  });
});

describe('dry-run plans', () => {
  const OUTPUTS = { okta_secret_name: 'sym/prod/okta-api-key', aws_region: 'us-east-1', flow_name: 'okta_access' };
  const ready = (o: FakeOptions = {}): FakeOptions => ({
    options: { dryRun: true },
    ...o,
    state: { answers: { ...BASIC }, groups: new Map(), outputs: OUTPUTS, token: TOKEN, ...o.state },
  });
  const secret = (reg: Registry, value?: string) => {
    const secrets = reg.fake('secrets');
    reg
      .stub('createSecrets', () => secrets)
      .stub('secrets.describe', async () => ({
        exists: value !== undefined,
        name: OUTPUTS.okta_secret_name,
        tags: {},
      }));
    if (value !== undefined)
      reg
        .stub('secrets.describe', async () => ({ exists: true, name: OUTPUTS.okta_secret_name, tags: {} }))
        .stub('secrets.readValue', async () => value);
  };

  it('store-token: a missing secret, one already holding the token, the same token forced', async () => {
    const missing = await fakeRun(ready());
    secret(missing.reg);
    expect((await storeToken.plan!(missing.ctx))[0]?.summary).toContain('does not exist yet');
    const same = await fakeRun(ready());
    secret(same.reg, JSON.stringify({ okta_api_token: TOKEN }));
    expect((await storeToken.plan!(same.ctx))[0]?.summary).toContain('unchanged');
    const forced = await fakeRun(ready({ options: { dryRun: true, forceSteps: new Set(['store-token']) } }));
    secret(forced.reg, JSON.stringify({ okta_api_token: TOKEN }));
    expect((await storeToken.plan!(forced.ctx))[0]?.summary).toContain('would write the same token again');
  });

  it('apply: the commands the real run would run, and terraform’s plan made on a scratch copy', async () => {
    const { reg, ctx, dir } = await fakeRun(ready());
    let scratch = '';
    const secrets = reg.fake('secrets');
    reg
      // No secret left by an earlier destroy: nothing to restore or import.
      .stub('createSecrets', () => secrets)
      .stub('secrets.describe', async () => ({ exists: false, name: 'sym/prod/okta-api-key', tags: {} }))
      .stub('terraform.init', async (cwd: string) => {
        scratch = cwd;
        expect(readFileSync(join(cwd, 'terraform.tfvars'), 'utf8')).toContain('okta_org_domain');
      })
      .stub('terraform.plan', async () => ({ changes: true, summary: 'Plan: 1 to add, 0 to change, 0 to destroy.' }));
    const changes = (await apply.plan!(ctx)).map((c) => c.summary);
    expect(changes[0]).toContain('terraform init -input=false -no-color   (in app/)');
    expect(changes.at(-1)).toBe('What terraform plan says:\nPlan: 1 to add, 0 to change, 0 to destroy.');
    expect(scratch.startsWith(dir)).toBe(false);
  });

  it('slack-app with symflow 3: not installed yet is a warning, and the step is skipped', async () => {
    const { reg, ctx, stderr } = await fakeRun({
      options: { dryRun: true },
      state: {
        answers: { slackWorkspaceId: BASIC.slackWorkspaceId },
        groups: new Map(),
        symflowVersion: { raw: '3.0.0', major: 3, hasServicesCreate: false },
      },
    });
    reg.stub('symflow.servicesList', async () => []);
    expect((await slackApp.gather!(ctx))?.status).toBe('skipped');
    expect(stderr()).toContain('before the real run');
  });
});

describe('state-backend in a terminal', () => {
  const answers = { awsRegion: 'eu-west-1', runtimeName: 'prod' };

  it('S3 chosen: suggests <account-id>-sym-tfstate-<region>, checks the bucket, plans its creation', async () => {
    const { reg, ctx } = await fakeRun({ interactive: true, state: { answers: { ...answers }, groups: new Map() } });
    const s3 = reg.fake('s3');
    reg
      .stub('prompt.select', (message: string, values: string[]) => {
        expect(message).toBe('Where should Terraform keep its state?');
        expect(values).toEqual(['local', 's3']);
        return 's3';
      })
      .stub('createStateBucket', () => s3, 2)
      .stub('s3.accountId', async () => '123456789012')
      .stub('prompt.text', (_m: string, def: string) => def)
      .stub('s3.inspect', async (name: string) => ({ exists: false, name }));
    const outcome = await stateBackend.gather!(ctx);
    expect(ctx.state.answers).toMatchObject({
      stateBucket: '123456789012-sym-tfstate-eu-west-1',
      stateKey: 'sym-okta-quickstart/prod/terraform.tfstate',
    });
    expect(ctx.state.stateBucket?.changes.map((c) => c.action)).toEqual(['create']);
    expect(outcome?.detail).toBe(
      's3://123456789012-sym-tfstate-eu-west-1/sym-okta-quickstart/prod/terraform.tfstate (bucket to be created)',
    );
  });

  it("a local-state project moving to a key that holds another project's state: refused before the move is offered", async () => {
    const { reg, ctx } = await fakeRun({
      interactive: true,
      given: { stateBucket: 'shared-tfstate' },
      state: { answers: { ...answers }, groups: new Map() },
    });
    const local = JSON.stringify({
      serial: 3,
      lineage: 'mine',
      resources: [{ mode: 'managed', type: 'aws_iam_role', name: 'r', instances: [{ attributes: { id: 'r' } }] }],
    });
    mkdirSync(join(ctx.dir, 'app'), { recursive: true });
    writeFileSync(join(ctx.dir, 'app/terraform.tfstate'), local);
    const theirs = {
      serial: 9,
      lineage: 'theirs',
      resources: ['a', 'b'].map((name) => ({
        mode: 'managed',
        type: 'sym_target',
        name,
        instances: [{ attributes: { id: name } }],
      })),
    };
    const s3 = reg.fake('s3');
    reg
      .stub('createStateBucket', () => s3)
      .stub('s3.inspect', async (name: string) => fitBucket(name, 'eu-west-1'))
      .stub('s3.readObject', async (bucket: string, key: string) => {
        expect([bucket, key]).toEqual(['shared-tfstate', 'sym-okta-quickstart/prod/terraform.tfstate']);
        return { body: JSON.stringify(theirs) };
      });
    // No confirm stub: being asked to move the state would be an unexpected call.
    await expect(stateBackend.gather!(ctx)).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining(
        "s3://shared-tfstate/sym-okta-quickstart/prod/terraform.tfstate already holds another project's Terraform state (2 resources)",
      ),
    });
    expect(readFileSync(join(ctx.dir, 'app/terraform.tfstate'), 'utf8')).toBe(local);
    expect(ctx.state.stateBucket).toBeUndefined();
    expect(ctx.state.answers.stateBucket).toBeUndefined();
  });

  it('a local file chosen: no AWS call, and the choice is remembered so a re-run does not ask again', async () => {
    const { reg, ctx } = await fakeRun({ interactive: true, state: { answers: { ...answers }, groups: new Map() } });
    reg.stub('prompt.select', () => 'local');
    await stateBackend.gather!(ctx);
    expect(ctx.state.answers.stateBucket).toBe('');
    expect(ctx.state.stateBucket).toBeUndefined();

    const again = await fakeRun({
      interactive: true,
      previous: { stateBucket: '' },
      state: { answers: { ...answers }, groups: new Map() },
    });
    await stateBackend.gather!(again.ctx); // any question would be an unexpected call
    expect(again.ctx.state.answers.stateBucket).toBe('');
  });
});
