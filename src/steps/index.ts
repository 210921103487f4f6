import { apply } from './apply.js';
import { approverGroup } from './approver-group.js';
import { aws } from './aws.js';
import { channels } from './channels.js';
import { oktaDomain } from './okta-domain.js';
import { oktaTargets } from './okta-targets.js';
import { names } from './names.js';
import { oktaToken } from './okta-token.js';
import { org } from './org.js';
import { preflight } from './preflight.js';
import { slackApp } from './slack-app.js';
import { slackWorkspace } from './slack-workspace.js';
import { stateBackend } from './state-backend.js';
import { migrateState } from './migrate-state.js';
import { storeToken } from './store-token.js';
import { symSession } from './sym-session.js';
import { verify } from './verify.js';
import { writeProject } from './write-project.js';
import type { AnyStep } from './types.js';

/**
 * The wizard, in order. Every answer is gathered and checked (up to `aws`) before the first change;
 * only the Sym login and the Slack app act earlier, because later answers depend on them.
 */
export const STEPS: readonly AnyStep[] = [
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
  stateBackend,
  names,
  writeProject,
  migrateState,
  apply,
  storeToken,
  verify,
];

/**
 * What `--force-step` can redo. Every other step already runs its checks on every run; these three
 * skip work they find in place, and forcing one does it again. write-project restores every
 * scaffolded file from the template (unattended: an edited copy is kept as .bak; in a terminal it
 * asks about each edited file), and in terraform.tfvars rewrites every key the wizard owns (a .bak
 * kept), never removing the user's. apply runs `terraform apply` even for a plan without changes. store-token writes the
 * secret even when it already holds this token (a new secret version).
 */
export const FORCEABLE_STEPS: readonly string[] = [writeProject.id, apply.id, storeToken.id];
