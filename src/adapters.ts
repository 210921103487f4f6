import type { IamAdapter } from './aws/iam.js';
import type { AwsTarget, SecretsAdapter } from './aws/secrets.js';
import type { StateBucketAdapter } from './aws/state-bucket.js';
import type { OktaAdapter, OktaConnection } from './okta/okta.js';
import type { SymflowAdapter } from './sym/symflow.js';
import type { Runner } from './tools/process.js';
import type { TerraformAdapter } from './tools/terraform.js';

/** Adapters are passed in so tests can point each one at a loopback system. */
export interface Adapters {
  runner: Runner;
  symflow: SymflowAdapter;
  terraform: TerraformAdapter;
  connectOkta: (conn: OktaConnection) => Promise<OktaAdapter>;
  createSecrets: (target: AwsTarget) => Promise<SecretsAdapter>;
  createStateBucket: (target: AwsTarget) => Promise<StateBucketAdapter>;
  createIam: (target: AwsTarget) => Promise<IamAdapter>;
  openUrl: (url: string) => Promise<boolean>;
}
