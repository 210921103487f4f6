import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  findInstallUrl,
  parseResources,
  parseServices,
  parseStatus,
  parseVersion,
} from '../../src/sym/symflow-parse.js';

// Outputs as symflow prints them (facts/sym.md §4.3, §4.6): success on stdout, "✖" failures on
// stderr with the hint on stdout, a yellow "out of date" notice on stderr on every run.
const ok = (stdout: string, stderr = '') => ({ exitCode: 0, stdout, stderr });
const ko = (stderr: string, stdout = '', exitCode = 1) => ({ exitCode, stdout, stderr });
const OUT_OF_DATE = '\x1b[33mYour version of symflow (8.0.2) is out of date! The latest version is 8.1.0.\x1b[0m\n';

describe('parseVersion', () => {
  it.each([
    ['8.1.0\n', 8, false],
    ['2.3.1\n', 2, true],
    ['3.0.0', 3, false],
    ['symflow, version 1.3.7\n', 1, true],
    ['\x1b[32m8.0.2\x1b[0m\n', 8, false],
  ])('%j → major %i', (text, major, hasServicesCreate) => {
    expect(parseVersion(text)).toMatchObject({ major, hasServicesCreate });
  });
  it('keeps the raw version and rejects garbage', () => {
    expect(parseVersion('8.1.0\n')?.raw).toBe('8.1.0');
    expect(parseVersion('command not found')).toBeUndefined();
  });
});

describe('parseStatus', () => {
  it('logged in, with role', () => {
    const out = ok('✔️  Status check succeeded!\nYou are logged in to acme as jane@acme.com (role: admin).\n');
    expect(parseStatus(out)).toEqual({
      loggedIn: true,
      org: 'acme',
      user: 'jane@acme.com',
      role: 'admin',
      viaJwt: false,
    });
  });
  it('logged in via SYM_JWT (no role)', () => {
    const out = ok('✔️  Status check succeeded!\nYou are logged in to S-VJ2IYOCQ74 as ci-bot via SYM_JWT.\n');
    expect(parseStatus(out)).toEqual({ loggedIn: true, org: 'S-VJ2IYOCQ74', user: 'ci-bot', viaJwt: true });
  });
  it('tolerates ANSI colour, bold markup and the stderr notice', () => {
    const ansi = ok(
      '\x1b[32m✔️  Status check succeeded!\x1b[0m\nYou are logged in to \x1b[1macme\x1b[0m as \x1b[1mjane@acme.com\x1b[0m (role: admin).\n',
      OUT_OF_DATE,
    );
    const markup = ok(
      '✔️  Status check succeeded!\nYou are logged in to **acme** as **jane@acme.com** (role: member).\r\n',
    );
    expect(parseStatus(ansi)).toMatchObject({ loggedIn: true, org: 'acme', user: 'jane@acme.com', role: 'admin' });
    expect(parseStatus(markup)).toMatchObject({ loggedIn: true, org: 'acme', role: 'member' });
  });
  it('logged out', () => {
    const out = ko(
      `${OUT_OF_DATE}\x1b[1;31m✖ You are not currently logged in\x1b[0m\n`,
      '\x1b[36mRun `symflow login` to log in.\x1b[0m\n',
    );
    const s = parseStatus(out);
    // One line without symflow's hint: callers put it in parentheses and give their own fix.
    expect(s).toEqual({ loggedIn: false, reason: 'logged-out', detail: 'You are not currently logged in' });
  });
  it('expired token', () => {
    const out = ko(
      '✖ Status check failed!\n',
      'Authentication:INVALID_JWT The provided token is invalid or expired.\n',
    );
    expect(parseStatus(out)).toEqual({
      loggedIn: false,
      reason: 'expired',
      detail: 'Status check failed! Authentication:INVALID_JWT The provided token is invalid or expired.',
    });
  });
  it('unknown output is an error, not a session', () => {
    expect(parseStatus(ok('hello\n'))).toMatchObject({ loggedIn: false, reason: 'error' });
    expect(parseStatus(ko('Traceback (most recent call last):\n', '', 1))).toMatchObject({
      loggedIn: false,
      reason: 'error',
    });
  });
});

