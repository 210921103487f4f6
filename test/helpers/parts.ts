import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const hasCmd = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;

/** true = skip this block. Loud when skipping; a failure when CI requires every part. */
export function missing(part: string, present: boolean): boolean {
  if (present) return false;
  if (process.env.REQUIRE_INTEGRATION === '1') throw new Error(`${part} is missing and REQUIRE_INTEGRATION=1`);
  console.warn(`\n⚠ SKIPPED: ${part} is missing; these tests did not run\n`);
  return true;
}

export function findTfMirror(): string | undefined {
  const p =
    process.env.TF_PLUGIN_MIRROR ??
    spawnSync('sh', ['-c', 'find / -maxdepth 3 -type d -name tf-plugins 2>/dev/null | head -1'], {
      encoding: 'utf8',
    }).stdout.trim();
  return p && existsSync(p) ? p : undefined;
}

/**
 * The Python that runs moto_server (its entry script's interpreter; through a pyenv shim, the one
 * `python3` resolves to), so a wrapper script can import moto.
 */
export function motoPython(): string {
  const script = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).stdout.trim();
  const first = script ? (readFileSync(script, 'utf8').split('\n')[0] ?? '') : '';
  const interpreter = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first)?.[1];
  return interpreter && existsSync(interpreter) ? interpreter : 'python3';
}
