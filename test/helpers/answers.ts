import type { Answers } from '../../src/answers.js';

/** A complete, valid set of answers, for tests that render or type-check terraform.tfvars. */
export const BASIC: Answers = {
  org: 'acme',
  slackWorkspaceId: 'T0123ABCDEF',
  requestChannel: '#sym-requests',
  errorChannel: '#sym-errors',
  oktaDomain: 'acme.okta.com',
  targets: [{ label: 'AWS Ops Admin', groupId: '00g1emaKYZTWRYYRRTSK' }],
  awsRegion: 'us-east-1',
  runtimeName: 'prod',
};
