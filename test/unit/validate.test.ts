import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awsRegion,
  channel,
  errorChannel,
  isLoopbackHost,
  oktaDomain,
  oktaGroupId,
  oktaOrgUrl,
  orgSlug,
  runtimeName,
  slackWorkspaceId,
  targetLabel,
  targetSpec,
  sameSlug,
  targetSlug,
  validators,
  type Validation,
  yesNo,
} from '../../src/validate/index.js';

const GID = '00g1emaKYZTWRYYRRTSK';

/** [input, exact normalised value, substring of the notice (undefined: there must be no notice)] */
type Valid<T = string> = [input: string, value: T, notice?: string];
/** [input, a substring of the message that carries the fix] */
type Invalid = [input: string, hint: string];

function expectValid<T>(r: Validation<T>, value: T, notice: string | undefined) {
  if (!r.ok) expect.fail(`expected ok, got: ${r.message}`);
  expect(r.value).toEqual(value);
  if (notice === undefined) expect(r).not.toHaveProperty('notice');
  else expect(r.notice).toContain(notice);
}

function expectInvalid(r: Validation<unknown>, hint: string) {
  if (r.ok) expect.fail(`expected a failure, got ok: ${JSON.stringify(r.value)}`);
  expect(r.message).toContain(hint);
}

function table<T>(name: string, fn: (raw: string) => Validation<T>, valid: Valid<T>[], invalid: Invalid[]) {
  describe(name, () => {
    it.each(valid)('accepts %j → %j', (input, value, notice) => expectValid(fn(input), value, notice));
    it.each(invalid)('rejects %j, saying %j', (input, hint) => expectInvalid(fn(input), hint));
  });
}

table(
  'slackWorkspaceId',
  slackWorkspaceId,
  [
    ['T0123ABCD', 'T0123ABCD'],
    ['  T05LS5M1DC4\n', 'T05LS5M1DC4'],
    ['T012ABCDEFG', 'T012ABCDEFG'],
    ['https://app.slack.com/client/T0123ABCD/C0456EFGH', 'T0123ABCD', 'from the Slack URL'],
    ['app.slack.com/client/T0123ABCD', 'T0123ABCD', 'from the Slack URL'],
    ['T0123AB', 'T0123AB', 'usually 9–11'],
    ['T0123456789ABCDEF', 'T0123456789ABCDEF', '17 characters'],
  ],
  [
    ['', 'app.slack.com/client/'],
    ['C0123ABCD', 'channel ID'],
    ['U0123ABCD', 'user ID'],
    ['W0123ABCD', 'Enterprise Grid user ID'],
    ['E0123ABCD', 'open that workspace (not the org dashboard)'],
    ['G0123ABCD', 'private-channel'],
    ['D0123ABCD', 'direct-message ID'],
    ['t0123abcd', 'case-sensitive and all uppercase'],
    ['T0123abcd', 'case-sensitive and all uppercase'],
    ['https://acme.slack.com/', 'without a workspace ID'],
    ['https://app.slack.com/client/', 'without a workspace ID'],
    ['T123ABC', "example from Sym's docs"],
    ['CHANGEME', 'placeholder'],
    ['#general', 'channel name, not a workspace ID'],
    ['Acme Corp', 'T followed by uppercase letters and digits'],
  ],
);

table(
  'channel',
  channel,
  [
    ['#sym-requests', '#sym-requests'],
    ['sym-errors', '#sym-errors'],
    ['  #ops_alerts  ', '#ops_alerts'],
    ['#Sym-Requests', '#sym-requests', 'lowercase; using #sym-requests'],
    ['GENERAL', '#general', 'lowercase'],
    ['C0123ABCD', 'C0123ABCD'],
    [`#${'a'.repeat(80)}`, `#${'a'.repeat(80)}`],
    ['https://app.slack.com/client/T0123ABCD/C0456EFGH', 'C0456EFGH', 'from the Slack URL'],
    ['https://acme.slack.com/archives/C0456EFGH', 'C0456EFGH', 'from the Slack URL'],
  ],
  [
    ['', '#sym-requests'],
    ['#', 'no name after the #'],
    ['#sym requests', 'did you mean #sym-requests?'],
    ['#sym.requests', 'lowercase letters, digits, hyphens and underscores'],
    ['#café', 'did you mean #cafe?'],
    ['#!!!', 'e.g. #sym-requests'],
    ['##sym', 'lowercase letters, digits, hyphens and underscores'],
    [`#${'a'.repeat(81)}`, 'at most 80'],
    ['@alice', 'a person, not a channel'],
    ['U0123ABCD', 'user ID'],
    ['T0123ABCD', 'workspace (team) ID'],
    ['DEVOPS2024', 'write #devops2024'],
    ['CHANGEME', 'placeholder'],
    ['https://acme.slack.com/', 'without a channel ID'],
  ],
);

