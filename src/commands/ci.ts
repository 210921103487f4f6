import { findProject } from '../project/find-project.js';
import type { CiFileStatus, CiReport } from '../results.js';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGh, type GhStatus } from '../tools/gh.js';
import { createGit } from '../tools/git.js';
import { createIam } from '../aws/iam.js';
import { exists, readText, remove, writeFileAtomic } from '../project/files.js';
import { createSymflow } from '../sym/symflow.js';
import { createTerraform } from '../tools/terraform.js';
import { missingError, outsideError, usageError } from '../errors.js';
import { CI_TF, CI_TFVARS, ciRoleName, ciValuesFrom, renderCiTfvars, type CiValues } from '../render/ci-tfvars.js';
import { answersFromTfvars, parseTfvars } from '../render/tfvars-parse.js';
import { defaultOf } from '../answers/catalogue.js';
import { renderWorkflows, REPO_SECRET, REPO_VARIABLES } from '../render/workflows.js';
import { canAsk, type Session } from '../session.js';
import { planAndApply } from '../project/apply-plan.js';
import { TFVARS } from '../project/paths.js';
import { remoteStateOf } from '../project/remote-state.js';
import { Prompter } from '../ui/prompter.js';
import { botName, branchName, githubRepo, repoFromRemote, tokenExpiry } from '../validate/github.js';
import type { Validation } from '../validate/result.js';
import { pendingCommands, printCiSummary } from '../ui/ci-summary.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export interface CiFlags {
  githubRepo?: string;
  branch?: string;
  botName?: string;
  tokenExpiry?: string;
  rotateToken?: boolean;
  yes?: boolean;
  nonInteractive?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export const DEFAULT_BOT = 'sym-okta-quickstart-ci';
export const DEFAULT_EXPIRY = '90d';
const ciTemplate = () => fileURLToPath(new URL('../ci-templates/ci-github.tf', import.meta.url));

function check(flag: string, v: Validation | undefined): string | undefined {
  if (!v) return undefined;
  if (!v.ok) throw usageError(`${flag}: ${v.message}`);
  return v.value;
}

/** Where a file goes relative to the git root (always with `/`, as in a workflow). */
const posix = (p: string) => p.split(sep).join('/');

