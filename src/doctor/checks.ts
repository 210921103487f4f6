import { approverCheck, channelsCheck, outputsCheck, tfvarsCheck, valuesCheck } from './checks-project.js';
import {
  approverGroupOktaCheck,
  awsCheck,
  flowCheck,
  namesCheck,
  oktaDomainCheck,
  oktaTargetsCheck,
  oktaTokenCheck,
  secretCheck,
  slackCheck,
  symSessionCheck,
} from './checks-remote.js';
import { ciBotCheck, ciRolesCheck, ciWorkflowsCheck } from './checks-ci.js';
import { stateBackendCheck } from './checks-state.js';
import { nodeCheck, symflowCheck, terraformCheck, terraformInitCheck } from './checks-tools.js';
import type { Check } from './types.js';

/** In report order; they run concurrently, each as soon as what it needs has passed. */
export const CHECKS: readonly Check[] = [
  nodeCheck,
  terraformCheck,
  terraformInitCheck,
  symflowCheck,
  tfvarsCheck,
  valuesCheck,
  channelsCheck,
  symSessionCheck,
  slackCheck,
  awsCheck,
  stateBackendCheck,
  namesCheck,
  outputsCheck,
  secretCheck,
  oktaDomainCheck,
  oktaTokenCheck,
  oktaTargetsCheck,
  approverCheck,
  approverGroupOktaCheck,
  flowCheck,
  ciWorkflowsCheck,
  ciRolesCheck,
  ciBotCheck,
];
