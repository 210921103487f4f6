import { execa, type ResultPromise } from 'execa';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OktaStandinOptions } from './okta-standin.mjs';
import { makeWorldBase, REPO_CLI } from './world-env.mjs';

export { FIXTURE_TEMPLATES, ROOT } from './world-env.mjs';
/** The CLI under test: the repository build, or another install of it (e.g. the packed tarball) named by SQS_CLI. */
export const CLI = process.env.SQS_CLI || REPO_CLI;

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
  /** bin/sym-okta-quickstart.js of the install to run; default CLI. */
  cli?: string;
}

/**
 * Everything one end-to-end run needs, isolated: a temp HOME and work dir, the symflow stand-in on PATH
 * with its own state, the Okta stand-in, moto through AWS_ENDPOINT_URL, terraform with the offline mirror,
 * and a runtime name (so a secret name) no other test uses.
 */
export async function makeWorld(o: WorldOptions) {
  const { root, home, work, logs, dir, env, okta, runtime, org, token, secretName, statePath } = await makeWorldBase(o);
  const cli = o.cli ?? CLI;
  // terraform and its AWS provider are short-lived Go programs that spend about a fifth of their CPU
  // collecting garbage they would free on exit anyway (the provider builds ~1,500 resource schemas on
  // every start, three starts per plan). The suite is CPU-bound on 2 cores, so its runs collect less
  // often; this changes only memory use (~400 MB a provider), not what terraform does. `npm run bench`
  // builds its runs without it, to time what users see.
  env.GOGC = '400';

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
    symflowState: () =>
      JSON.parse(readFileSync(statePath, 'utf8')) as SymflowState & { counters?: Record<string, number> },
    setSymflow(patch: SymflowState) {
      writeFileSync(statePath, JSON.stringify({ ...JSON.parse(readFileSync(statePath, 'utf8')), ...patch }));
    },
    /** Lines the symflow stand-in (and the terraform wrapper) recorded. */
    calls(tool: 'symflow' | 'terraform'): Array<{ argv: string[]; env: Record<string, string>; stdin: string | null }> {
      const f = join(logs, `${tool}.jsonl`);
      return existsSync(f)
        ? readFileSync(f, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [];
    },
    /** The built CLI, non-interactively (no TTY): stdin is closed unless `input` is given. */
    run(
      args: string[],
      opts: { input?: string; env?: Record<string, string | undefined> } = {},
    ): ResultPromise<{ reject: false }> {
      const env = { ...this.env, ...opts.env };
      for (const [k, v] of Object.entries(opts.env ?? {})) if (v === undefined) delete env[k];
      return execa(process.execPath, [cli, ...args], {
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
