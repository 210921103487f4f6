// Plain JS so both the vitest helpers (world.ts) and `npm run bench` (scripts/bench.mjs, run by bare
// node) build an end-to-end run's surroundings the same way.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startOkta } from './okta-standin.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');
export const REPO_CLI = join(ROOT, 'bin/sym-okta-quickstart.js');
export const FIXTURE_TEMPLATES = join(ROOT, 'test/fixtures/templates-aws-only');
const require = createRequire(import.meta.url);

/**
 * Environment for terraform that installs providers only from the offline mirror (hashicorp/aws
 * 5.x). The machine's own TF_CLI_CONFIG_FILE points at a missing file, so it must always be set.
 */
export function offlineTfEnv(tmpDir, mirror) {
  const rc = join(tmpDir, 'terraform-offline.tfrc');
  writeFileSync(
    rc,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`,
  );
  return { TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
}

/**
 * Everything one end-to-end run needs, isolated: a temp HOME and work dir, the symflow stand-in on PATH
 * with its own state, the Okta stand-in, moto through AWS_ENDPOINT_URL, terraform with the offline mirror,
 * and a runtime name (so a secret name) no other run uses.
 * @param {import("./world-env.d.mts").WorldBaseOptions} o
 */
export async function makeWorldBase(o) {
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
    JSON.stringify({
      loggedIn: true,
      org,
      email: 'admin@acme.example',
      resources: { sym_flow: [{ srn: `${org}:flow:okta_${runtime}:latest`, slug: `okta_${runtime}` }] },
      ...o.symflow,
    }),
  );
  const token = `00${randomBytes(20).toString('base64url')}`;
  const okta = await startOkta({
    token,
    groups: { '00g1emaKYZTWRYYRRTSK': 'AWS Admins', '00g2bbbbbbbbbbbbbbbb': 'Data Readers' },
    roles: [{ type: 'GROUP_MEMBERSHIP_ADMIN' }, { type: 'READ_ONLY_ADMIN' }],
    ...o.okta,
  });
  const secretName = `sym/${runtime}/okta-api-key`;
  const pathPrefix = [join(ROOT, 'test/bin'), ...(o.wrapTerraform ? [join(ROOT, 'test/wrap')] : [])].join(':');
  /** @type {Record<string, string>} */
  const base = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) base[k] = v;
  // The run under test decides interactivity from its own terminal, never from the CI that runs the suite.
  // The plugin cache goes under the temp HOME unless a test sets its own.
  for (const k of [
    'CI',
    'OKTA_API_TOKEN',
    'SYM_JWT',
    'AWS_PROFILE',
    'NO_COLOR',
    'FORCE_COLOR',
    'TF_CLI_CONFIG_FILE',
    'TF_PLUGIN_CACHE_DIR',
    'XDG_CACHE_HOME',
  ])
    delete base[k];
  // The suite silences the AWS SDK's Node-version notice for its own process; the CLI must keep it off
  // the user's screen by itself, so the run under test does not inherit that switch.
  delete base.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  for (const k of Object.keys(base))
    if (k.startsWith('SYM_QUICKSTART_') || k.startsWith('OKTA_CLIENT_') || k.startsWith('VITEST')) delete base[k];
  const env = {
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
    SYM_QUICKSTART_OKTA_ORG_URL: okta.url,
    SYM_QUICKSTART_TEMPLATES: FIXTURE_TEMPLATES,
    SYM_QUICKSTART_POLL_SECONDS: '0.2',
    WRAP_SDK_PATH: require.resolve('@aws-sdk/client-secrets-manager'),
  };
  const dir = join(work, 'sym-okta-quickstart');
  return { root, home, work, logs, dir, env, okta, runtime, org, token, secretName, statePath };
}
