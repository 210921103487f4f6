/** An Okta group users may request, and the label Slack shows for it. */
export interface OktaTarget {
  label: string;
  groupId: string;
}

/** Everything `init` gathers (steps 1–10) and the tfvars renderer turns into `terraform.tfvars`. Never a secret. */
export interface Answers {
  org: string;
  slackWorkspaceId: string;
  requestChannel: string;
  errorChannel: string;
  oktaDomain: string;
  targets: OktaTarget[];
  approverGroup?: string;
  /** Approvers may approve their own requests (impl.py's ALLOW_SELF_APPROVAL); off unless asked for. */
  allowSelfApproval?: boolean;
  awsRegion: string;
  runtimeName: string;
  /** Remote state (app/backend.tf): the S3 bucket and the object key; absent for a local state file. */
  stateBucket?: string;
  stateKey?: string;
  /** Keys of flow_vars the wizard does not ask about (the user's own), kept as they are. */
  extraFlowVars?: Record<string, string>;
}
