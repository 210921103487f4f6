import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCmd, missing } from '../helpers/parts.js';
import { trustedSubjects } from '../../src/aws/iam.js';
import { ciSubject, ciValuesFrom, renderCiTfvars } from '../../src/render/ci-tfvars.js';
import { parseTfvars } from '../../src/render/tfvars-parse.js';
import { parseBots, parseIssuedToken } from '../../src/sym/symflow-parse.js';
import { createGh } from '../../src/tools/gh.js';
import { createExecaRunner } from '../../src/tools/process.js';
import { branchName, githubRepo, repoFromRemote, tokenExpiry } from '../../src/validate/github.js';

describe('GitHub repository and branch', () => {
  it.each([
    ['git@github.com:acme/infra.git', 'acme/infra'],
    ['https://github.com/acme/infra', 'acme/infra'],
    ['https://github.com/acme/infra.git', 'acme/infra'],
    ['https://x-access-token:abc@github.com/acme/infra.git', 'acme/infra'],
    ['ssh://git@github.com/acme/my.repo.git', 'acme/my.repo'],
    ['git@gitlab.com:acme/infra.git', undefined],
    ['https://github.com/acme', undefined],
  ])('remote %s → %s', (url, repo) => expect(repoFromRemote(url)).toBe(repo));

  it('--github-repo takes owner/name or a GitHub URL, and nothing else', () => {
    expect(githubRepo('acme/infra')).toEqual({ ok: true, value: 'acme/infra' });
    expect(githubRepo('https://github.com/acme/infra.git')).toMatchObject({ ok: true, value: 'acme/infra' });
    for (const bad of ['', 'acme', 'acme/infra/x', '-acme/infra', 'acme/in fra', 'acme/..'])
      expect(githubRepo(bad).ok, bad).toBe(false);
  });

  it('--branch refuses what git or an IAM condition would not take', () => {
    expect(branchName('release/v2')).toEqual({ ok: true, value: 'release/v2' });
    expect(branchName('refs/heads/main')).toEqual({ ok: true, value: 'main' });
    for (const bad of ['', 'a..b', 'x.lock', '/x', 'x/', 'a b', "it's", '*', '-x', 'a//b'])
      expect(branchName(bad).ok, bad).toBe(false);
  });

  it('--token-expiry is symflow shorthand', () => {
    for (const good of ['90d', '1mo', '30m', '3600s']) expect(tokenExpiry(good).ok, good).toBe(true);
    for (const bad of ['0d', '90', 'd', '1y', '-1d', '1.5d']) expect(tokenExpiry(bad).ok, bad).toBe(false);
  });
});

describe('ci-github.auto.tfvars', () => {
  const values = {
    githubRepository: 'acme/infra',
    githubBranch: 'main',
    symBot: 'sym-okta-quickstart-ci',
    oidcProviderArn: '',
    stateBucket: 'acme-tfstate',
    stateKey: 'sym-okta-quickstart/prod/terraform.tfstate',
  };
  it('round-trips through the HCL parser', async () => {
    expect(ciValuesFrom(await parseTfvars(renderCiTfvars(values)))).toEqual(values);
  });
  it.skipIf(missing('terraform', hasCmd('terraform')))(
    'is in terraform fmt layout, like ci-github.tf (the plan workflow runs fmt -check)',
    () => {
      const tpl = readFileSync(join(import.meta.dirname, '../../ci-templates/ci-github.tf'), 'utf8');
      for (const text of [renderCiTfvars(values), tpl]) {
        const r = spawnSync('terraform', ['fmt', '-check', '-'], {
          input: text,
          env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
        });
        expect(r.status, r.stderr.toString()).toBe(0);
      }
    },
  );
});

describe('trust policy subjects', () => {
  const policy = (condition: Record<string, Record<string, string | string[]>>) => ({
    Statement: [{ Effect: 'Allow', Condition: condition }],
  });
  const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
  it('lists exact subjects, and marks patterns', () => {
    const sub = ciSubject('apply', 'acme/infra', 'main');
    expect(sub).toBe('repo:acme/infra:ref:refs/heads/main');
    expect(
      trustedSubjects(policy({ StringEquals: { ...aud, 'token.actions.githubusercontent.com:sub': sub } })),
    ).toEqual([sub]);
    expect(
      trustedSubjects(
        policy({ StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/*', 'x'] } }),
      ),
    ).toEqual(['like:repo:acme/*', 'like:x']);
    expect(trustedSubjects(policy({ StringEquals: aud }))).toEqual([]);
  });
});

describe('symflow bots and tokens output', () => {
  it('reads usernames from the tabulate table', () => {
    const out =
      'Username                Token Count  Created At\n' +
      '----------------------  -----------  ----------------\n' +
      'ci-bot                            2  2026-12-01 09:00\n' +
      'sym-okta-quickstart-ci            0  2026-12-02 10:11\n';
    expect(parseBots(out)).toEqual(['ci-bot', 'sym-okta-quickstart-ci']);
    expect(parseBots('Username  Token Count  Created At\n--------  -----------  ----------\n')).toEqual([]);
  });
  it('takes a token only when it is the one JWT-shaped line', () => {
    expect(parseIssuedToken('eyJh.eyJz.c2ln\n')).toBe('eyJh.eyJz.c2ln');
    expect(parseIssuedToken('\x1b[32meyJh.eyJz.c2ln\x1b[0m\n')).toBe('eyJh.eyJz.c2ln');
    expect(parseIssuedToken('Run `symflow login` to log in.\n')).toBeUndefined();
    expect(parseIssuedToken('eyJh.eyJz.c2ln\nmore\n')).toBeUndefined();
  });
});

describe('gh adapter', () => {
  it('reports gh as missing when it is not on PATH (ci then prints the commands instead)', async () => {
    const runner = createExecaRunner({
      baseEnv: { PATH: '/nonexistent' },
      cwd: process.cwd(),
      tmpDir: tmpdir(),
      installHints: { gh: 'x' },
    });
    expect(await createGh(runner).status()).toEqual({ kind: 'missing' });
  });
});
