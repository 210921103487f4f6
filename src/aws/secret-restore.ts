import { outsideError } from '../errors.js';
import type { Journal } from '../project/journal.js';
import type { TerraformAdapter } from '../tools/terraform.js';
import type { Output } from '../ui/output.js';
import type { SecretsAdapter } from './secrets.js';

/** Where the templates declare the secret (modules/sym-runtime/secrets.tf). */
export const SECRET_ADDRESS = 'module.sym_runtime.aws_secretsmanager_secret.okta_api_key';

/** The name the templates give the secret; Terraform's outputs are not there yet when this runs. */
export const templateSecretName = (runtimeName: string) => `sym/${runtimeName}/okta-api-key`;

export const restoreCommand = (name: string, region: string) =>
  `aws secretsmanager restore-secret --secret-id ${name} --region ${region}`;

export interface SecretRestoreTarget {
  name: string;
  region: string;
  secrets: SecretsAdapter;
  /** Whose `teardown` record says `destroy` ran here. */
  journal: Journal;
}

/** What `bringBackSecret` would do (for --dry-run): a read, nothing more. `lockArg`: terraform's -lock-timeout argument. */
export async function planSecretRestore(t: SecretRestoreTarget, lockArg: string): Promise<string[]> {
  const info = await t.secrets.describe(t.name);
  const changes: string[] = [];
  if (info.deletedDate)
    changes.push(
      `${t.name} in ${t.region} is scheduled for deletion (an earlier destroy): would restore it (\`${restoreCommand(t.name, t.region)}\`), keeping its value`,
    );
  if (info.deletedDate || (info.exists && t.journal.data.teardown))
    changes.push(
      `terraform import -input=false ${lockArg} ${SECRET_ADDRESS} <its ARN>   (when the state does not hold it; the plan below then has one resource less to add)`,
    );
  return changes;
}

/**
 * After `destroy` (or any `terraform destroy`), AWS keeps the secret for its recovery window, and
 * Terraform cannot create one of the same name until then. So a rebuild restores that secret (it
 * still holds the token) and brings it into the new state, instead of failing on "scheduled for
 * deletion". Needs `terraform init` done in `cwd`; runs Terraform only when there is something to bring back.
 */
export async function bringBackSecret(
  t: SecretRestoreTarget & {
    terraform: TerraformAdapter;
    cwd: string;
    out: Output;
    /** Asks in a terminal; true unattended with --yes. */
    confirm: (message: string) => Promise<boolean>;
    /** Told once the secret is restored (whether or not it is imported after). */
    onRestored?: () => void;
  },
): Promise<'restored' | 'imported' | undefined> {
  const { name, region, secrets, out } = t;
  let info = await secrets.describe(name);
  let restored = false;
  if (info.deletedDate) {
    out.info(
      `  ${name} in ${region} is scheduled for deletion (an earlier destroy); until AWS deletes it, it keeps its value.`,
    );
    if (!(await t.confirm(`Restore ${name} and use it again?`)))
      throw outsideError(
        `Stopped: ${name} is scheduled for deletion, and Terraform cannot create a secret of that name until AWS has deleted it.`,
        `Restore it (\`${restoreCommand(name, region)}\`) and re-run, or choose another --runtime-name.`,
      );
    await secrets.restore(name);
    t.onRestored?.();
    info = await secrets.describe(name);
    restored = true;
    out.ok(`Restored ${name} (${region})`);
  }
  // Only after a teardown (or a restore just now): any other secret of that name is not ours to adopt
  // (the apply step explains how to import one on purpose).
  if (!info.exists || (!restored && !t.journal.data.teardown)) return undefined;
  const tf = t.terraform;
  if ((await tf.stateList(t.cwd)).includes(SECRET_ADDRESS)) return restored ? 'restored' : undefined;
  // False: this project's configuration declares no such secret (changed by hand); nothing to import.
  if (!(await tf.importResource(t.cwd, SECRET_ADDRESS, info.arn ?? name))) return restored ? 'restored' : undefined;
  out.ok(`Terraform's state holds ${name} again`);
  const teardown = t.journal.data.teardown;
  if (teardown) teardown.secretRestoredAt = new Date().toISOString();
  return 'imported';
}
