import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * A moto_server of the test file's own. For AWS state that is global to an account (IAM's one GitHub
 * OIDC provider), where the suite's shared moto would let parallel test files see each other.
 */
export async function startMoto(): Promise<{ url: string; reset(): Promise<void>; stop(): Promise<void> }> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
