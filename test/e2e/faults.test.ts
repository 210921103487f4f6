// Every outside system failing in each way users meet, against the loopback parts: the built CLI must
// answer with what happened, how to fix it and the contract's exit code (design.md), and leave what it
// had already done intact. Runs that must reach the steps after `terraform apply` use the
// zero-provider fixture (Terraform's built-in terraform_data, sub-second applies); the secret its
// outputs name is created, or deliberately not, by each test.
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { answersFromTfvars, parseTfvars } from '../../src/render/tfvars-parse.js';
import { startAwsProxy, throttlingAnswer } from '../helpers/aws-proxy.js';
import { makeWorld, ROOT, type World, type WorldOptions } from '../helpers/world.js';
import { CI_SYMFLOW, JWT, WORKSPACE } from '../helpers/ci-provision.js';
import { loopback } from '../helpers/loopback.js';
import { startMoto } from '../helpers/moto.js';

const { motoUrl, tfMirror, skip, sm } = loopback();

const ZERO = join(ROOT, 'test/fixtures/templates-zero-provider');
const TARGET = '00g1emaKYZTWRYYRRTSK';
const KEEP = '{"other_key":"keep-me"}';

/** A CI world (SYM_JWT, Slack registered) on the zero-provider fixture, with its own temp dir for the debug log. */
async function world(t: TestContext, o: Partial<WorldOptions> = {}): Promise<World> {
  const w = await makeWorld({ motoUrl, tfMirror, ...o, symflow: { ...CI_SYMFLOW, ...o.symflow } });
  t.onTestFinished(() => w.close());
  mkdirSync(join(w.root, 'tmp'));
  w.env.TMPDIR = join(w.root, 'tmp');
  w.env.SYM_QUICKSTART_TEMPLATES = ZERO;
  return w;
}

const init = (w: World, o: { args?: string[]; env?: Record<string, string | undefined> } = {}) =>
  w.run(
    [
      'init',
      '--yes',
      '--slack-workspace-id',
      WORKSPACE,
      '--okta-domain',
      'acme.okta.com',
      '--okta-target',
      `AWS Admins=${TARGET}`,
      '--runtime-name',
      w.runtime,
      ...(o.args ?? []),
    ],
    {
      env: { CI: 'true', SYM_JWT: JWT, OKTA_API_TOKEN: w.token, ...o.env },
    },
  );
type Result = Awaited<ReturnType<typeof init>>;

/**
 * The contract for a failure: exit code, the message, the fix (the "→" line), no stack trace, and the debug
 * log kept — except after a usage error (exit 2: a bad value), where none is kept (it could hold the value).
 */
