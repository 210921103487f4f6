import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { expect } from 'vitest';
import type { World, WorldOptions } from './world.js';

export const JWT = 'eyJhbGciOiJIUzI1NiJ9.ci-bot-token.sig';
export const WORKSPACE = 'T0123ABCD';
/** Sym as CI sees it: no login, a bot token for org acme, the Slack app installed. */
export const CI_SYMFLOW: NonNullable<WorldOptions['symflow']> = {
  loggedIn: false,
  jwtOrg: 'acme',
  services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }],
};

/** The answers a CI-mode init of the test world needs, as flags (runtime: the world's own, usually). */
export function answerFlags(runtime: string) {
  return [
    '--org',
    'acme',
    '--slack-workspace-id',
    WORKSPACE,
    '--okta-domain',
    'acme.okta.com',
    '--okta-target',
    'AWS Admins=00g1emaKYZTWRYYRRTSK',
    '--runtime-name',
    runtime,
  ];
}

export function ciFlags(w: World) {
  return ['init', '--yes', '--json', ...answerFlags(w.runtime)];
}

/**
 * A full CI-mode init from nothing: every step done, the token in the secret, only the JSON result on
 * stdout. Shared by the repository build's test (ci-mode.test.ts) and the packed tarball's (packed.test.ts).
 */
export async function expectFullProvision(w: World, motoUrl: string) {
  const r = await w.run(ciFlags(w), { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
  expect(r.exitCode, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout);
  expect(result).toMatchObject({
    ok: true,
    directory: w.dir,
    secret: { name: w.secretName, region: 'us-east-1' },
    flow: `okta_${w.runtime}`,
  });
  expect(result.steps.map((s: { id: string }) => s.id)).toEqual([
    'preflight',
    'sym-session',
    'org',
    'slack-workspace',
    'slack-app',
    'channels',
    'okta-domain',
    'okta-token',
    'okta-targets',
    'approver-group',
    'aws',
    'state-backend',
    'names',
    'write-project',
    'migrate-state',
    'apply',
    'store-token',
    'verify',
  ]);
  // Local state: there is nothing to move to S3.
  for (const s of result.steps) expect(s.status, s.id).toBe(s.id === 'migrate-state' ? 'skipped' : 'done');
  const sm = new SecretsManagerClient({
    endpoint: motoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const value = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString!);
  expect(value).toEqual({ okta_api_token: w.token });
  // With SYM_JWT set, symflow refuses login: it must never be attempted.
  expect(w.calls('symflow').some((c) => c.argv[0] === 'login')).toBe(false);
  // No warning of Node or of a bundled package (on Node 20 the AWS SDK's NodeVersionSupportWarning) on screen.
  expect(r.stderr).not.toContain('(node:');
  expect(r.stderr).not.toContain('NodeVersionSupportWarning');
  // Terraform's plan told short: its counts once, none of its hints to run `terraform apply` by hand.
  expect(r.stderr.split('\n').filter((l) => l.includes('Plan:'))).toHaveLength(1);
  expect(r.stderr).toMatch(/^ {2}\+ create {2}AWS: Secrets Manager secret$/m);
  expect(r.stderr).not.toContain('To perform exactly these actions');
  expect(r.stderr).not.toMatch(/terraform apply "/);
  expect(r.stderr).toMatch(/✔ Applied: 1 added, 0 changed, 0 destroyed \(\d+\.\d s\)/);
  // Terraform's streamed output went to stderr, not stdout.
  expect(r.stderr).toMatch(/Apply complete!/);
  return r;
}