table(
  'orgSlug',
  orgSlug,
  [
    ['acme', 'acme'],
    ['healthy-health', 'healthy-health'],
    ['sym-example', 'sym-example'],
    [' acme2 ', 'acme2'],
    ['S-VJ2IYOCQ74', 'S-VJ2IYOCQ74'],
  ],
  [
    ['', 'symflow status'],
    ['Acme', 'use acme'],
    ['Healthy-Health', 'use healthy-health'],
    ['my org', 'contains spaces'],
    ['CHANGEME', 'placeholder'],
    ['<org>', 'placeholder'],
    ['${SYM_ORG}', 'placeholder'],
    ['acme_corp', 'symflow status'],
    ['-acme', 'inner hyphens'],
    ['me@acme.com', 'email address'],
    ['https://app.symops.com/acme', 'is an address'],
  ],
);

table(
  'oktaDomain',
  oktaDomain,
  [
    ['acme.okta.com', 'acme.okta.com'],
    ['example.okta.com', 'example.okta.com'],
    ['dev-12345.okta.com', 'dev-12345.okta.com'],
    ['https://acme.okta.com', 'acme.okta.com'],
    ['https://acme.okta.com/', 'acme.okta.com'],
    ['ACME.Okta.com', 'acme.okta.com'],
    ['acme.okta.com.', 'acme.okta.com'],
    ['https://acme.okta.com/app/UserHome?fromLogin=true', 'acme.okta.com', 'from the URL'],
    ['acme.oktapreview.com', 'acme.oktapreview.com'],
    ['acme.okta-emea.com', 'acme.okta-emea.com'],
    ['acme-admin.okta.com', 'acme.okta.com', 'Admin Console; using the org domain acme.okta.com'],
    [
      'https://acme-admin.oktapreview.com/admin/dashboard',
      'acme.oktapreview.com',
      'using the org domain acme.oktapreview.com',
    ],
    ['acme-admin.okta-emea.com', 'acme.okta-emea.com', 'Admin Console'],
    ['login.acme.com', 'login.acme.com', 'whether Sym works with them is unverified'],
    ['acme.okta-gov.com', 'acme.okta-gov.com', 'okta-gov.com orgs is unverified'],
  ],
  [
    ['', 'acme.okta.com'],
    ['{yourOktaDomain}', 'placeholder'],
    ['https://{yourOktaDomain}/oauth2/default', 'placeholder'],
    ['yourOktaDomain', 'placeholder'],
    ['${OKTA_DOMAIN}', 'placeholder'],
    ['CHANGEME', 'placeholder'],
    ['acme okta.com', 'contains a space'],
    ['http://acme.okta.com', 'only served over https'],
    ['ftp://acme.okta.com', 'uses ftp://'],
    ['https://https://acme.okta.com', 'repeats the scheme'],
    ['https:/acme.okta.com', 'mistyped https://'],
    ['acme.okta.com.com', 'did you mean acme.okta.com?'],
    ['acme', 'did you mean acme.okta.com?'],
    ['acme.okta', 'did you mean acme.okta.com?'],
    ['acme.okta.co', 'did you mean acme.okta.com?'],
    ['acme..okta.com', 'empty part between dots'],
    ['acme_corp.okta.com', 'letters, digits, hyphens and dots only'],
    ['acme.okta.com:8443', 'take none'],
    ['10.0.0.5', 'reached by name'],
    ['192.168.1.10:8080', 'reached by name'],
    ['[2001:db8::1]', 'reached by name'],
    ['okta.com', 'e.g. acme.okta.com'],
    ['developer.okta.com', "Okta's own sites"],
    ['acme.eu.okta.com', 'one part before .okta.com'],
    ['admin@acme.okta.com', 'email address'],
    ['https://', 'no domain'],
    // Sym cannot reach this machine; a local stand-in goes in SYM_QUICKSTART_OKTA_ORG_URL.
    ['127.0.0.1:8080', 'SYM_QUICKSTART_OKTA_ORG_URL'],
    ['http://127.0.0.1:8080/', 'not an Okta org'],
    ['http://localhost:9000', 'not an Okta org'],
    ['http://[::1]:8080', 'not an Okta org'],
    ['127.0.0.1:99999', 'not an Okta org'],
  ],
);

