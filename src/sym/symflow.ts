// The only code that runs `symflow`. Works with 2.x and 8.x (facts/sym.md §4): parses the human
// output, treats any non-zero exit as failure and reads the message, since CliError exit codes
// shift between versions.
import { authError, ExitCode, missingError, outsideError, QuickstartError } from '../errors.js';
import type { RunOptions, RunResult, Runner } from '../tools/process.js';
import {
  classifyFailure,
  findInstallUrl,
  parseBots,
  parseIssuedToken,
  parseResources,
  parseServices,
  parseStatus,
  parseVersion,
  type ResourceRow,
  type ServiceRow,
  type SymflowVersion,
  type SymSession,
} from './symflow-parse.js';

export type { ResourceRow, ServiceRow, SymflowVersion, SymSession } from './symflow-parse.js';

export const SLACK_INSTALL_URL = 'https://static.symops.com/slack/add';
export const SYMFLOW_INSTALL_HINT =
  'Install symflow: `brew install symopsio/tap/symflow` (macOS/Linux) or `pipx install sym-flow-cli`, then run `symflow login`. In CI, set SYM_JWT to a bot token instead of logging in.';

export interface SymflowAdapter {
  version(): Promise<SymflowVersion>;
  status(): Promise<SymSession>;
  /** Hands the terminal to `symflow login` (browser sign-in). */
  login(orgId?: string): Promise<void>;
  servicesList(): Promise<ServiceRow[]>;
  /** symflow < 3.0 only; answers "open the link in your browser?" with "n" so we stay in control. */
  createSlackService(workspaceId: string): Promise<{ installUrl?: string; output: string }>;
  resourcesList(type: string): Promise<ResourceRow[]>;
  botsList(): Promise<string[]>;
  botsCreate(name: string): Promise<void>;
  /**
   * A new token for `bot`, valid for `expiry` (e.g. 90d). Held only in memory by the caller: it goes
   * straight to `gh secret set` on stdin, so the redactor learns it before anything else can print.
   */
  tokensIssue(bot: string, expiry: string, redact: (token: string) => void): Promise<string>;
}

export function createSymflow(runner: Runner): SymflowAdapter {
  let cachedVersion: Promise<SymflowVersion> | undefined;

  async function run(args: string[], options?: RunOptions): Promise<RunResult> {
    try {
      return await runner.run('symflow', args, options);
    } catch (e) {
      if (e instanceof QuickstartError && e.exitCode === ExitCode.missing) {
        throw missingError('`symflow` (the Sym CLI) is not installed or not on PATH.', SYMFLOW_INSTALL_HINT);
      }
      throw e;
    }
  }

  function failed(args: string[], res: RunResult): QuickstartError {
    const what = `\`symflow ${args.join(' ')}\``;
    const f = classifyFailure(res);
    switch (f.kind) {
      case 'api-error':
        return outsideError(
          `${what} failed: the Sym API returned an error${f.requestId ? ` (Request ID: ${f.requestId})` : ''}.`,
          `Try again; if it keeps failing, contact Sym support (https://docs.symops.com/docs/support) and quote the Request ID.`,
        );
      case 'not-logged-in':
        return authError(
          `${what} failed: you are not logged in to Sym.`,
          'Run `symflow login` (or set SYM_JWT to a bot token), then try again.',
        );
      default:
        return outsideError(`${what} failed (exit ${res.exitCode}): ${f.message}`);
    }
  }

  async function runOk(args: string[], options?: RunOptions): Promise<RunResult> {
    const res = await run(args, options);
    if (res.exitCode !== 0) throw failed(args, res);
    return res;
  }

  const adapter: SymflowAdapter = {
    version() {
      cachedVersion ??= (async () => {
        const res = await runOk(['version']);
        const v = parseVersion(res.stdout);
        if (!v)
          throw outsideError(
            `Could not read the symflow version from: ${res.stdout.trim() || '(no output)'}`,
            SYMFLOW_INSTALL_HINT,
          );
        return v;
      })();
      cachedVersion.catch(() => (cachedVersion = undefined));
      return cachedVersion;
    },

    async status() {
      const res = await run(['status']);
      if (res.exitCode !== 0 && classifyFailure(res).kind === 'api-error') throw failed(['status'], res);
      return parseStatus(res);
    },

    async login(orgId) {
      const v = await adapter.version();
      // `--org-id` exists in 7.x/8.x; older versions asked interactively (facts/sym.md §4.3).
      const args = ['login', ...(orgId && v.major >= 7 ? ['--org-id', orgId] : [])];
      const res = await run(args, { inheritStdio: true });
      if (res.exitCode === 0) return;
      // Output went to the terminal, so ask status why: symflow refuses to log in while SYM_JWT is set.
      const session = await adapter.status().catch(() => undefined);
      if (session?.loggedIn && session.viaJwt) {
        throw authError(
          '`symflow login` refuses to run while SYM_JWT is set.',
          'Unset SYM_JWT to log in as yourself, or keep using the bot token (no login needed).',
        );
      }
      throw authError(
        `\`symflow login\` failed (exit ${res.exitCode}).`,
        `Check the Org ID${orgId ? ` (${orgId})` : ''} and run \`symflow login\` again.`,
      );
    },

    async servicesList() {
      return parseServices((await runOk(['services', 'list'])).stdout);
    },

    async createSlackService(workspaceId) {
      const v = await adapter.version();
      if (!v.hasServicesCreate) {
        throw outsideError(
          `symflow ${v.raw} has no \`services create\` (removed in symflow 3.0).`,
          `A Slack workspace admin installs the Sym Slack app from ${SLACK_INSTALL_URL}; \`symflow services list\` then shows the slack service.`,
        );
      }
      const args = ['services', 'create', '--service-type', 'slack', '--external-id', workspaceId];
      const res = await run(args, { input: 'n\n' });
      if (res.exitCode !== 0) throw failed(args, res);
      const output = `${res.stdout}${res.stderr}`;
      const installUrl = findInstallUrl(output);
      return installUrl ? { installUrl, output } : { output };
    },

    async resourcesList(type) {
      return parseResources((await runOk(['resources', 'list', type])).stdout);
    },

    async botsList() {
      return parseBots((await runOk(['bots', 'list'])).stdout);
    },

    async botsCreate(name) {
      await runOk(['bots', 'create', name]);
    },

    async tokensIssue(bot, expiry, redact) {
      const args = ['tokens', 'issue', '-u', bot, '-e', expiry];
      const res = await run(args);
      // Whatever came out may be the token: hide every line of it from any message before judging it.
      for (const line of res.stdout.split('\n')) if (line.trim().length >= 8) redact(line.trim());
      if (res.exitCode !== 0) throw failed(args, { ...res, stdout: '' });
      const token = parseIssuedToken(res.stdout);
      if (!token)
        throw outsideError(
          `\`symflow ${args.join(' ')}\` printed something that is not a token (it is not shown here).`,
          'Run the command yourself to see its output; a symflow newer than 8.x may print more than the token.',
        );
      return token;
    },
  };
  return adapter;
}