function failsWith(r: Result, code: number, message: RegExp, fix: RegExp) {
  expect(r.exitCode, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  const fixes = r.stderr
    .split('\n')
    .filter((l) => /^\s+→ /.test(l))
    .join('\n');
  expect(fixes, r.stderr).toMatch(fix);
  const log = /Debug log: (\S+)/.exec(r.stderr)?.[1];
  if (code === 2) expect(log, 'no debug log after a usage error').toBeUndefined();
  else expect(log && existsSync(log), 'the debug log is kept').toBe(true);
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

const secretExists = async (w: World, endpoint = motoUrl) => {
  try {
    await sm(endpoint).send(new DescribeSecretCommand({ SecretId: w.secretName }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return false;
    throw e;
  }
};
const secretValue = async (w: World) =>
  (await sm().send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString;

/** A failure before any change: no directory, no secret. */
async function nothingDone(w: World) {
  expect(readdirSync(w.work)).toEqual([]);
  expect(await secretExists(w)).toBe(false);
}

/**
 * A failure after write-project: tfvars is byte for byte what the journal says the wizard wrote and
 * holds the answers; the journal is valid JSON with the finished steps kept and the failed one marked.
 */
async function projectIntact(w: World, failedStep: string) {
  const src = readFileSync(join(w.dir, 'app/terraform.tfvars'), 'utf8');
  const journal = JSON.parse(readFileSync(join(w.dir, '.sym-quickstart/state.json'), 'utf8'));
  expect(createHash('sha256').update(src).digest('hex')).toBe(journal.files['app/terraform.tfvars']);
  expect(answersFromTfvars(await parseTfvars(src))).toMatchObject({
    org: 'acme',
    slackWorkspaceId: WORKSPACE,
    oktaDomain: 'acme.okta.com',
    targets: [{ label: 'AWS Admins', groupId: TARGET }],
    runtimeName: w.runtime,
  });
  expect(journal.steps['write-project'].status).toBe('done');
  expect(journal.steps[failedStep].status).toBe('failed');
  expect(JSON.stringify(journal)).not.toContain(w.token);
}

/** A copy of the zero-provider fixture with one file changed or added. */
function templatesWith(w: World, rel: string, content: string): string {
  const dir = join(w.root, 'templates');
  cpSync(ZERO, dir, { recursive: true });
  writeFileSync(join(dir, rel), content);
  return dir;
}

describe.skipIf(skip).concurrent('Okta failures', () => {
  it('401 E0000011 (token revoked): exit 4, how to get a new token, nothing written', async (t) => {
    const w = await world(t, { okta: { revoked: true } });
    const r = await init(w);
    failsWith(r, 4, /rejected the API token \(401 E0000011 Invalid token provided\)/, /Security → API → Tokens/);
    await nothingDone(w);
  });

  it('403 E0000006 on a target group: exit 4, which admin roles to grant', async (t) => {
    const w = await world(t, { okta: { forbidden: new Set([TARGET]) } });
    const r = await init(w);
    failsWith(r, 4, /not allowed .*group 00g1emaKYZTWRYYRRTSK.*403 E0000006/, /Group Membership Administrator/);
    await nothingDone(w);
  });

  it('404 E0000007 for a target group: exit 2 (a bad value), where to find the right id', async (t) => {
    const w = await world(t);
    const r = await init(w, { args: ['--okta-target', 'Gone=00g9zzzzzzzzzzzzzzzz'] });
    failsWith(r, 2, /Okta group 00g9zzzzzzzzzzzzzzzz does not exist/, /Directory → Groups/);
    await nothingDone(w);
  });

  it('429 E0000047 once: waits for X-Rate-Limit-Reset, retries, and the run succeeds', async (t) => {
    const w = await world(t, { okta: { rateLimitOnce: new Set(['/api/v1/users/me']) } });
    await sm().send(new CreateSecretCommand({ Name: w.secretName }));
    const r = await init(w);
    expect(r.exitCode, r.stderr).toBe(0);
    const me = w.okta.log.filter((l) => l.url === '/api/v1/users/me');
    expect(me.map((l) => l.retry)).toEqual([undefined, '1']);
    expect(JSON.parse((await secretValue(w))!).okta_api_token).toBe(w.token);
  });

  it('429 E0000047 persistently, reset far off: exit 1 at once, naming when the limit resets', async (t) => {
    const w = await world(t, { okta: { rateLimitAlways: new Set(['/api/v1/users/me']), resetIn: 120 } });
    const r = await init(w);
    failsWith(
      r,
      1,
      /rate-limiting this token \(429 E0000047\); the limit resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(in 1[12]\d s\)/,
      /Wait until the limit resets/,
    );
    // Waiting two minutes would outlast the call's time budget: it does not wait, and does not retry.
    expect(w.okta.log.filter((l) => l.url === '/api/v1/users/me').length).toBe(1);
    await nothingDone(w);
  });

  it('502 once (a proxy’s HTML page): retried, and the run succeeds', async (t) => {
    const w = await world(t, { okta: { failOnce: new Map([['/api/v1/users/me', { status: 502, html: true }]]) } });
    await sm().send(new CreateSecretCommand({ Name: w.secretName }));
    const r = await init(w);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(w.okta.log.filter((l) => l.url === '/api/v1/users/me').length).toBe(2);
  });

  it('503 persistently: exit 1 after the retries, with the request id and where to look', async (t) => {
    const w = await world(t, { okta: { failAlways: new Map([['/api/v1/users/me', 503]]) } });
    const r = await init(w);
    failsWith(
      r,
      1,
      /Okta at 127\.0\.0\.1:\d+ failed \(503 E0000009 Internal Server Error\).*still after 2 retries \(request id Xrq[\w-]+\)/,
      /status\.okta\.com/,
    );
    expect(w.okta.log.filter((l) => l.url === '/api/v1/users/me').length).toBe(3);
    await nothingDone(w);
  });

  it('no answer within SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS: exit 1, says how long it waited', async (t) => {
    // Okta would answer after a minute; the run must give up long before that.
    const w = await world(t, { okta: { delayMs: 60_000 } });
    const started = Date.now();
    const r = await init(w, { env: { SYM_QUICKSTART_OKTA_TIMEOUT_SECONDS: '0.5' } });
    failsWith(
      r,
      1,
      /Okta at 127\.0\.0\.1:\d+ did not answer within 0\.5 s while reading the token’s own user/,
      /network\/proxy/,
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    // A timed-out call is not retried: one request, never answered.
    expect(w.okta.log.length).toBe(1);
    await nothingDone(w);
  });

  it('connection refused: exit 1, check the domain and network', async (t) => {
    const w = await world(t);
    // A port that was just free: nothing listens there.
    const srv = createServer().listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const port = (srv.address() as { port: number }).port;
    srv.close();
    const r = await init(w, { env: { SYM_QUICKSTART_OKTA_ORG_URL: `http://127.0.0.1:${port}` } });
    failsWith(
      r,
      1,
      new RegExp(`Nothing accepted a connection at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
      /Check the Okta domain/,
    );
    await nothingDone(w);
  });

  it('DNS failure (.invalid never resolves): exit 1, the name did not resolve', async (t) => {
    const w = await world(t);
    const r = await init(w, { env: { SYM_QUICKSTART_OKTA_ORG_URL: 'https://nonexistent.invalid' } });
    failsWith(
      r,
      1,
      /The Okta domain nonexistent\.invalid could not be resolved \((ENOTFOUND|EAI_AGAIN)\)/,
      /Check the Okta domain and your network/,
    );
    await nothingDone(w);
  });
});

/** A second moto that enforces IAM after `setupActions` unauthenticated calls (moto's INITIAL_NO_AUTH_ACTION_COUNT). */
async function startIamMoto(setupActions: number) {
  const moto = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: String(setupActions) });
  const url = moto.url;
  /** IAM's query API; moto checks no signature while the setup allowance lasts. */
  const iam = async (params: Record<string, string>) => {
    const res = await fetch(`${url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIASETUP/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: new URLSearchParams({ Version: '2010-05-08', ...params }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(text);
    return text;
  };
  const user = async (name: string, actions: string[] | '*') => {
    await iam({ Action: 'CreateUser', UserName: name });
    await iam({
      Action: 'PutUserPolicy',
      UserName: name,
      PolicyName: 'p',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
      }),
    });
    const xml = await iam({ Action: 'CreateAccessKey', UserName: name });
    return {
      accessKeyId: /<AccessKeyId>(.+?)</.exec(xml)![1]!,
      secretAccessKey: /<SecretAccessKey>(.+?)</.exec(xml)![1]!,
    };
  };
  return {
    url,
    user,
    close: () => moto.stop(),
  };
}

describe.skipIf(skip).concurrent('AWS failures', () => {
  it('no credentials anywhere: exit 4 before anything runs, how to provide them', async (t) => {
    const w = await world(t);
    const r = await init(w, {
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    failsWith(r, 4, /No usable AWS credentials were found/, /aws configure/);
    await nothingDone(w);
  });

  it('an expired SSO session: exit 4 with `aws sso login --profile <it>`', async (t) => {
    const w = await world(t);
    const startUrl = 'https://acme.awsapps.com/start';
    writeFileSync(
      join(w.root, 'aws-config'),
      `[profile sso-dev]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n`,
    );
    // What `aws sso login` left behind a day ago: the cached token has expired.
    const cache = join(w.home, '.aws/sso/cache');
    mkdirSync(cache, { recursive: true });
    writeFileSync(
      join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`),
      JSON.stringify({
        startUrl,
        region: 'us-east-1',
        accessToken: 'expired-sso-token',
        expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
      }),
    );
    const r = await init(w, {
      args: ['--aws-profile', 'sso-dev'],
      env: {
        AWS_CONFIG_FILE: join(w.root, 'aws-config'),
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
      },
    });
    failsWith(r, 4, /AWS SSO session for profile "sso-dev" is missing or expired/, /aws sso login --profile sso-dev/);
    await nothingDone(w);
  });

  it('AccessDenied (moto enforcing IAM, a user without PutSecretValue): exit 4, which permission; the secret unchanged', async (t) => {
    // Six setup calls: two users, each with a policy and an access key. Everything after is checked by IAM.
    const moto = await startIamMoto(6);
    t.onTestFinished(() => moto.close());
    const admin = await moto.user('admin', '*');
    // The reads the names step needs (are the role and policy names free?), but no PutSecretValue.
    const ci = await moto.user('ci', [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'iam:ListRoles',
      'iam:ListPolicies',
    ]);
    const w = await world(t, { motoUrl: moto.url });
    await sm(moto.url, admin).send(new CreateSecretCommand({ Name: w.secretName, SecretString: KEEP }));
    const r = await init(w, { env: { AWS_ACCESS_KEY_ID: ci.accessKeyId, AWS_SECRET_ACCESS_KEY: ci.secretAccessKey } });
    failsWith(
      r,
      4,
      new RegExp(`AWS denied secretsmanager:PutSecretValue on secret "${w.secretName}" in us-east-1`),
      /IAM policy allows secretsmanager:PutSecretValue/,
    );
    await projectIntact(w, 'store-token');
    expect((await sm(moto.url, admin).send(new GetSecretValueCommand({ SecretId: w.secretName }))).SecretString).toBe(
      KEEP,
    );
  });

  it('ResourceNotFound (the secret Terraform’s output names does not exist): exit 1; the project resumes once it does', async (t) => {
    const w = await world(t);
    const r = await init(w);
    failsWith(
      r,
      1,
      new RegExp(`The secret ${w.secretName} does not exist in us-east-1`),
      /Terraform apply again.*AWS_REGION/,
    );
    await projectIntact(w, 'store-token');
    // Fixed outside, the same command picks up where it stopped: Terraform has nothing left to do.
    await sm().send(new CreateSecretCommand({ Name: w.secretName }));
    const again = await init(w, { args: ['--json'] });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).steps.find((s: { id: string }) => s.id === 'apply').status).toBe('unchanged');
  });

  it('the secret is scheduled for deletion: init restores it (the same secret, its other keys kept) and stores the token', async (t) => {
    const w = await world(t);
    const { ARN } = await sm().send(new CreateSecretCommand({ Name: w.secretName, SecretString: KEEP }));
    await sm().send(new DeleteSecretCommand({ SecretId: w.secretName, RecoveryWindowInDays: 7 }));
    const r = await init(w);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${w.secretName} in us-east-1 is scheduled for deletion`);
    expect(r.stderr).toContain(`Restored ${w.secretName} (us-east-1)`);
    const after = await sm().send(new DescribeSecretCommand({ SecretId: w.secretName }));
    expect(after.ARN).toBe(ARN);
    expect(after.DeletedDate).toBeUndefined();
    expect(JSON.parse((await secretValue(w))!)).toEqual({ other_key: 'keep-me', okta_api_token: w.token });
  });

  it('ThrottlingException twice: the SDK retries and the token is stored', async (t) => {
    let left = 2;
    const proxy = await startAwsProxy(motoUrl, (req) =>
      req.target === 'secretsmanager.PutSecretValue' && left-- > 0 ? throttlingAnswer() : undefined,
    );
    t.onTestFinished(() => proxy.close());
    const w = await world(t, { motoUrl: proxy.url });
    await sm().send(new CreateSecretCommand({ Name: w.secretName, SecretString: KEEP }));
    const r = await init(w);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(proxy.log.filter((q) => q.target === 'secretsmanager.PutSecretValue').length).toBe(3);
    expect(JSON.parse((await secretValue(w))!)).toEqual({ other_key: 'keep-me', okta_api_token: w.token });
  });

  it('ThrottlingException on every attempt: exit 1 after the retries; the secret unchanged', async (t) => {
    const proxy = await startAwsProxy(motoUrl, (req) =>
      req.target === 'secretsmanager.PutSecretValue' ? throttlingAnswer() : undefined,
    );
    t.onTestFinished(() => proxy.close());
    const w = await world(t, { motoUrl: proxy.url });
    await sm().send(new CreateSecretCommand({ Name: w.secretName, SecretString: KEEP }));
    const r = await init(w);
    failsWith(
      r,
      1,
      new RegExp(
        `AWS throttled secretsmanager:PutSecretValue on secret "${w.secretName}" in us-east-1, even after retries`,
      ),
      /Wait a minute/,
    );
    expect(proxy.log.filter((q) => q.target === 'secretsmanager.PutSecretValue').length).toBe(3);
    await projectIntact(w, 'store-token');
    expect(await secretValue(w)).toBe(KEEP);
  });
});

describe.skipIf(skip).concurrent('Terraform failures', () => {
  it('terraform not installed: exit 3 with the install link, before anything runs', async (t) => {
    const w = await world(t);
    // The stand-ins and node, without /usr/local/bin where terraform lives.
    const r = await init(w, { env: { PATH: `${join(ROOT, 'test/bin')}:/usr/bin:/bin` } });
    failsWith(r, 3, /`terraform` is not installed or not on PATH/, /developer\.hashicorp\.com\/terraform\/install/);
    await nothingDone(w);
  });

  it('terraform init cannot get a provider: exit 1 with Terraform’s error and the network fix; the project kept', async (t) => {
    const w = await world(t);
    // hashicorp/random is not in the offline mirror, and the registry is excluded: what an offline machine sees.
    const templates = templatesWith(
      w,
      'app/random.tf',
      'terraform {\n  required_providers {\n    random = { source = "hashicorp/random" }\n  }\n}\n',
    );
    const r = await init(w, { env: { SYM_QUICKSTART_TEMPLATES: templates } });
    failsWith(
      r,
      1,
      /`terraform init` failed:[\s\S]*Error: Failed to query available provider packages/,
      /could not download providers or modules/,
    );
    await projectIntact(w, 'apply');
    expect(await secretExists(w)).toBe(false);
  });

  it('terraform apply fails: exit 1 showing Terraform’s Error: lines; the project and an existing secret untouched', async (t) => {
    const w = await world(t);
    const templates = templatesWith(
      w,
      'app/fails.tf',
      'resource "terraform_data" "quota" {\n  provisioner "local-exec" {\n    command = "echo LimitExceeded: role quota reached >&2; exit 1"\n  }\n}\n',
    );
    await sm().send(new CreateSecretCommand({ Name: w.secretName, SecretString: KEEP }));
    const r = await init(w, { env: { SYM_QUICKSTART_TEMPLATES: templates } });
    failsWith(
      r,
      1,
      /`terraform apply` failed:\n\s+Error: local-exec provisioner error[\s\S]*LimitExceeded: role quota reached/,
      /Fix the error above, then re-run/,
    );
    await projectIntact(w, 'apply');
    expect(await secretValue(w)).toBe(KEEP);
  });
});

describe.skipIf(skip).concurrent('symflow failures', () => {
  it('symflow not installed: exit 3 with how to install it', async (t) => {
    const w = await world(t);
    const r = await init(w, { env: { PATH: process.env.PATH } });
    failsWith(r, 3, /`symflow` \(the Sym CLI\) is not installed or not on PATH/, /brew install symopsio\/tap\/symflow/);
    await nothingDone(w);
  });

  it('logged out, in CI, no SYM_JWT: exit 4 with the bot-token recipe', async (t) => {
    const w = await world(t, { symflow: { loggedIn: false } });
    const r = await init(w, { env: { SYM_JWT: undefined } });
    failsWith(r, 4, /not logged in to Sym/, /symflow bots create ci-bot.*symflow tokens issue/);
    await nothingDone(w);
  });

  it('an expired session: exit 4, says it expired', async (t) => {
    const w = await world(t, { symflow: { loggedIn: true, expired: true } });
    const r = await init(w, { env: { SYM_JWT: undefined } });
    failsWith(
      r,
      4,
      /not logged in to Sym \(Status check failed!\s+Authentication:INVALID_JWT The provided token is invalid or expired/,
      /SYM_JWT/,
    );
    await nothingDone(w);
  });

  it('the session’s org differs from --org: exit 4, both orgs named', async (t) => {
    const w = await world(t);
    const r = await init(w, { args: ['--org', 'other-org'] });
    failsWith(
      r,
      4,
      /session belongs to the org "acme", but the org chosen for this project is "other-org"/,
      /bot token issued in "other-org", or pass --org acme/,
    );
    await nothingDone(w);
  });

  it('a Sym API error: exit 1 with the request id to quote', async (t) => {
    const w = await world(t, { symflow: { apiError: { requestId: 'req-7f3a9c21' } } });
    const r = await init(w);
    failsWith(r, 1, /the Sym API returned an error \(Request ID: req-7f3a9c21\)/, /contact Sym support.*Request ID/);
    await nothingDone(w);
  });
});

describe.skipIf(skip).concurrent('an unexpected error', () => {
  // terraform.tfvars is a directory (a bad `mkdir -p`, a botched checkout): reading the project's answers
  // fails with a plain EISDIR from the file system, which no step anticipates.
  const broken = (w: World) => mkdirSync(join(w.dir, 'app/terraform.tfvars'), { recursive: true });

  it('prints one line and where the debug log is; the stack only goes to the log', async (t) => {
    const w = await world(t);
    broken(w);
    const r = await init(w);
    expect(r.exitCode, r.stderr).toBe(1);
    const failures = r.stderr.split('\n').filter((l) => l.startsWith('✖'));
    expect(failures).toEqual([expect.stringMatching(/^✖ Unexpected error: EISDIR: illegal operation on a directory/)]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const log = /Debug log: (\S+)/.exec(r.stderr)![1]!;
    expect(readFileSync(log, 'utf8')).toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('with --verbose, the stack is shown too', async (t) => {
    const w = await world(t);
    broken(w);
    const r = await init(w, { args: ['--verbose'] });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/Unexpected error: EISDIR/);
    expect(r.stderr).toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
