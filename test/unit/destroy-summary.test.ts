import { describe, expect, it } from 'vitest';
import type { ResourceChange } from '../../src/tools/terraform.js';
import { makePaint } from '../../src/ui/color.js';
import { doomedResources, keptThings, renderDestroySummary, restoreCommand } from '../../src/ui/destroy-summary.js';

const del = (address: string, before: Record<string, unknown> = {}): ResourceChange => {
  const parts = address.replace(/\[.*\]$/, '').split('.');
  const module_address = address.includes('module.') ? address.split(/\.(?=[a-z_]+\.[\w-]+(\[.*\])?$)/)[0] : undefined;
  return {
    address,
    mode: 'managed',
    type: parts.at(-2)!,
    name: parts.at(-1)!,
    ...(module_address ? { module_address } : {}),
    change: { actions: ['delete'], before },
  };
};

// What `terraform show -json` lists for a destroy plan of the real templates (runtime "staging"), plus CI roles.
const PLAN: ResourceChange[] = [
  del('module.okta_access_flow.sym_flow.this', { name: 'okta_staging' }),
  del('module.okta_access_flow.sym_strategy.okta', { name: 'staging-okta-strategy' }),
  del('module.okta_access_flow.sym_target.okta_group["aws-admins"]', { name: 'staging-aws-admins' }),
  del('module.okta_access_flow.sym_integration.okta', { name: 'staging-okta-integration' }),
  del('module.okta_access_flow.sym_secret.okta_api_key', { path: 'sym/staging/okta-api-key', id: 'sec-1' }),
  del('module.sym_runtime.sym_environment.this', { name: 'staging' }),
  del('module.sym_runtime.sym_integration.slack', { name: 'staging-slack' }),
  del('module.sym_runtime.sym_error_logger.slack', { id: 'log-1', destination: '#sym-errors' }),
  del('module.sym_runtime.sym_secrets.this', { name: 'staging-sym-secrets' }),
  del('module.sym_runtime.module.runtime_connector.aws_iam_role.sym_runtime_connector_role', {
    name: 'SymRuntimeStaging',
  }),
  del('module.sym_runtime.module.secrets_manager_access.aws_iam_policy.this', { name: 'SymSecretsManagerStaging' }),
  del('module.sym_runtime.module.secrets_manager_access.aws_iam_role_policy_attachment.attach', {
    role: 'SymRuntimeStaging',
    policy_arn: 'arn:aws:iam::123456789012:policy/SymSecretsManagerStaging',
  }),
  del('module.sym_runtime.aws_secretsmanager_secret.okta_api_key', {
    name: 'sym/staging/okta-api-key',
    recovery_window_in_days: 7,
  }),
  del('module.ci.aws_iam_role.plan', { name: 'sym-staging-plan' }),
  del('module.ci.aws_iam_openid_connect_provider.github', { arn: 'arn:aws:iam::1:oidc-provider/x' }),
  { ...del('data.aws_caller_identity.me'), mode: 'data' },
  { ...del('module.sym_runtime.random_uuid.x'), change: { actions: ['no-op'] } },
];

describe('destroy summary', () => {
  it('groups what a destroy plan deletes the way people know it', () => {
    const { doomed, secrets } = doomedResources(PLAN);
    const byGroup = Object.fromEntries(
      [...new Set(doomed.map((d) => d.group))].map((g) => [g, doomed.filter((d) => d.group === g).map((d) => d.name)]),
    );
    expect(byGroup).toEqual({
      'sym-flow': ['okta_staging'],
      'sym-strategy': ['staging-okta-strategy'],
      'sym-targets': ['staging-aws-admins'],
      'sym-integrations': [
        'staging-okta-integration',
        'sym/staging/okta-api-key',
        'staging-slack',
        '#sym-errors',
        'staging-sym-secrets',
      ],
      'sym-environment': ['staging'],
      iam: ['SymRuntimeStaging', 'SymSecretsManagerStaging', 'SymSecretsManagerStaging → SymRuntimeStaging'],
      secret: ['sym/staging/okta-api-key'],
      ci: ['sym-staging-plan', 'arn:aws:iam::1:oidc-provider/x'],
    });
    expect(secrets).toEqual([{ name: 'sym/staging/okta-api-key', recoveryWindowDays: 7 }]);
  });

  it('renders the groups in order, the recovery window, and what stays with how to remove it', () => {
    const { doomed, secrets } = doomedResources(PLAN);
    const text = renderDestroySummary(makePaint(0), {
      runtime: 'staging',
      doomed,
      secrets,
      kept: keptThings({
        dir: '/p',
        bucket: { name: 'acme-tfstate', key: 'sym-okta-quickstart/staging/terraform.tfstate' },
      }),
    });
    const titles = text.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(titles.slice(0, 8)).toEqual([
      '  Sym flow (1)',
      '  Sym strategy (1)',
      '  Sym targets (1)',
      '  Sym integrations, secrets source, error logger and runtime (5)',
      '  Sym environment (1)',
      '  IAM roles and policies (3)',
      '  Secret (AWS Secrets Manager) (1)',
      '  CI roles (added by `ci`) (2)',
    ]);
    expect(text).toContain('Destroying runtime "staging" removes 15 resources:');
    expect(text).toContain(
      '    - sym/staging/okta-api-key  (module.sym_runtime.aws_secretsmanager_secret.okta_api_key) — scheduled for deletion: AWS keeps it 7 days',
    );
    expect(text).toContain('the project directory /p');
    expect(text).toContain('rm -rf /p');
    expect(text).toContain('aws s3 rm s3://acme-tfstate/sym-okta-quickstart/staging/terraform.tfstate');
    expect(text).toContain('symflow bots delete <name>');
  });

  it('says when the secret goes at once, and leaves the bucket out with local state', () => {
    const { doomed, secrets } = doomedResources([
      del('module.sym_runtime.aws_secretsmanager_secret.okta_api_key', { name: 's', recovery_window_in_days: 0 }),
    ]);
    const text = renderDestroySummary(makePaint(0), {
      runtime: 'prod',
      doomed,
      secrets,
      kept: keptThings({ dir: '/p' }),
    });
    expect(text).toContain('removes 1 resource:');
    expect(text).toContain('deleted at once (recovery window 0): no restore');
    expect(text).not.toContain('s3://');
  });

  it('restore command', () => {
    expect(restoreCommand({ name: 'sym/prod/okta-api-key', region: 'eu-west-1' })).toBe(
      'aws secretsmanager restore-secret --secret-id sym/prod/okta-api-key --region eu-west-1',
    );
  });
});
