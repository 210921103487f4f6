import { mkdir, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readText } from '../project/files.js';

/** Where Terraform's provider plugin cache is for this run, and what terraform's environment needs for it. */
export interface PluginCache {
  /** Who chose the directory: our per-user default, or the user (variable or CLI configuration). */
  owner: 'ours' | 'TF_PLUGIN_CACHE_DIR' | 'cli-config';
  /** The directory, when we know it (the user's CLI configuration may hold `$HOME`-style text terraform expands). */
  dir?: string;
  /** Added to terraform's environment: our default only; a user's own setting is left exactly as it is. */
  env: Record<string, string>;
  /** A copy of the last warm-up's `.terraform.lock.hcl` (see terraform-warmup.ts), in our own cache directory. */
  lockSeed: string;
  /** False for a dry run, which changes nothing anywhere: the seed is read, never written. */
  writeSeed: boolean;
}

/** Our per-user cache directory: $XDG_CACHE_HOME/sym-okta-quickstart (on Windows %LOCALAPPDATA%). */
export function cacheRoot(env: NodeJS.ProcessEnv, platform = process.platform): string {
  const home = env.HOME || homedir();
  const base =
    env.XDG_CACHE_HOME ||
    (platform === 'win32' ? env.LOCALAPPDATA || join(home, 'AppData', 'Local') : join(home, '.cache'));
  return join(base, 'sym-okta-quickstart');
}

/** A `plugin_cache_dir` setting in CLI configuration text (HCL, or the .tfrc.json form). */
export const setsPluginCacheDir = (text: string): boolean =>
  /(^|[{,])\s*"?plugin_cache_dir"?\s*[=:]\s*"[^"]+"/m.test(text.replace(/^\s*(#|\/\/).*$/gm, ''));

/**
 * The CLI configuration files terraform reads: TF_CLI_CONFIG_FILE, or ~/.terraformrc (terraform.rc in
 * %APPDATA% on Windows), and the *.tfrc files in ~/.terraform.d.
 */
async function cliConfigTexts(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string[]> {
  const home = env.HOME || homedir();
  const files = [
    env.TF_CLI_CONFIG_FILE ||
      (platform === 'win32' ? join(env.APPDATA ?? home, 'terraform.rc') : join(home, '.terraformrc')),
  ];
  const configDir = platform === 'win32' ? join(env.APPDATA ?? home, 'terraform.d') : join(home, '.terraform.d');
  try {
    for (const name of await readdir(configDir))
      if (name.endsWith('.tfrc') || name.endsWith('.tfrc.json')) files.push(join(configDir, name));
  } catch {
    // no such directory: nothing more to read
  }
  const texts = await Promise.all(files.map((f) => readText(f).catch(() => undefined)));
  return texts.filter((t): t is string => t !== undefined);
}

/**
 * The provider cache every `terraform init` of this run uses. A user who set TF_PLUGIN_CACHE_DIR or a
 * `plugin_cache_dir` keeps theirs, untouched (setting the variable would override their configuration);
 * otherwise our per-user directory, created here because terraform refuses a missing one.
 */
export async function resolvePluginCache(
  env: NodeJS.ProcessEnv,
  o: { dryRun: boolean },
  platform: NodeJS.Platform = process.platform,
): Promise<PluginCache | undefined> {
  const root = cacheRoot(env, platform);
  const seed = { lockSeed: join(root, 'terraform.lock.hcl'), writeSeed: !o.dryRun };
  if (env.TF_PLUGIN_CACHE_DIR) return { owner: 'TF_PLUGIN_CACHE_DIR', dir: env.TF_PLUGIN_CACHE_DIR, env: {}, ...seed };
  if ((await cliConfigTexts(env, platform)).some(setsPluginCacheDir)) return { owner: 'cli-config', env: {}, ...seed };
  // A dry run writes nothing anywhere, our cache included (terraform caches wherever the user told it to).
  if (o.dryRun) return undefined;
  const dir = join(root, 'terraform-plugins');
  await mkdir(dir, { recursive: true });
  return { owner: 'ours', dir, env: { TF_PLUGIN_CACHE_DIR: dir }, ...seed };
}
