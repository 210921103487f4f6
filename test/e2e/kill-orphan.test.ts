// The one kill the re-run cannot undo by itself: AWS has created the secret, and Terraform is killed
// before it hears so (a dead machine, a CI job torn down with everything in it; a Ctrl-C or a killed
// wizard leaves `terraform apply` running to the end, see kill-matrix.test.ts). Terraform's state
// does not know the secret, so the next apply meets "already exists". The re-run must say exactly how to adopt it, and after
// that one command a re-run completes with the same end state as an uninterrupted run.
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startHoldProxy, type HoldProxy } from '../helpers/hold-proxy.js';
import { projectProblems } from '../helpers/project-scan.js';
import { terraform } from '../helpers/terraform.js';
import { CLI, FIXTURE_TEMPLATES, makeWorld, type World } from '../helpers/world.js';
import { CI_SYMFLOW, JWT, answerFlags } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

describe.skipIf(skip)('killed after AWS created the secret, before Terraform recorded it', () => {
  let w: World | undefined;
  let proxy: HoldProxy | undefined;
  afterAll(async () => {
    await w?.close();
    await proxy?.close();
  });

  // The two runs share nothing (each its own world and proxy) and spend much of their time waiting on
  // terraform or a held call, so they run side by side.
  it.concurrent('the re-run names the exact import command; after it, a re-run completes', async () => {
    proxy = await startHoldProxy(motoUrl);
    w = await makeWorld({ motoUrl: proxy.url, tfMirror, symflow: CI_SYMFLOW });
    const args = ['init', '--yes', ...answerFlags(w.runtime)];
    const env = { ...w.env, CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token };

    proxy.arm('secretsmanager.CreateSecret', 'response');
    const child = spawn(process.execPath, [CLI, ...args], { cwd: w.work, env, detached: true, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('close', r));
    await proxy.held();
    // `terraform apply` runs in a process group of its own, which outlives a killed wizard and finishes
    // the apply; a dead machine takes it too.
    const applying = spawnSync('pgrep', ['-f', join(w.dir, '.sym-quickstart/apply.tfplan')], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    expect(applying).toHaveLength(1);
    process.kill(-child.pid!, 'SIGKILL');
    process.kill(-applying[0]!, 'SIGKILL');
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
    const imported = await terraform(
      ['import', '-input=false', '-no-color', 'module.sym_runtime.aws_secretsmanager_secret.okta_api_key', arn],
      app,
      w.env,
    );
    expect(imported.exitCode, imported.stderr).toBe(0);

    const last = await w.run([...args, '--json'], { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token } });
    expect(last.exitCode, last.stderr.slice(-3000)).toBe(0);
    expect((await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString).toBe(
      `{"okta_api_token":"${w.token}"}`,
    );
    expect(
      (await sm().send(new ListSecretVersionIdsCommand({ SecretId: w.secretName, IncludeDeprecated: true }))).Versions,
    ).toHaveLength(1);
    expect(await projectProblems(w.dir, FIXTURE_TEMPLATES)).toEqual([]);
  }, 180_000);

  it.concurrent('Ctrl-C waits for terraform apply; a second Ctrl-C interrupts it, and the wizard leaves', async () => {
    const p = await startHoldProxy(motoUrl);
    const v = await makeWorld({ motoUrl: p.url, tfMirror, symflow: CI_SYMFLOW });
    try {
      const args = ['init', '--yes', ...answerFlags(v.runtime)];
      p.arm('secretsmanager.CreateSecret', 'request');
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: v.work,
        env: { ...v.env, CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: v.token },
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      await p.held();
      const applying = () =>
        spawnSync('pgrep', ['-f', join(v.dir, '.sym-quickstart/apply.tfplan')], { encoding: 'utf8' })
          .stdout.split('\n')
          .filter(Boolean);

      // A terminal's Ctrl-C goes to the whole foreground group: the wizard waits, terraform goes on.
      process.kill(-child.pid!, 'SIGINT');
      await vi.waitFor(() => expect(stderr).toContain('Waiting for it to finish'), { timeout: 5000, interval: 25 });
      expect(stderr).toContain('Terraform is applying changes');
      await sleep(1500);
      expect(applying()).toHaveLength(1);
      expect(child.exitCode).toBeNull();

      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toContain('Interrupting Terraform');
      // The interrupted run says how to go on: the same command, with the answers it was given.
      expect(stderr).toContain('To pick up where this stopped');
      expect(stderr).toContain(`--runtime-name ${v.runtime}`);
      await vi.waitFor(() => expect(applying()).toEqual([]), { timeout: 10_000, interval: 25 });
      p.release();
      expect(await projectProblems(v.dir, FIXTURE_TEMPLATES)).toEqual([]);
      // The create never reached AWS (its client was gone), so the re-run simply completes, and ends
      // where an uninterrupted run does: one secret, holding the token once, known to Terraform's state.
      const rerun = await v.run(args, { env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: v.token } });
      expect(rerun.exitCode, rerun.stderr.slice(-3000)).toBe(0);
      expect(await projectProblems(v.dir, FIXTURE_TEMPLATES)).toEqual([]);
      expect(
        (await sm().send(new ListSecretVersionIdsCommand({ SecretId: v.secretName, IncludeDeprecated: true })))
          .Versions,
      ).toHaveLength(1);
      expect((await sm().send(new GetSecretValueCommand({ SecretId: v.secretName }))).SecretString).toBe(
        `{"okta_api_token":"${v.token}"}`,
      );
      const state = JSON.parse(readFileSync(join(v.dir, 'app/terraform.tfstate'), 'utf8')) as {
        resources: Array<{ module?: string; type: string; name: string; instances: unknown[] }>;
      };
      expect(state.resources.map((r) => `${r.module ?? ''}.${r.type}.${r.name} ×${r.instances.length}`)).toEqual([
        'module.sym_runtime.aws_secretsmanager_secret.okta_api_key ×1',
      ]);
    } finally {
      await v.close();
      await p.close();
    }
  }, 180_000);
});
