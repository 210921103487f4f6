import { ANSWERS, type AnswerRow } from '../answers/catalogue.js';
import type { Validation } from './result.js';

export type { Validation } from './result.js';
export { awsRegion } from './aws-region.js';
export { channel, errorChannel } from './channel.js';
export { isLoopbackHost } from './loopback.js';
export { oktaDomain, oktaOrgUrl } from './okta-domain.js';
export { oktaGroupId } from './okta-group-id.js';
export { orgCaseProblem, orgSlug } from './org-slug.js';
export { RUNTIME_NAME_MAX, runtimeName } from './runtime-name.js';
export { slackWorkspaceId } from './slack-workspace-id.js';
export { stateBucket, stateKey } from './state-bucket.js';
export { sameSlug, sameSlugMessage, TARGET_LABEL_MAX, targetLabel, targetSlug } from './target-label.js';
export { targetSpec, type TargetSpec } from './target-spec.js';
export { yesNo } from './yes-no.js';

/**
 * The validator behind each `init` flag, keyed by the flag name without `--`, so a bad-input corpus
 * (test/fixtures/bad-inputs.json) can be run against the functions and against the built CLI alike.
 * Taken from the answer catalogue, so a new validated answer is in it by itself.
 */
export const validators: Record<ValidatedFlag, (raw: string) => Validation<unknown>> = Object.fromEntries(
  (ANSWERS as readonly AnswerRow[]).flatMap((row) =>
    row.validate ? [[row.flag.split(' ')[0]!.slice(2), row.validate] as const] : [],
  ),
) as Record<ValidatedFlag, (raw: string) => Validation<unknown>>;

type FlagName<F> = F extends `--${infer Name} ${string}` ? Name : never;
export type ValidatedFlag = FlagName<Extract<(typeof ANSWERS)[number], { validate: unknown }>['flag']>;
