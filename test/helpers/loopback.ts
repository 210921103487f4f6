import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { inject } from 'vitest';
import { hasCmd, missing } from './parts.js';

/**
 * What vitest's global setup started for the tests that drive the CLI end to end: moto's URL, the
 * offline provider mirror, whether a part is missing (said loudly; a failure under
 * REQUIRE_INTEGRATION=1), and a Secrets Manager client for moto (or another endpoint, other keys).
 */
export function loopback() {
  const motoUrl = inject('motoUrl');
  const tfMirror = inject('tfMirror');
  const noMoto = missing('moto_server', !!motoUrl);
  const skip = noMoto || missing('terraform offline mirror', !!tfMirror && hasCmd('terraform'));
  const sm = (endpoint = motoUrl, credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' }) =>
    new SecretsManagerClient({ endpoint, region: 'us-east-1', credentials });
  return { motoUrl, tfMirror, noMoto, skip, sm };
}
