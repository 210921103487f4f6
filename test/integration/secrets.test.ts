// The secrets adapter against moto_server (global setup) and, for errors moto cannot produce,
// a loopback server answering with AWS's JSON error bodies. The adapter reaches both only through
// the standard AWS environment (AWS_ENDPOINT_URL, keys, profile files), as it reaches AWS.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSecrets, type SecretsAdapter } from '../../src/aws/secrets.js';
import { QuickstartError } from '../../src/errors.js';
import { missing } from '../helpers/parts.js';

const REGION = 'us-east-1';
const motoUrl = inject('motoUrl');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempHome = () => {
  const d = mkdtempSync(join(tmpdir(), 'secrets-it-'));
  dirs.push(d);
  return d;
};
const uniqueName = (what: string) => `quickstart-it/${what}/${randomUUID()}`;

async function rejection(p: Promise<unknown>): Promise<QuickstartError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(QuickstartError);
  return e as QuickstartError;
}

/** Only the variables a user's shell would have for AWS; nothing inherited from this process. */
const keysEnv = (endpoint: string) => ({
  HOME: tempHome(),
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
});

describe.skipIf(missing('moto_server', !!motoUrl))('secrets adapter against moto', () => {
  let raw: SecretsManagerClient;
  let secrets: SecretsAdapter;
  beforeAll(async () => {
    raw = new SecretsManagerClient({
      endpoint: motoUrl,
      region: REGION,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    secrets = await createSecrets({ region: REGION, env: keysEnv(motoUrl) });
  });
  afterAll(() => raw?.destroy());

  it('a secret created without a value reads as undefined; a JSON value round-trips', async () => {
    const name = uniqueName('roundtrip');
    await raw.send(new CreateSecretCommand({ Name: name, Tags: [{ Key: 'SymEnv', Value: 'prod' }] }));
    expect(await secrets.readValue(name)).toBeUndefined();

    const value = '{"other_key":"keep-me","okta_api_token":"00abcTOKEN"}';
    await secrets.putValue(name, value);
    expect(await secrets.readValue(name)).toBe(value);
    expect((await raw.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe(value);
  });

  it('describe: tags, versions, and the deletion date once scheduled for deletion', async () => {
    const name = uniqueName('describe');
    const created = await raw.send(
      new CreateSecretCommand({
        Name: name,
        Tags: [
          { Key: 'SymEnv', Value: 'prod' },
          { Key: 'vendor', Value: 'symops.com' },
        ],
      }),
    );
    const empty = await secrets.describe(name);
    expect(empty).toMatchObject({
      exists: true,
      name,
      arn: created.ARN,
      hasValue: false,
      versionIds: [],
      tags: { SymEnv: 'prod', vendor: 'symops.com' },
    });
    expect(empty.deletedDate).toBeUndefined();

    await secrets.putValue(name, '{"a":1}');
    await secrets.putValue(name, '{"a":2}');
    const twice = await secrets.describe(name);
    expect(twice.hasValue).toBe(true);
    expect(twice.versionIds).toHaveLength(2);

    await raw.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const deleted = await secrets.describe(name);
    expect(deleted.exists).toBe(true);
    expect(deleted.deletedDate).toBeInstanceOf(Date);
  });

  it('a secret that does not exist: describe says so, reading is exit 1 with the fix', async () => {
    const name = uniqueName('absent');
    expect(await secrets.describe(name)).toEqual({ exists: false, name, tags: {}, hasValue: false, versionIds: [] });
    const e = await rejection(secrets.readValue(name));
    expect(e.exitCode).toBe(1);
    expect(e.message).toContain(name);
    expect(e.fix).toMatch(/terraform apply/);
    expect(e.fix).toMatch(/region/);
  });

  it('scheduled for deletion: putValue is exit 1 with the restore-secret command, and never shows the value', async () => {
    const name = uniqueName('deleted');
    await raw.send(new CreateSecretCommand({ Name: name, SecretString: '{"x":"y"}' }));
    await raw.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 30 }));
    const token = '00SECRET-okta-token-value';
    const e = await rejection(secrets.putValue(name, `{"okta_api_token":"${token}"}`));
    expect(e.exitCode).toBe(1);
    expect(e.fix).toBe(`Restore it: aws secretsmanager restore-secret --secret-id ${name} --region ${REGION}`);
    expect(`${e.message} ${e.fix}`).not.toContain(token);
    expect((await rejection(secrets.readValue(name))).fix).toContain('restore-secret');
  });

  it('a binary secret is refused with exit 1 rather than read as text', async () => {
    const name = uniqueName('binary');
    await raw.send(new CreateSecretCommand({ Name: name, SecretBinary: new Uint8Array([0, 1, 2, 3]) }));
    const e = await rejection(secrets.readValue(name));
    expect(e.exitCode).toBe(1);
    expect(e.message).toMatch(/binary/);
  });

  it('a profile from temp config/credentials files is used and reported as "profile"', async () => {
    const home = tempHome();
    writeFileSync(join(home, 'config'), '[profile qs-test]\nregion = us-east-1\n');
    writeFileSync(
      join(home, 'credentials'),
      '[qs-test]\naws_access_key_id = testing\naws_secret_access_key = testing\n',
    );
    const env = {
      HOME: home,
      AWS_ENDPOINT_URL: motoUrl,
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PROFILE: 'qs-test',
    };
    const viaProfile = await createSecrets({ region: REGION, env });
    expect(await viaProfile.checkCredentials()).toEqual({ source: 'profile', detail: 'profile "qs-test"' });
    const name = uniqueName('profile');
    await raw.send(new CreateSecretCommand({ Name: name }));
    await viaProfile.putValue(name, '{"k":"v"}');
    expect(await viaProfile.readValue(name)).toBe('{"k":"v"}');
  });
});

describe('credentials', () => {
  it('none at all (empty env, HOME without ~/.aws) → exit 4 with the fix', async () => {
    const s = await createSecrets({ region: REGION, env: { HOME: tempHome() } });
    const e = await rejection(s.checkCredentials());
    expect(e.exitCode).toBe(4);
    expect(e.fix).toMatch(/aws configure/);
    expect(e.fix).toMatch(/AWS_PROFILE/);
  });

  it('keys in the environment → "environment", with no key material in the detail', async () => {
    const env = {
      HOME: tempHome(),
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEYID1234',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const src = await (await createSecrets({ region: REGION, env })).checkCredentials();
    expect(src.source).toBe('environment');
    expect(JSON.stringify(src)).not.toMatch(/AKIAEXAMPLEKEYID1234|wJalrXUtnFEMI/);
  });

  it.each([
    [
      'sso_session',
      '[profile sso-dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n',
    ],
    [
      'legacy sso_start_url',
      '[profile sso-dev]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Admin\n',
    ],
  ])('an SSO profile (%s) with no cached token → exit 4 with `aws sso login --profile`', async (_, config) => {
    const home = tempHome();
    writeFileSync(join(home, 'config'), config);
    const s = await createSecrets({
      region: REGION,
      profile: 'sso-dev',
      env: { HOME: home, AWS_CONFIG_FILE: join(home, 'config') },
    });
    const e = await rejection(s.checkCredentials());
    expect(e.exitCode).toBe(4);
    expect(e.fix).toContain('aws sso login --profile sso-dev');
  });
});

/**
 * Answers one Secrets Manager action with an AWS JSON-protocol error (counting the attempts) and
 * every other action with an empty success.
 */
async function awsErrorServer(action: string, status: number, type: string, message: string) {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const failing = req.headers['x-amz-target'] === `secretsmanager.${action}`;
    if (failing) calls++;
    req.resume().on('end', () => {
      res.writeHead(failing ? status : 200, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${calls}`,
      });
      res.end(JSON.stringify(failing ? { __type: type, message } : {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, calls: () => calls, close: () => new Promise((r) => server.close(r)) };
}

describe('AWS errors moto does not produce', () => {
  it('ThrottlingException is retried (standard mode, 3 attempts), then exit 1', async () => {
    const srv = await awsErrorServer('PutSecretValue', 400, 'ThrottlingException', 'Rate exceeded');
    try {
      const s = await createSecrets({ region: REGION, env: keysEnv(srv.url) });
      const e = await rejection(s.putValue('sym/prod/okta-api-key', '{"okta_api_token":"t0k"}'));
      expect(e.exitCode).toBe(1);
      expect(e.message).toMatch(/throttled/);
      expect(srv.calls()).toBe(3);
    } finally {
      await srv.close();
    }
  });

  it('AccessDeniedException → exit 4 naming the action', async () => {
    const srv = await awsErrorServer(
      'PutSecretValue',
      400,
      'AccessDeniedException',
      'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: secretsmanager:PutSecretValue',
    );
    try {
      const s = await createSecrets({ region: REGION, env: keysEnv(srv.url) });
      const e = await rejection(s.putValue('sym/prod/okta-api-key', '{"okta_api_token":"t0k"}'));
      expect(e.exitCode).toBe(4);
      expect(e.message).toContain('secretsmanager:PutSecretValue');
      expect(srv.calls()).toBe(1);
    } finally {
      await srv.close();
    }
  });

  it('putValue does not need DescribeSecret: a denied look still lets the write through', async () => {
    const srv = await awsErrorServer(
      'DescribeSecret',
      400,
      'AccessDeniedException',
      'not authorized to perform: secretsmanager:DescribeSecret',
    );
    try {
      const s = await createSecrets({ region: REGION, env: keysEnv(srv.url) });
      await expect(s.putValue('sym/prod/okta-api-key', '{"okta_api_token":"t0k"}')).resolves.toBeUndefined();
      expect(srv.calls()).toBe(1);
    } finally {
      await srv.close();
    }
  });

  it('expired session credentials → exit 4', async () => {
    const srv = await awsErrorServer(
      'DescribeSecret',
      400,
      'ExpiredTokenException',
      'The security token included in the request is expired',
    );
    try {
      const s = await createSecrets({
        region: REGION,
        env: { ...keysEnv(srv.url), AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLE' },
      });
      const e = await rejection(s.describe('sym/prod/okta-api-key'));
      expect(e.exitCode).toBe(4);
      expect(e.message).toMatch(/expired/);
    } finally {
      await srv.close();
    }
  });
});
