// The acting steps' decisions (what is already in place, what to change, what to refuse), in
// process, on fake adapters (see fakes.ts). The project's files are real, in a temporary directory.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeclinedError, InterruptedError, outsideError } from '../../src/errors.js';
import { apply } from '../../src/steps/apply.js';
import { storeToken } from '../../src/steps/store-token.js';
import { verify } from '../../src/steps/verify.js';
import { writeProject } from '../../src/steps/write-project.js';
import { BASIC } from '../helpers/answers.js';
import { type FakeOptions, failure, fakeRun, type Registry } from './fakes.js';

const OUTPUTS = { okta_secret_name: 'sym/prod/okta-api-key', aws_region: 'us-east-1', flow_name: 'okta_access' };
const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD';
const TFVARS = 'app/terraform.tfvars';
const withAnswers = (o: FakeOptions = {}): FakeOptions => ({
  ...o,
  state: { answers: { ...BASIC }, groups: new Map(), ...o.state },
});

describe('write-project', () => {
  it('writes every template file and the tfvars, then finds them up to date', async () => {
    const { ctx, dir } = await fakeRun(withAnswers());
    expect((await writeProject.apply!(ctx)).status).toBe('done');
    expect(readFileSync(join(dir, TFVARS), 'utf8')).toContain('okta_org_domain = "acme.okta.com"');
    expect(existsSync(join(dir, '.gitignore'))).toBe(true);
    expect((await writeProject.apply!(ctx)).status).toBe('unchanged');
  });

  it('a user-edited tfvars, unattended: only the given key changes, the user’s line stays, no .bak (nothing is lost)', async () => {
    const first = await fakeRun(withAnswers());
    await writeProject.apply!(first.ctx);
    const path = join(first.dir, TFVARS);
    const edited = `${readFileSync(path, 'utf8')}tags = { team = "platform" }\n`;
    writeFileSync(path, edited);
    const { ctx, dir } = await fakeRun(
      withAnswers({ given: { runtimeName: 'staging' }, state: { answers: { ...BASIC, runtimeName: 'staging' } } }),
    );
    Object.assign(ctx, { dir: first.dir, journal: first.ctx.journal });
    await writeProject.apply!(ctx);
    expect(readFileSync(path, 'utf8')).toBe(edited.replace('runtime_name = "prod"', 'runtime_name = "staging"'));
    expect(readdirSync(join(first.dir, 'app')).filter((f) => f.includes('.bak'))).toEqual([]);
    expect(dir).not.toBe(first.dir);
  });

  it('unattended, a given value for a key written by hand: written, and the file as it was kept as a .bak git ignores', async () => {
    const first = await fakeRun(withAnswers());
    await writeProject.apply!(first.ctx);
    const path = join(first.dir, TFVARS);
    const edited = readFileSync(path, 'utf8').replace('runtime_name = "prod"', 'runtime_name = "prod" # ours');
    const withComment = edited.replace(/runtime_name += "prod" # ours/, 'runtime_name = /* named by hand */ "prod"');
    writeFileSync(path, withComment);
    const { ctx } = await fakeRun(
      withAnswers({ given: { runtimeName: 'staging' }, state: { answers: { ...BASIC, runtimeName: 'staging' } } }),
    );
    Object.assign(ctx, { dir: first.dir, journal: first.ctx.journal });
    await writeProject.apply!(ctx);
    expect(readFileSync(path, 'utf8')).toContain('runtime_name = "staging"');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(withComment);
    expect(readFileSync(join(first.dir, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['*.bak', '*.bak.*']),
    );
  });

  it('a user-edited template file is kept unattended, and restored (with a .bak) by --force-step', async () => {
    const first = await fakeRun(withAnswers());
    await writeProject.apply!(first.ctx);
    const main = join(first.dir, 'app/main.tf');
    writeFileSync(main, '# mine\n');
    const keep = await fakeRun(withAnswers());
    Object.assign(keep.ctx, { dir: first.dir, journal: first.ctx.journal });
    await writeProject.apply!(keep.ctx);
    expect(readFileSync(main, 'utf8')).toBe('# mine\n');
    const force = await fakeRun(withAnswers({ options: { forceSteps: new Set(['write-project']) } }));
    Object.assign(force.ctx, { dir: first.dir, journal: first.ctx.journal });
    await writeProject.apply!(force.ctx);
    expect(readFileSync(main, 'utf8')).not.toBe('# mine\n');
    expect(readFileSync(`${main}.bak`, 'utf8')).toBe('# mine\n');
  });

  it('plans without writing: every file would be created', async () => {
    const { ctx, dir } = await fakeRun(withAnswers());
    const changes = await writeProject.plan!(ctx);
    expect(changes.map((c) => c.summary)).toContainEqual(`create ${TFVARS}`);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('apply', () => {
  const STAYS_RESTORED =
    'sym/prod/okta-api-key was restored from its scheduled deletion (an earlier destroy) and stays so; nothing else was changed in AWS or Sym';
  /** The secret of an earlier setup, as AWS describes it: by default there is none. */
  const earlierSecret = (reg: Registry, info: object = { exists: false }) => {
    const secrets = reg.fake('secrets');
    return reg
      .stub('createSecrets', () => secrets)
      .stub('secrets.describe', async () => ({ name: 'sym/prod/okta-api-key', tags: {}, ...info }));
  };
  const planned = (reg: Registry, changes: boolean) =>
    earlierSecret(reg)
      .stub('terraform.init', async () => undefined)
      .stub('terraform.plan', async () => ({ changes, summary: changes ? 'Plan: 1 to add.' : 'No changes.' }));

  it('no changes: terraform apply is not run; the outputs are read from the local state file, without terraform', async () => {
    const { reg, ctx } = await fakeRun(withAnswers());
    planned(reg, false).stub('terraform.localOutputs', async () => OUTPUTS);
    expect((await apply.apply!(ctx)).status).toBe('unchanged');
    expect(ctx.state.outputs).toEqual(OUTPUTS);
  });

  it('outputs come from `terraform output` with remote state, or when the local state file lacks one', async () => {
    const remote = await fakeRun(
      withAnswers({ state: { answers: { ...BASIC, stateBucket: 'acme-tf-state' }, groups: new Map() } }),
    );
    planned(remote.reg, false).stub('terraform.output', async () => OUTPUTS);
    await apply.apply!(remote.ctx);
    expect(remote.ctx.state.outputs).toEqual(OUTPUTS);
    const stale = await fakeRun(withAnswers());
    planned(stale.reg, false)
      .stub('terraform.localOutputs', async () => ({ flow_name: OUTPUTS.flow_name }))
      .stub('terraform.output', async () => OUTPUTS);
    await apply.apply!(stale.ctx);
    expect(stale.ctx.state.outputs).toEqual(OUTPUTS);
  });

  it('changes: applied after the confirmation (--yes); --force-step apply applies even without changes', async () => {
    for (const o of [{ yes: true }, { yes: true, options: { forceSteps: new Set(['apply']) } }]) {
      const { reg, ctx } = await fakeRun(withAnswers(o));
      planned(reg, !o.options)
        .stub('terraform.apply', async () => undefined)
        .stub('terraform.localOutputs', async () => OUTPUTS);
      expect((await apply.apply!(ctx)).status).toBe('done');
    }
  });

  it('unattended without --yes: stops before applying (exit 3), naming --yes', async () => {
    const { reg, ctx } = await fakeRun(withAnswers());
    planned(reg, true);
    const e = await failure(apply.apply!(ctx));
    expect(e.exitCode).toBe(3);
    expect(e.fix).toContain('--yes');
  });

  it('declined in a terminal: nothing applied, exit 1', async () => {
    const { reg, ctx } = await fakeRun(withAnswers({ interactive: true }));
    planned(reg, true).stub('prompt.typedYes', () => false);
    const e = await failure(apply.apply!(ctx));
    expect(e.message).toContain('Stopped before terraform apply');
    expect(e).toBeInstanceOf(DeclinedError);
  });

  it('"already exists" from AWS: the fix says how to import it', async () => {
    const { reg, ctx } = await fakeRun(withAnswers({ yes: true }));
    planned(reg, true).stub('terraform.apply', async () => {
      throw outsideError(
        'Error: creating Secrets Manager Secret (sym/prod/okta-api-key): already exists\n  with module.sym_runtime.aws_secretsmanager_secret.okta_api_key,',
      );
    });
    const e = await failure(apply.apply!(ctx));
    expect(e.fix).toContain('import module.sym_runtime.aws_secretsmanager_secret.okta_api_key');
  });

  it('a secret scheduled for deletion (an earlier destroy): restored (--yes), imported into the state, then applied', async () => {
    const { reg, ctx } = await fakeRun(withAnswers({ yes: true }));
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sym/prod/okta-api-key-AbCdEf';
    earlierSecret(reg, { exists: true, arn, deletedDate: new Date() })
      .stub('secrets.restore', async () => undefined)
      .stub('secrets.describe', async () => ({ exists: true, name: 'sym/prod/okta-api-key', arn, tags: {} }))
      .stub('terraform.init', async () => undefined)
      .stub('terraform.stateList', async () => [])
      .stub('terraform.importResource', async () => true)
      .stub('terraform.plan', async () => ({ changes: true, summary: 'Plan: 3 to add.' }))
      .stub('terraform.apply', async () => undefined)
      .stub('terraform.localOutputs', async () => OUTPUTS);
    expect((await apply.apply!(ctx)).status).toBe('done');
    expect(reg.calls.find((c) => c.name === 'secrets.restore')?.args).toEqual(['sym/prod/okta-api-key']);
    expect(reg.calls.find((c) => c.name === 'terraform.importResource')?.args.slice(1)).toEqual([
      'module.sym_runtime.aws_secretsmanager_secret.okta_api_key',
      arn,
    ]);
  });

  it('a secret restored before the plan, then the plan declined: the message says the secret stays restored', async () => {
    const { reg, ctx } = await fakeRun(withAnswers({ interactive: true }));
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sym/prod/okta-api-key-AbCdEf';
    earlierSecret(reg, { exists: true, arn, deletedDate: new Date() })
      .stub('terraform.init', async () => undefined)
      .stub('prompt.confirm', () => true)
      .stub('secrets.restore', async () => undefined)
      .stub('secrets.describe', async () => ({ exists: true, name: 'sym/prod/okta-api-key', arn, tags: {} }))
      .stub('terraform.stateList', async () => [])
      .stub('terraform.importResource', async () => true)
      .stub('terraform.plan', async () => ({ changes: true, summary: 'Plan: 3 to add.' }))
      .stub('prompt.typedYes', () => false);
    const e = await failure(apply.apply!(ctx));
    expect(e).toBeInstanceOf(DeclinedError);
    expect(e.message).toContain(STAYS_RESTORED);
    expect(e.message).not.toContain('nothing was changed in AWS');
  });

  /** The token step restored the secret (to read the token in it); the plan then gets `answer` at its question. */
  const restoredThenAsked = async (answer: () => boolean) => {
    const { reg, ctx } = await fakeRun(
      withAnswers({ interactive: true, state: { restoredSecret: 'sym/prod/okta-api-key' } }),
    );
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sym/prod/okta-api-key-AbCdEf';
    earlierSecret(reg, { exists: true, arn })
      .stub('terraform.init', async () => undefined)
      .stub('terraform.plan', async () => ({ changes: true, summary: 'Plan: 3 to add.' }))
      .stub('prompt.typedYes', answer);
    return { reg, e: await failure(apply.apply!(ctx)) };
  };

  it('a secret the token step restored (to read the token), then the plan declined: the message says it stays restored', async () => {
    const { reg, e } = await restoredThenAsked(() => false);
    expect(e).toBeInstanceOf(DeclinedError);
    expect(e.message).toContain(STAYS_RESTORED);
    expect(reg.calls.map((c) => c.name)).not.toContain('secrets.restore');
  });

  it('a secret the token step restored, then Ctrl-C at the apply question: the interruption says it stays restored', async () => {
    const { e } = await restoredThenAsked(() => {
      throw new InterruptedError();
    });
    expect(e).toBeInstanceOf(InterruptedError);
    expect((e as InterruptedError).nothingChanged).toBe(true);
    expect(e.message).toBe(
      'Stopped at the apply question: sym/prod/okta-api-key was restored from its scheduled deletion (an earlier destroy) and stays so; nothing else was changed in AWS or Sym, and the project files are as they were before this run.',
    );
  });

  it('a secret scheduled for deletion, declined in a terminal: nothing restored, exit 1 with the restore command', async () => {
    const { reg, ctx } = await fakeRun(withAnswers({ interactive: true }));
    earlierSecret(reg, { exists: true, deletedDate: new Date() })
      .stub('terraform.init', async () => undefined)
      .stub('prompt.confirm', () => false);
    const e = await failure(apply.apply!(ctx));
    expect(e.exitCode).toBe(1);
    expect(e.fix).toContain('aws secretsmanager restore-secret --secret-id sym/prod/okta-api-key --region us-east-1');
    expect(reg.calls.map((c) => c.name)).not.toContain('secrets.restore');
  });

  it('an output missing from the project is exit 1 with the way to restore outputs.tf', async () => {
    const { reg, ctx } = await fakeRun(withAnswers());
    planned(reg, false)
      .stub('terraform.localOutputs', async () => undefined)
      .stub('terraform.output', async () => ({ flow_name: 'x' }));
    const e = await failure(apply.apply!(ctx));
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain('okta_secret_name, aws_region');
  });
});

describe('store-token', () => {
  const secretsWith = (reg: Registry, value: string | undefined, info: object = {}) => {
    const secrets = reg.fake('secrets');
    reg
      .stub('createSecrets', () => secrets)
      .stub('secrets.describe', async () => ({ exists: true, name: OUTPUTS.okta_secret_name, tags: {}, ...info }))
      .stub('secrets.readValue', async () => value);
  };
  const ready = (o: FakeOptions = {}) => withAnswers({ ...o, state: { outputs: OUTPUTS, token: TOKEN, ...o.state } });

  it('already holds this token: nothing is written', async () => {
    const { reg, ctx } = await fakeRun(ready());
    secretsWith(reg, JSON.stringify({ okta_api_token: TOKEN }));
    expect((await storeToken.apply!(ctx)).status).toBe('unchanged');
  });

  it('adds the key to the user’s JSON, keeping their keys, and reads it back', async () => {
    const { reg, ctx } = await fakeRun(ready());
    secretsWith(reg, '{"other":"kept"}');
    let written = '';
    reg
      .stub('secrets.putValue', async (_name: string, value: string) => {
        written = value;
      })
      .stub('secrets.readValue', async () => written);
    expect((await storeToken.apply!(ctx)).status).toBe('done');
    expect(JSON.parse(written)).toEqual({ other: 'kept', okta_api_token: TOKEN });
  });

  it('a read-back that differs is exit 1 (another writer)', async () => {
    const { reg, ctx } = await fakeRun(ready());
    secretsWith(reg, undefined);
    reg.stub('secrets.putValue', async () => undefined).stub('secrets.readValue', async () => '{}');
    expect((await failure(storeToken.apply!(ctx))).message).toContain('reading it back returned something else');
  });

  it('refuses: a missing secret, one scheduled for deletion, a value that is not JSON (without --replace-secret)', async () => {
    const missing = await fakeRun(ready());
    const s1 = missing.reg.fake('secrets');
    missing.reg
      .stub('createSecrets', () => s1)
      .stub('secrets.describe', async () => ({ exists: false, name: 'x', tags: {} }));
    expect((await failure(storeToken.apply!(missing.ctx))).message).toContain('does not exist');

    const deleted = await fakeRun(ready());
    const s2 = deleted.reg.fake('secrets');
    deleted.reg
      .stub('createSecrets', () => s2)
      .stub('secrets.describe', async () => ({ exists: true, name: 'x', tags: {}, deletedDate: new Date(0) }));
    expect((await failure(storeToken.apply!(deleted.ctx))).fix).toContain('restore-secret');

    const plain = await fakeRun(ready());
    secretsWith(plain.reg, 'not json');
    expect((await failure(storeToken.apply!(plain.ctx))).fix).toContain('--replace-secret');
  });

  it('plans from the secret as it is, never showing a value', async () => {
    const { reg, ctx } = await fakeRun(ready());
    // It describes the secret to know it exists, then checks it is ready before reading it.
    reg.stub('secrets.describe', async () => ({ exists: true, name: OUTPUTS.okta_secret_name, tags: {} }));
    secretsWith(reg, '{"other":"kept"}');
    const [change] = await storeToken.plan!(ctx);
    expect(change?.summary).toContain('would add the key "okta_api_token"');
    expect(change?.summary).not.toContain('kept"');
  });
});

describe('verify', () => {
  const world = (reg: Registry, o: { loggedIn?: boolean; flows?: string[]; secret?: string } = {}) => {
    const secrets = reg.fake('secrets');
    reg
      .stub('symflow.status', async () =>
        o.loggedIn === false
          ? { loggedIn: false, reason: 'expired', detail: 'expired' }
          : { loggedIn: true, org: 'acme', user: 'u', viaJwt: false },
      )
      .stub('createSecrets', () => secrets)
      .stub('symflow.servicesList', async () => [{ type: 'slack', externalId: BASIC.slackWorkspaceId, label: '' }])
      .stub('symflow.resourcesList', async () => (o.flows ?? ['okta_access']).map((slug) => ({ srn: '', slug })))
      .stub('secrets.describe', async () => ({ exists: true, name: OUTPUTS.okta_secret_name, tags: {} }))
      .stub('secrets.readValue', async () => o.secret ?? JSON.stringify({ okta_api_token: TOKEN }))
      .stub('okta.getGroup', async (id: string) => ({ id, name: 'Ops', type: 'OKTA_GROUP' }));
  };
  const ready = async () => {
    const f = await fakeRun(withAnswers({ state: { outputs: OUTPUTS, token: TOKEN } }));
    f.ctx.state.okta = f.reg.fake('okta');
    return f;
  };

  it('everything in place: done', async () => {
    const { reg, ctx } = await ready();
    world(reg);
    expect((await verify.apply!(ctx)).status).toBe('done');
  });

  it('lists every problem it finds, then fails (exit 1)', async () => {
    const { reg, ctx, stderr } = await ready();
    world(reg, { loggedIn: false, flows: [], secret: '{"okta_api_token":"another"}' });
    const e = await failure(verify.apply!(ctx));
    expect([e.exitCode, e.message]).toEqual([1, 'The end-to-end check found 3 problems (listed above).']);
    expect(stderr()).toContain('no longer valid');
    expect(stderr()).toContain('no flow named "okta_access"');
    expect(stderr()).toContain('different Okta token');
  });
});
