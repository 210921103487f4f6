import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultStateKey,
  parseBackend,
  REMOTE_STATE_MIN_TERRAFORM,
  renderBackend,
  setRequiredVersion,
} from '../../src/render/backend.js';
import { describeLock, heldLock, lockFromLockFile } from '../../src/tools/terraform.js';
import { stateBucket, stateKey } from '../../src/validate/state-bucket.js';
import { hasCmd } from '../helpers/parts.js';
import { ROOT } from '../helpers/world.js';

const state = {
  bucket: '123456789012-sym-tfstate-us-east-1',
  key: defaultStateKey('prod'),
  region: 'us-east-1',
};
/** terraform fmt's verdict on `text`: 0 formatted, 3 needs formatting, 2 syntax error. */
const fmtCheck = (text: string) =>
  spawnSync('terraform', ['fmt', '-check', '-'], {
    input: text,
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  }).status;

describe('app/backend.tf', () => {
  it('is the s3 backend with bucket, key, region, encrypt and Terraform’s own lock file', () => {
    const text = renderBackend(state);
    expect(text).toContain('  backend "s3" {\n');
    expect(text).toContain('    bucket       = "123456789012-sym-tfstate-us-east-1"\n');
    expect(text).toContain('    key          = "sym-okta-quickstart/prod/terraform.tfstate"\n');
    expect(text).toContain('    region       = "us-east-1"\n');
    expect(text).toContain('    encrypt      = true\n');
    expect(text).toContain('    use_lockfile = true\n');
    expect(text).not.toMatch(/dynamodb/);
  });

  it.skipIf(!hasCmd('terraform'))('is formatted as terraform fmt wants it', () => {
    expect(fmtCheck(renderBackend(state))).toBe(0);
  });

  it('parses back to what was rendered, also after a hand edit of the spacing', () => {
    expect(parseBackend(renderBackend(state))).toEqual(state);
    expect(
      parseBackend('terraform {\n backend "s3" {\n  region="eu-west-1"\nkey = "a/b"\n bucket   =   "x"\n }\n}\n'),
    ).toEqual({
      bucket: 'x',
      key: 'a/b',
      region: 'eu-west-1',
    });
    expect(parseBackend('terraform {\n  backend "local" {}\n}\n')).toBeUndefined();
  });
});

describe('required_version', () => {
  const template = readFileSync(join(ROOT, 'templates/app/versions.tf'), 'utf8');
  it('is raised to >= 1.10.0 for remote state, the rest of versions.tf as it was', () => {
    const raised = setRequiredVersion(template, REMOTE_STATE_MIN_TERRAFORM);
    expect(raised).toContain('required_version = ">= 1.10.0"');
    expect(raised.replace('>= 1.10.0', '>= 1.3.0')).toBe(template);
  });
  it.skipIf(!hasCmd('terraform'))('stays formatted', () => {
    expect(fmtCheck(setRequiredVersion(template, REMOTE_STATE_MIN_TERRAFORM))).toBe(0);
  });
  it('refuses a versions.tf without the line', () => {
    expect(() => setRequiredVersion('terraform {}\n', '1.10.0')).toThrow(/required_version/);
  });
});

describe('--state-bucket and --state-key values', () => {
  it.each([
    ['', /empty/],
    ['My-Bucket', /capitals; S3 bucket names are lowercase: my-bucket/],
    ['my.state.bucket', /dots.*my-state-bucket/],
    ['ab', /3 to 63/],
    ['bucket/path', /--state-key/],
    ['-leading', /starting and ending/],
    ['xn--bucket', /reserves/],
    ['<bucket>', /placeholder/],
  ])('bucket %j is refused with its hint', (raw, hint) => {
    const r = stateBucket(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(hint);
  });
  it('takes a bucket name, also pasted as s3://name/', () => {
    expect(stateBucket('123456789012-sym-tfstate-us-east-1')).toEqual({
      ok: true,
      value: '123456789012-sym-tfstate-us-east-1',
    });
    expect(stateBucket('s3://team-tfstate/')).toMatchObject({ ok: true, value: 'team-tfstate' });
  });
  it.each([
    ['/lead/terraform.tfstate', /starts or ends/],
    ['a//b', /empty path part/],
    ['', /empty/],
  ])('key %j is refused', (raw, hint) => {
    const r = stateKey(raw);
    expect(!r.ok && r.message).toMatch(hint);
  });
  it('takes a key', () =>
    expect(stateKey(' team/sym/terraform.tfstate ')).toEqual({ ok: true, value: 'team/sym/terraform.tfstate' }));
});

describe("Terraform's lock", () => {
  // As terraform 1.11 prints it when the S3 lock file is held (seen against moto, doc'd in shared/testing.md §8).
  const output = `
╷
│ Error: Error acquiring the state lock
│
│ Error message: operation error S3: PutObject, https response error StatusCode: 412, RequestID: x, api error
│ PreconditionFailed: At least one of the pre-conditions you specified did not hold
│ Lock Info:
│   ID:        0c6f7e2a-6d4b-4b8e-9f57-3a1d2c9e8b10
│   Path:      bucket/sym-okta-quickstart/prod/terraform.tfstate
│   Operation: OperationTypeApply
│   Who:       alice@ci-runner-7
│   Version:   1.11.4
│   Created:   2026-12-02 21:58:03.123456 +0000 UTC
│   Info:
│
│ Terraform acquires a state lock to protect the state from being written
╵`;
  it('is read from terraform’s error: id, who, since, what', () => {
    const lock = heldLock(output)!;
    expect(lock).toEqual({
      id: '0c6f7e2a-6d4b-4b8e-9f57-3a1d2c9e8b10',
      path: 'bucket/sym-okta-quickstart/prod/terraform.tfstate',
      operation: 'OperationTypeApply',
      who: 'alice@ci-runner-7',
      created: '2026-12-02 21:58:03.123456 +0000 UTC',
    });
    expect(describeLock(lock)).toBe(
      'alice@ci-runner-7, since 2026-12-02 21:58:03 UTC (apply), lock ID 0c6f7e2a-6d4b-4b8e-9f57-3a1d2c9e8b10',
    );
  });
  it('is not found in other failures', () =>
    expect(heldLock('Error: Invalid value for input variable')).toBeUndefined());
  it('is read from the lock file beside the state', () =>
    expect(
      lockFromLockFile('{"ID":"abc","Who":"bob@x","Operation":"OperationTypePlan","Created":"2026-12-02T21:00:00Z"}'),
    ).toEqual({
      id: 'abc',
      who: 'bob@x',
      operation: 'OperationTypePlan',
      created: '2026-12-02T21:00:00Z',
      path: undefined,
    }));
});
