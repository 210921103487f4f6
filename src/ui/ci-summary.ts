import type { GhStatus } from '../tools/gh.js';
import type { CiReport } from '../results.js';
import { REPO_SECRET } from '../render/workflows.js';
import type { Output } from './output.js';
import { shellQuote as q } from './resume.js';

/**
 * What is left when gh cannot do it: the exact commands, the token step as one pipe, so the token
 * goes from symflow to GitHub without being shown, copied or written anywhere.
 */
export function pendingCommands(r: CiReport, gh: GhStatus, expiry: string): string[] {
  const repo = q(r.repository);
  return [
    ...(gh.kind === 'missing' ? ['# install GitHub CLI: https://cli.github.com'] : []),
    ...(gh.kind !== 'ready' ? ['gh auth login'] : []),
    `symflow tokens issue -u ${q(r.bot.name)} -e ${q(expiry)} | gh secret set ${REPO_SECRET} --repo ${repo}`,
    ...r.variables.map((v) => `gh variable set ${v.name} --body ${q(v.value)} --repo ${repo}`),
  ];
}

const VERB: Record<string, string> = {
  create: 'would create',
  update: 'would update',
  'will-set': 'would set',
  pending: 'left to you',
};

/** People's view of a ci run (stderr); the JSON report is separate. */
export function printCiSummary(out: Output, r: CiReport, gh: GhStatus): void {
  const c = out.c;
  const word = (s: string) => (r.dryRun ? (VERB[s] ?? s) : s);
  out.info('');
  out.info(c.bold(r.dryRun ? 'Dry run: nothing was changed. ci would:' : 'CI setup:'));
  const oidc =
    r.oidcProvider.status === 'reuse'
      ? `reuse the account's GitHub OIDC provider ${r.oidcProvider.arn ?? ''}`.trim()
      : r.oidcProvider.status === 'create'
        ? `${r.dryRun ? 'create' : 'created'} the GitHub OIDC provider token.actions.githubusercontent.com (audience sts.amazonaws.com)`
        : `the project's GitHub OIDC provider ${r.oidcProvider.arn ?? ''}`.trim();
  out.info(`  AWS       ${oidc}`);
  out.info(
    `            role ${r.roles.plan.arn ?? r.roles.plan.name}: pull requests of ${r.repository} (plan, read-only)`,
  );
  out.info(`            role ${r.roles.apply.arn ?? r.roles.apply.name}: pushes to ${r.branch} (apply)`);
  if (r.terraform.summary) out.info(`            terraform: ${r.terraform.summary}`);
  out.info(`  Sym       bot ${r.bot.name} (${word(r.bot.status)})`);
  for (const sct of r.secrets) out.info(`  Secret    ${sct.name} (${word(sct.status)})`);
  for (const v of r.variables) out.info(`  Variable  ${v.name} = ${v.value} (${word(v.status)})`);
  for (const f of r.files) out.info(`  File      ${f.path} (${word(f.status)})`);
  if (r.pending.length) {
    out.info('');
    const why =
      gh.kind === 'missing'
        ? 'GitHub CLI (gh) is not installed'
        : gh.kind === 'logged-out'
          ? 'gh is not logged in'
          : '';
    out.warn(
      `${why ? `${why}, so no` : 'No'} token was issued and nothing was set in GitHub. Left to do (the token goes straight from symflow into the secret):`,
    );
    for (const cmd of r.pending) out.info(`    ${cmd}`);
  }
  if (!r.dryRun) {
    const changed = r.files.filter((f) => f.status === 'create' || f.status === 'update').map((f) => q(f.path));
    out.info('');
    out.info(
      changed.length
        ? `Next: commit and push them: \`cd ${q(r.repositoryRoot)} && git add ${changed.join(' ')} && git commit -m "Sym CI pipeline" && git push\``
        : 'Next: nothing new to commit; the workflows run on the next pull request or push that touches the project.',
    );
  }
}
