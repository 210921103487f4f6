import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { findTfMirror, hasCmd, motoPython } from './helpers/parts.js';

const MOTO_WRAPPER = fileURLToPath(new URL('./helpers/moto_server', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    motoUrl: string;
    tfMirror: string;
    hasTerraform: boolean;
  }
}

/**
 * One moto_server for the whole suite; tests use unique secret and bucket names instead of resetting
 * it. Started through test/helpers/moto_server, which evaluates S3 bucket policies' TLS condition as
 * S3 does (see that file), with the Python that runs moto_server itself.
 */
export default async function setup(project: TestProject) {
  project.provide('tfMirror', findTfMirror() ?? '');
  project.provide('hasTerraform', hasCmd('terraform'));
  if (!hasCmd('moto_server')) {
    project.provide('motoUrl', '');
    return;
  }
  const child = spawn(motoPython(), [MOTO_WRAPPER, '-H', '127.0.0.1', '-p', '0'], {
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
  project.provide('motoUrl', url);
  return async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  };
}
