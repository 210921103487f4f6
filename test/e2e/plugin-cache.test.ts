// Terraform's providers download while the questions are answered (a background `terraform init` on a
// scratch copy of the templates) into a per-user plugin cache, which later projects and re-runs share.
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CI_SYMFLOW, JWT, WORKSPACE, answerFlags } from '../helpers/ci-provision.js';
import { answerUpToStateQuestion } from '../helpers/fresh-wizard.mjs';
import { loopback } from '../helpers/loopback.js';
import { KEY, spawnPty } from '../helpers/pty.js';
import { CLI, makeWorld, type World, type WorldOptions } from '../helpers/world.js';

const { motoUrl, tfMirror, skip } = loopback();

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

const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';
const ourCache = (w: World) => join(w.home, '.cache/sym-okta-quickstart/terraform-plugins');
const flags = (runtime: string) => [...answerFlags(runtime)];
const ciEnv = (w: World) => ({ CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token });

/** Processes started for this world (its HOME is in their environment), this test's own excepted. */
function processesOf(w: World): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`HOME=${w.home}`)) continue;
      found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ')}`);
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}

// Each test has its own world (HOME, so its own plugin cache), so they run side by side.
describe.skipIf(skip).concurrent('terraform providers: a background init and a shared plugin cache', () => {
  it("in a terminal, the providers are cached before the last answer and the project does not exist yet; a second project's terraform init then takes every provider from the cache the first one filled", async () => {
    const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });

    // 1. The first project, in a terminal.
    const t = spawnPty(process.execPath, [CLI, 'init', '--no-browser'], { cwd: w.work, env: w.env });
    await answerUpToStateQuestion(t, { workspace: WORKSPACE, token: w.token, runtime: w.runtime });
    // The background init has put the provider in the cache while the questions were answered…
    await vi.waitFor(() => expect(existsSync(join(ourCache(w), AWS_PROVIDER))).toBe(true), { timeout: 20_000 });
    // …and nothing at all was written where the project goes (its scratch copy is in the temp directory).
    expect(readdirSync(w.work)).toEqual([]);
    t.write(KEY.enter);
    await t.waitFor('? Apply this plan?', 90_000);
    t.write(`yes${KEY.enter}`);
    const { exitCode } = await t.exit;
    expect(exitCode, t.output().slice(-3000)).toBe(0);
    expect(t.output()).toContain('✔ terraform init: done in the background');
    expect(existsSync(join(ourCache(w), AWS_PROVIDER))).toBe(true);

    // 2. A second project (another runtime, unattended) with the same user's cache.
    const runtime2 = `${w.runtime}b`;
    w.setSymflow({
      resources: {
        sym_flow: [`okta_${w.runtime}`, `okta_${runtime2}`].map((slug) => ({ srn: `acme:flow:${slug}:latest`, slug })),
      },
    });
    const second = await w.run(['init', join(w.work, 'second'), '--yes', '--verbose', ...flags(runtime2)], {
      env: { CI: 'true', OKTA_API_TOKEN: w.token },
    });
    expect(second.exitCode, second.stderr).toBe(0);
    const lock = readFileSync(join(w.work, 'second/app/.terraform.lock.hcl'), 'utf8');
    const providers = [...lock.matchAll(/^provider "registry\.terraform\.io\/([^"]+)"/gm)].map((m) => m[1]);
    expect(providers).toEqual(['hashicorp/aws']);
    // The second project's terraform init (in the background; --verbose shows its lines): every
    // provider from the cache, nothing downloaded.
    const initLines = second.stderr
      .split('\n')
      .filter((l) => l.includes('(background)'))
      .join('\n');
    for (const p of providers)
      expect(initLines).toMatch(new RegExp(`Using ${p} v[\\d.]+ from the shared cache directory`));
    expect(initLines).not.toMatch(/Installing /);
    // The freshly written project is what that init prepared: it took over its working directory.
    expect(second.stderr).toContain('✔ terraform init: done in the background (providers from the plugin cache)');
    expect(readlinkSync(join(w.work, 'second/app/.terraform/providers', AWS_PROVIDER, '5.100.0/linux_amd64'))).toBe(
      join(ourCache(w), AWS_PROVIDER, '5.100.0/linux_amd64'),
    );
  }, 180_000);

  it('a TF_PLUGIN_CACHE_DIR the user set is the cache used, and not overridden', async () => {
    const w = await world({ symflow: CI_SYMFLOW, wrapTerraform: true });
    const theirs = join(w.root, 'their-plugin-cache');
    mkdirSync(theirs);
    const r = await w.run(['init', '--dry-run', ...flags(w.runtime)], {
      env: { ...ciEnv(w), TF_PLUGIN_CACHE_DIR: theirs },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    // The background init; the dry run's scratch copy of the fresh project takes over what it made.
    expect(w.calls('terraform').map((c) => c.argv.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['init -backend=false', 'plan -input=false']),
    );
    for (const c of w.calls('terraform')) expect(c.env.TF_PLUGIN_CACHE_DIR).toBe(theirs);
    expect(existsSync(join(theirs, AWS_PROVIDER))).toBe(true);
    expect(existsSync(ourCache(w))).toBe(false);
  });

  it('a plugin_cache_dir in the CLI configuration is honoured: no TF_PLUGIN_CACHE_DIR is set over it', async () => {
    const w = await world({ symflow: CI_SYMFLOW, wrapTerraform: true });
    const theirs = join(w.root, 'configured-plugin-cache');
    mkdirSync(theirs);
    const rc = join(w.root, 'with-cache.tfrc');
    writeFileSync(
      rc,
      `plugin_cache_dir = ${JSON.stringify(theirs)}\n${readFileSync(w.env.TF_CLI_CONFIG_FILE!, 'utf8')}`,
    );
    const r = await w.run(['init', '--dry-run', ...flags(w.runtime)], { env: { ...ciEnv(w), TF_CLI_CONFIG_FILE: rc } });
    expect(r.exitCode, r.stderr).toBe(0);
    const calls = w.calls('terraform');
    expect(calls.filter((c) => c.argv[0] === 'init').map((c) => c.argv[1])).toEqual(['-backend=false']);
    for (const c of calls) expect(c.env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
    expect(existsSync(join(theirs, AWS_PROVIDER))).toBe(true);
    expect(existsSync(ourCache(w))).toBe(false);
  });

  describe('Ctrl-C while the background init is downloading', () => {
    let mirror: Server | undefined;
    const sockets: Socket[] = [];
    afterEach(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => mirror?.close(r));
    });

    it('stops it: no process of the run is left behind', async () => {
      // A provider mirror that accepts the connection and never answers: terraform is mid-download.
      mirror = createServer((s) => sockets.push(s));
      await new Promise<void>((r) => mirror!.listen(0, '127.0.0.1', r));
      const port = (mirror.address() as { port: number }).port;
      const w = await world({ symflow: { services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
      const rc = join(w.root, 'hanging-mirror.tfrc');
      writeFileSync(
        rc,
        `provider_installation {\n  network_mirror {\n    url = "https://127.0.0.1:${port}/"\n  }\n}\n`,
      );
      const t = spawnPty(process.execPath, [CLI, 'init', '--no-browser'], {
        cwd: w.work,
        env: { ...w.env, TF_CLI_CONFIG_FILE: rc },
      });
      await t.waitFor('? Sym org slug');
      await vi.waitFor(() => expect(sockets.length).toBeGreaterThan(0), { timeout: 20_000 });
      expect(processesOf(w).some((p) => /terraform init -backend=false/.test(p))).toBe(true);
      t.write(KEY.ctrlC);
      expect((await t.exit).exitCode).toBe(130);
      expect(processesOf(w)).toEqual([]);
      expect(existsSync(w.dir)).toBe(false);
    });
  });
});
