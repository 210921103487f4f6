import { stripVTControlCharacters } from 'node:util';
import { outsideError, usageError } from '../errors.js';
import type { Runner } from './process.js';
import type { PluginCache } from './terraform-cache.js';
import { isApplyHint, type PlanReport, parsePlan } from './terraform-plan.js';
import { instancesOf, type RawState, type StateInstance, stateInstances } from './terraform-state.js';
import { startWarmUp, type WarmUp } from './terraform-warmup.js';

export interface TerraformOptions {
  /** Extra environment for terraform (AWS_PROFILE, SYM_JWT passes through from the base). */
  env?: Record<string, string | undefined>;
  color: boolean;
  /** Terraform's apply lines, as they arrive (unless the call follows them itself). */
  onLine?: (line: string) => void;
  /** `terraform init`'s and `plan`'s lines: for the debug log (or --verbose); the plan is summarised. */
  onQuietLine?: (line: string) => void;
  /** The background init's lines (none while a prompt owns the terminal). */
  onBackgroundLine?: (line: string) => void;
  signal?: AbortSignal;
  /** The provider cache every init uses (see terraform-cache.ts); none when it could not be set up. */
  cache?: PluginCache;
  /** The temp directory of the run's environment (the background init's scratch copy goes there). */
  tmpDir: string;
  /** How long plan, apply and a state migration wait for a state lock someone else holds (Terraform's duration, e.g. 5m). */
  lockTimeout?: string;
}

/** What `init` is doing, for a spinner: waiting for the background download, or terraform's latest line. */
export type InitProgress = (what: string) => void;

/** Who holds a state lock, from Terraform's "Lock Info" block. */
export interface LockInfo {
  id: string;
  path?: string;
  operation?: string;
  who?: string;
  created?: string;
}

/** The lock of an "Error acquiring the state lock" failure; undefined for any other output. */
export function heldLock(output: string): LockInfo | undefined {
  const text = stripVTControlCharacters(output);
  if (!/Error acquiring the state lock/.test(text)) return undefined;
  const field = (name: string) => new RegExp(`^[│\\s]*${name}:[ \\t]*(.*?)\\s*$`, 'm').exec(text)?.[1] || undefined;
  const id = field('ID');
  if (!id) return undefined;
  return { id, path: field('Path'), operation: field('Operation'), who: field('Who'), created: field('Created') };
}

/** Terraform's lock file, as its S3 backend writes it (`<key>.tflock`), in the same terms. */
export function lockFromLockFile(body: string): LockInfo | undefined {
  try {
    const raw = JSON.parse(body) as Record<string, string>;
    return raw.ID
      ? { id: raw.ID, path: raw.Path, operation: raw.Operation, who: raw.Who, created: raw.Created }
      : undefined;
  } catch {
    return undefined;
  }
}

/** "alice@laptop, since 2026-12-02 21:58:03 UTC (OperationTypeApply), lock ID 9c0a…" */
export const describeLock = (lock: LockInfo) =>
  `${lock.who ?? 'someone'}${lock.created ? `, since ${lock.created.replace(/\.\d+/, '').replace(/ \+0000 UTC$/, ' UTC')}` : ''}${lock.operation ? ` (${lock.operation.replace(/^OperationType/, '').toLowerCase()})` : ''}, lock ID ${lock.id}`;

export interface PlanResult {
  changes: boolean;
  /** e.g. "Plan: 18 to add, 0 to change, 0 to destroy." */
  summary: string;
  /** What will be created, changed or destroyed (see terraform-plan.ts). */
  report?: PlanReport;
}

/**
 * A resource a plan changes, in the terms of `terraform show -json`'s resource_changes (what `destroy`
 * builds from its plan and the state: see destroyChanges in terraform-state.ts).
 */
export interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  module_address?: string;
  change: { actions: string[]; before?: Record<string, unknown> | null };
}

export const TERRAFORM_INSTALL_HINT =
  'Install Terraform 1.3 or newer: https://developer.hashicorp.com/terraform/install (macOS: brew install hashicorp/tap/terraform).';

