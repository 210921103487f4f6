// `ci` end to end: the built CLI, real terraform against moto's IAM/S3/STS (a moto of this file's own:
// an account has one GitHub OIDC provider, which other test files must not see), and the gh and symflow
// stand-ins on PATH, which log argv, environment and (gh) the sha256 of stdin. The bot token symflow
// issues is a random canary: it must reach gh's stdin and nothing else.
import {
  CreateOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTfvars } from '../../src/render/tfvars.js';
import { BASIC } from '../helpers/answers.js';
import { leakForms, leaksIn, leakyFiles } from '../helpers/leaks.js';
import { runInProcess } from '../helpers/in-process.js';
import { loopback } from '../helpers/loopback.js';
import { startMoto } from '../helpers/moto.js';
import { FIXTURE_TEMPLATES, makeWorld } from '../helpers/world.js';

const { tfMirror, skip } = loopback();
const REPO = 'acme/infra';
const OIDC = 'token.actions.githubusercontent.com';

let moto: Awaited<ReturnType<typeof startMoto>>;
const iam = () =>
  new IAMClient({
    endpoint: moto.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });

interface GhCall {
  argv: string[];
  env: Record<string, string>;
  stdinSha256: string | null;
}

/**
 * A git repository `infra` (origin acme/infra, whose default branch git knows as `trunk`) holding the
 * scaffolded project in `sym/` with its state in an S3 bucket on moto; gh logged in (or not) with admin
 * access to the repository; symflow logged in, issuing `canary` as the next token.
 */
async function ciWorld(o: { ghLoggedIn?: boolean; remoteState?: boolean } = {}) {
  const w = await makeWorld({ motoUrl: moto.url, tfMirror, wrapTerraform: true });
  const repoDir = join(w.work, 'infra');
  const dir = join(repoDir, 'sym');
  cpSync(FIXTURE_TEMPLATES, dir, { recursive: true, dereference: true });
  writeFileSync(join(dir, 'app/terraform.tfvars'), renderTfvars({ ...BASIC, runtimeName: w.runtime }));
  if (o.remoteState !== false) {
    const bucket = `tfstate-${w.runtime}`;
    expect((await fetch(`${moto.url}/${bucket}`, { method: 'PUT' })).ok).toBe(true);
    // What init --state-bucket writes (use_path_style only because moto is on an IP address).
    writeFileSync(
      join(dir, 'app/backend.tf'),
      `terraform {\n  backend "s3" {\n    bucket         = "${bucket}"\n    key            = "sym-okta-quickstart/${w.runtime}/terraform.tfstate"\n    region         = "us-east-1"\n    use_lockfile   = true\n    encrypt        = true\n    use_path_style = true\n  }\n}\n`,
    );
  }
  const git = (...args: string[]) => execFileSync('git', ['-C', repoDir, ...args], { stdio: 'pipe' });
  execFileSync('git', ['init', '-q', repoDir]);
  git('remote', 'add', 'origin', `git@github.com:${REPO}.git`);
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');

  const canary = [
    'eyJhbGciOiJSUzI1NiJ9',
    randomBytes(24).toString('base64url'),
    randomBytes(32).toString('base64url'),
  ].join('.');
  w.setSymflow({ nextToken: canary } as never);
  const ghState = join(w.root, 'gh-state.json');
  writeFileSync(ghState, JSON.stringify({ loggedIn: o.ghLoggedIn !== false, repos: { [REPO]: {} } }));
  const tmp = join(w.root, 'tmp');
  mkdirSync(tmp);
  Object.assign(w.env, { FAKE_GH_STATE: ghState, TMPDIR: tmp });
  const gh = (): GhCall[] =>
    existsSync(join(w.logs, 'gh.jsonl'))
      ? readFileSync(join(w.logs, 'gh.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [];
  const ghRepo = () => JSON.parse(readFileSync(ghState, 'utf8')).repos[REPO];
  const ci = (...args: string[]) => w.run(['ci', dir, ...args], { env: { CI: 'true' } });
  return { w, repoDir, dir, canary, gh, ghRepo, ci, tmp };
}

async function oidcProviders() {
  const r = await iam().send(new ListOpenIDConnectProvidersCommand({}));
  return (r.OpenIDConnectProviderList ?? []).map((p) => p.Arn!).filter((a) => a.endsWith(`/${OIDC}`));
}
async function trustOf(name: string) {
  const r = await iam().send(new GetRoleCommand({ RoleName: name }));
  return JSON.parse(decodeURIComponent(r.Role!.AssumeRolePolicyDocument!));
}
// doctor's verdicts, and the dry run's report, are what the command decides: those run its main() in the
// test's process (helpers/in-process.ts); ci's applies stay processes (their output is scanned for leaks).
const doctorCi = (x: Awaited<ReturnType<typeof ciWorld>>) =>
  runInProcess(x.w, ['doctor', x.dir, '--json', '--check', 'ci-workflows', 'ci-roles', 'ci-bot'], { CI: 'true' });
const ciChecks = (stdout: string) =>
  Object.fromEntries(
    (JSON.parse(stdout).checks as Array<{ id: string; status: string }>)
      .filter((c) => c.id.startsWith('ci-'))
      .map((c) => [c.id, c.status]),
  );
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The trust policy ci must write: GitHub's provider, audience sts.amazonaws.com, exactly one subject. */
const trust = (providerArn: string, sub: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Principal: { Federated: providerArn },
      Condition: { StringEquals: { [`${OIDC}:aud`]: 'sts.amazonaws.com', [`${OIDC}:sub`]: sub } },
    },
  ],
});

