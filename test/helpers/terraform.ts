import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

// Shared with scripts/bench.mjs, which runs without a TypeScript loader.
export { offlineTfEnv } from './world-env.mjs';

/** For configurations with no providers (variables only, terraform_data): nothing to install. */
export const zeroProviderTfEnv: Readonly<Record<string, string>> = Object.freeze({
  TF_CLI_CONFIG_FILE: '/dev/null',
  TF_IN_AUTOMATION: '1',
  CHECKPOINT_DISABLE: '1',
});

export interface TerraformResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real terraform with stdin closed (it must never wait for input) and `env` on top of
 * this process's environment. A non-zero exit is a result, not an exception.
 */
export function terraform(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  input?: string,
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

/**
 * What `terraform state list` prints for a project with local state, read from the terraform.tfstate
 * terraform wrote: every terraform command in a directory using the AWS provider first checks the
 * installed provider (675 MB) against the lock file, about half a CPU-second, so asserting on the state
 * this way keeps the suite's CPU for the runs under test. Empty when there is no state yet.
 */
export function stateAddresses(appDir: string): string[] {
  const file = join(appDir, 'terraform.tfstate');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (!text.trim()) return [];
  const state = JSON.parse(text) as {
    resources?: Array<{
      module?: string;
      mode?: string;
      type: string;
      name: string;
      instances?: Array<{ index_key?: string | number }>;
    }>;
  };
  return (state.resources ?? []).flatMap((r) =>
    (r.instances ?? []).map((i) => {
      const address = [r.module, r.mode === 'data' ? 'data' : undefined, r.type, r.name].filter(Boolean).join('.');
      return i.index_key === undefined ? address : `${address}[${JSON.stringify(i.index_key)}]`;
    }),
  );
}
