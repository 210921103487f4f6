// What users get is the packed tarball, installed with no dependencies of its own: it must pass the same
// end-to-end CI-mode run as the repository build, with nothing from the repository's node_modules in reach
// (the install lives under the system temp dir, so no parent node_modules exists).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CI_SYMFLOW, expectFullProvision } from '../helpers/ci-provision.js';
import { makeWorld, ROOT, type World } from '../helpers/world.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip } = loopback();

describe.skipIf(skip)('the packed tarball, installed', () => {
  let dir: string;
  let cli: string;
  let w: World;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqs-packed-'));
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', [...args, '--loglevel=error'], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
      });
    // --ignore-scripts: `npm test` has just built dist/; prepack's clean build would pull chunks from under other runs.
    const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT)) as Array<{
      filename: string;
    }>;
    const app = join(dir, 'app');
    mkdirSync(app);
    // The tarball has no dependencies, so this touches no registry.
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed!.filename)], app);
    cli = join(app, 'node_modules/.bin/sym-okta-quickstart');
    w = await makeWorld({ motoUrl, tfMirror, symflow: CI_SYMFLOW, cli });
    // The Okta adapter keeps the SDK from reading ~/.okta/okta.yaml by patching a module of the SDK it
    // imports itself; in the bundle that must still be the SDK's own copy. A broken file would make
    // the SDK's Client constructor throw, failing the run below.
    mkdirSync(join(w.home, '.okta'));
    writeFileSync(join(w.home, '.okta/okta.yaml'), 'okta:\n  client: [this is not: valid yaml\n');
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs alone: no other package comes with it', () => {
    const installed = readdirSync(join(dir, 'app/node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed).toEqual(['sym-okta-quickstart']);
  });

  it('ships the licence its package.json names, and says where it comes from', () => {
    const root = join(dir, 'app/node_modules/sym-okta-quickstart');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toContain(
      'Apache License\n                           Version 2.0',
    );
    const meta = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(meta).toMatchObject({ license: 'Apache-2.0', os: ['darwin', 'linux'] });
    expect(meta.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(meta.bugs.url).toMatch(/^https:\/\//);
    expect(meta.keywords).toContain('okta');
  });

  it('provisions everything in CI mode, exactly as the repository build does', async () => {
    await expectFullProvision(w, motoUrl);
  });
});
