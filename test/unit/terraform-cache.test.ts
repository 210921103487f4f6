import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheRoot, resolvePluginCache, setsPluginCacheDir } from '../../src/tools/terraform-cache.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});
const home = () => {
  const h = mkdtempSync(join(tmpdir(), 'sqs-cache-unit-'));
  homes.push(h);
  return h;
};

describe('setsPluginCacheDir', () => {
  it.each([
    ['plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"\n', true],
    ['disable_checkpoint = true\n  plugin_cache_dir   =   "/var/cache/tf"\n', true],
    ['{"plugin_cache_dir": "/var/cache/tf"}', true],
    ['# plugin_cache_dir = "/old"\nprovider_installation {}\n', false],
    ['// plugin_cache_dir = "/old"\n', false],
    ['plugin_cache_may_break_dependency_lock_file = true\n', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(setsPluginCacheDir(text)).toBe(expected);
  });
});

describe('resolvePluginCache', () => {
  it('defaults to $XDG_CACHE_HOME/sym-okta-quickstart/terraform-plugins, created, and sets TF_PLUGIN_CACHE_DIR to it', async () => {
    const h = home();
    const c = await resolvePluginCache({ HOME: h, XDG_CACHE_HOME: join(h, 'xdg') }, { dryRun: false }, 'linux');
    const dir = join(h, 'xdg/sym-okta-quickstart/terraform-plugins');
    expect(c).toMatchObject({ owner: 'ours', dir, env: { TF_PLUGIN_CACHE_DIR: dir }, writeSeed: true });
    expect(existsSync(dir)).toBe(true);
  });

  it('without XDG_CACHE_HOME: ~/.cache (on Windows %LOCALAPPDATA%)', () => {
    expect(cacheRoot({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.cache/sym-okta-quickstart');
    expect(cacheRoot({ HOME: '/h', LOCALAPPDATA: '/la' }, 'win32')).toBe(join('/la', 'sym-okta-quickstart'));
  });

  it("a user's TF_PLUGIN_CACHE_DIR wins and nothing is added to terraform's environment", async () => {
    const h = home();
    const c = await resolvePluginCache({ HOME: h, TF_PLUGIN_CACHE_DIR: '/theirs' }, { dryRun: false }, 'linux');
    expect(c).toMatchObject({ owner: 'TF_PLUGIN_CACHE_DIR', dir: '/theirs', env: {} });
    expect(existsSync(join(h, '.cache'))).toBe(false);
  });

  it.each([
    ['TF_CLI_CONFIG_FILE', (h: string) => join(h, 'custom.tfrc')],
    ['~/.terraformrc', (h: string) => join(h, '.terraformrc')],
    ['~/.terraform.d/*.tfrc', (h: string) => join(h, '.terraform.d/cache.tfrc')],
  ])('a plugin_cache_dir in %s wins: no TF_PLUGIN_CACHE_DIR would override it', async (_, file) => {
    const h = home();
    mkdirSync(join(h, '.terraform.d'));
    writeFileSync(file(h), 'plugin_cache_dir = "/configured"\n');
    const env = { HOME: h, ...(file(h).endsWith('custom.tfrc') ? { TF_CLI_CONFIG_FILE: file(h) } : {}) };
    const c = await resolvePluginCache(env, { dryRun: false }, 'linux');
    expect(c).toMatchObject({ owner: 'cli-config', env: {} });
    expect(existsSync(join(h, '.cache'))).toBe(false);
  });

  it('a dry run creates no cache of ours, and keeps a cache of the user but never writes the seed', async () => {
    const h = home();
    expect(await resolvePluginCache({ HOME: h }, { dryRun: true }, 'linux')).toBeUndefined();
    expect(existsSync(join(h, '.cache'))).toBe(false);
    const theirs = await resolvePluginCache({ HOME: h, TF_PLUGIN_CACHE_DIR: '/t' }, { dryRun: true }, 'linux');
    expect(theirs).toMatchObject({ owner: 'TF_PLUGIN_CACHE_DIR', writeSeed: false });
  });
});
