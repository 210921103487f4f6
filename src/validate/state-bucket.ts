import { fail, ok, type Validation } from './result.js';
import { isPlaceholder, quote } from './text.js';

// S3's bucket naming rules (general purpose buckets). Dots are allowed by S3 but break TLS for
// virtual-hosted requests (the certificate covers one level of *.s3.amazonaws.com), so not here.
const NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** An S3 bucket name for Terraform state (`123456789012-sym-tfstate-us-east-1`). */
export function stateBucket(raw: string): Validation {
  const value = raw
    .trim()
    .replace(/^s3:\/\//, '')
    .replace(/\/+$/, '');
  if (!value) return fail('The value is empty; use a bucket name such as 123456789012-sym-tfstate-us-east-1.');
  if (isPlaceholder(value)) return fail(`${quote(value)} is a placeholder; use a real bucket name.`);
  if (value.includes('/'))
    return fail(`${quote(value)} has a path; give only the bucket name, and the object key with --state-key.`);
  if (value.length < 3 || value.length > 63)
    return fail(`${quote(value)} is ${value.length} characters; S3 bucket names have 3 to 63.`);
  if (/[A-Z]/.test(value) && NAME.test(value.toLowerCase()))
    return fail(`${quote(value)} has capitals; S3 bucket names are lowercase: ${value.toLowerCase()}.`);
  if (value.includes('.'))
    return fail(
      `${quote(value)} has dots, which break TLS for S3's virtual-hosted addresses; use hyphens (${value.replace(/\./g, '-')}).`,
    );
  if (!NAME.test(value))
    return fail(
      `${quote(value)} may only have lowercase letters, digits and hyphens, starting and ending with a letter or digit.`,
    );
  if (/^xn--|^sthree-|-s3alias$|--ol-s3$/.test(value))
    return fail(`${quote(value)} uses a prefix or suffix S3 reserves; choose another name.`);
  return ok(value, raw.trim() !== value ? `Using the bucket name ${value}.` : undefined);
}

/** The object key of the state in the bucket (`sym-okta-quickstart/prod/terraform.tfstate`). */
export function stateKey(raw: string): Validation {
  const value = raw.trim();
  if (!value) return fail('The value is empty; use a key such as sym-okta-quickstart/prod/terraform.tfstate.');
  if (isPlaceholder(value)) return fail(`${quote(value)} is a placeholder; use a real object key.`);
  if (value.startsWith('/') || value.endsWith('/'))
    return fail(
      `${quote(value)} starts or ends with "/"; Terraform's S3 backend refuses that (e.g. team/sym/terraform.tfstate).`,
    );
  if (/\/\//.test(value)) return fail(`${quote(value)} has an empty path part ("//").`);
  if (Buffer.byteLength(value) > 1024) return fail('The key is longer than S3 allows (1024 bytes).');
  if (/[\x00-\x1f\x7f]/.test(value)) return fail(`${quote(value)} has control characters.`);
  return ok(value);
}
