// The background init's rules, with a scripted runner standing in for terraform (the real binary is
// driven in test/e2e/plugin-cache.test.ts): when its failure is shown, what the project gets from it,
// the lock file that seeds the next one, and stopping it.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunOptions, RunResult, Runner } from '../../src/tools/process.js';
import { createTerraform } from '../../src/tools/terraform.js';
import type { PluginCache } from '../../src/tools/terraform-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sqs-warmup-unit-'));
  dirs.push(d);
  return d;
};

const LOCK = 'provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.100.0"\n}\n';

/** Templates with an app/ dir, a project app/ dir, and a cache whose lock seed lives in `root`. */
function setup() {
  const root = temp();
  const templates = join(root, 'templates');
  mkdirSync(join(templates, 'app'), { recursive: true });
  writeFileSync(join(templates, 'app/main.tf'), '');
  const app = join(root, 'project/app');
  mkdirSync(app, { recursive: true });
  const cache: PluginCache = {
    owner: 'ours',
    dir: join(root, 'plugins'),
    env: { TF_PLUGIN_CACHE_DIR: join(root, 'plugins') },
    lockSeed: join(root, 'seed.lock.hcl'),
    writeSeed: true,
  };
  return { root, templates, app, cache };
}

type Script = (args: string[], o: RunOptions) => Promise<RunResult> | RunResult;
function scripted(script: Script) {
  const calls: Array<{ args: string[]; cwd?: string; lockAtStart: boolean; env?: RunOptions['env'] }> = [];
  const runner: Runner = {
    async run(_cmd, args, o = {}) {
      calls.push({
        args,
        cwd: o.cwd,
        env: o.env,
        lockAtStart: !!o.cwd && existsSync(join(o.cwd, '.terraform.lock.hcl')),
      });
      return script(args, o);
    },
  };
  return { runner, calls };
}
const ok = (stdout = ''): RunResult => ({ exitCode: 0, stdout, stderr: '' });
const failed = (stderr: string): RunResult => ({ exitCode: 1, stdout: '', stderr });
const background = (args: string[]) => args.includes('-backend=false');

