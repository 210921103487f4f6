// app/backend.tf for a project whose Terraform state lives in S3 (--state-bucket), and the Terraform
// version such a project needs. Pure: text in, text out.

/** Where a project keeps its state when it is remote; what app/backend.tf says. */
export interface RemoteState {
  bucket: string;
  key: string;
  region: string;
}

export const BACKEND_TF = 'app/backend.tf';
/** Terraform's own S3 lock file (use_lockfile) arrived in 1.10; no DynamoDB table is needed with it. */
export const REMOTE_STATE_MIN_TERRAFORM = '1.10.0';
export const LOCAL_STATE_MIN_TERRAFORM = '1.3.0';

export const defaultStateKey = (runtimeName: string) => `sym-okta-quickstart/${runtimeName}/terraform.tfstate`;

export function renderBackend(state: RemoteState): string {
  const settings: Array<[string, string]> = [
    ['bucket', JSON.stringify(state.bucket)],
    ['key', JSON.stringify(state.key)],
    ['region', JSON.stringify(state.region)],
    ['encrypt', 'true'],
    ['use_lockfile', 'true'],
  ];
  const width = Math.max(...settings.map(([name]) => name.length));
  return [
    '# Terraform state lives in S3 (sym-okta-quickstart --state-bucket), so every teammate and CI run applies',
    '# the same state, one at a time: Terraform locks it with a lock file beside it (use_lockfile, >= 1.10).',
    '# The bucket keeps every earlier version of the state (versioning); this tool never deletes it.',
    'terraform {',
    '  backend "s3" {',
    ...settings.map(([name, value]) => `    ${name.padEnd(width)} = ${value}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

const STRING_SETTING = (name: string) => new RegExp(`^\\s*${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm');

/** The bucket, key and region of an app/backend.tf (as written above, or edited by hand); undefined when it has no s3 backend. */
export function parseBackend(text: string): RemoteState | undefined {
  if (!/backend\s+"s3"\s*\{/.test(text)) return undefined;
  const read = (name: string) => {
    const m = STRING_SETTING(name).exec(text);
    return m ? (JSON.parse(`"${m[1]}"`) as string) : undefined;
  };
  const bucket = read('bucket');
  const key = read('key');
  const region = read('region');
  return bucket && key && region ? { bucket, key, region } : undefined;
}

const REQUIRED_VERSION = /^(\s*required_version\s*=\s*)"[^"]*"/m;

/** app/versions.tf requiring at least `min` (the template says >= 1.3.0; remote state needs 1.10). */
export function setRequiredVersion(versionsTf: string, min: string): string {
  if (!REQUIRED_VERSION.test(versionsTf))
    throw new Error('app/versions.tf has no required_version line; restore it from the template');
  return versionsTf.replace(REQUIRED_VERSION, `$1">= ${min}"`);
}
