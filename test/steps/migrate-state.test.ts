// migrate-state's decisions, in process on fake adapters (see fakes.ts): when there is nothing to move,
// and that the local state goes only once the copy read back from S3 holds the same resources.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_STATE, MIGRATED_COPY } from '../../src/project/remote-state.js';
import { migrateState } from '../../src/steps/migrate-state.js';
import { parseState } from '../../src/tools/terraform.js';
import { failure, fakeRun } from './fakes.js';

const state = (ids: string[]) =>
  `${JSON.stringify({
    serial: 7,
    lineage: 'l-1',
    resources: [
      {
        module: 'module.sym_runtime',
        mode: 'managed',
        type: 'aws_secretsmanager_secret',
        name: 'okta_api_key',
        instances: ids.map((id) => ({ attributes: { id } })),
      },
    ],
  })}\n`;
const toS3 = {
  answers: { stateBucket: 'b', stateKey: 'k', awsRegion: 'us-east-1' },
  groups: new Map(),
  stateBucket: { found: { exists: true } as never, changes: [], migrate: true },
};
const withLocalState = (dir: string, text: string) => {
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, LOCAL_STATE), text);
};

describe('migrate-state', () => {
  it('local state chosen: nothing to move, and terraform is not run', async () => {
    const { ctx } = await fakeRun({ state: { answers: { stateBucket: '' }, groups: new Map() } });
    expect(migrateState.idle!(ctx)).toBe('the state is a local file: nothing to move');
    expect(await migrateState.apply!(ctx)).toMatchObject({ status: 'unchanged' });
  });

  it('S3 chosen but no local state with resources: nothing to move', async () => {
    const { ctx } = await fakeRun({ state: toS3 });
    expect(await migrateState.apply!(ctx)).toMatchObject({ status: 'unchanged', detail: 'no local state to move' });
  });

  it('the same resources read back from S3: the local state goes, a private copy stays', async () => {
    const { ctx, reg, dir } = await fakeRun({ state: toS3 });
    const text = state(['arn:1']);
    withLocalState(dir, text);
    reg.stub('terraform.init', async () => 'ran').stub('terraform.statePull', async () => parseState(state(['arn:1'])));
    expect(await migrateState.apply!(ctx)).toMatchObject({ status: 'done' });
    expect(existsSync(join(dir, LOCAL_STATE))).toBe(false);
    expect(readFileSync(join(dir, MIGRATED_COPY), 'utf8')).toBe(text);
    expect(ctx.journal.data.migratedAt).toBeTruthy();
  });

  it('S3 holds other resources after the move: refused, the local state kept as it was', async () => {
    const { ctx, reg, dir } = await fakeRun({ state: toS3 });
    const text = state(['arn:1']);
    withLocalState(dir, text);
    reg.stub('terraform.init', async () => 'ran').stub('terraform.statePull', async () => parseState(state(['arn:2'])));
    const e = await failure(migrateState.apply!(ctx));
    expect(e.message).toContain('does not match the local file');
    expect(e.fix).toContain('nothing in AWS or Sym was changed');
    expect(readFileSync(join(dir, LOCAL_STATE), 'utf8')).toBe(text);
  });
});
