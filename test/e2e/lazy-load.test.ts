// The heavy packages are bundled into chunks of their own that only the code paths using them load.
// How this is observed: the built CLI runs with a --import preload that registers module-loader hooks
// recording every ES module Node loads (test/helpers/load-recorder.mjs). dist/ is ES modules only, and
// requires nothing from node_modules at run time (asserted below from the build's metafile), so the
// files loaded are exactly the code that could run. The metafile says which package went into which
// file, so names and hashes do not matter. A positive control shows the recorder does see the SDK
// chunks when a command needs them.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOkta, type OktaStandin } from '../helpers/okta-standin.mjs';
import { CLI, ROOT } from '../helpers/world.js';

interface Metafile {
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string; external?: boolean }> }
  >;
}
const meta: Metafile = JSON.parse(
  readFileSync(join(ROOT, 'node_modules/.cache/sym-okta-quickstart/meta.json'), 'utf8'),
);
const RECORDER = pathToFileURL(join(ROOT, 'test/helpers/load-recorder.mjs')).href;
const DIST = resolve(dirname(realpathSync(CLI)), '../dist');

/** Package (a node_modules path prefix) → the dist chunk files holding any of its code. */
const HEAVY: Record<string, string> = {
  'Okta SDK': 'node_modules/@okta/okta-sdk-nodejs/',
  'AWS SDK': 'node_modules/@aws-sdk/client-secrets-manager/',
  execa: 'node_modules/execa/',
  '@inquirer/prompts': 'node_modules/@inquirer/',
  '@cdktf/hcl2json': 'node_modules/@cdktf/hcl2json/',
  diff: 'node_modules/diff/',
};
const chunksOf = (prefix: string) =>
  Object.entries(meta.outputs)
    .filter(([, o]) => Object.keys(o.inputs).some((i) => i.includes(prefix)))
    .map(([file]) => basename(file));

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sqs-lazy-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI; returns its result and the dist files (basenames) it loaded. */
async function runRecorded(args: string[], env: Record<string, string> = {}) {
  const log = join(work, `loads-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = await execa(process.execPath, [CLI, ...args], {
    cwd: work,
    env: { ...env, SQS_LOAD_LOG: log, NODE_OPTIONS: `--import=${RECORDER}`, CI: 'true', NO_COLOR: '1' },
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
  });
  const loaded = readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u))
    .filter((p) => dirname(p) === DIST)
    .map((p) => basename(p));
  return { r, loaded };
}

describe('the bundle', () => {
  it('has a chunk of its own for each heavy package, and needs no package at run time', () => {
    for (const [name, prefix] of Object.entries(HEAVY)) expect(chunksOf(prefix), name).not.toEqual([]);
    for (const prefix of Object.values(HEAVY)) expect(chunksOf(prefix)).not.toContain('main.js');
    // Everything not bundled is a Node built-in, or another file of dist/ (the start-up file and the
    // commands are built apart; see scripts/build.mjs).
    const files = new Set(Object.keys(meta.outputs).map((f) => basename(f)));
    const external = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(external.filter((p) => !isBuiltin(p) && !(p.startsWith('./') && files.has(p.slice(2))))).toEqual([]);
  });
});

describe('what a run loads', () => {
  const expectNone = (loaded: string[]) => {
    expect(loaded, 'the recorder saw the entry chunk').toContain('main.js');
    for (const [name, prefix] of Object.entries(HEAVY)) {
      expect(
        loaded.filter((f) => chunksOf(prefix).includes(f)),
        `${name} loaded`,
      ).toEqual([]);
    }
  };

  it('--help loads neither SDK, nor execa, the prompts, the HCL parser or diff', async () => {
    const { r, loaded } = await runRecorded(['--help']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: sym-okta-quickstart');
    expectNone(loaded);
    // The start-up path is one file (scripts/build.mjs): every further file costs start-up time.
    expect(loaded).toEqual(['main.js']);
  });

  it('init --help and doctor --help too', async () => {
    for (const cmd of ['init', 'doctor']) {
      const { r, loaded } = await runRecorded([cmd, '--help']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Usage: sym-okta-quickstart ${cmd}`);
      expectNone(loaded);
    }
  });

  it('an invalid value in non-interactive mode: exit 2, having loaded none of them', async () => {
    const { r, loaded } = await runRecorded(
      [
        'init',
        '--non-interactive',
        '--yes',
        '--slack-workspace-id',
        'C0123ABCD',
        '--okta-domain',
        'acme.okta.com',
        '--okta-target',
        'AWS Admins=00g1emaKYZTWRYYRRTSK',
      ],
      {
        OKTA_API_TOKEN: '00lazyLOADtokenXXXXXXXXXXXXXXXXXXXXXXXXXX',
      },
    );
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toContain('--slack-workspace-id');
    expectNone(loaded);
  });

  describe('control: a command that needs the SDKs', () => {
    let okta: OktaStandin;
    beforeAll(async () => {
      okta = await startOkta({ token: '00lazyLOADtokenXXXXXXXXXXXXXXXXXXXXXXXXXX' });
    });
    afterAll(() => okta?.close());

    it('doctor on a project loads the AWS and Okta SDK chunks, and the recorder sees them', async () => {
      const project = join(work, 'project');
      mkdirSync(join(project, 'app'), { recursive: true });
      writeFileSync(
        join(project, 'app/terraform.tfvars'),
        [
          'sym_org_slug       = "acme"',
          'slack_workspace_id = "T0123ABCD"',
          'error_channel      = "#sym-errors"',
          'okta_org_domain    = "acme.okta.com"',
          'okta_targets       = [{ label = "AWS Admins", group_id = "00g1emaKYZTWRYYRRTSK" }]',
          'aws_region         = "us-east-1"',
          'runtime_name       = "prod"',
          'flow_vars          = { request_channel = "#sym-requests" }',
          '',
        ].join('\n'),
      );
      const { loaded } = await runRecorded(['doctor', project, '--json'], {
        PATH: process.env.PATH ?? '',
        HOME: work,
        OKTA_API_TOKEN: '00lazyLOADtokenXXXXXXXXXXXXXXXXXXXXXXXXXX',
        SYM_QUICKSTART_OKTA_ORG_URL: okta.url,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      });
      for (const name of ['Okta SDK', 'AWS SDK', '@cdktf/hcl2json']) {
        expect(
          loaded.filter((f) => chunksOf(HEAVY[name]!).includes(f)),
          `${name} loaded`,
        ).not.toEqual([]);
      }
      expect(
        okta.log.some((l) => l.url === '/api/v1/users/me'),
        'the Okta SDK asked the stand-in',
      ).toBe(true);
    });
  });
});
