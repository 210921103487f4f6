// The only code that runs git: where the repository is, its GitHub remote and default branch. Read-only.
import type { Runner } from './process.js';

export interface GitAdapter {
  /** The top of the work tree holding `dir`, or undefined when `dir` is not in a git repository. */
  root(dir: string): Promise<string | undefined>;
  /** The URL of the remote `origin`, if there is one. */
  originUrl(dir: string): Promise<string | undefined>;
  /** The branch `origin/HEAD` points at (what the remote calls its default), if git knows it. */
  originDefaultBranch(dir: string): Promise<string | undefined>;
}

export function createGit(runner: Runner): GitAdapter {
  const read = async (dir: string, args: string[]) => {
    try {
      const r = await runner.run('git', ['-C', dir, ...args]);
      return r.exitCode === 0 ? r.stdout.trim() || undefined : undefined;
    } catch {
      return undefined; // git not installed: treated as "not a repository"
    }
  };
  return {
    root: (dir) => read(dir, ['rev-parse', '--show-toplevel']),
    originUrl: (dir) => read(dir, ['remote', 'get-url', 'origin']),
    async originDefaultBranch(dir) {
      const ref = await read(dir, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
      return ref?.replace(/^origin\//, '');
    },
  };
}