/** Terraform's diagnostics ("Error: …" and the lines of its box) — what a user needs from a failed run. */
export function errorLines(output: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^(│ )?Error: /.test(l.trim()) || /^│ Error:/.test(l));
  if (start < 0) return lines.filter((l) => l.trim()).slice(-8);
  return lines
    .slice(start)
    .map((l) => l.replace(/^[│╷╵]\s?/, ''))
    .filter((l, i, all) => l.trim() || (i > 0 && all[i - 1]!.trim()))
    .slice(0, 20);
}

/**
 * A run whose wizard was killed leaves its `terraform apply` running to the end (RunOptions.shielded);
 * a re-run started meanwhile waits for its state lock instead of failing at once.
 */
export const DEFAULT_LOCK_TIMEOUT = '5m';

/**
 * How long terraform waits for a state lock someone else holds: SYM_QUICKSTART_LOCK_TIMEOUT in
 * Terraform's duration syntax (90s, 5m), else undefined (DEFAULT_LOCK_TIMEOUT). Shared by every command
 * that runs plan or apply, so each waits, and says it waits, the same time.
 */
export function lockTimeoutFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.SYM_QUICKSTART_LOCK_TIMEOUT?.trim();
  if (!raw) return undefined;
  if (!/^\d+(ms|s|m|h)$/.test(raw))
    throw usageError(
      `Invalid value for SYM_QUICKSTART_LOCK_TIMEOUT (from the environment): ${JSON.stringify(raw)} is not a duration.`,
      'Use a number with s, m or h, e.g. 90s or 5m.',
    );
  return raw;
}

