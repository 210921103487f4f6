import { awsRegion } from './aws-region.js';
import { channel } from './channel.js';
import { oktaDomain } from './okta-domain.js';
import { oktaGroupId } from './okta-group-id.js';
import { orgSlug } from './org-slug.js';
import type { Validation } from './result.js';
import { runtimeName } from './runtime-name.js';
import { slackWorkspaceId } from './slack-workspace-id.js';
import { targetSpec } from './target-spec.js';

export type { Validation } from './result.js';
export { awsRegion } from './aws-region.js';
export { channel } from './channel.js';
export { isLoopbackHost } from './loopback.js';
export { oktaDomain, oktaOrgUrl } from './okta-domain.js';
export { oktaGroupId } from './okta-group-id.js';
export { orgSlug } from './org-slug.js';
export { RUNTIME_NAME_MAX, runtimeName } from './runtime-name.js';
export { slackWorkspaceId } from './slack-workspace-id.js';
export { TARGET_LABEL_MAX, targetLabel } from './target-label.js';
export { targetSpec, type TargetSpec } from './target-spec.js';

/**
 * The validator behind each `init` flag, keyed by the flag name without `--`, so a bad-input corpus
 * (test/fixtures/bad-inputs.json) can be run against the functions and against the built CLI alike.
 */
export const validators = {
  org: orgSlug,
  'slack-workspace-id': slackWorkspaceId,
  'request-channel': channel,
  'error-channel': channel,
  'okta-domain': oktaDomain,
  'okta-target': targetSpec,
  'approver-group': oktaGroupId,
  'aws-region': awsRegion,
  'runtime-name': runtimeName,
} as const satisfies Record<string, (raw: string) => Validation<unknown>>;

export type ValidatedFlag = keyof typeof validators;
