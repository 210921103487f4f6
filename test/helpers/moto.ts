import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { motoPython } from './parts.js';

/** moto_server with the S3 policy and CreateSecret idempotency fixes the tests rely on (see the script). */
const MOTO_WRAPPER = fileURLToPath(new URL('./moto_server', import.meta.url));

export interface Moto {
  url: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a moto_server on a free loopback port. The suite shares one (test/global-setup.ts); a test file
 * starts its own for AWS state that is global to an account (IAM's one GitHub OIDC provider), where the
 * shared one would let parallel test files see each other, or to run it with IAM enforced (`env`).
 */
export async function startMoto(env: NodeJS.ProcessEnv = {}): Promise<Moto> {
  const child = spawn(motoPython(), [MOTO_WRAPPER, '-H', '127.0.0.1', '-p', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const on = (d: Buffer) => {
      buf += d;
      const m = buf.match(/Running on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('error', reject);
    child.once('exit', (c) => reject(new Error(`moto_server exited ${c}: ${buf}`)));
    setTimeout(() => reject(new Error('moto_server start timeout')), 20_000).unref();
  });
  return {
    url,
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
