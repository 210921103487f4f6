// The one kill the re-run cannot undo by itself: AWS has created the secret, and Terraform is killed
// before it hears so (a dead machine, a cancelled CI job). Terraform's state does not know the secret,
// so the next apply meets "already exists". The re-run must say exactly how to adopt it, and after
// that one command a re-run completes with the same end state as an uninterrupted run.
import { DescribeSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startHoldProxy, type HoldProxy } from '../helpers/hold-proxy.js';
import { hasCmd, missing } from '../helpers/parts.js';
import { projectProblems } from '../helpers/project-scan.js';
import { terraform } from '../helpers/terraform.js';
import { CLI, FIXTURE_TEMPLATES, makeWorld, type World } from '../helpers/world.js';

const motoUrl = inject('motoUrl');
const tfMirror = inject('tfMirror');
const skip = missing('moto_server', !!motoUrl) || missing('terraform offline mirror', !!tfMirror && hasCmd('terraform'));
const sm = () => new SecretsManagerClient({ endpoint: motoUrl, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
const JWT = 'eyJhbGciOiJIUzI1NiJ9.ci-bot-token.sig';
const WORKSPACE = 'T0123ABCD';

describe.skipIf(skip)('killed after AWS created the secret, before Terraform recorded it', () => {
  let w: World | undefined;
  let proxy: HoldProxy | undefined;
  afterAll(async () => {
    await w?.close();
    await proxy?.close();
  });

  it('the re-run names the exact import command; after it, a re-run completes', async () => {
    proxy = await startHoldProxy(motoUrl);
    w = await makeWorld({ motoUrl: proxy.url, tfMirror, symflow: { loggedIn: false, jwtOrg: 'acme', services: [{ type: 'slack', externalId: WORKSPACE, label: 'Slack' }] } });
    const args = ['init', '--yes', '--org', 'acme', '--slack-workspace-id', WORKSPACE, '--okta-domain', 'acme.okta.com', '--okta-target', 'AWS Admins=00g1emaKYZTWRYYRRTSK', '--runtime-name', w.runtime];
    const env = { ...w.env, CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token };

    proxy.arm('secretsmanager.CreateSecret', 'response');
    const child = spawn(process.execPath, [CLI, ...args], { cwd: w.work, env, detached: true, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('close', r));
    await proxy.held();
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    for (let i = 0; i < 400; i++) {
      try {
        process.kill(-child.pid!, 0);
        await sleep(25);
      } catch {
        break;
      }
    }
    proxy.release();
    // The secret exists; the project around it is whole.
    expect((await sm().send(new DescribeSecretCommand({ SecretId: w.secretName }))).Name).toBe(w.secretName);
    expect(await projectProblems(w.dir, FIXTURE_TEMPLATES)).toEqual([]);

    const rerun = await w.run(args, { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
    expect(rerun.exitCode).toBe(1);
    const app = join(w.dir, 'app');
    const command = `terraform -chdir=${app} import module.sym_runtime.aws_secretsmanager_secret.okta_api_key "$(aws secretsmanager describe-secret --secret-id ${w.secretName} --region us-east-1 --query ARN --output text)"`;
    expect(rerun.stderr).toContain(command);

    // What the user runs (the ARN looked up as the hint's $(aws …) would).
    const arn = (await sm().send(new DescribeSecretCommand({ SecretId: w.secretName }))).ARN!;
    const imported = await terraform(['import', '-input=false', '-no-color', 'module.sym_runtime.aws_secretsmanager_secret.okta_api_key', arn], app, w.env);
    expect(imported.exitCode, imported.stderr).toBe(0);

    const last = await w.run([...args, '--json'], { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
    expect(last.exitCode, last.stderr.slice(-3000)).toBe(0);
    expect((await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString).toBe(`{"okta_api_token":"${w.token}"}`);
    expect((await sm().send(new ListSecretVersionIdsCommand({ SecretId: w.secretName, IncludeDeprecated: true }))).Versions).toHaveLength(1);
    expect(await projectProblems(w.dir, FIXTURE_TEMPLATES)).toEqual([]);
  }, 180_000);
});