function expectNoLeak(x: Awaited<ReturnType<typeof ciWorld>>, outputs: string[]) {
  const forms = leakForms(x.canary);
  for (const text of outputs) expect(leaksIn(text, forms)).toEqual([]);
  // Files of the run: project and repository, HOME, the temp dir (debug log, scratch), every stand-in's log.
  for (const d of [x.w.work, x.w.home, x.tmp, x.w.logs]) expect(leakyFiles(d, forms), d).toEqual([]);
  const children = [...x.w.calls('symflow'), ...x.w.calls('terraform'), ...x.gh()];
  expect(children.length).toBeGreaterThan(5);
  for (const c of children) {
    expect(c.env.PATH, 'the child environment was recorded').toBeTruthy();
    expect(leaksIn(JSON.stringify(c.argv), forms), c.argv.join(' ')).toEqual([]);
    expect(leaksIn(JSON.stringify(c.env), forms), `environment of ${c.argv.join(' ')}`).toEqual([]);
  }
}

describe.skipIf(skip)('ci: GitHub Actions with OIDC roles and a bot token no one sees', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('creates the OIDC provider once, two roles trusted by exactly the PRs and the branch, the token only on gh stdin; a second run creates nothing', async () => {
    await moto.reset();
    const x = await ciWorld();
    try {
      const r = await x.ci('--yes', '--json');
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({
        ok: true,
        repository: REPO,
        branch: 'trunk', // origin/HEAD
        oidcProvider: { status: 'create' },
        terraform: { status: 'applied' },
        bot: { name: 'sym-okta-quickstart-ci', status: 'created' },
        secrets: [{ name: 'SYM_JWT', status: 'set' }],
        pending: [],
      });

      // AWS: one provider for GitHub, audience sts.amazonaws.com; the roles trust exactly the PRs and the branch.
      const providers = await oidcProviders();
      expect(providers).toHaveLength(1);
      const planRole = `sym-plan-${x.w.runtime}`;
      const applyRole = `sym-apply-${x.w.runtime}`;
      expect(await trustOf(planRole)).toEqual(trust(providers[0]!, `repo:${REPO}:pull_request`));
      expect(await trustOf(applyRole)).toEqual(trust(providers[0]!, `repo:${REPO}:ref:refs/heads/trunk`));
      expect(report.roles.plan.arn).toBe(`arn:aws:iam::123456789012:role/sym/${planRole}`);

      // GitHub: the token symflow issued arrived on gh's stdin (and only there); ARNs and region as variables.
      const sets = x.gh().filter((c) => c.argv[0] === 'secret' && c.argv[1] === 'set');
      expect(sets.map((c) => c.argv)).toEqual([['secret', 'set', 'SYM_JWT', '--repo', REPO]]);
      expect(sets[0]!.stdinSha256).toBe(sha256(x.canary));
      expect(x.ghRepo().secrets.SYM_JWT.sha256).toBe(sha256(x.canary));
      expect(x.w.symflowState()).toMatchObject({ tokens: [{ bot: 'sym-okta-quickstart-ci', expiry: '90d' }] });
      expect(x.ghRepo().variables).toEqual({
        SYM_PLAN_ROLE_ARN: report.roles.plan.arn,
        SYM_APPLY_ROLE_ARN: report.roles.apply.arn,
        SYM_AWS_REGION: 'us-east-1',
      });

      // Files: the workflows at the git root, for the project's path and the branch.
      const plan = readFileSync(join(x.repoDir, '.github/workflows/sym-plan.yml'), 'utf8');
      const apply = readFileSync(join(x.repoDir, '.github/workflows/sym-apply.yml'), 'utf8');
      expect(plan).toContain('- "sym/**"');
      expect(apply).toMatch(/branches:\n\s+- "trunk"/);
      expect(apply).toContain('terraform_version: "1.');
      expect(readFileSync(join(x.dir, 'app/ci-github.auto.tfvars'), 'utf8')).toContain('github_oidc_provider_arn = ""');
      expectNoLeak(x, [r.stdout, r.stderr]);

      // doctor: the workflows assume existing roles, whose trust is exactly the repository's; the bot exists.
      const doc = await doctorCi(x);
      expect(doc.exitCode, doc.stdout + doc.stderr).toBe(0);
      expect(ciChecks(doc.stdout)).toEqual({
        'ci-workflows': 'pass',
        'ci-roles': 'pass',
        'ci-bot': 'pass',
      });

      // A second run: nothing new anywhere.
      const roles = (await iam().send(new ListRolesCommand({}))).Roles!.length;
      const again = await x.ci('--yes', '--json');
      expect(again.exitCode, again.stderr).toBe(0);
      const second = JSON.parse(again.stdout);
      expect(second).toMatchObject({
        oidcProvider: { status: 'managed' },
        terraform: { status: 'unchanged' },
        bot: { status: 'exists' },
        secrets: [{ name: 'SYM_JWT', status: 'kept' }],
      });
      // Terraform's part ends with what it did, here nothing (not a dangling "… terraform plan").
      expect(again.stderr).toContain('✔ Terraform: no changes; infrastructure matches the project');
      for (const v of second.variables) expect(v.status, v.name).toBe('unchanged');
      for (const f of second.files) expect(f.status, f.path).toBe('unchanged');
      expect(await oidcProviders()).toEqual(providers);
      expect((await iam().send(new ListRolesCommand({}))).Roles!.length).toBe(roles);
      expect(x.w.symflowState().counters).toMatchObject({ 'bots create': 1, 'tokens issue': 1 });
      expect(x.gh().filter((c) => c.argv[1] === 'set')).toHaveLength(4); // the first run's secret and 3 variables
      expectNoLeak(x, [again.stdout, again.stderr]);
    } finally {
      await x.w.close();
    }
  });

  // Two claims about one ci run, on sides of it that do not meet (the AWS account's OIDC provider, and
  // GitHub's login): an account that already has GitHub's provider, and gh not logged in. Each apply of
  // the CI roles costs a full terraform run, so the two share this one; each phase below says its claim.
  it('an account with an OIDC provider already, and gh not logged in: the provider is reused (not a second one); no token is issued and the exact commands are printed (the token step as one pipe); doctor then sees widened trust and a deleted bot', async () => {
    await moto.reset();
    const existing = await iam().send(
      new CreateOpenIDConnectProviderCommand({
        Url: `https://${OIDC}`,
        ClientIDList: ['sts.amazonaws.com'],
        ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
      }),
    );
    const x = await ciWorld({ ghLoggedIn: false });
    try {
      const r = await x.ci('--yes', '--json', '--branch', 'main');
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);

      // The provider the account already has is reused instead of creating a second one.
      expect(report.oidcProvider).toEqual({ status: 'reuse', arn: existing.OpenIDConnectProviderArn });
      expect(await oidcProviders()).toEqual([existing.OpenIDConnectProviderArn]);
      expect(await trustOf(`sym-apply-${x.w.runtime}`)).toEqual(
        trust(existing.OpenIDConnectProviderArn!, `repo:${REPO}:ref:refs/heads/main`),
      );

      // gh not logged in: no token is issued, and the exact commands are printed (the token step as one pipe).
      expect(report.secrets).toEqual([{ name: 'SYM_JWT', status: 'pending' }]);
      const pipe = `symflow tokens issue -u sym-okta-quickstart-ci -e 90d | gh secret set SYM_JWT --repo ${REPO}`;
      expect(report.pending).toEqual([
        'gh auth login',
        pipe,
        `gh variable set SYM_PLAN_ROLE_ARN --body ${report.roles.plan.arn} --repo ${REPO}`,
        `gh variable set SYM_APPLY_ROLE_ARN --body ${report.roles.apply.arn} --repo ${REPO}`,
        `gh variable set SYM_AWS_REGION --body us-east-1 --repo ${REPO}`,
      ]);
      expect(r.stderr).toContain(`    ${pipe}\n`);
      expect(r.stderr).toContain('gh is not logged in');
      expect(x.w.symflowState().counters?.['tokens issue']).toBeUndefined();
      expect(x.gh().map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['auth status']);
      // The rest is done: roles and bot exist, workflows written.
      expect(report.bot.status).toBe('created');
      expect(existsSync(join(x.repoDir, '.github/workflows/sym-apply.yml'))).toBe(true);

      // doctor notices a role whose trust was widened by hand, and a deleted bot.
      const widened = trust(existing.OpenIDConnectProviderArn!, 'repo:acme/*');
      const cond = widened.Statement[0]!.Condition as Record<string, Record<string, string>>;
      cond.StringLike = { [`${OIDC}:sub`]: cond.StringEquals![`${OIDC}:sub`]! };
      delete cond.StringEquals![`${OIDC}:sub`];
      await iam().send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: `sym-apply-${x.w.runtime}`,
          PolicyDocument: JSON.stringify(widened),
        }),
      );
      x.w.setSymflow({ bots: [] } as never);
      const doc = await doctorCi(x);
      expect(doc.exitCode, doc.stdout + doc.stderr).toBe(5);
      expect(ciChecks(doc.stdout)).toEqual({ 'ci-workflows': 'pass', 'ci-roles': 'fail', 'ci-bot': 'fail' });
      expect(doc.stderr).toContain('trusts like:repo:acme/*, not exactly repo:acme/infra:ref:refs/heads/main');
      expect(doc.stderr).toContain('--rotate-token');
    } finally {
      await x.w.close();
    }
  });

  it('--dry-run --json reports the roles, bot, secret, variables and files, and changes nothing', async () => {
    await moto.reset();
    const x = await ciWorld();
    try {
      const r = await runInProcess(x.w, ['ci', x.dir, '--dry-run', '--json'], { CI: 'true' });
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({
        ok: true,
        dryRun: true,
        oidcProvider: { status: 'create' },
        roles: { plan: { name: `sym-plan-${x.w.runtime}` }, apply: { name: `sym-apply-${x.w.runtime}` } },
        bot: { name: 'sym-okta-quickstart-ci', status: 'create' },
        secrets: [{ name: 'SYM_JWT', status: 'will-set' }],
      });
      expect(report.variables.map((v: { name: string; status: string }) => `${v.name} ${v.status}`)).toEqual([
        'SYM_PLAN_ROLE_ARN will-set',
        'SYM_APPLY_ROLE_ARN will-set',
        'SYM_AWS_REGION will-set',
      ]);
      expect(report.files).toEqual([
        { path: 'sym/app/ci-github.tf', status: 'create' },
        { path: 'sym/app/ci-github.auto.tfvars', status: 'create' },
        { path: '.github/workflows/sym-plan.yml', status: 'create' },
        { path: '.github/workflows/sym-apply.yml', status: 'create' },
      ]);
      expect(r.stderr).toContain('Dry run: nothing was changed');
      // Nothing anywhere: no file, no terraform, no bot, no token, nothing set in GitHub, no IAM role.
      expect(existsSync(join(x.repoDir, '.github'))).toBe(false);
      expect(existsSync(join(x.dir, 'app/ci-github.tf'))).toBe(false);
      expect(x.w.calls('terraform').filter((c) => c.argv[0] !== 'version')).toEqual([]);
      expect(x.w.symflowState().counters).not.toHaveProperty('bots create');
      expect(x.w.symflowState().counters).not.toHaveProperty('tokens issue');
      expect(x.gh().filter((c) => c.argv[1] === 'set')).toEqual([]);
      expect(await oidcProviders()).toEqual([]);
      expect((await iam().send(new ListRolesCommand({}))).Roles).toEqual([]);
    } finally {
      await x.w.close();
    }
  });

  it('a project with local state: exit 3 naming --state-bucket, before anything runs or is written', async () => {
    const x = await ciWorld({ remoteState: false });
    try {
      const r = await x.ci('--yes', '--json');
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(/keeps its Terraform state in a local file/);
      expect(r.stderr).toContain('init infra/sym --state-bucket <bucket-name>');
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 3 } });
      expect(x.w.calls('terraform')).toEqual([]);
      expect(x.w.calls('symflow')).toEqual([]);
      expect(x.gh()).toEqual([]);
      expect(existsSync(join(x.repoDir, '.github'))).toBe(false);
      expect(existsSync(join(x.dir, 'app/ci-github.tf'))).toBe(false);
    } finally {
      await x.w.close();
    }
  });
});
