import { outsideError } from '../errors.js';

/** The outputs of the generated project that the wizard and doctor read back (app/outputs.tf). */
export const OUTPUT_NAMES = ['okta_secret_name', 'aws_region', 'flow_name'] as const;

export interface TerraformOutputs {
  okta_secret_name: string;
  aws_region: string;
  flow_name: string;
}

/** Terraform's outputs, checked: each one the wizard reads must be there. */
export function readOutputs(raw: Record<string, unknown>): TerraformOutputs {
  const missing = OUTPUT_NAMES.filter((k) => typeof raw[k] !== 'string' || !raw[k]);
  if (missing.length) {
    throw outsideError(
      `The Terraform project has no output ${missing.join(', ')}.`,
      'Restore app/outputs.tf from the template (re-run with --force-step write-project), then re-run.',
    );
  }
  return raw as unknown as TerraformOutputs;
}