export function createTerraform(runner: Runner, o: TerraformOptions) {
  // -input=false and TF_IN_AUTOMATION always: the wizard owns the terminal, terraform must never wait on it.
  const env = { TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...o.cache?.env, ...o.env };
  let warmUp: WarmUp | undefined;
  const colorArgs = o.color ? [] : ['-no-color'];
  const lockTimeout = o.lockTimeout ?? DEFAULT_LOCK_TIMEOUT;
  const lockArg = `-lock-timeout=${lockTimeout}`;
  const run = (args: string[], cwd?: string, follow?: (line: string) => void, shielded = false) =>
    runner.run('terraform', args, {
      cwd,
      env,
      signal: o.signal,
      onLine: follow ? (l) => follow(l) : undefined,
      shielded,
    });

  const fail = (what: string, r: { stdout: string; stderr: string }, fix: string, note = '', cwd?: string) => {
    const lock = heldLock(`${r.stderr}\n${r.stdout}`);
    if (lock)
      return outsideError(
        `The Terraform state is locked by ${describeLock(lock)}; it was still held after waiting ${lockTimeout}. Nothing was changed.`,
        `If that run is still going, wait for it and re-run. If it is not (a cancelled CI job, a killed terminal), release the lock, then re-run: terraform${cwd ? ` -chdir=${cwd}` : ''} force-unlock ${lock.id}`,
      );
    return outsideError(`${what} failed:\n  ${errorLines(`${r.stderr}\n${r.stdout}`).join('\n  ')}${note}`, fix);
  };

  /** `terraform state pull`'s text: the state as the configured backend holds it (empty when there is none). */
  const pull = async (cwd: string): Promise<string> => {
    const r = await run(['state', 'pull'], cwd);
    if (r.exitCode !== 0) throw fail('`terraform state pull`', r, 'Fix the error above, then re-run.', '', cwd);
    return r.stdout;
  };

  return {
    /** The -lock-timeout argument plan and apply pass (for --dry-run's list of commands). */
    lockArg,

    async version(): Promise<string> {
      const r = await run(['version', '-json']);
      if (r.exitCode !== 0) throw fail('terraform version', r, TERRAFORM_INSTALL_HINT);
      return String((JSON.parse(r.stdout) as { terraform_version: string }).terraform_version);
    },

    /**
     * Starts downloading providers and modules for these templates in the background (once), so that
     * `init` later finds them in the cache. Needs a plugin cache.
     */
    warmUp(templatesDir: string): void {
      if (warmUp || !o.cache) return;
      warmUp = startWarmUp({
        runner,
        templatesDir,
        env,
        cache: o.cache,
        tmpDir: o.tmpDir,
        signal: o.signal,
        onLine: o.onBackgroundLine,
      });
    },

    /** Stops a background download still running and removes its scratch copy. */
    async stopWarmUp(): Promise<void> {
      await warmUp?.stop();
    },

    /**
     * `terraform init` in `cwd`, using what the background run prepared: 'background' when the project
     * is exactly what that run initialised and its working directory was taken over as it is (the same
     * providers from the cache, the same modules and lock file), so no second init is needed.
     * `migrateState`: the project moves its state to the backend now configured (local file → S3);
     * -force-copy answers Terraform's copy question, which -input=false would otherwise refuse.
     */
    async init(
      cwd: string,
      progress?: InitProgress,
      opts: { migrateState?: boolean } = {},
    ): Promise<'ran' | 'background'> {
      let warmFailure: string | undefined;
      if (warmUp) {
        progress?.('waiting for the provider download started in the background');
        const outcome = await warmUp.settled;
        // A project with a backend (or moving its state to one) is never what `-backend=false` prepared;
        // adoptWhole also compares the .tf files, where a backend block would show.
        if (outcome.ok && !opts.migrateState && (await warmUp.adoptWhole(cwd))) return 'background';
        if (outcome.ok) await warmUp.adoptInto(cwd);
        else warmFailure = outcome.output;
      }
      const migrate = opts.migrateState ? ['-migrate-state', '-force-copy', lockArg] : [];
      const r = await run(['init', '-input=false', ...migrate, ...colorArgs], cwd, (line) => {
        o.onQuietLine?.(line);
        const text = stripVTControlCharacters(line).trim();
        if (text) progress?.(text.replace(/^- /, ''));
      });
      if (r.exitCode !== 0) {
        const offline = /no such host|could not connect|Failed to query available provider packages|timeout/i.test(
          r.stderr + r.stdout,
        );
        const earlier =
          warmFailure && !o.signal?.aborted
            ? `\n  (The background download started earlier failed as well: ${errorLines(warmFailure)[0]?.trim() ?? 'no output'})`
            : '';
        throw fail(
          '`terraform init`',
          r,
          offline
            ? 'Terraform could not download providers or modules: check your network or proxy (HTTPS_PROXY), then re-run.'
            : `Fix the error above, then re-run (or run \`terraform init\` in ${cwd} to see it in full).`,
          earlier,
          cwd,
        );
      }
      return 'ran';
    },

    /**
     * `lock: false` only for a plan that must write nothing anywhere (--dry-run's scratch copy).
     * Terraform's hint to run `terraform apply` on the saved plan is left out: the wizard applies (and
     * then stores the token), and a dry run's plan file is gone by the time anyone reads it.
     */
    async plan(
      cwd: string,
      planFile: string,
      opts: { lock?: boolean; follow?: (line: string) => void } = {},
    ): Promise<PlanResult> {
      const lock = opts.lock === false ? ['-lock=false'] : [lockArg];
      const r = await run(
        ['plan', '-input=false', ...lock, '-detailed-exitcode', `-out=${planFile}`, ...colorArgs],
        cwd,
        (line) => {
          if (isApplyHint(stripVTControlCharacters(line))) return;
          o.onQuietLine?.(line);
          opts.follow?.(line);
        },
      );
      if (r.exitCode === 1)
        throw fail(
          '`terraform plan`',
          r,
          `Fix the error above (often a value in terraform.tfvars), then re-run.`,
          '',
          cwd,
        );
      const report = parsePlan(stripVTControlCharacters(r.stdout));
      return { changes: r.exitCode === 2, summary: report.counts, report: { ...report, changes: r.exitCode === 2 } };
    },

    /**
     * Applies a saved plan: a destroy plan too (`planDestroy`), which is how `destroy` gets the same
     * locking and interrupt rules as `init`. `what` names the command in a failure; `follow` gets each
     * line instead of onLine (a step showing progress its own way).
     */
    async apply(
      cwd: string,
      planFile: string,
      what = '`terraform apply`',
      follow?: (line: string) => void,
    ): Promise<void> {
      // Not stopped by Ctrl-C (see RunOptions.shielded): what it creates must end up in its state.
      const r = await run(['apply', '-input=false', lockArg, ...colorArgs, planFile], cwd, follow ?? o.onLine, true);
      if (r.exitCode !== 0)
        throw fail(what, r, 'Fix the error above, then re-run the same command: finished steps are skipped.', '', cwd);
    },

    /**
     * `terraform plan -destroy`, saved for `apply`; its lines go to the debug log (the summary is ours).
     * The report lists what it deletes, read from its output as `plan`'s is.
     */
    async planDestroy(cwd: string, planFile: string): Promise<PlanResult & { report: PlanReport }> {
      const r = await run(
        ['plan', '-destroy', '-input=false', lockArg, '-detailed-exitcode', `-out=${planFile}`, ...colorArgs],
        cwd,
        o.onQuietLine,
      );
      if (r.exitCode === 1)
        throw fail(
          '`terraform plan -destroy`',
          r,
          'Terraform could not read its state or the resources in it: fix the error above, then re-run.',
          '',
          cwd,
        );
      const text = stripVTControlCharacters(r.stdout);
      const summary = /(Plan: .*|No changes\..*)/.exec(text)?.[1] ?? '';
      return { changes: r.exitCode === 2, summary, report: { ...parsePlan(text), changes: r.exitCode === 2 } };
    },

    /**
     * The resource instances in the state with their attributes (`terraform state pull`, which starts
     * no provider); none when there is no state yet.
     */
    async stateResources(cwd: string): Promise<StateInstance[]> {
      const text = await pull(cwd);
      return text.trim() ? stateInstances(text) : [];
    },

    /** Addresses of the managed resources in the state. */
    async stateList(cwd: string): Promise<string[]> {
      const r = await run(['state', 'list'], cwd);
      // A project that was never applied has no state at all: nothing in it.
      if (r.exitCode !== 0 && /No state file was found/.test(stripVTControlCharacters(r.stderr))) return [];
      if (r.exitCode !== 0) throw fail('`terraform state list`', r, 'Fix the error above, then re-run.');
      return r.stdout.split('\n').filter((l) => l.trim());
    },

    /**
     * Brings an existing resource into the state (held by the same lock rules as apply). False when
     * the configuration declares no such resource (a project changed by hand): nothing to import into.
     */
    async importResource(cwd: string, address: string, id: string): Promise<boolean> {
      const r = await run(['import', '-input=false', lockArg, ...colorArgs, address, id], cwd, o.onQuietLine, true);
      if (r.exitCode === 0) return true;
      if (
        /Import to non-existent module|Configuration for import target does not exist/.test(
          stripVTControlCharacters(r.stdout),
        )
      )
        return false;
      throw fail(`\`terraform import ${address}\``, r, 'Fix the error above, then re-run.');
    },

    /** The state as the configured backend holds it (`terraform state pull`); undefined when there is none yet. */
    async statePull(cwd: string): Promise<TerraformState | undefined> {
      const text = await pull(cwd);
      return text.trim() ? parseState(text) : undefined;
    },

    /**
     * Outputs straight from a local terraform.tfstate (what `terraform output` reads too), without
     * starting terraform; undefined when the state is elsewhere (a backend) or absent.
     */
    async localOutputs(cwd: string): Promise<Record<string, unknown> | undefined> {
      const { readFile } = await import('node:fs/promises');
      try {
        const state = JSON.parse(await readFile(`${cwd}/terraform.tfstate`, 'utf8')) as {
          outputs?: Record<string, { value: unknown }>;
        };
        return Object.fromEntries(Object.entries(state.outputs ?? {}).map(([k, v]) => [k, v.value]));
      } catch {
        return undefined;
      }
    },

    async output(cwd: string): Promise<Record<string, unknown>> {
      const r = await run(['output', '-json'], cwd);
      if (r.exitCode !== 0) throw fail('`terraform output`', r, 'Run `terraform apply` in the app/ directory first.');
      const raw = JSON.parse(r.stdout || '{}') as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
    },
  };
}
export type TerraformAdapter = ReturnType<typeof createTerraform>;

/** What a migration compares between the local file and the backend's copy. */
export interface TerraformState {
  serial: number;
  lineage: string;
  /** Resource instances, as `terraform state list` counts them. */
  resources: number;
  /** Each instance as `<address> <id>`, sorted: what must be the same after the state moved. */
  instances: string[];
}

export function parseState(text: string): TerraformState {
  const raw = JSON.parse(text) as RawState;
  const instances = instancesOf(raw).map((i) => `${i.address} ${String(i.attributes.id ?? '')}`);
  return {
    serial: Number(raw.serial ?? 0),
    lineage: String(raw.lineage ?? ''),
    resources: instances.length,
    instances: instances.sort(),
  };
}
