import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/tools/terraform-plan.js';
import { destroyChanges, stateInstances } from '../../src/tools/terraform-state.js';
import { doomedResources } from '../../src/ui/destroy-summary.js';

// Terraform 1.11's `plan -destroy` output (-no-color), cut to the lines that matter and one body.
const DESTROY_PLAN = `
module.sym_runtime.aws_secretsmanager_secret.okta_api_key: Refreshing state... [id=arn:aws:secretsmanager:us-east-1:1:secret:sym/prod/okta-api-key-gDImOk]
data.aws_caller_identity.me: Reading...

Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  - destroy

Terraform will perform the following actions:

  # module.ci.aws_iam_role.plan will be destroyed
  - resource "aws_iam_role" "plan" {
      - name = "sym-prod-plan" -> null
    }

  # module.okta_access_flow.sym_target.okta_group["aws-admins"] will be destroyed
  # module.sym_runtime.aws_secretsmanager_secret.okta_api_key will be destroyed
  # module.sym_runtime.aws_iam_role.gone will be destroyed

Plan: 0 to add, 0 to change, 4 to destroy.
`;

// The state those resources are in (format 4), with a data source and an instance the plan keeps.
const STATE = JSON.stringify({
  version: 4,
  serial: 7,
  lineage: 'l',
  resources: [
    { mode: 'data', type: 'aws_caller_identity', name: 'me', instances: [{ attributes: { id: '1' } }] },
    {
      module: 'module.ci',
      mode: 'managed',
      type: 'aws_iam_role',
      name: 'plan',
      instances: [{ attributes: { name: 'sym-prod-plan', arn: 'arn:aws:iam::1:role/sym-prod-plan' } }],
    },
    {
      module: 'module.okta_access_flow',
      mode: 'managed',
      type: 'sym_target',
      name: 'okta_group',
      instances: [
        { index_key: 'aws-admins', attributes: { name: 'prod-aws-admins' } },
        { index_key: 'kept', attributes: { name: 'prod-kept' } },
      ],
    },
    {
      module: 'module.sym_runtime',
      mode: 'managed',
      type: 'aws_secretsmanager_secret',
      name: 'okta_api_key',
      instances: [{ attributes: { name: 'sym/prod/okta-api-key', recovery_window_in_days: 7 } }],
    },
    { mode: 'managed', type: 'terraform_data', name: 'counted', instances: [{ index_key: 0, attributes: {} }] },
  ],
});

describe('the state, read without terraform show', () => {
  it('lists each instance by the address terraform state list prints', () => {
    expect(stateInstances(STATE).map((i) => `${i.mode} ${i.address}`)).toEqual([
      'data data.aws_caller_identity.me',
      'managed module.ci.aws_iam_role.plan',
      'managed module.okta_access_flow.sym_target.okta_group["aws-admins"]',
      'managed module.okta_access_flow.sym_target.okta_group["kept"]',
      'managed module.sym_runtime.aws_secretsmanager_secret.okta_api_key',
      'managed terraform_data.counted[0]',
    ]);
    expect(stateInstances(STATE)[1]).toMatchObject({ module_address: 'module.ci', type: 'aws_iam_role', name: 'plan' });
  });

  it("gives destroy the plan's resources, in its order, with the state's attributes (names, recovery window)", () => {
    const changes = destroyChanges(parsePlan(DESTROY_PLAN).resources, stateInstances(STATE));
    expect(changes.map((c) => c.address)).toEqual([
      'module.ci.aws_iam_role.plan',
      'module.okta_access_flow.sym_target.okta_group["aws-admins"]',
      'module.sym_runtime.aws_secretsmanager_secret.okta_api_key',
      'module.sym_runtime.aws_iam_role.gone',
    ]);
    const { doomed, secrets } = doomedResources(changes);
    expect(doomed.map((d) => `${d.group} ${d.name}`)).toEqual([
      'ci sym-prod-plan',
      'sym-targets prod-aws-admins',
      'secret sym/prod/okta-api-key',
      // Not in the state by that address: known by its address, as show -json's empty `before` gave.
      'iam module.sym_runtime.aws_iam_role.gone',
    ]);
    expect(secrets).toEqual([{ name: 'sym/prod/okta-api-key', recoveryWindowDays: 7 }]);
  });

  it('a plan that deletes nothing gives nothing, whatever the state holds', () => {
    expect(
      destroyChanges(parsePlan('No changes. No objects need to be destroyed.').resources, stateInstances(STATE)),
    ).toEqual([]);
  });
});
