import { apply } from './apply.js';
import { approverGroup } from './approver-group.js';
import { aws } from './aws.js';
import { channels } from './channels.js';
import { oktaDomain } from './okta-domain.js';
import { oktaTargets } from './okta-targets.js';
import { oktaToken } from './okta-token.js';
import { org } from './org.js';
import { preflight } from './preflight.js';
import { slackApp } from './slack-app.js';
import { slackWorkspace } from './slack-workspace.js';
import { storeToken } from './store-token.js';
import { symSession } from './sym-session.js';
import { verify } from './verify.js';
import { writeProject } from './write-project.js';
import type { Step } from './types.js';

/**
 * The wizard, in order. Every answer is gathered and checked (up to `aws`) before the first change;
 * only the Sym login and the Slack app act earlier, because later answers depend on them.
 */
export const STEPS: readonly Step[] = [
  preflight,
  symSession,
  org,
  slackWorkspace,
  slackApp,
  channels,
  oktaDomain,
  oktaToken,
  oktaTargets,
  approverGroup,
  aws,
  writeProject,
  apply,
  storeToken,
  verify,
];
