import type { TestProject } from 'vitest/node';
import { startMoto } from './helpers/moto.js';
import { findTfMirror, hasCmd } from './helpers/parts.js';

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
  const moto = await startMoto();
  const url = moto.url;
  project.provide('motoUrl', url);
  return () => moto.stop();
}
