// The journal and interruption decisions of the step runner, in process: what a killed or failed run
// leaves for the next one. (The e2e kill matrix keeps the kills that cross a process: inside
// `terraform apply` and inside the secret write.)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, InterruptedError, outsideError } from '../../src/errors.js';
import { Journal } from '../../src/project/journal.js';
import { runSteps, type StepFailure } from '../../src/run-steps.js';
import type { AnyStep } from '../../src/steps/types.js';
import { failure, fakeRun, writesProject } from './fakes.js';

const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const ask = (id: string, answer: Record<string, string> = {}): AnyStep => ({
  id,
  title: id,
  owns: [],
  async gather(ctx) {
    Object.assign(ctx.state.answers, answer);
    return { status: 'done' };
  },
});

const acts = (id: string, run: () => Promise<void> = async () => undefined, abandon = false): AnyStep => ({
  id,
  title: id,
  owns: [],
  abandonOnInterrupt: abandon,
  async apply() {
    await run();
    return { status: 'done' };
  },
});
const journalOf = (dir: string) => JSON.parse(readFileSync(join(dir, '.sym-quickstart/state.json'), 'utf8'));
const never = () => new Promise<void>(() => undefined);

describe('runSteps', () => {
  it('answering questions leaves nothing on disk, even when a question fails', async () => {
    const { ctx, dir } = await fakeRun();
    const broken: AnyStep = {
      id: 'org',
      title: 'org',
      owns: [],
      gather: async () => {
        throw outsideError('no');
      },
    };
    const e = await failure(runSteps(ctx, [ask('channels', { requestChannel: '#a' }), broken]));
    expect((e as StepFailure).reports.map((r) => [r.id, r.status])).toEqual([
      ['channels', 'done'],
      ['org', 'failed'],
    ]);
    expect(existsSync(dir)).toBe(false);
  });

  it('records each acting step and the answers, never the token, in a journal only the user can read', async () => {
    const { ctx, dir } = await fakeRun({ state: { token: TOKEN, answers: {}, groups: new Map() } });
    await runSteps(ctx, [ask('org', { org: 'acme' }), writesProject, acts('apply')]);
    const journal = journalOf(dir);
    expect(Object.keys(journal.steps)).toEqual(['org', 'write-project', 'apply']);
    expect(journal.answers).toEqual({ org: 'acme' });
    expect(readFileSync(join(dir, '.sym-quickstart/state.json'), 'utf8')).not.toContain(TOKEN);
    expect(statSync(join(dir, '.sym-quickstart/state.json')).mode & 0o777).toBe(0o600);
  });

  it('a failed acting step after the project exists is recorded as failed; the next run does it again', async () => {
    const { ctx, dir } = await fakeRun();
    await failure(
      runSteps(ctx, [
        writesProject,
        acts('apply', async () => {
          throw outsideError('terraform failed');
        }),
      ]),
    );
    expect(journalOf(dir).steps.apply.status).toBe('failed');
    const next = await fakeRun();
    Object.assign(next.ctx, { dir, journal: await Journal.load(dir) });
    const reports = await runSteps(next.ctx, [writesProject, acts('apply')]);
    expect(reports.map((r) => r.status)).toEqual(['done', 'done']);
    expect(journalOf(dir).steps.apply.status).toBe('done');
  });

  it('a question answered as last time is reported unchanged', async () => {
    const first = await fakeRun();
    await runSteps(first.ctx, [ask('org', { org: 'acme' }), writesProject]);
    const again = await fakeRun();
    Object.assign(again.ctx, { dir: first.dir, journal: await Journal.load(first.dir) });
    const reports = await runSteps(again.ctx, [ask('org', { org: 'acme' }), writesProject]);
    expect(reports[0]?.status).toBe('unchanged');
    const changed = await fakeRun();
    Object.assign(changed.ctx, { dir: first.dir, journal: await Journal.load(first.dir) });
    expect((await runSteps(changed.ctx, [ask('org', { org: 'globex' })]))[0]?.status).toBe('done');
  });

  it('Ctrl-C while a question waits: interrupted at once (exit 130), nothing on disk', async () => {
    const abort = new AbortController();
    const { ctx, dir } = await fakeRun({ signal: abort.signal });
    const waiting: AnyStep = { id: 'org', title: 'org', owns: [], gather: () => never().then(() => undefined) };
    const run = runSteps(ctx, [waiting]);
    abort.abort();
    const e = await failure(run);
    expect((e as StepFailure).cause).toBeInstanceOf(InterruptedError);
    expect(((e as StepFailure).cause as InterruptedError).exitCode).toBe(ExitCode.interrupted);
    expect(existsSync(dir)).toBe(false);
  });

  it('Ctrl-C during an abandonable step (a network call) stops waiting, and records it failed', async () => {
    const abort = new AbortController();
    const { ctx, dir } = await fakeRun({ signal: abort.signal });
    let started!: () => void;
    const inCall = new Promise<void>((r) => {
      started = r;
    });
    const run = runSteps(ctx, [
      writesProject,
      acts(
        'store-token',
        () => {
          started();
          return never();
        },
        true,
      ),
    ]);
    await inCall;
    abort.abort();
    expect(((await failure(run)) as StepFailure).cause).toBeInstanceOf(InterruptedError);
    expect(journalOf(dir).steps['store-token'].status).toBe('failed');
  });

  it('Ctrl-C during a step that must finish (terraform, files): it finishes and is recorded; the run then stops', async () => {
    const abort = new AbortController();
    const { ctx, dir } = await fakeRun({ signal: abort.signal });
    const reports = runSteps(ctx, [
      writesProject,
      acts('apply', async () => {
        abort.abort();
        await new Promise((r) => setTimeout(r, 5));
      }),
      acts('store-token'),
    ]);
    const e = (await failure(reports)) as StepFailure;
    expect(e.cause).toBeInstanceOf(InterruptedError);
    expect(e.stepId).toBe('store-token');
    expect(journalOf(dir).steps.apply.status).toBe('done');
    expect(journalOf(dir).steps['store-token']).toBeUndefined();
  });

  it('a dry run shows each acting step’s plan and writes no journal', async () => {
    const { ctx, dir, stderr } = await fakeRun({ options: { dryRun: true } });
    const planned: AnyStep = {
      ...acts('apply'),
      plan: async () => [{ kind: 'command', summary: 'terraform plan' }],
    };
    const reports = await runSteps(ctx, [ask('org', { org: 'acme' }), planned]);
    expect(reports[1]).toEqual({ id: 'apply', status: 'skipped', detail: 'dry run' });
    expect(stderr()).toContain('$ terraform plan');
    expect(existsSync(dir)).toBe(false);
  });

  it('a step with nothing to do in this run gets no heading and no plan, is reported skipped, and is journalled done', async () => {
    let ran = false;
    const idle: AnyStep = {
      ...acts('migrate-state'),
      title: 'Move Terraform state to S3',
      idle: () => 'the state is a local file: nothing to move',
      plan: async () => {
        ran = true;
        return [{ kind: 'command', summary: 'terraform init -migrate-state' }];
      },
      apply: async () => {
        ran = true;
        return { status: 'done' };
      },
    };
    for (const dryRun of [true, false]) {
      const { ctx, dir, stderr } = await fakeRun({ options: { dryRun } });
      const reports = await runSteps(ctx, [writesProject, idle, acts('apply')]);
      expect(reports[1]).toEqual({
        id: 'migrate-state',
        status: 'skipped',
        detail: 'the state is a local file: nothing to move',
      });
      expect(stderr()).not.toContain('Move Terraform state to S3');
      expect(stderr()).not.toContain('nothing to move');
      expect(ran).toBe(false);
      if (!dryRun) expect(journalOf(dir).steps['migrate-state'].status).toBe('done');
    }
  });
});
