// The CI pipeline `ci` sets up: checked only in projects that have one (app/ci-github.auto.tfvars).
import { join } from 'node:path';
import { createIam, trustedSubjects } from '../aws/iam.js';
import { readText } from '../project/files.js';
import { CI_TFVARS, ciRoleName, ciSubject, ciValuesFrom, type CiValues } from '../render/ci-tfvars.js';
import { parseTfvars } from '../render/tfvars-parse.js';
import { APPLY_WORKFLOW, PLAN_WORKFLOW, REPO_VARIABLES } from '../render/workflows.js';
import { createGit } from '../tools/git.js';
import { defaultOf } from '../answers/catalogue.js';
import { type Check, type CheckContext, fail, notApplicable, pass, warn } from './types.js';

const NOT_SET_UP = 'no CI pipeline in this project (`npx sym-okta-quickstart ci` sets one up)';
const RERUN = (dir: string) => `Run \`npx sym-okta-quickstart ci ${dir}\` again to restore it.`;

async function ciValues(ctx: CheckContext): Promise<Partial<CiValues> | undefined> {
  const src = await readText(join(ctx.dir, CI_TFVARS));
  return src === undefined ? undefined : ciValuesFrom(await parseTfvars(src, CI_TFVARS));
}

const runtimeOf = (ctx: CheckContext) => ctx.facts.tfvars!.answers.runtimeName ?? defaultOf('runtimeName');
const iamFor = (ctx: CheckContext) =>
  createIam({
    region: ctx.facts.tfvars!.answers.awsRegion ?? defaultOf('awsRegion'),
    profile: ctx.awsProfile,
    env: ctx.env,
  });

export const ciWorkflowsCheck: Check = {
  id: 'ci-workflows',
  title: 'CI workflows',
  needs: ['tfvars', 'aws-credentials'],
  async run(ctx) {
    if (!(await ciValues(ctx))) return notApplicable(NOT_SET_UP);
    const root = await createGit(ctx.adapters.runner).root(ctx.dir);
    if (!root)
      return fail(`${ctx.dir} is not in a git repository, so GitHub cannot run its workflows.`, RERUN(ctx.dir));
    const runtime = runtimeOf(ctx);
    const wanted: Array<[string, string, 'plan' | 'apply']> = [
      [PLAN_WORKFLOW, REPO_VARIABLES.planRole, 'plan'],
      [APPLY_WORKFLOW, REPO_VARIABLES.applyRole, 'apply'],
    ];
    const iam = await iamFor(ctx);
    for (const [file, variable, kind] of wanted) {
      const text = await readText(join(root, file));
      if (text === undefined) return fail(`${file} is missing from ${root}.`, RERUN(ctx.dir));
      // The role comes from the repository variable ci sets, or (edited by hand) a literal role ARN.
      const literal = /role-to-assume:\s*["']?(arn:[^\s"']+:role\/[^\s"']+)/.exec(text)?.[1];
      if (!literal && !text.includes(`vars.${variable}`))
        return fail(`${file} does not assume a role (no vars.${variable}).`, RERUN(ctx.dir));
      const name = literal ? literal.split('/').pop()! : ciRoleName(kind, runtime);
      if (!(await iam.role(name)))
        return fail(
          `${file} assumes the role ${name}, which does not exist in this AWS account.`,
          `Apply the project (\`npx sym-okta-quickstart ci ${ctx.dir}\` creates the CI roles).`,
        );
    }
    return pass(`${PLAN_WORKFLOW} and ${APPLY_WORKFLOW} assume existing roles`);
  },
};

export const ciRolesCheck: Check = {
  id: 'ci-roles',
  title: 'CI roles trust only the repository',
  needs: ['tfvars', 'aws-credentials'],
  async run(ctx) {
    const ci = await ciValues(ctx);
    if (!ci) return notApplicable(NOT_SET_UP);
    const { githubRepository: repo, githubBranch: branch } = ci;
    if (!repo || !branch) return fail(`${CI_TFVARS} has no github_repository or github_branch.`, RERUN(ctx.dir));
    const iam = await iamFor(ctx);
    for (const kind of ['plan', 'apply'] as const) {
      const name = ciRoleName(kind, runtimeOf(ctx));
      const role = await iam.role(name);
      if (!role) return fail(`The CI role ${name} does not exist.`, RERUN(ctx.dir));
      const subjects = trustedSubjects(role.trust);
      const want = ciSubject(kind, repo, branch);
      if (subjects.length !== 1 || subjects[0] !== want)
        return fail(
          `${name} trusts ${subjects.length ? subjects.join(', ') : 'no GitHub subject'}, not exactly ${want}.`,
          `Apply the project so the role matches ${CI_TFVARS}: ${RERUN(ctx.dir)}`,
        );
    }
    return pass(`plan: pull requests of ${repo}; apply: ${branch}`);
  },
};

export const ciBotCheck: Check = {
  id: 'ci-bot',
  title: 'Sym bot for CI',
  needs: ['tfvars', 'symflow'],
  async run(ctx) {
    const ci = await ciValues(ctx);
    if (!ci) return notApplicable(NOT_SET_UP);
    if (!ci.symBot) return fail(`${CI_TFVARS} names no sym_ci_bot.`, RERUN(ctx.dir));
    let bots: string[];
    try {
      bots = await ctx.adapters.symflow.botsList();
    } catch (e) {
      // A bot token (SYM_JWT, as in the workflow) may not be allowed to list bots.
      return warn(
        `Could not list Sym bots: ${(e as Error).message}`,
        'Run doctor logged in as a Sym admin to check it.',
      );
    }
    if (!bots.includes(ci.symBot))
      return fail(
        `The Sym bot ${ci.symBot} does not exist, so the SYM_JWT secret holds a token of a deleted bot.`,
        `Run \`npx sym-okta-quickstart ci ${ctx.dir} --rotate-token\` to create it and replace the secret.`,
      );
    return pass(`${ci.symBot} exists`);
  },
};