describe('classifyFailure', () => {
  it('API error with request id, whatever the exit code', () => {
    const out = ko(
      '✖ An API error occurred!\n',
      'Request ID: 7f3e2a10-1b2c-4d5e-8f90-123456789abc\nFor help, see https://docs.symops.com/docs/support\n',
      5,
    );
    expect(classifyFailure(out)).toMatchObject({
      kind: 'api-error',
      requestId: '7f3e2a10-1b2c-4d5e-8f90-123456789abc',
    });
  });
  it('must be logged in', () => {
    expect(
      classifyFailure(ko('✖ You must be logged in to perform this action.\n', 'Run `symflow login` to log in.\n')),
    ).toMatchObject({
      kind: 'not-logged-in',
    });
  });
  it("Click's unknown command", () => {
    const out = ko(
      "Usage: symflow services [OPTIONS] COMMAND [ARGS]...\nTry 'symflow services -h' for help.\n\nError: No such command 'create'.\n",
      '',
      2,
    );
    expect(classifyFailure(out)).toEqual({ kind: 'no-such-command', message: "Error: No such command 'create'." });
  });
});

describe('tables', () => {
  it('services list, box drawing', () => {
    const text = [
      'Service Type │ External ID │ Label',
      '─────────────┼─────────────┼───────────',
      'slack        │ T0123ABCD   │ Acme Slack',
      'aws_lambda   │ 123456789012 │ prod',
      '',
    ].join('\n');
    expect(parseServices(text)).toEqual([
      { type: 'slack', externalId: 'T0123ABCD', label: 'Acme Slack' },
      { type: 'aws_lambda', externalId: '123456789012', label: 'prod' },
    ]);
  });
  it('services list, plain pipes with outer borders, ANSI header and the notice before it', () => {
    const text = [
      '+--------------+-------------+-------+',
      '| \x1b[1mService Type\x1b[0m | External ID | Label |',
      '|--------------+-------------+-------|',
      '| slack        | TABCDEF12   | Slack |',
      '+--------------+-------------+-------+',
    ].join('\n');
    expect(parseServices(text)).toEqual([{ type: 'slack', externalId: 'TABCDEF12', label: 'Slack' }]);
  });
  it('empty services list', () => {
    expect(parseServices('Service Type │ External ID │ Label\n─────────────┼─────────────┼──────\n')).toEqual([]);
    expect(parseServices('')).toEqual([]);
  });
  it('resources list, box drawing and borderless', () => {
    const boxed = 'SRN                  │ Slug\n─────────────────────┼─────\nacme:flow:okta:1.0.0 │ okta\n';
    const plain = 'SRN                    Slug\nmyorg:flow:okta:1.0.0  okta\nmyorg:flow:okta_dev:latest  okta_dev\n';
    expect(parseResources(boxed)).toEqual([{ srn: 'acme:flow:okta:1.0.0', slug: 'okta' }]);
    expect(parseResources(plain)).toEqual([
      { srn: 'myorg:flow:okta:1.0.0', slug: 'okta' },
      { srn: 'myorg:flow:okta_dev:latest', slug: 'okta_dev' },
    ]);
  });
});

describe('findInstallUrl', () => {
  it('finds the per-org install link, not the generic add page', () => {
    const text =
      '\x1b[33mWarning: `symflow services create` is deprecated … from https://static.symops.com/slack/add instead.\x1b[0m\n' +
      'Install the Sym Slack app in your workspace: https://static.symops.com/slack/install?token=abc123.\n';
    expect(findInstallUrl(text)).toBe('https://static.symops.com/slack/install?token=abc123');
    expect(findInstallUrl('see https://static.symops.com/slack/add')).toBeUndefined();
  });
});
