import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSsoProfile, profileRegion } from '../../src/aws/secrets.js';

const config = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'awscfg-'));
  writeFileSync(join(dir, 'config'), text);
  return join(dir, 'config');
};

describe("the AWS config file's profile settings", () => {
  const file = config(
    `[default]\nregion = eu-west-1\n\n[profile work]\nregion=ap-southeast-2\nsso_session = corp\n\n[profile plain]\noutput = json\n`,
  );

  it.each([
    [undefined, undefined, 'eu-west-1'],
    ['work', undefined, 'ap-southeast-2'],
    [undefined, 'work', 'ap-southeast-2'],
    ['plain', undefined, undefined],
    ['missing', undefined, undefined],
  ])('--aws-profile %s, AWS_PROFILE %s → region %s', (profile, envProfile, region) => {
    expect(profileRegion({ AWS_CONFIG_FILE: file, AWS_PROFILE: envProfile }, profile)).toBe(region);
  });

  it('tells an SSO profile from a plain one', () => {
    expect(isSsoProfile(file, 'work')).toBe(true);
    expect(isSsoProfile(file, 'plain')).toBe(false);
    expect(isSsoProfile(file, 'default')).toBe(false);
  });

  it('has no region when there is no config file', () => {
    expect(profileRegion({ AWS_CONFIG_FILE: '/nonexistent/config' })).toBeUndefined();
  });
});
