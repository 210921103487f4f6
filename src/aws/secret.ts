import { tfvarsPath } from '../answers/catalogue.js';
import { outsideError, type Problem } from '../errors.js';
import { sha256 } from '../project/journal.js';
import type { SecretsAdapter } from './secrets.js';

/** The JSON key Sym's Okta integration reads the API token from, inside the secret. */
export const TOKEN_KEY = 'okta_api_token';

export const restoreFix = (name: string, region: string) =>
  `Restore it: \`aws secretsmanager restore-secret --secret-id ${name} --region ${region}\`, then re-run.`;

/** The secret as Sym will read it: present, not being deleted, in the region Terraform recorded. */
export async function secretReady(secrets: SecretsAdapter, name: string, region: string) {
  const info = await secrets.describe(name);
  if (!info.exists) {
    throw outsideError(
      `The secret ${name} does not exist in ${region}.`,
      `Run the Terraform apply again (it creates the secret), and check that AWS_REGION matches ${tfvarsPath('awsRegion')} in terraform.tfvars.`,
    );
  }
  if (info.deletedDate) {
    throw outsideError(
      `The secret ${name} in ${region} is scheduled for deletion (since ${info.deletedDate.toISOString()}), so it cannot hold the token.`,
      restoreFix(name, region),
    );
  }
  return info;
}

/** The secret holds valid JSON with the token key (and, when we know it, exactly this token). */
export async function secretProblem(
  secrets: SecretsAdapter,
  name: string,
  region: string,
  token?: string,
): Promise<Problem | undefined> {
  await secretReady(secrets, name, region);
  const value = await secrets.readValue(name);
  const fix = `Run \`npx sym-okta-quickstart init\` again with the token (OKTA_API_TOKEN) to store it in ${name}.`;
  if (value === undefined) return { message: `The secret ${name} has no value yet.`, fix };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return {
      message: `The secret ${name} does not hold JSON, but Sym reads the key "${TOKEN_KEY}" from a JSON object.`,
      fix: `${fix} Add --replace-secret to overwrite the current value.`,
    };
  }
  const stored =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)[TOKEN_KEY]
      : undefined;
  if (typeof stored !== 'string' || !stored) return { message: `The secret ${name} has no "${TOKEN_KEY}" key.`, fix };
  if (token !== undefined && sha256(stored) !== sha256(token))
    return { message: `The secret ${name} holds a different Okta token than this run's.`, fix };
  return undefined;
}