export async function ciCommand(dirArg: string | undefined, flags: CiFlags, s: Session): Promise<number> {
  const { out, runner, io } = s;
  const env = io.env;
  const dryRun = Boolean(flags.dryRun);
  const yes = Boolean(flags.yes);
  const interactive = canAsk(io, flags.nonInteractive);

  // Everything given is checked before anything is read or run.
  const givenRepo = check('--github-repo', flags.githubRepo === undefined ? undefined : githubRepo(flags.githubRepo));
  const givenBranch = check('--branch', flags.branch === undefined ? undefined : branchName(flags.branch));
  const bot = check('--bot-name', botName(flags.botName ?? DEFAULT_BOT))!;
  const expiry = check('--token-expiry', tokenExpiry(flags.tokenExpiry ?? DEFAULT_EXPIRY))!;
  const dir = await findProject(io.cwd, dirArg, 'ci');

  if (!(await exists(join(dir, 'app/main.tf'))))
    throw missingError(
      `${dir} is not a sym-okta-quickstart project (there is no app/main.tf).`,
      'Run ci in the project directory (`npx sym-okta-quickstart ci ./sym-okta-quickstart`), or create one with `npx sym-okta-quickstart init`.',
    );
  // A pipeline needs state that outlives a runner: app/backend.tf with an s3 backend (init --state-bucket).
  const backend = await remoteStateOf(dir);
  if (!backend)
    throw missingError(
      `${dir} keeps its Terraform state in a local file, which a CI runner would not have: each run would start from nothing and try to create everything again.`,
      `Move the state to S3 first: \`npx sym-okta-quickstart init ${relative(io.cwd, dir) || '.'} --state-bucket <bucket-name>\`, then run ci again.`,
    );
  const tfvars = await parseTfvars((await readText(join(dir, TFVARS))) ?? '', TFVARS).catch((e: unknown) => {
    throw usageError(`${join(dir, TFVARS)} cannot be parsed: ${(e as Error).message}`);
  });
  const answers = answersFromTfvars(tfvars);
  const runtime = answers.runtimeName ?? defaultOf('runtimeName');
  const region = answers.awsRegion ?? defaultOf('awsRegion');

  const git = createGit(runner);
  const gitRoot = await git.root(dir);
  if (!gitRoot)
    throw missingError(
      `${dir} is not in a git repository; the workflows go in .github/workflows at the root of the repository that holds the project.`,
      'Put the project in your GitHub repository (`git init`, `git remote add origin git@github.com:<owner>/<name>.git`), then run ci again.',
    );
  const origin = await git.originUrl(dir);
  const repo = givenRepo ?? (origin ? repoFromRemote(origin) : undefined);
  if (!repo)
    throw missingError(
      origin
        ? `The git remote origin (${origin}) is not a GitHub repository.`
        : 'This git repository has no remote origin to take the GitHub repository from.',
      'Name it: --github-repo <owner>/<name> (or SYM_QUICKSTART_GITHUB_REPO).',
    );
  const branch = givenBranch ?? (await git.originDefaultBranch(dir)) ?? 'main';
  const projectPath = posix(relative(gitRoot, dir));

  if (!interactive && !yes && !dryRun)
    throw missingError(
      'ci applies Terraform changes (the CI roles), which needs a confirmation this run cannot ask for.',
      'Add --yes to confirm (review first with --dry-run).',
    );

  const terraform = createTerraform(runner, {
    color: out.c.level > 0,
    onLine: (line) => out.stream(line),
    onQuietLine: (line) => out.detail(`  │ ${line}`),
    tmpDir: s.tmpDir,
    signal: s.signal,
  });
  const symflow = createSymflow(runner);
  const gh = createGh(runner);
  const tfVersion = await terraform.version();

  // What is there already: previous ci values, the account's OIDC provider, the bot, gh and the repository.
  const previousSrc = await readText(join(dir, CI_TFVARS));
  const previous = previousSrc ? ciValuesFrom(await parseTfvars(previousSrc, CI_TFVARS)) : {};
  let oidcStatus: CiReport['oidcProvider']['status'];
  let oidcArn = previous.oidcProviderArn;
  if (oidcArn === undefined) {
    const iam = await createIam({ region, profile: env.AWS_PROFILE, env });
    oidcArn = (await iam.githubOidcProvider()) ?? '';
    oidcStatus = oidcArn ? 'reuse' : 'create';
  } else oidcStatus = oidcArn ? 'reuse' : 'managed';
  const values: CiValues = {
    githubRepository: repo,
    githubBranch: branch,
    symBot: bot,
    oidcProviderArn: oidcArn,
    stateBucket: backend.bucket,
    stateKey: backend.key,
  };

  const botExists = (await symflow.botsList()).includes(bot);
  const ghStatus: GhStatus = await gh.status();
  const ghReady = ghStatus.kind === 'ready';
  const haveSecret = ghReady ? (await gh.secretNames(repo)).includes(REPO_SECRET) : false;
  const haveVariables = ghReady ? await gh.variables(repo) : {};

  // Files: ci owns ci-github.auto.tfvars (its answers); the others it writes once and then leaves to the user.
  const workflows = renderWorkflows({ projectPath, branch, terraformVersion: tfVersion, cliVersion: VERSION });
  const wanted: Array<{ abs: string; shown: string; content: string; owned: boolean }> = [
    { abs: join(dir, CI_TF), shown: CI_TF, content: (await readText(ciTemplate()))!, owned: false },
    { abs: join(dir, CI_TFVARS), shown: CI_TFVARS, content: renderCiTfvars(values), owned: true },
    ...Object.entries(workflows).map(([rel, content]) => ({
      abs: join(gitRoot, rel),
      shown: rel,
      content,
      owned: false,
    })),
  ];
  const files = await Promise.all(
    wanted.map(async (f) => {
      const current = await readText(f.abs);
      const status: CiFileStatus =
        current === undefined ? 'create' : current === f.content ? 'unchanged' : f.owned ? 'update' : 'kept';
      return { ...f, current, status };
    }),
  );

  const roleName = (kind: 'plan' | 'apply') => ciRoleName(kind, runtime);
  const report: CiReport = {
    ok: true,
    dryRun,
    directory: dir,
    repositoryRoot: gitRoot,
    repository: repo,
    branch,
    files: files.map((f) => ({ path: posix(relative(gitRoot, f.abs)), status: f.status })),
    oidcProvider: { status: oidcStatus, ...(oidcArn ? { arn: oidcArn } : {}) },
    roles: { plan: { name: roleName('plan') }, apply: { name: roleName('apply') } },
    terraform: { status: 'planned' },
    bot: { name: bot, status: botExists ? 'exists' : 'create' },
    secrets: [],
    variables: [],
    pending: [],
  };
  out.info(out.c.bold(`CI for ${dir}: GitHub ${repo}, applying from ${branch}`));
  for (const f of files.filter((f) => f.status === 'kept'))
    out.warn(
      `${f.shown} differs from what ci writes; it is left as it is.`,
      `To get the current version, move it away and run ci again.`,
    );

  if (dryRun) {
    const secretStatus = ghReady ? (haveSecret && !flags.rotateToken && botExists ? 'kept' : 'will-set') : 'pending';
    report.secrets = [{ name: REPO_SECRET, status: secretStatus }];
    report.variables = [
      {
        name: REPO_VARIABLES.planRole,
        value: `(ARN of ${roleName('plan')})`,
        status: ghReady ? 'will-set' : 'pending',
      },
      {
        name: REPO_VARIABLES.applyRole,
        value: `(ARN of ${roleName('apply')})`,
        status: ghReady ? 'will-set' : 'pending',
      },
      {
        name: REPO_VARIABLES.region,
        value: region,
        status: ghReady ? (haveVariables[REPO_VARIABLES.region] === region ? 'unchanged' : 'will-set') : 'pending',
      },
    ];
    if (!ghReady) report.pending = pendingCommands(report, ghStatus, expiry);
    printCiSummary(out, report, ghStatus);
    if (flags.json) out.resultJson(report);
    return 0;
  }

  // Terraform first: its files, then the usual plan and confirmation. Declining (or a failed apply)
  // puts the files back as they were.
  const tfFiles = files.filter((f) => f.abs.startsWith(join(dir, 'app')) && f.status !== 'kept');
  for (const f of tfFiles) if (f.status !== 'unchanged') await writeFileAtomic(f.abs, f.content);
  const prompter = new Prompter(interactive, {}, out, { input: io.stdin, output: io.stderr }, yes);
  out.step('Terraform: GitHub OIDC provider and the CI roles');
  try {
    const r = await planAndApply({ terraform, out, prompter, region }, dir);
    report.terraform = { status: r.applied ? 'applied' : 'unchanged', summary: r.summary };
  } catch (e) {
    for (const f of tfFiles) {
      if (f.status === 'unchanged') continue;
      if (f.current === undefined) await remove(f.abs);
      else await writeFileAtomic(f.abs, f.current);
    }
    throw e;
  }
  const outputs = await terraform.output(join(dir, 'app'));
  const planArn = String(outputs.ci_plan_role_arn ?? '');
  const applyArn = String(outputs.ci_apply_role_arn ?? '');
  if (!planArn || !applyArn)
    throw outsideError(`Terraform has no outputs ci_plan_role_arn and ci_apply_role_arn after the apply.`);
  report.roles.plan.arn = planArn;
  report.roles.apply.arn = applyArn;
  report.oidcProvider.arn = String(outputs.ci_oidc_provider_arn ?? oidcArn);
  out.ok(`Roles ${planArn} and ${applyArn}`);

  out.step('Sym bot');
  if (!botExists) {
    await symflow.botsCreate(bot);
    report.bot.status = 'created';
    out.ok(`Created the Sym bot ${bot}`);
  } else out.ok(`The Sym bot ${bot} exists`);

  out.step('Workflows');
  const newWorkflows = files.filter((f) => !f.abs.startsWith(join(dir, 'app')) && f.status === 'create');
  for (const f of newWorkflows) {
    await writeFileAtomic(f.abs, f.content);
    out.ok(`Wrote ${f.shown}`);
  }
  if (!newWorkflows.length) out.ok('The workflows are in place');

  out.step('GitHub secret and variables');
  const wantVars: Array<[string, string]> = [
    [REPO_VARIABLES.planRole, planArn],
    [REPO_VARIABLES.applyRole, applyArn],
    [REPO_VARIABLES.region, region],
  ];
  if (ghReady) {
    // A bot created now (first run, or the old one was deleted) makes any token in the secret useless.
    if (!haveSecret || flags.rotateToken || !botExists) {
      // Held only in this process's memory, from symflow's stdout to gh's stdin.
      const token = await symflow.tokensIssue(bot, expiry, (t) => s.redactor.add(t));
      await gh.setSecret(repo, REPO_SECRET, token);
      report.secrets.push({ name: REPO_SECRET, status: 'set' });
      out.ok(`Issued a ${expiry} token for ${bot} and stored it as the ${REPO_SECRET} secret of ${repo}`);
    } else {
      report.secrets.push({ name: REPO_SECRET, status: 'kept' });
      out.ok(`${repo} already has the ${REPO_SECRET} secret (replace it with --rotate-token)`);
    }
    for (const [name, value] of wantVars) {
      if (haveVariables[name] === value) {
        report.variables.push({ name, value, status: 'unchanged' });
        continue;
      }
      await gh.setVariable(repo, name, value);
      report.variables.push({ name, value, status: 'set' });
      out.ok(`Set the repository variable ${name}`);
    }
  } else {
    report.secrets.push({ name: REPO_SECRET, status: 'pending' });
    for (const [name, value] of wantVars) report.variables.push({ name, value, status: 'pending' });
    report.pending = pendingCommands(report, ghStatus, expiry);
  }
  printCiSummary(out, report, ghStatus);
  if (flags.json) out.resultJson(report);
  return 0;
}
