// The two GitHub Actions workflows `ci` writes at the root of the git repository. Pure: the same
// inputs always give the same bytes, so a second `ci` can tell "unchanged" from "edited".

/** Actions pinned to a full commit (a tag can be moved; a commit cannot), with the tag it was. */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
  setupNode: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0',
  setupTerraform: 'hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2',
  awsCredentials: 'aws-actions/configure-aws-credentials@b47578312673ae6fa5b5096b330d9fbac3d116df # v4.2.1',
  githubScript: 'actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1',
} as const;

/** doctor calls symflow; the version this tool is tested against (facts/sym.md). */
export const SYMFLOW_PIP = 'sym-flow-cli==8.1.0';

/** Repository variables and the secret the workflows read (`ci` sets them with gh). */
export const REPO_VARIABLES = {
  planRole: 'SYM_PLAN_ROLE_ARN',
  applyRole: 'SYM_APPLY_ROLE_ARN',
  region: 'SYM_AWS_REGION',
} as const;
export const REPO_SECRET = 'SYM_JWT';

export const PLAN_WORKFLOW = '.github/workflows/sym-plan.yml';
export const APPLY_WORKFLOW = '.github/workflows/sym-apply.yml';

export interface WorkflowInputs {
  /** The project's directory relative to the git root, with `/` separators; '' when it is the root. */
  projectPath: string;
  /** The branch whose pushes apply. */
  branch: string;
  /** Exact Terraform version, e.g. 1.11.4: the one the project was applied with. */
  terraformVersion: string;
  /** This tool's version, for `npx sym-okta-quickstart@<version> doctor`. */
  cliVersion: string;
}

const q = (s: string) => JSON.stringify(s); // a YAML double-quoted scalar is a JSON string

function header(what: string, i: WorkflowInputs) {
  return `# Written by sym-okta-quickstart ${i.cliVersion} (\`npx sym-okta-quickstart ci\`): ${what}
# AWS access is a short-lived role session through GitHub's OIDC provider (no AWS keys are stored);
# Sym is reached with the bot token in the ${REPO_SECRET} secret. The Okta API token is never needed here:
# it lives in AWS Secrets Manager. Re-running \`ci\` rewrites this file; edit it and \`ci\` leaves it alone.
`;
}

function triggerPaths(i: WorkflowInputs, self: string) {
  const prefix = i.projectPath ? `${i.projectPath}/` : '';
  return [`${prefix}**`, self].map((p) => `      - ${q(p)}`).join('\n');
}

/** The setup both jobs share: code, Terraform at the project's version, and AWS credentials for `role`. */
function setupSteps(i: WorkflowInputs, roleVariable: string) {
  return `      - uses: ${PINNED_ACTIONS.checkout}
        with:
          persist-credentials: false
      - uses: ${PINNED_ACTIONS.setupTerraform}
        with:
          terraform_version: ${q(i.terraformVersion)}
          # Plain terraform output (and exit codes) instead of the wrapper's.
          terraform_wrapper: false
      - uses: ${PINNED_ACTIONS.awsCredentials}
        with:
          role-to-assume: \${{ vars.${roleVariable} }}
          aws-region: \${{ vars.${REPO_VARIABLES.region} }}
          role-session-name: sym-\${{ github.run_id }}
      - name: terraform fmt -check
        run: terraform fmt -check -recursive -diff
      - name: terraform init
        run: terraform -chdir=app init -input=false
      - name: terraform validate
        run: terraform -chdir=app validate -no-color`;
}

function jobEnv() {
  return `    env:
      TF_IN_AUTOMATION: "1"
      TF_INPUT: "0"
      CHECKPOINT_DISABLE: "1"
      # The Sym provider (and symflow) read the bot token from here.
      ${REPO_SECRET}: \${{ secrets.${REPO_SECRET} }}`;
}

// An explicit \`shell: bash\` runs with -o pipefail, so \`… | tee\` still fails when the command does.
const workingDirectory = (i: WorkflowInputs) => `    defaults:
      run:
        shell: bash
        working-directory: ${q(i.projectPath || '.')}`;

/** Marks the one PR comment the plan job keeps updating. */
export const planCommentMarker = (i: WorkflowInputs) => `<!-- sym-okta-quickstart plan: ${i.projectPath || '.'} -->`;

