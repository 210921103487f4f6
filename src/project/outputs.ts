import { outsideError } from '../errors.js';

/** The outputs of the generated project that the wizard and doctor read back (app/outputs.tf). */
export const OUTPUT_NAMES = ['okta_secret_name', 'aws_region', 'flow_name'] as const;

export interface TerraformOutputs {
  okta_secret_name: string;
  aws_region: string;
  flow_name: string;
}

const missingFrom = (raw: Record<string, unknown>) => OUTPUT_NAMES.filter((k) => typeof raw[k] !== 'string' || !raw[k]);

/** Whether `raw` holds every output the wizard reads. */
export const hasEveryOutput = (raw: Record<string, unknown>) => missingFrom(raw).length === 0;

/** Terraform's outputs, checked: each one the wizard reads must be there. */
export function readOutputs(raw: Record<string, unknown>): TerraformOutputs {
  const missing = missingFrom(raw);
  if (missing.length) {
    throw outsideError(
      `The Terraform project has no output ${missing.join(', ')}.`,
      'Restore app/outputs.tf from the template (re-run with --force-step write-project), then re-run.',
    );
  }
  return raw as unknown as TerraformOutputs;
}
