// What stops a run before anything changes, and what reaches the applied project (issue #14): names
// the project would create that exist already (an IAM role in moto, a Sym integration in the symflow
// stand-in), two target labels with one slug, an org that differs from the session only in capitals;
// and --allow-self-approval written into the impl.py that Terraform applied.
//
// What is checked here is decided before Terraform (the names, the values) or written by the wizard
// (impl.py); none of it is about what Terraform makes in AWS. So the runs use the zero-provider fixture
// (Terraform's built-in terraform_data: no AWS provider to start, sub-second plans and applies), as the
// fault tests do, with the real impl.py the reducers are run from; a run that goes on to store the token
// finds the secret the real templates' apply would have created, made here beforehand.
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CI_SYMFLOW, ciFlags, JWT } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';
import { makeWorld, ROOT, type World, type WorldOptions } from '../helpers/world.js';

const { motoUrl, tfMirror, skip, sm } = loopback();
const iam = () =>
  new IAMClient({
    endpoint: motoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });

/** The zero-provider fixture with the templates' own impl.py (the fixture's holds only the lines the wizard rewrites). */
function zeroWithImpl(w: World): string {
  const dir = join(w.root, 'templates');
  cpSync(join(ROOT, 'test/fixtures/templates-zero-provider'), dir, { recursive: true });
  cpSync(join(ROOT, 'templates/modules/okta-access-flow/impl.py'), join(dir, 'modules/okta-access-flow/impl.py'));
  return dir;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});
