import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startOkta, type OktaStandin, type OktaStandinOptions } from './okta-standin.mjs';
import { offlineTfEnv } from './terraform.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'bin/sym-okta-quickstart.js');
export const FIXTURE_TEMPLATES = join(ROOT, 'test/fixtures/templates-aws-only');
const require = createRequire(import.meta.url);

export interface SymflowState {
  loggedIn?: boolean;
  org?: string;
  email?: string;
  expired?: boolean;
  jwtOrg?: string;
  services?: Array<{ type: string; externalId: string; label: string }>;
  pendingSlackWorkspace?: string;
  slackInstallAfterPolls?: number;
  resources?: Record<string, Array<{ srn: string; slug: string }>>;
  apiError?: string | { requestId: string; exitCode?: number };
  pauseFile?: string;
  /** Hold only these commands (e.g. "resources list"); every command when unset. */
  pauseOn?: string | string[];
}

export interface WorldOptions {
  motoUrl: string;
  tfMirror: string;
  symflowVersion?: string;
  symflow?: SymflowState;
  okta?: OktaStandinOptions;
  /** Use the recording terraform wrapper (argv/env log, optional secret seeding). */
  wrapTerraform?: boolean;
}

/**
 * Everything one end-to-end run needs, isolated: a temp HOME and work dir, the symflow stand-in on PATH
 * with its own state, the Okta stand-in, moto through AWS_ENDPOINT_URL, terraform with the offline mirror,
 * and a runtime name (so a secret name) no other test uses.
 */
export async function makeWorld(o: WorldOptions) {
  const root = mkdtempSync(join(tmpdir(), 'sqs-e2e-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  const logs = join(root, 'logs');
  for (const d of [home, work, logs]) mkdirSync(d, { recursive: true });
  const runtime = `e2e${randomBytes(4).toString('hex')}`;
  const statePath = join(root, 'symflow-state.json');
  const org = o.symflow?.org ?? 'acme';
  writeFileSync(
    statePath,
    JSON.stringify({ loggedIn: true, org, email: 'admin@acme.example', resources: { sym_flow: [{ srn: `${org}:flow:okta_${runtime}:latest`, slug: `okta_${runtime}` }] }, ...o.symflow }),
  );
  const token = `00${randomBytes(20).toString('base64url')}`;
  const okta: OktaStandin = await startOkta({
    token,
    groups: { '00g1emaKYZTWRYYRRTSK': 'AWS Admins', '00g2bbbbbbbbbbbbbbbb': 'Data Readers' },
    roles: [{ type: 'GROUP_MEMBERSHIP_ADMIN' }, { type: 'READ_ONLY_ADMIN' }],
    ...o.okta,
  });
  const secretName = `sym/${runtime}/okta-api-key`;
  const pathPrefix = [join(ROOT, 'test/bin'), ...(o.wrapTerraform ? [join(ROOT, 'test/wrap')] : [])].join(':');
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) base[k] = v;
  // The run under test decides interactivity from its own terminal, never from the CI that runs the suite.
  for (const k of ['CI', 'OKTA_API_TOKEN', 'SYM_JWT', 'AWS_PROFILE', 'NO_COLOR', 'FORCE_COLOR', 'TF_CLI_CONFIG_FILE']) delete base[k];
  for (const k of Object.keys(base)) if (k.startsWith('SYM_QUICKSTART_') || k.startsWith('OKTA_CLIENT_') || k.startsWith('VITEST')) delete base[k];
  const env: Record<string, string> = {
    ...base,
    ...offlineTfEnv(root, o.tfMirror),
    PATH: `${pathPrefix}:${process.env.PATH}`,
    HOME: home,
    FAKE_LOG_DIR: logs,
    FAKE_SYMFLOW_STATE: statePath,
    FAKE_SYMFLOW_VERSION: o.symflowVersion ?? '8.1.0',
    AWS_ENDPOINT_URL: o.motoUrl,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    SYM_QUICKSTART_OKTA_ORG_URL: okta.url,
    SYM_QUICKSTART_TEMPLATES: FIXTURE_TEMPLATES,
    SYM_QUICKSTART_POLL_SECONDS: '0.2',
    WRAP_SDK_PATH: require.resolve('@aws-sdk/client-secrets-manager'),
  };
  const dir = join(work, 'sym-okta-quickstart');

  return {
    root,
    home,
    work,
    logs,
    dir,
    env,
    okta,
    runtime,
    org,
    /** The Okta API token the stand-in accepts: random per world. */
    token,
    secretName,
    statePath,
    symflowState: () => JSON.parse(readFileSync(statePath, 'utf8')) as SymflowState & { counters?: Record<string, number> },
    setSymflow(patch: SymflowState) {
      writeFileSync(statePath, JSON.stringify({ ...JSON.parse(readFileSync(statePath, 'utf8')), ...patch }));
    },
    /** Lines the symflow stand-in (and the terraform wrapper) recorded. */
    calls(tool: 'symflow' | 'terraform'): Array<{ argv: string[]; env: Record<string, string>; stdin: string | null }> {
      const f = join(logs, `${tool}.jsonl`);
      return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    },
    /** The built CLI, non-interactively (no TTY): stdin is closed unless `input` is given. */
    run(args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}): ResultPromise<{ reject: false }> {
      const env = { ...this.env, ...opts.env };
      for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
      return execa(process.execPath, [CLI, ...args], {
        cwd: work,
        env,
        extendEnv: false,
        reject: false,
        input: opts.input,
        stdin: opts.input === undefined ? 'ignore' : 'pipe',
        timeout: 120_000,
      }) as never;
    },
    async close() {
      await okta.close();
    },
  };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;