export function renderPlanWorkflow(i: WorkflowInputs): string {
  const where = i.projectPath || 'the repository root';
  return `${header(`plans the Sym project in ${where} for each pull request that touches it.`, i)}
name: Sym plan

on:
  pull_request:
    paths:
${triggerPaths(i, PLAN_WORKFLOW)}

permissions:
  contents: read

concurrency:
  # A newer push to the same pull request makes an older plan pointless.
  group: sym-plan-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  plan:
    name: terraform plan
    runs-on: ubuntu-latest
    timeout-minutes: 30
    permissions:
      contents: read
      id-token: write # to assume the plan role (read-only, plus the state lock)
      pull-requests: write # for the plan comment
${workingDirectory(i)}
${jobEnv()}
    steps:
${setupSteps(i, REPO_VARIABLES.planRole)}
      - name: terraform plan
        id: plan
        env:
          MARKER: ${q(planCommentMarker(i))}
          PROJECT: ${q(i.projectPath || '.')}
        run: |
          set +e
          terraform -chdir=app plan -input=false -lock-timeout=5m -no-color -detailed-exitcode -out=tfplan > plan.txt 2>&1
          code=$?
          set -e
          cat plan.txt
          summary=$(grep -E '^(Plan: |No changes\\.)' plan.txt | head -n 1)
          if [ "$code" = 1 ]; then summary="terraform plan failed"; fi
          {
            echo "$MARKER"
            echo "### Sym: terraform plan for \\\`$PROJECT\\\`"
            echo
            echo "**\${summary:-no summary}**"
            echo
            echo "<details><summary>Full plan</summary>"
            echo
            echo '\`\`\`'
            head -c 60000 plan.txt
            echo
            echo '\`\`\`'
            echo "</details>"
          } > plan-summary.md
          cat plan-summary.md >> "$GITHUB_STEP_SUMMARY"
          exit $(( code == 1 ))
      - name: Plan comment on the pull request
        if: always() && steps.plan.outcome != 'skipped'
        uses: ${PINNED_ACTIONS.githubScript}
        env:
          SUMMARY_FILE: ${q(`${i.projectPath ? `${i.projectPath}/` : ''}plan-summary.md`)}
          MARKER: ${q(planCommentMarker(i))}
        with:
          script: |
            const fs = require('fs');
            if (!fs.existsSync(process.env.SUMMARY_FILE)) return;
            const body = fs.readFileSync(process.env.SUMMARY_FILE, 'utf8');
            const { owner, repo } = context.repo;
            const issue_number = context.issue.number;
            const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
            const mine = comments.find((c) => c.user.type === 'Bot' && c.body.startsWith(process.env.MARKER));
            if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
            else await github.rest.issues.createComment({ owner, repo, issue_number, body });
`;
}

export function renderApplyWorkflow(i: WorkflowInputs): string {
  const where = i.projectPath || 'the repository root';
  return `${header(`applies the Sym project in ${where} when ${i.branch} changes, then checks it with doctor.`, i)}
name: Sym apply

on:
  push:
    branches:
      - ${q(i.branch)}
    paths:
${triggerPaths(i, APPLY_WORKFLOW)}
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  # One apply at a time, in order; a running apply is never cancelled (that could leave AWS half-changed).
  group: sym-apply-${i.projectPath.replace(/[^A-Za-z0-9_-]+/g, '-') || 'root'}
  cancel-in-progress: false

jobs:
  apply:
    name: terraform apply
    # The apply role trusts only this branch; a dispatch from another branch would be refused by AWS.
    if: github.ref == 'refs/heads/${i.branch}'
    runs-on: ubuntu-latest
    timeout-minutes: 60
    permissions:
      contents: read
      id-token: write # to assume the apply role
${workingDirectory(i)}
${jobEnv()}
    steps:
${setupSteps(i, REPO_VARIABLES.applyRole)}
      - name: terraform plan
        env:
          PROJECT: ${q(i.projectPath || '.')}
        run: |
          terraform -chdir=app plan -input=false -lock-timeout=5m -no-color -out=tfplan | tee plan.txt
          {
            echo "### Sym: terraform plan for \\\`$PROJECT\\\`"
            echo
            grep -E '^(Plan: |No changes\\.)' plan.txt | head -n 1
          } >> "$GITHUB_STEP_SUMMARY"
      - name: terraform apply
        run: terraform -chdir=app apply -input=false -lock-timeout=5m -no-color tfplan
      - uses: ${PINNED_ACTIONS.setupNode}
        with:
          node-version: "22"
      - name: Install symflow (doctor checks the Sym side with it)
        run: pipx install ${SYMFLOW_PIP}
      - name: sym-okta-quickstart doctor
        run: npx --yes sym-okta-quickstart@${i.cliVersion} doctor --json . | tee doctor.json
`;
}

export function renderWorkflows(i: WorkflowInputs): Record<string, string> {
  return { [PLAN_WORKFLOW]: renderPlanWorkflow(i), [APPLY_WORKFLOW]: renderApplyWorkflow(i) };
}
