import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { names } from '../../src/steps/names.js';
import { failure, fakeRun } from './fakes.js';

const answers = { runtimeName: 'prod', awsRegion: 'us-east-1' };

/** A run whose AWS account has `roles`/`policies` and whose Sym org has `sym` slugs by type. */
async function world(roles: string[], policies: string[], sym: Record<string, string[]> = {}) {
  const run = await fakeRun({ state: { answers } });
  const iam = run.reg.fake('iam');
  run.reg
    .stub('createIam', () => iam)
    .stub('iam.names', async () => ({ roles: new Set(roles), policies: new Set(policies) }));
  // One `symflow resources list` per Sym type the project names.
  for (let i = 0; i < 3; i++)
    run.reg.stub('symflow.resourcesList', async (t: string) =>
      (sym[t] ?? []).map((slug) => ({ srn: `acme:${t}:${slug}`, slug })),
    );
  return run;
}

describe('names: what the runtime name would create must not exist outside the project', () => {
  it('an existing role, policy and Sym environment: exit 1 naming each and a free runtime name', async () => {
    const { ctx } = await world(['SymRuntimeProd', 'SymRuntimeProd-2'], ['SymSecretsManagerProd'], {
      sym_environment: ['prod'],
    });
    const e = await failure(names.gather!(ctx));
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('IAM role SymRuntimeProd, IAM policy SymSecretsManagerProd, Sym environment prod');
    // prod-2 is taken too (its role exists), so the offer is prod-3.
    expect(e.fix).toContain('--runtime-name prod-3');
  });

  it('names in the project’s own state are its own: done', async () => {
    const run = await world(['SymRuntimeProd'], [], { sym_integration: ['prod-slack'] });
    mkdirSync(join(run.dir, 'app'), { recursive: true });
    const state = {
      resources: [
        { type: 'aws_iam_role', instances: [{ attributes: { name: 'SymRuntimeProd' } }] },
        { type: 'sym_integration', instances: [{ attributes: { name: 'prod-slack' } }] },
      ],
    };
    writeFileSync(join(run.dir, 'app/terraform.tfstate'), JSON.stringify(state));
    expect(await names.gather!(run.ctx)).toMatchObject({ status: 'done' });
  });

  it('a Sym slug in other capitals is the same name to Sym', async () => {
    const { ctx } = await world([], [], { sym_runtime: ['PROD'] });
    expect((await failure(names.gather!(ctx))).message).toContain('Sym runtime prod');
  });
});
