// The only code that runs GitHub's `gh` CLI. Secrets go to it on stdin only (`gh secret set` reads its
// value there when no --body is given), never as an argument: argv is visible to every user of the machine.
import { ExitCode, outsideError, QuickstartError } from '../errors.js';
import type { RunResult, Runner } from './process.js';

export const GH_INSTALL_HINT = 'Install GitHub CLI (https://cli.github.com), then run `gh auth login`.';

export type GhStatus = { kind: 'missing' } | { kind: 'logged-out'; message: string } | { kind: 'ready' };

export interface GhAdapter {
  status(): Promise<GhStatus>;
  secretNames(repo: string): Promise<string[]>;
  /** `gh secret set <name> --repo <repo>` with `value` on stdin. */
  setSecret(repo: string, name: string, value: string): Promise<void>;
  variables(repo: string): Promise<Record<string, string>>;
  setVariable(repo: string, name: string, value: string): Promise<void>;
}

function failed(what: string, r: RunResult): QuickstartError {
  const msg = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ');
  const notFound = /HTTP 404|Could not resolve to a Repository/i.test(msg);
  return outsideError(
    `\`gh ${what}\` failed (exit ${r.exitCode}): ${msg}`,
    notFound
      ? 'Check --github-repo (owner/name) and that your gh login may administer that repository (`gh auth status`).'
      : 'Fix the error above (`gh auth status` shows the login), then run `ci` again.',
  );
}

export function createGh(runner: Runner): GhAdapter {
  const run = async (args: string[], input?: string) => runner.run('gh', args, input === undefined ? {} : { input });
  const runOk = async (what: string, args: string[], input?: string) => {
    const r = await run(args, input);
    if (r.exitCode !== 0) throw failed(what, r);
    return r;
  };
  return {
    async status() {
      try {
        const r = await run(['auth', 'status', '--hostname', 'github.com']);
        return r.exitCode === 0
          ? { kind: 'ready' }
          : { kind: 'logged-out', message: (r.stderr || r.stdout).trim().split('\n')[0] ?? '' };
      } catch (e) {
        if (e instanceof QuickstartError && e.exitCode === ExitCode.missing) return { kind: 'missing' };
        throw e;
      }
    },
    async secretNames(repo) {
      const r = await runOk('secret list', ['secret', 'list', '--repo', repo, '--json', 'name']);
      return (JSON.parse(r.stdout || '[]') as Array<{ name: string }>).map((s) => s.name);
    },
    async setSecret(repo, name, value) {
      await runOk(`secret set ${name}`, ['secret', 'set', name, '--repo', repo], value);
    },
    async variables(repo) {
      const r = await runOk('variable list', ['variable', 'list', '--repo', repo, '--json', 'name,value']);
      return Object.fromEntries(
        (JSON.parse(r.stdout || '[]') as Array<{ name: string; value: string }>).map((v) => [v.name, v.value]),
      );
    },
    async setVariable(repo, name, value) {
      await runOk(`variable set ${name}`, ['variable', 'set', name, '--body', value, '--repo', repo]);
    },
  };
}
