// A run stopped inside the secret write (the store step's PutSecretValue), in process: the write is the
// wizard's own AWS call, so what a kill leaves is the journal on disk at that moment and what AWS did
// with the call. Ctrl-C is the run's abort signal (the wizard leaves with 130, the call dies with it,
// never reaching AWS); SIGKILL is the run abandoned where it stands (AWS made the write, the answer is
// lost), the next run starting from the journal on disk. Either way the next run must finish with the
// token stored once: one version holding exactly {"okta_api_token": <token>}, every step done.
// (The e2e kill matrix keeps the kills inside `terraform apply`, where another process is cut.)
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, InterruptedError } from '../../src/errors.js';
import { Journal } from '../../src/project/journal.js';
import { runSteps, type StepFailure } from '../../src/run-steps.js';
import { storeToken } from '../../src/steps/store-token.js';
import type { AnyStep } from '../../src/steps/types.js';
import { BASIC } from '../helpers/answers.js';
import { failure, fakeRun, type Registry, writesProject } from './fakes.js';

const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const OUTPUTS = { okta_secret_name: 'sym/prod/okta-api-key', aws_region: 'us-east-1', flow_name: 'okta_prod' };
const JOURNAL = '.sym-quickstart/state.json';

/** The acting steps before the write, as they end in a real run: the project written, the apply done. */
const applied: AnyStep = {
  id: 'apply',
  title: 'apply',
  owns: [],
  async apply(ctx) {
    ctx.state.outputs = OUTPUTS;
    return { status: 'done' };
  },
};
const STEPS = [writesProject, applied, storeToken];

/** The secret Terraform created (no value yet); each PutSecretValue that reaches AWS is a version. */
function awsSecret() {
  const versions: string[] = [];
  return {
    versions,
    /** The store step's calls before its write: the secret exists; its current value is read. */
    reads(reg: Registry) {
      const secrets = reg.fake('secrets');
      reg
        .stub('createSecrets', () => secrets)
        .stub('secrets.describe', async () => ({ exists: true, name: OUTPUTS.okta_secret_name, tags: {} }))
        .stub('secrets.readValue', async () => versions.at(-1));
    },
  };
}

/** A run of the wizard's acting steps with this token, on the project directory `dir` (or a new one). */
async function run(dir?: string, signal?: AbortSignal) {
  const f = await fakeRun({ signal, state: { answers: { ...BASIC }, groups: new Map(), token: TOKEN } });
  if (dir) Object.assign(f.ctx, { dir, journal: await Journal.load(dir) });
  return f;
}

/** The next run, from the disk the stopped one left: it must finish, the token stored exactly once. */
async function rerunFinishes(dir: string, aws: ReturnType<typeof awsSecret>, expected: 'done' | 'unchanged') {
  const next = await run(dir);
  aws.reads(next.reg);
  if (expected === 'done')
    next.reg
      .stub('secrets.putValue', async (_name: string, value: string) => {
        aws.versions.push(value);
      })
      .stub('secrets.readValue', async () => aws.versions.at(-1));
  const reports = await runSteps(next.ctx, STEPS);
  expect(reports.map((r) => [r.id, r.status])).toEqual([
    ['write-project', 'done'],
    ['apply', 'done'],
    ['store-token', expected],
  ]);
  expect(aws.versions).toEqual([`{"okta_api_token":"${TOKEN}"}`]);
  const journal = await Journal.load(dir);
  expect(Object.entries(journal.data.steps).filter(([, s]) => s.status !== 'done')).toEqual([]);
  expect(statSync(join(dir, JOURNAL)).mode & 0o777).toBe(0o600);
  expect(statSync(join(dir, '.sym-quickstart')).mode & 0o777).toBe(0o700);
}

describe('stopped inside the secret write, then re-run', () => {
  it('Ctrl-C while PutSecretValue is not yet at AWS: interrupted (130), the step recorded failed; the re-run writes it once', async () => {
    const abort = new AbortController();
    const aws = awsSecret();
    const killed = await run(undefined, abort.signal);
    aws.reads(killed.reg);
    let inWrite!: () => void;
    const writing = new Promise<void>((r) => {
      inWrite = r;
    });
    // The call is on its way when Ctrl-C comes; it dies with the process, so it never reaches AWS.
    killed.reg.stub('secrets.putValue', () => {
      inWrite();
      return new Promise<void>(() => undefined);
    });
    const stopped = runSteps(killed.ctx, STEPS);
    await writing;
    abort.abort();
    const e = (await failure(stopped)) as StepFailure;
    expect(e.cause).toBeInstanceOf(InterruptedError);
    expect((e.cause as InterruptedError).exitCode).toBe(ExitCode.interrupted);
    expect(e.stepId).toBe('store-token');
    const journal = (await Journal.load(killed.dir)).data.steps;
    expect([journal['write-project']?.status, journal.apply?.status, journal['store-token']?.status]).toEqual([
      'done',
      'done',
      'failed',
    ]);
    expect(aws.versions).toEqual([]);

    await rerunFinishes(killed.dir, aws, 'done');
  });

  it('SIGKILL once PutSecretValue is done at AWS, its answer lost: the re-run finds the token there and writes nothing', async () => {
    const aws = awsSecret();
    const killed = await run();
    aws.reads(killed.reg);
    let inWrite!: () => void;
    const writing = new Promise<void>((r) => {
      inWrite = r;
    });
    // AWS makes the write; the process dies before the answer comes back.
    killed.reg.stub('secrets.putValue', (_name: string, value: string) => {
      aws.versions.push(value);
      inWrite();
      return new Promise<void>(() => undefined);
    });
    void runSteps(killed.ctx, STEPS);
    await writing;
    // What SIGKILL leaves: the journal as last saved (apply done, the write not recorded), never touched again.
    const journal = (await Journal.load(killed.dir)).data.steps;
    expect([journal['write-project']?.status, journal.apply?.status, journal['store-token']]).toEqual([
      'done',
      'done',
      undefined,
    ]);

    await rerunFinishes(killed.dir, aws, 'unchanged');
  });
});