table(
  'oktaOrgUrl',
  oktaOrgUrl,
  [
    ['https://acme.okta.com', 'https://acme.okta.com'],
    ['https://acme.okta.com/', 'https://acme.okta.com'],
    ['https://acme.okta.com/api/v1', 'https://acme.okta.com', 'path after the host is dropped'],
    ['https://okta-proxy.internal:8443/', 'https://okta-proxy.internal:8443'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://127.3.4.5:9', 'http://127.3.4.5:9'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://[::1]:9000/', 'http://[::1]:9000'],
  ],
  [
    ['', 'https://acme.okta.com'],
    ['acme.okta.com', 'include the scheme, e.g. https://acme.okta.com'],
    ['http://acme.okta.com', 'only for 127.x, localhost and [::1]'],
    ['http://10.0.0.1:8080', 'use https://'],
    ['ftp://acme.okta.com', 'not an https:// URL'],
    ['https://https://acme.okta.com', 'repeats the scheme'],
    ['https://{yourOktaDomain}', 'placeholder'],
    ['https://acme-admin.okta.com', 'https://acme.okta.com'],
    ['https://user:hunter2@acme.okta.com', 'user name or password'],
    ['https://exa mple.com', 'contains a space'],
  ],
);

table(
  'oktaGroupId',
  oktaGroupId,
  [
    [GID, GID],
    [` ${GID} `, GID],
    ['00gabcdefghijklmnopq', '00gabcdefghijklmnopq'],
    [`https://acme-admin.okta.com/admin/group/${GID}`, GID, 'from the URL'],
    [`https://acme-admin.okta.com/admin/group/${GID}#tab-people`, GID, 'from the URL'],
    [`https://acme.okta.com/api/v1/groups/${GID}/users`, GID, 'from the URL'],
  ],
  [
    ['', 'Directory → Groups'],
    ['00u1emaKYZTWRYYRRTSK', 'user ID'],
    ['0oa1emaKYZTWRYYRRTSK', 'app ID'],
    ['00g12345xxx', 'too short (11 characters; a group ID has 20'],
    [`${GID}X`, 'too long (21 characters'],
    ['00G1EMAKYZTWRYYRRTSK', 'case-sensitive'],
    ['AWS Admins', "if it is the group's name, Sym needs its ID"],
    ['Everyone', 'Directory → Groups'],
    ['https://acme-admin.okta.com/admin/groups', 'without a group ID'],
    ['CHANGEME', 'placeholder'],
    ['00g1emaKYZTWRYYRRT-K', 'not a group ID'],
  ],
);

table(
  'awsRegion',
  awsRegion,
  [
    ['us-east-1', 'us-east-1'],
    ['eu-west-2', 'eu-west-2'],
    ['ap-southeast-2', 'ap-southeast-2'],
    ['us-gov-west-1', 'us-gov-west-1'],
    ['cn-north-1', 'cn-north-1'],
    ['cn-northwest-1', 'cn-northwest-1'],
    ['il-central-1', 'il-central-1'],
    ['mx-central-1', 'mx-central-1'],
    ['us-iso-east-1', 'us-iso-east-1'],
    ['US-EAST-1', 'us-east-1', 'lowercase; using us-east-1'],
    ['us-east-1a', 'us-east-1', 'availability zone; using its region, us-east-1'],
    ['EU-WEST-1C', 'eu-west-1', 'availability zone'],
  ],
  [
    ['', 'us-east-1'],
    ['N. Virginia', 'use its code, us-east-1'],
    ['US East (N. Virginia)', 'us-east-1'],
    ['Ireland', 'use its code, eu-west-1'],
    ['Europe (Frankfurt)', 'eu-central-1'],
    ['São Paulo', 'sa-east-1'],
    ['us-east1', 'did you mean us-east-1?'],
    ['us_east_1', 'did you mean us-east-1?'],
    ['use1-az1', 'availability-zone ID'],
    ['us-west-2-lax-1a', 'parent region, us-west-2'],
    ['global', 'not a region'],
    ['moon-base-1', 'aws ec2 describe-regions'],
    ['us-east', 'us-east-1 or eu-west-2'],
  ],
);

table(
  'runtimeName',
  runtimeName,
  [
    ['prod', 'prod'],
    ['staging-eu', 'staging-eu'],
    ['  dev2 ', 'dev2'],
    ['a'.repeat(54), 'a'.repeat(54)],
  ],
  [
    ['', 'prod or staging'],
    ['Prod', 'use prod'],
    ['my_env', 'underscores; use only lowercase letters, digits and hyphens (e.g. my-env)'],
    ['my env', 'spaces;'],
    ['1prod', 'must start with a letter'],
    ['prod.eu', 'SymRuntime<Name>'],
    ['a'.repeat(55), 'at most 54'],
    ['CHANGEME', 'placeholder'],
    ['SymRuntimeProd', 'the part after SymRuntime, in lowercase: prod'],
    ['prod-', 'ends with a hyphen; end it with a letter or digit (e.g. prod)'],
  ],
);

table(
  'targetLabel',
  targetLabel,
  [
    ['AWS Admins', 'AWS Admins'],
    ['  Prod DB (read-only)  ', 'Prod DB (read-only)'],
    ['role=admin', 'role=admin'],
    ['Équipe données 🚀', 'Équipe données 🚀'],
    ['x'.repeat(75), 'x'.repeat(75)],
    // Counted and kept in NFC, as Terraform keeps strings: 75 letters, though 150 code points typed.
    [`Caf${'e\u0301'.repeat(72)}`, `Caf${'\u00e9'.repeat(72)}`],
  ],
  [
    ['', 'e.g. AWS Admins'],
    ['!!!', 'no letter or digit'],
    ['Администраторы', 'no letter or digit'],
    ['AWS\ufeffAdmins', 'control character'],
    ['AWS\nAdmins', 'one line of text'],
    ['AWS\tAdmins', 'control character'],
    ['x'.repeat(76), 'at most 75'],
  ],
);

table<{ label: string; groupId: string }>(
  'targetSpec',
  targetSpec,
  [
    [`AWS Admins=${GID}`, { label: 'AWS Admins', groupId: GID }],
    [`  AWS Admins = ${GID}  `, { label: 'AWS Admins', groupId: GID }],
    [`role=admin=${GID}`, { label: 'role=admin', groupId: GID }],
    [`Ops=https://acme-admin.okta.com/admin/group/${GID}`, { label: 'Ops', groupId: GID }, 'from the URL'],
  ],
  [
    ['', '--okta-target "AWS Admins=00g1emaKYZTWRYYRRTSK"'],
    ['AWS Admins', 'then = and the Okta group ID'],
    [GID, `has no label; put the name people will pick in Slack before it: --okta-target "AWS Admins=${GID}"`],
    [`=${GID}`, 'no label before the ='],
    ['AWS Admins=', 'no group ID after the ='],
    [`${GID}=AWS Admins`, 'group ID first'],
    [`AWS Admins:${GID}`, 'with "="'],
    ['AWS Admins=00g12345xxx', 'too short (11 characters'],
    ['AWS Admins=00u1emaKYZTWRYYRRTSK', 'user ID'],
    [`${'x'.repeat(76)}=${GID}`, 'at most 75'],
  ],
);

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['[::1]', true],
    ['::1', true],
    ['127.0.0.256', false],
    ['128.0.0.1', false],
    ['localhost.evil.com', false],
    ['10.0.0.1', false],
  ])('%s → %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));
});