describe('terraform init with a background warm-up', () => {
  it('a failed background init is not shown when the project init succeeds', async () => {
    const { templates, app, cache } = setup();
    const { runner } = scripted((args) => (background(args) ? failed('Error: registry timeout') : ok()));
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmpdir() });
    tf.warmUp(templates);
    const progress: string[] = [];
    await expect(tf.init(app, (p) => progress.push(p))).resolves.toBe('ran');
    expect(progress[0]).toMatch(/download started in the background/);
    await tf.stopWarmUp();
  });

  it('when both fail, the error is the project init’s, with the background one beside it', async () => {
    const { templates, app, cache } = setup();
    const { runner } = scripted((args) =>
      failed(background(args) ? 'Error: Failed to query available provider packages' : 'Error: Invalid provider'),
    );
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmpdir() });
    tf.warmUp(templates);
    const e = await tf.init(app).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/`terraform init` failed:\n\s+Error: Invalid provider/);
    expect((e as Error).message).toMatch(
      /background download started earlier failed as well: Error: Failed to query available provider packages/,
    );
    await tf.stopWarmUp();
  });

  it("gives the project the background init's lock file (never over its own), saves it as the next run's seed", async () => {
    const { templates, app, cache } = setup();
    const { runner, calls } = scripted((args, o) => {
      if (background(args)) writeFileSync(join(o.cwd!, '.terraform.lock.hcl'), LOCK);
      return ok();
    });
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmpdir() });
    tf.warmUp(templates);
    await tf.init(app);
    expect(readFileSync(join(app, '.terraform.lock.hcl'), 'utf8')).toBe(LOCK);
    expect(calls.map((c) => [background(c.args), c.lockAtStart])).toEqual([
      [true, false], // no seed yet
      [false, true], // the project's init starts with the lock file
    ]);
    expect(readFileSync(cache.lockSeed, 'utf8')).toBe(LOCK);
    for (const c of calls) expect(c.env?.TF_PLUGIN_CACHE_DIR).toBe(cache.dir);
    await tf.stopWarmUp();

    // The next project: its background init starts from the seed; a lock file of its own stays.
    const next = join(app, '../../next/app');
    mkdirSync(next, { recursive: true });
    writeFileSync(join(next, '.terraform.lock.hcl'), '# mine\n');
    const second = scripted(() => ok());
    const tf2 = createTerraform(second.runner, { color: false, cache, tmpDir: tmpdir() });
    tf2.warmUp(templates);
    await tf2.init(next);
    expect(second.calls[0]).toMatchObject({ lockAtStart: true });
    expect(readFileSync(join(next, '.terraform.lock.hcl'), 'utf8')).toBe('# mine\n');
    await tf2.stopWarmUp();
  });

  it('a fresh project, exactly the configuration the background init had, takes over its working directory: no second init', async () => {
    const { root, templates, app, cache } = setup();
    writeFileSync(join(app, 'main.tf'), '');
    writeFileSync(join(app, 'terraform.tfvars'), 'runtime_name = "prod"\n');
    mkdirSync(join(root, 'plugins/aws'), { recursive: true });
    const { runner, calls } = scripted((_args, o) => {
      writeFileSync(join(o.cwd!, '.terraform.lock.hcl'), LOCK);
      mkdirSync(join(o.cwd!, '.terraform/modules'), { recursive: true });
      writeFileSync(join(o.cwd!, '.terraform/modules/modules.json'), '{"Modules":[]}');
      symlinkSync(join(root, 'plugins/aws'), join(o.cwd!, '.terraform/provider-link'));
      return ok();
    });
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmpdir() });
    tf.warmUp(templates);
    expect(await tf.init(app)).toBe('background');
    expect(calls.length).toBe(1);
    expect(readFileSync(join(app, '.terraform.lock.hcl'), 'utf8')).toBe(LOCK);
    expect(readFileSync(join(app, '.terraform/modules/modules.json'), 'utf8')).toBe('{"Modules":[]}');
    expect(readlinkSync(join(app, '.terraform/provider-link'))).toBe(join(root, 'plugins/aws'));
    await tf.stopWarmUp();
  });

  it.each([
    ['nothing installed by the background init (no .terraform to take over)', () => {}],
    ['a .tf file the user changed', (app: string) => writeFileSync(join(app, 'main.tf'), '# mine\n')],
    ['a .tf file the user added', (app: string) => writeFileSync(join(app, 'extra.tf'), '')],
    ['an existing .terraform', (app: string) => mkdirSync(join(app, '.terraform'))],
    ['an existing lock file', (app: string) => writeFileSync(join(app, '.terraform.lock.hcl'), '# mine\n')],
  ])('%s: terraform init runs in the project', async (_, change) => {
    const { templates, app, cache } = setup();
    writeFileSync(join(app, 'main.tf'), '');
    change(app);
    const { runner, calls } = scripted(() => ok());
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmpdir() });
    tf.warmUp(templates);
    expect(await tf.init(app)).toBe('ran');
    expect(calls.map((c) => background(c.args))).toEqual([true, false]);
    await tf.stopWarmUp();
  });

  it('a seed the templates no longer accept is dropped and the background init retried without it', async () => {
    const { templates, app, cache } = setup();
    writeFileSync(cache.lockSeed, '# an old lock\n');
    const { runner, calls } = scripted((args, o) => {
      if (!background(args)) return ok();
      if (existsSync(join(o.cwd!, '.terraform.lock.hcl'))) return failed('Error: locked provider does not match');
      writeFileSync(join(o.cwd!, '.terraform.lock.hcl'), LOCK);
      return ok();
    });
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmpdir() });
    tf.warmUp(templates);
    await tf.init(app);
    expect(calls.filter((c) => background(c.args)).map((c) => c.lockAtStart)).toEqual([true, false]);
    expect(readFileSync(cache.lockSeed, 'utf8')).toBe(LOCK);
    await tf.stopWarmUp();
  });

  it("its scratch copy goes in the run's temp directory, whose day-old leftovers it sweeps", async () => {
    const { templates, app, cache } = setup();
    const tmp = temp();
    const old = join(tmp, 'sym-okta-quickstart-tfinit-killed');
    const recent = join(tmp, 'sym-okta-quickstart-tfinit-running');
    mkdirSync(old);
    mkdirSync(recent);
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    const { runner, calls } = scripted(() => ok());
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmp });
    tf.warmUp(templates);
    await tf.init(app);
    const scratch = calls.find((c) => background(c.args))?.cwd;
    expect(scratch?.startsWith(join(tmp, 'sym-okta-quickstart-tfinit-'))).toBe(true);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    await tf.stopWarmUp();
    expect(readdirSync(tmp)).toEqual(['sym-okta-quickstart-tfinit-running']);
  });

  it('stopWarmUp aborts a running background init, waits for it, and removes its scratch copy', async () => {
    const { templates, cache } = setup();
    let scratch: string | undefined;
    let aborted = false;
    const { runner } = scripted(
      (_args, o) =>
        new Promise<RunResult>((resolve) => {
          scratch = o.cwd;
          o.signal!.addEventListener('abort', () => {
            aborted = true;
            resolve({ exitCode: 143, stdout: '', stderr: '' });
          });
        }),
    );
    const tf = createTerraform(runner, { color: false, cache, tmpDir: tmpdir() });
    tf.warmUp(templates);
    // Until the warm-up has copied the templates and started terraform (a fixed pause was too short on a loaded machine).
    await vi.waitFor(() => expect(scratch && existsSync(scratch)).toBe(true), { timeout: 10_000 });
    await tf.stopWarmUp();
    expect(aborted).toBe(true);
    expect(existsSync(scratch!)).toBe(false);
  });
});