async function world(symflow: WorldOptions['symflow'] = CI_SYMFLOW): Promise<World> {
  const w = await makeWorld({ motoUrl, tfMirror, wrapTerraform: true, symflow });
  worlds.push(w);
  w.env.SYM_QUICKSTART_TEMPLATES = zeroWithImpl(w);
  return w;
}
/** The secret the templates' apply creates for this runtime, for a run that goes on to store the token. */
const secretFor = (runtime: string) => sm().send(new CreateSecretCommand({ Name: `sym/${runtime}/okta-api-key` }));
const ci = (w: World) => ({ env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
// Terraform's providers download in the background while answers are checked (terraform-warmup.ts);
// what must not have run is terraform on the project: its init, plan or apply.
const terraformRuns = (w: World) =>
  (existsSync(join(w.logs, 'terraform.jsonl')) ? w.calls('terraform') : []).filter(
    (c) => ['plan', 'apply'].includes(c.argv[0]!) || (c.argv[0] === 'init' && !c.argv.includes('-backend=false')),
  );
// The runtime connector's role: SymRuntime + title(runtime); test runtimes are one word.
const roleOf = (runtime: string) => `SymRuntime${runtime[0]!.toUpperCase()}${runtime.slice(1)}`;

describe.skipIf(skip)('names the project would create, checked before any change', () => {
  it('an IAM role of that name in the account (not in the state): exit 1 before terraform, naming it and a free runtime name', async () => {
    const w = await world();
    await iam().send(
      new CreateRoleCommand({ RoleName: roleOf(w.runtime), Path: '/sym/', AssumeRolePolicyDocument: '{}' }),
    );
    const r = await w.run(ciFlags(w), ci(w));
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(`IAM role ${roleOf(w.runtime)}`);
    expect(r.stderr).toContain(`--runtime-name ${w.runtime}-2`);
    // No project file was written (the run's journal aside) and terraform never ran, so no apply either.
    expect((existsSync(w.dir) ? readdirSync(w.dir) : []).filter((f) => f !== '.sym-quickstart')).toEqual([]);
    expect(terraformRuns(w)).toEqual([]);

    // The name it offers is free: the same run with it gets past the check and applies.
    await secretFor(`${w.runtime}-2`);
    const ok = await w.run(
      ciFlags(w).map((a) => (a === w.runtime ? `${w.runtime}-2` : a)),
      ci(w),
    );
    const steps = JSON.parse(ok.stdout).steps as Array<{ id: string; status: string }>;
    expect(steps.find((s) => s.id === 'names')?.status, ok.stderr).toBe('done');
    expect(steps.find((s) => s.id === 'apply')?.status, ok.stderr).toBe('done');

    // doctor finds a clash that appeared after the apply: a role of the project's name, not in its state.
    const second = `${w.runtime}-2`;
    await iam().send(new CreateRoleCommand({ RoleName: roleOf(second), AssumeRolePolicyDocument: '{}' }));
    const doc = await w.run(['doctor', w.dir, '--json', '--check', 'names'], ci(w));
    expect(doc.exitCode, doc.stderr).toBe(5);
    const names = JSON.parse(doc.stdout).checks.find((c: { id: string }) => c.id === 'names');
    expect(names.status).toBe('fail');
    expect(names.detail).toContain(`IAM role ${roleOf(second)}`);
    expect(names.fix).toContain(`--runtime-name ${w.runtime}-3`);
  });

  it('a Sym integration of that name (symflow resources list): exit 1 naming it, also in --dry-run', async () => {
    const w0 = await world();
    const taken = `${w0.runtime}-slack`;
    const w = await world({
      ...CI_SYMFLOW,
      resources: { sym_integration: [{ srn: `acme:integration:slack:${taken}:latest`, slug: taken }] },
    });
    for (const extra of [[], ['--dry-run']]) {
      const flags = ciFlags(w).map((a) => (a === w.runtime ? w0.runtime : a));
      const r = await w.run([...flags, ...extra], ci(w));
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toContain(`Sym integration ${taken}`);
      expect(terraformRuns(w)).toEqual([]);
    }
  });
});

describe.skipIf(skip)('values only wrong together, refused with exit 2 before anything is written', () => {
  it('two --okta-target labels with one slug: exit 2 naming both, no child process', async () => {
    const w = await world();
    const flags = [...ciFlags(w), '--okta-target', 'aws-admins=00g2bbbbbbbbbbbbbbbb'];
    const r = await w.run(flags, ci(w));
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain('"AWS Admins" and "aws-admins" differ only in case or punctuation');
    expect(existsSync(join(w.logs, 'symflow.jsonl'))).toBe(false);
    expect(terraformRuns(w)).toEqual([]);
    expect(w.okta.log).toEqual([]);
    expect(existsSync(w.dir)).toBe(false);
  });

  it('--org in other capitals than the session: exit 2 with the session spelling, before any file or terraform', async () => {
    const w = await world({ ...CI_SYMFLOW, jwtOrg: 'S-VJ2IYOCQ74' });
    const flags = ciFlags(w).map((a) => (a === 'acme' ? 's-vj2iyocq74' : a));
    const r = await w.run(flags, ci(w));
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain('use S-VJ2IYOCQ74');
    expect(existsSync(w.dir)).toBe(false);
    expect(terraformRuns(w)).toEqual([]);
  });
});

describe.skipIf(skip)('--allow-self-approval', () => {
  it('is written into the impl.py that terraform applied: allow_self_approval=True', async () => {
    const w = await world();
    await secretFor(w.runtime);
    const r = await w.run([...ciFlags(w), '--allow-self-approval'], ci(w));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Apply complete!/);
    const impl = join(w.dir, 'modules/okta-access-flow/impl.py');
    expect(readFileSync(impl, 'utf8')).toMatch(/^ALLOW_SELF_APPROVAL = True {2}# set by sym-okta-quickstart/m);
    // The reducer itself, run with the sym.sdk stand-ins of test/python, says so.
    const py = spawnSync('python3', [join(ROOT, 'test/python/test_impl.py'), 'permissions', impl], {
      encoding: 'utf8',
    });
    expect(py.status, py.stderr).toBe(0);
    expect(JSON.parse(py.stdout)).toEqual({ allow_self_approval: true, approve_deny: 'MEMBER' });

    // Off by default, and "no" (flag or environment) turns it off again on a re-run.
    const off = await w.run(ciFlags(w), { env: { ...ci(w).env, SYM_QUICKSTART_ALLOW_SELF_APPROVAL: 'no' } });
    expect(off.exitCode, off.stderr).toBe(0);
    expect(readFileSync(impl, 'utf8')).toMatch(/^ALLOW_SELF_APPROVAL = False {2}#/m);
  });
});