describe('messages', () => {
  it('quote at most ~40 characters of a long input', () => {
    const long = `${'a'.repeat(200)}.okta.com`;
    const r = oktaDomain(long);
    expectInvalid(r, '…"');
    expect(r.ok || r.message.includes('a'.repeat(41))).toBe(false);
  });

  // The CLI writes "Invalid value for --flag: <message>"; only --okta-target's syntax example names a flag.
  it('do not start with the flag name (the CLI adds it)', () => {
    for (const [field, fn] of Object.entries(validators)) {
      const r = fn('CHANGEME');
      if (r.ok) expect.fail(`${field} accepted CHANGEME`);
      expect(r.message).not.toMatch(/^--|^[a-z-]+:/);
      if (field !== 'okta-target') expect(r.message).not.toContain(`--${field}`);
    }
  });

  it('do not echo a URL that carries credentials', () => {
    const r = oktaOrgUrl('https://admin:s3cr3t-t0ken@acme.okta.com');
    expectInvalid(r, 'user name or password');
    expect(r.ok || r.message.includes('s3cr3t')).toBe(false);
    const d = oktaDomain('https://admin:s3cr3t-t0ken@acme.okta.com');
    expect(d.ok || d.message.includes('s3cr3t')).toBe(false);
  });
});

describe('properties', () => {
  const stringValidators = {
    slackWorkspaceId,
    channel,
    orgSlug,
    oktaDomain,
    oktaOrgUrl,
    oktaGroupId,
    awsRegion,
    runtimeName,
    targetLabel,
  };

  it('never throw, and always explain a rejection', () => {
    const all = { ...stringValidators, targetSpec };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        for (const fn of Object.values(all)) {
          const r = fn(s);
          if (!r.ok) expect(r.message.length).toBeGreaterThan(20);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accept their own output unchanged (normalising twice changes nothing)', () => {
    const inputs = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.stringMatching(/^#?[A-Za-z0-9_ -]{1,20}$/),
      fc.stringMatching(/^(https?:\/\/)?[a-zA-Z0-9-]{1,10}(-admin)?\.(okta|oktapreview|okta-emea)\.com\/?$/),
      fc.stringMatching(/^(us|eu|ap|US|EU|AP)-(east|west|EAST|West)-[1-3][a-cA-C]?$/),
    );
    fc.assert(
      fc.property(inputs, (s) => {
        for (const fn of Object.values(stringValidators)) {
          const first = fn(s);
          if (!first.ok) continue;
          const again = fn(first.value);
          expect(again.ok && again.value).toBe(first.value);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad-inputs corpus (test/fixtures/bad-inputs.json)', () => {
  const corpus = JSON.parse(readFileSync(new URL('../fixtures/bad-inputs.json', import.meta.url), 'utf8')) as {
    field: string;
    value: string;
  }[];

  it('has at least 100 entries covering every validated flag', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((e) => e.field))).toEqual(new Set(Object.keys(validators)));
  });

  it.each(corpus.map((e) => [e.field, e.value] as const))('%s rejects %j', (field, value) => {
    const validate = validators[field as keyof typeof validators];
    expect(validate, `unknown field ${field}`).toBeTypeOf('function');
    const r = validate(value);
    if (r.ok) expect.fail(`${field} accepted ${JSON.stringify(value)} as ${JSON.stringify(r.value)}`);
    expect(r.message.length).toBeGreaterThan(20);
  });
});

table(
  'errorChannel',
  errorChannel,
  [
    ['#sym-errors', '#sym-errors'],
    ['sym-errors', '#sym-errors'],
  ],
  [
    // Sym documents only "#name" for the error logger; variables.tf requires it.
    ['C0123ABCD', 'the channel ID C0123ABCD'],
    ['https://app.slack.com/client/T0123ABCD/C0123ABCD', 'a Slack link to a channel'],
    // Its hints give an error channel as the example, not the requests channel.
    ['', 'such as #sym-errors'],
    ['@alice', 'such as #sym-errors'],
  ],
);

table(
  'yesNo',
  yesNo,
  [
    ['yes', true],
    ['TRUE', true],
    ['1', true],
    ['no', false],
    ['false', false],
    ['0', false],
  ],
  [
    ['maybe', 'not yes or no'],
    ['', 'not yes or no'],
  ],
);

describe('target slugs, as modules/okta-access-flow/locals.tf keys targets', () => {
  it.each([
    ['AWS Admins', 'aws-admins'],
    ['  --Billing (read only)!', 'billing-read-only'],
    ['İstanbul', 'istanbul'],
    ['!!!', ''],
    ['Администраторы', ''],
  ])('%j → %j', (label, slug) => expect(targetSlug(label)).toBe(slug));

  it('finds the first two labels with one slug', () => {
    expect(sameSlug(['AWS Admin', 'Data', 'aws-admin'])).toEqual(['AWS Admin', 'aws-admin']);
    expect(sameSlug(['AWS Admin', 'AWS Admins'])).toBeUndefined();
  });
});
