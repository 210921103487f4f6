import { describe, expect, it } from 'vitest';
import { isApplyHint, parsePlan, planLines } from '../../src/tools/terraform-plan.js';

// Terraform 1.11's plan output (-no-color), cut to the lines that matter and one resource body.
const PLAN = `
Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create
  ~ update in-place
  - destroy
-/+ destroy and then create replacement

Terraform will perform the following actions:

  # module.okta_access_flow.sym_flow.this will be created
  + resource "sym_flow" "this" {
      + id   = (known after apply)
      + name = "okta_prod"
    }

  # module.okta_access_flow.sym_target.okta_group["aws-admins"] will be created
  # module.okta_access_flow.sym_target.okta_group["data-readers"] will be created
  # module.sym_runtime.sym_integration.slack will be updated in-place
  # module.sym_runtime.module.runtime_connector.aws_iam_role.sym_runtime_connector_role will be created
  # module.sym_runtime.module.runtime_connector.aws_iam_policy.assume_roles will be created
  # module.sym_runtime.module.runtime_connector.aws_iam_policy.kms_access will be created
  # module.sym_runtime.aws_secretsmanager_secret.okta_api_key must be replaced
  # module.old.sym_target.gone will be destroyed
  # data.aws_caller_identity.me will be read during apply

Plan: 7 to add, 1 to change, 2 to destroy.

─────────────────────────────────────────────────────────────────────────────

Saved the plan to: /tmp/sym-quickstart-plan-x/dry-run.tfplan

To perform exactly these actions, run the following command to apply:
    terraform apply "/tmp/sym-quickstart-plan-x/dry-run.tfplan"
`;

describe('terraform plan, told short', () => {
  it('reads every resource change and the counts; data sources are not changes', () => {
    const report = parsePlan(PLAN);
    expect(report.counts).toBe('Plan: 7 to add, 1 to change, 2 to destroy.');
    expect(report.resources.map((r) => [r.type, r.action])).toEqual([
      ['sym_flow', 'create'],
      ['sym_target', 'create'],
      ['sym_target', 'create'],
      ['sym_integration', 'update'],
      ['aws_iam_role', 'create'],
      ['aws_iam_policy', 'create'],
      ['aws_iam_policy', 'create'],
      ['aws_secretsmanager_secret', 'replace'],
      ['sym_target', 'destroy'],
    ]);
  });

  it('groups by action and system, counts once, in words a person reads', () => {
    const lines = planLines(parsePlan(PLAN));
    expect(lines).toEqual([
      'Plan: 7 to add, 1 to change, 2 to destroy.',
      '  + create  Sym: flow, 2 targets',
      '            AWS: 2 IAM policies, IAM role',
      '  ~ change  Sym: integration',
      '  ± replace AWS: Secrets Manager secret',
      '  - destroy Sym: target',
    ]);
    expect(lines.filter((l) => l.includes('Plan:'))).toHaveLength(1);
  });

  it('no changes is one line', () => {
    expect(planLines(parsePlan('\nNo changes. Your infrastructure matches the configuration.\n'))).toEqual([
      'No changes.',
    ]);
  });

  it('a plan that changes only outputs says so (Terraform prints no "Plan:" line then)', () => {
    const text = [
      '',
      'Changes to Outputs:',
      '  + approver_group_ids = [',
      '      + "00g1",',
      '    ]',
      '  ~ flow_name          = "okta_prod" -> "okta_access"',
      '',
      'You can apply this plan to save these new output values to the Terraform state, without changing any',
      'real infrastructure.',
      '',
    ].join('\n');
    // terraform plan -detailed-exitcode answers 2 (changes) for this plan; the caller sets changes from it.
    const report = { ...parsePlan(text), changes: true };
    expect(report.outputs).toEqual(['approver_group_ids', 'flow_name']);
    expect(planLines(report)).toEqual([
      'Only outputs change (2 outputs: approver_group_ids, flow_name); no resource in AWS or Sym changes.',
    ]);
  });

  it("recognises Terraform's hint to apply the saved plan, and nothing else", () => {
    const hints = PLAN.split('\n').filter(isApplyHint);
    expect(hints).toHaveLength(3);
    expect(hints.join('\n')).toContain('To perform exactly these actions');
    expect(isApplyHint('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.')).toBe(false);
  });
});
