// The gathering steps' decisions, in process, on fake adapters (see fakes.ts).
import { describe, expect, it } from 'vitest';
import { OktaFailure } from '../../src/okta/okta.js';
import { approverGroup } from '../../src/steps/approver-group.js';
import { aws } from '../../src/steps/aws.js';
import { channels } from '../../src/steps/channels.js';
import { oktaDomain } from '../../src/steps/okta-domain.js';
import { oktaTargets } from '../../src/steps/okta-targets.js';
import { oktaToken } from '../../src/steps/okta-token.js';
import { org } from '../../src/steps/org.js';
import { preflight } from '../../src/steps/preflight.js';
import { slackApp } from '../../src/steps/slack-app.js';
import { slackWorkspace } from '../../src/steps/slack-workspace.js';
import { symSession } from '../../src/steps/sym-session.js';
import { failure, fakeRun } from './fakes.js';

const V3 = { raw: '3.1.0', major: 3, hasServicesCreate: false };
const V2 = { raw: '2.9.0', major: 2, hasServicesCreate: true };
const SESSION = { loggedIn: true as const, org: 'acme', user: 'ada@acme.com', viaJwt: false };
const LOGGED_OUT = { loggedIn: false as const, reason: 'logged-out' as const, detail: 'not logged in' };
const GROUP = { id: '00g1emaKYZTWRYYRRTSK', name: 'AWS Ops', type: 'OKTA_GROUP' };
const WS = 'T0123ABCDEF';
const slackRow = { type: 'slack', externalId: WS, label: 'Acme' };

describe('preflight', () => {
  it('checks node, terraform, symflow and AWS credentials, and keeps the symflow version', async () => {
    const { reg, ctx } = await fakeRun({ env: { AWS_REGION: 'eu-west-1' } });
    const secrets = reg.fake('secrets');
    reg
      .stub('terraform.version', async () => '1.11.0')
      .stub('symflow.version', async () => V3)
      .stub('createSecrets', (region: string) => {
        expect(region).toBe('eu-west-1');
        return secrets;
      })
      .stub('secrets.checkCredentials', async () => ({ source: 'environment', detail: 'the environment' }));
    const outcome = await preflight.gather!(ctx);
    expect(outcome?.detail).toMatch(/terraform 1\.11\.0, symflow 3\.1\.0, AWS credentials from the environment/);
    expect(ctx.state.symflowVersion).toEqual(V3);
  });

  it('refuses a terraform older than 1.3 (exit 3) before asking anything else', async () => {
    const { reg, ctx } = await fakeRun();
    reg.stub('terraform.version', async () => '1.2.9');
    const e = await failure(preflight.gather!(ctx));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('Terraform 1.2.9 is too old');
  });
});

describe('sym-session', () => {
  it('a live session is kept for later steps', async () => {
    const { reg, ctx } = await fakeRun();
    reg.stub('symflow.status', async () => SESSION);
    await symSession.gather!(ctx);
    expect(ctx.state.session).toEqual(SESSION);
  });

  it('a rejected SYM_JWT is an auth failure (exit 4) naming SYM_JWT, with no login attempt', async () => {
    const { reg, ctx } = await fakeRun({ env: { SYM_JWT: 'x' } });
    reg.stub('symflow.status', async () => ({ ...LOGGED_OUT, reason: 'expired' }));
    const e = await failure(symSession.gather!(ctx));
    expect([e.exitCode, e.message]).toEqual([4, expect.stringContaining('SYM_JWT')]);
  });

  it('unattended and logged out: exit 4 with the bot-token recipe', async () => {
    const { reg, ctx } = await fakeRun();
    reg.stub('symflow.status', async () => LOGGED_OUT);
    const e = await failure(symSession.gather!(ctx));
    expect(e.exitCode).toBe(4);
    expect(e.fix).toContain('symflow bots create');
  });

  it('in a terminal, logs in (with the org given) and checks the session again', async () => {
    const { reg, ctx } = await fakeRun({ interactive: true, given: { org: 'acme' } });
    reg
      .stub('symflow.status', async () => LOGGED_OUT)
      .stub('symflow.login', async (orgId: string) => expect(orgId).toBe('acme'))
      .stub('symflow.status', async () => SESSION);
    await symSession.gather!(ctx);
    expect(ctx.state.session).toEqual(SESSION);
  });

  it('a login that leaves no session is exit 4', async () => {
    const { reg, ctx } = await fakeRun({ interactive: true });
    reg
      .stub('symflow.status', async () => LOGGED_OUT)
      .stub('prompt.text', () => 'acme')
      .stub('symflow.login', async () => undefined)
      .stub('symflow.status', async () => LOGGED_OUT);
    expect((await failure(symSession.gather!(ctx))).exitCode).toBe(4);
  });
});

describe('org', () => {
  it('defaults to the session org unattended', async () => {
    const { ctx } = await fakeRun({ state: { session: SESSION } });
    await org.gather!(ctx);
    expect(ctx.state.answers.org).toBe('acme');
  });

  it('refuses the session org in other capitals (exit 2, its spelling), and another org (exit 4) with both ways out', async () => {
    // The Sym provider compares the org exactly, so S-VJ2… and s-vj2… are not the same org to it.
    const caps = await fakeRun({
      given: { org: 's-vj2iyocq74' },
      state: { session: { ...SESSION, org: 'S-VJ2IYOCQ74' } },
    });
    const wrongCase = await failure(org.gather!(caps.ctx));
    expect(wrongCase.exitCode).toBe(2);
    expect(wrongCase.message).toContain('only in capitals');
    expect(wrongCase.fix).toBe('Pass --org S-VJ2IYOCQ74.');
    expect(caps.ctx.state.answers.org).toBeUndefined();
    const other = await fakeRun({ given: { org: 'globex' }, state: { session: SESSION } });
    const e = await failure(org.gather!(other.ctx));
    expect(e.exitCode).toBe(4);
    expect(e.fix).toContain('symflow login --org-id globex');
    expect(e.fix).toContain('--org acme');
  });

  it('asks in a terminal, offering the session org', async () => {
    const { reg, ctx } = await fakeRun({ interactive: true, state: { session: SESSION } });
    reg.stub('prompt.text', (message: string, def: string) => {
      expect([message, def]).toEqual(['Sym org slug (Org ID)', 'acme']);
      return 'acme';
    });
    await org.gather!(ctx);
    expect(ctx.state.answers.org).toBe('acme');
  });
});

describe('slack-workspace and channels', () => {
  it('unattended without a workspace ID (and none in the project) is exit 3 naming the flag', async () => {
    const { ctx } = await fakeRun();
    const e = await failure(slackWorkspace.gather!(ctx));
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('--slack-workspace-id');
  });

  it('a re-run keeps the workspace from the project', async () => {
    const { ctx } = await fakeRun({ previous: { slackWorkspaceId: WS } });
    await slackWorkspace.gather!(ctx);
    expect(ctx.state.answers.slackWorkspaceId).toBe(WS);
  });

  it('channels default to #sym-requests and #sym-errors, and a re-run keeps the project’s', async () => {
    const fresh = await fakeRun();
    await channels.gather!(fresh.ctx);
    expect(fresh.ctx.state.answers).toMatchObject({ requestChannel: '#sym-requests', errorChannel: '#sym-errors' });
    const rerun = await fakeRun({ previous: { requestChannel: '#access', errorChannel: '#oops' } });
    await channels.gather!(rerun.ctx);
    expect(rerun.ctx.state.answers).toMatchObject({ requestChannel: '#access', errorChannel: '#oops' });
  });
});

describe('slack-app', () => {
  const withWs = { state: { answers: { slackWorkspaceId: WS }, groups: new Map() } };

  it('already installed: nothing to do', async () => {
    const { reg, ctx } = await fakeRun(withWs);
    reg.stub('symflow.servicesList', async () => [slackRow]);
    expect((await slackApp.gather!(ctx))?.detail).toBe('already installed');
  });

  it('symflow 2.x registers the workspace with services create; a dry run only says it would', async () => {
    const real = await fakeRun({ state: { ...withWs.state, symflowVersion: V2 } });
    real.reg
      .stub('symflow.servicesList', async () => [])
      .stub('symflow.createSlackService', async () => ({ installUrl: 'https://slack/x', output: '' }));
    expect((await slackApp.gather!(real.ctx))?.detail).toBe('install link: https://slack/x');
    const dry = await fakeRun({ state: { ...withWs.state, symflowVersion: V2 }, options: { dryRun: true } });
    dry.reg.stub('symflow.servicesList', async () => []);
    expect((await slackApp.gather!(dry.ctx))?.status).toBe('skipped');
  });

  it('unattended and not installed: exit 1 with the install link', async () => {
    const { reg, ctx } = await fakeRun({ state: { ...withWs.state, symflowVersion: V3 } });
    reg.stub('symflow.servicesList', async () => []);
    const e = await failure(slackApp.gather!(ctx));
    expect(e.exitCode).toBe(1);
    expect(e.fix).toContain('https://static.symops.com/slack/add');
  });

  it('in a terminal: opens the link and waits until the app shows up', async () => {
    const { reg, ctx } = await fakeRun({ interactive: true, state: { ...withWs.state, symflowVersion: V3 } });
    reg
      .stub('symflow.servicesList', async () => [])
      .stub('openUrl', async () => true)
      .stub('symflow.servicesList', async () => [])
      .stub('symflow.servicesList', async () => [slackRow]);
    expect((await slackApp.gather!(ctx))?.detail).toBe('installed');
  });

  it('in a terminal, when the wait runs out: continue without it, or stop (exit 1)', async () => {
    for (const [choice, expected] of [
      ['continue', 'skipped'],
      ['stop', 'error'],
    ] as const) {
      const { reg, ctx } = await fakeRun({
        interactive: true,
        state: { ...withWs.state, symflowVersion: V3 },
        options: { slackWaitMs: 0, openBrowser: false },
      });
      reg.stub('symflow.servicesList', async () => []).stub('prompt.select', () => choice);
      if (expected === 'skipped') expect((await slackApp.gather!(ctx))?.status).toBe('skipped');
      else expect((await failure(slackApp.gather!(ctx))).exitCode).toBe(1);
    }
  });
  it('in a terminal, waiting on an unregistered workspace: the registered one is named and can be picked instead of waiting on', async () => {
    const other = { type: 'slack', externalId: 'T0OTHER99', label: 'Other' };
    const { reg, ctx } = await fakeRun({
      interactive: true,
      state: { answers: { slackWorkspaceId: WS }, groups: new Map(), symflowVersion: V3 },
      options: { slackWaitMs: 0, openBrowser: false },
    });
    const asked: Array<[string, string[]]> = [];
    const choose = (message: string, values: string[]) => {
      asked.push([message, values]);
      // Before the wait: install and wait; when the wait runs out: the registered one.
      return asked.length === 1 ? '' : 'T0OTHER99';
    };
    reg
      .stub('symflow.servicesList', async () => [other])
      .stub('prompt.select', choose)
      .stub('prompt.select', choose);
    expect((await slackApp.gather!(ctx))?.detail).toBe('already installed (T0OTHER99)');
    expect(asked[1]![0]).toBe(`Sym's Slack app still does not show up for ${WS} (registered with Sym: T0OTHER99).`);
    expect(asked[1]![1]).toEqual(['wait', 'T0OTHER99', 'continue', 'stop']);
    expect(ctx.state.answers.slackWorkspaceId).toBe('T0OTHER99');
  });
});

describe('okta-domain', () => {
  it('the org URL follows the domain, or SYM_QUICKSTART_OKTA_ORG_URL; a bad override is exit 2', async () => {
    const plain = await fakeRun({ given: { oktaDomain: 'acme.okta.com' } });
    await oktaDomain.gather!(plain.ctx);
    expect(plain.ctx.state.oktaOrgUrl).toBe('https://acme.okta.com');
    const bad = await fakeRun({ given: { oktaDomain: 'acme.okta.com' }, env: { SYM_QUICKSTART_OKTA_ORG_URL: 'nope' } });
    expect((await failure(oktaDomain.gather!(bad.ctx))).exitCode).toBe(2);
  });
});

describe('okta-token', () => {
  const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789ABCD';
  const base = { state: { answers: {}, groups: new Map(), oktaOrgUrl: 'https://acme.okta.com' } };
  const accepts = (reg: import('./fakes.js').Registry, roles: Array<{ id: string; type: string; label: string }>) => {
    const okta = reg.fake('okta');
    reg
      .stub('connectOkta', () => okta)
      .stub('okta.currentUser', async () => ({ id: 'u1', login: 'ada@acme.com' }))
      .stub('okta.rolesOf', async () => roles);
  };

  it('unattended without a token: exit 3 naming OKTA_API_TOKEN', async () => {
    const { ctx } = await fakeRun(base);
    const e = await failure(oktaToken.gather!(ctx));
    expect(e.exitCode).toBe(3);
    expect(e.fix).toContain('OKTA_API_TOKEN');
  });

  it('an accepted token: its owner, roles and scope are kept, and the token is redacted from then on', async () => {
    const { reg, ctx, stderr } = await fakeRun({ ...base, givenToken: TOKEN });
    accepts(reg, [{ id: 'r1', type: 'SUPER_ADMIN', label: 'Super' }]);
    await oktaToken.gather!(ctx);
    expect(ctx.state).toMatchObject({ token: TOKEN, oktaUser: { login: 'ada@acme.com' }, oktaScope: 'all' });
    ctx.out.info(`leak ${TOKEN}`);
    expect(stderr()).not.toContain(TOKEN);
  });

  it('a token without a role that can change membership: a warning with the role fix', async () => {
    const { reg, ctx, stderr } = await fakeRun({ ...base, givenToken: TOKEN });
    accepts(reg, [{ id: 'r1', type: 'READ_ONLY_ADMIN', label: 'Read Only' }]);
    await oktaToken.gather!(ctx);
    expect(ctx.state.oktaScope).toBeUndefined();
    expect(stderr()).toContain('Group Membership Administrator');
  });

  it('a rejected token from the environment fails (exit 4); typed in a terminal it is asked again', async () => {
    const invalid = () => {
      throw new OktaFailure('invalid-token', 4, 'Okta rejected the token.', 'Create a new one.');
    };
    const given = await fakeRun({ ...base, givenToken: TOKEN });
    given.reg.stub('connectOkta', invalid);
    expect((await failure(oktaToken.gather!(given.ctx))).exitCode).toBe(4);

    const typed = await fakeRun({ ...base, interactive: true });
    typed.reg
      .stub('prompt.secret', () => 'mistyped-token')
      .stub('connectOkta', invalid)
      .stub('prompt.secret', () => TOKEN);
    accepts(typed.reg, [{ id: 'r1', type: 'ORG_ADMIN', label: 'Org' }]);
    await oktaToken.gather!(typed.ctx);
    expect(typed.ctx.state.token).toBe(TOKEN);
  });

  describe('after a destroy: the token in the secret the teardown left scheduled for deletion', () => {
    const SECRET = 'sym/staging/okta-api-key';
    const tornDown = async (o: Parameters<typeof fakeRun>[0]) => {
      const f = await fakeRun({ ...base, ...o });
      f.ctx.journal.data.teardown = {
        startedAt: '2026-12-01T10:00:00.000Z',
        finishedAt: '2026-12-01T10:01:00.000Z',
        resources: [],
        secret: { name: SECRET, region: 'eu-west-1', recoveryWindowDays: 7 },
      };
      const secrets = f.reg.fake('secrets');
      // The state is empty after the destroy: no outputs name the secret; the teardown record does.
      f.reg
        .stub('terraform.localOutputs', async () => undefined)
        .stub('createSecrets', (region) => {
          expect(region).toBe('eu-west-1');
          return secrets;
        })
        .stub('secrets.describe', async () => ({ exists: true, hasValue: true, deletedDate: new Date() }));
      return f;
    };

    it('in a terminal: asked once whether to restore it; restored, its token is checked with Okta and used', async () => {
      const { reg, ctx, stderr } = await tornDown({ interactive: true });
      reg
        .stub('prompt.select', (message, values) => {
          expect(message).toBe('Okta API token');
          expect(values).toEqual([true, false]);
          return true;
        })
        .stub('secrets.restore', async (name) => expect(name).toBe(SECRET))
        .stub('secrets.readValue', async () => JSON.stringify({ okta_api_token: TOKEN }));
      accepts(reg, [{ id: 'r1', type: 'SUPER_ADMIN', label: 'Super' }]);
      await oktaToken.gather!(ctx);
      expect(ctx.state.token).toBe(TOKEN);
      expect(stderr()).toContain(`Restored ${SECRET} (eu-west-1)`);
      expect(stderr()).toContain(`Using the token stored in ${SECRET}`);
      expect(stderr()).not.toContain(TOKEN);
    });

    it('in a terminal, "Enter a new token": nothing is restored now, and the typed token is used', async () => {
      const { reg, ctx } = await tornDown({ interactive: true });
      reg.stub('prompt.select', () => false).stub('prompt.secret', () => TOKEN);
      accepts(reg, [{ id: 'r1', type: 'SUPER_ADMIN', label: 'Super' }]);
      await oktaToken.gather!(ctx);
      expect(ctx.state.token).toBe(TOKEN);
      expect(reg.calls.map((c) => c.name)).not.toContain('secrets.restore');
    });

    it('unattended, a restored token Okta refuses: a warning, then the missing-token error (exit 3)', async () => {
      const { reg, ctx, stderr } = await tornDown({ yes: true });
      reg
        .stub('secrets.restore', async () => {})
        .stub('secrets.readValue', async () => JSON.stringify({ okta_api_token: 'revoked-token' }))
        .stub('connectOkta', () => {
          throw new OktaFailure('invalid-token', 4, 'Okta rejected the token.', 'Create a new one.');
        });
      expect((await failure(oktaToken.gather!(ctx))).exitCode).toBe(3);
      expect(stderr()).toContain(`Okta no longer accepts the token stored in ${SECRET}`);
    });

    it('a dry run restores nothing: it says the real run would, and needs a token given', async () => {
      const { reg, ctx, stderr } = await tornDown({ yes: true, options: { dryRun: true } });
      expect((await failure(oktaToken.gather!(ctx))).exitCode).toBe(3);
      expect(reg.calls.map((c) => c.name)).not.toContain('secrets.restore');
      expect(stderr()).toContain('a dry run does not restore it (the real run does, and uses that token)');
    });
  });
});

describe('okta-targets', () => {
  const run = async (group: typeof GROUP | Error, scope: Set<string> | 'all' = 'all') => {
    const f = await fakeRun({
      given: { oktaTarget: [{ label: 'Ops', groupId: GROUP.id }] },
      state: { answers: {}, groups: new Map(), okta: undefined, oktaScope: scope },
    });
    f.ctx.state.okta = f.reg.fake('okta');
    f.reg.stub('okta.getGroup', async () => {
      if (group instanceof Error) throw group;
      return group;
    });
    return f;
  };

  it('a given group is looked up and remembered', async () => {
    const { ctx } = await run(GROUP);
    await oktaTargets.gather!(ctx);
    expect(ctx.state.answers.targets).toEqual([{ label: 'Ops', groupId: GROUP.id }]);
    expect(ctx.state.groups.get(GROUP.id)).toEqual(GROUP);
  });

  it('refuses (exit 2) a group that is missing, an APP_GROUP, or outside the token’s scope', async () => {
    const missing = await run(new OktaFailure('not-found', 1, 'no such group'));
    expect((await failure(oktaTargets.gather!(missing.ctx))).message).toContain('does not exist');
    const app = await run({ ...GROUP, type: 'APP_GROUP' });
    expect((await failure(oktaTargets.gather!(app.ctx))).exitCode).toBe(2);
    const scoped = await run(GROUP, new Set(['00gOTHER']));
    expect((await failure(oktaTargets.gather!(scoped.ctx))).message).toContain('not one of them');
  });

  it('a re-run in a terminal may keep the project’s groups without picking again', async () => {
    const { reg, ctx } = await fakeRun({
      interactive: true,
      previous: { targets: [{ label: 'Ops', groupId: GROUP.id }] },
      state: { answers: {}, groups: new Map(), oktaScope: 'all' },
    });
    ctx.state.okta = reg.fake('okta');
    reg.stub('prompt.confirm', () => true).stub('okta.getGroup', async () => GROUP);
    await oktaTargets.gather!(ctx);
    expect(ctx.state.answers.targets).toEqual([{ label: 'Ops', groupId: GROUP.id }]);
  });
});

describe('approver-group', () => {
  it('none given: anyone may approve, and a value from an earlier answer is dropped', async () => {
    const { ctx } = await fakeRun({ state: { answers: { approverGroup: 'old' }, groups: new Map() } });
    await approverGroup.gather!(ctx);
    expect(ctx.state.answers.approverGroup).toBeUndefined();
  });

  it('a given group is looked up; a missing one is exit 2', async () => {
    const ok = await fakeRun({ given: { approverGroup: GROUP.id } });
    ok.ctx.state.okta = ok.reg.fake('okta');
    ok.reg.stub('okta.getGroup', async () => GROUP);
    await approverGroup.gather!(ok.ctx);
    expect(ok.ctx.state.answers.approverGroup).toBe(GROUP.id);
    expect(ok.ctx.state.approver).toEqual(GROUP);
    const gone = await fakeRun({ given: { approverGroup: GROUP.id } });
    gone.ctx.state.okta = gone.reg.fake('okta');
    gone.reg.stub('okta.getGroup', async () => {
      throw new OktaFailure('not-found', 1, 'no such group');
    });
    expect((await failure(approverGroup.gather!(gone.ctx))).exitCode).toBe(2);
  });
});

describe('aws', () => {
  it('region: the project’s, else AWS_REGION, else us-east-1; runtime: the project’s, else prod', async () => {
    const fresh = await fakeRun({ env: { HOME: '/nonexistent' } });
    await aws.gather!(fresh.ctx);
    expect(fresh.ctx.state.answers).toMatchObject({ awsRegion: 'us-east-1', runtimeName: 'prod' });
    const env = await fakeRun({ env: { AWS_REGION: 'eu-west-2', HOME: '/nonexistent' } });
    await aws.gather!(env.ctx);
    expect(env.ctx.state.answers.awsRegion).toBe('eu-west-2');
    const rerun = await fakeRun({
      env: { AWS_REGION: 'eu-west-2' },
      previous: { awsRegion: 'ap-south-1', runtimeName: 'staging' },
    });
    await aws.gather!(rerun.ctx);
    expect(rerun.ctx.state.answers).toMatchObject({ awsRegion: 'ap-south-1', runtimeName: 'staging' });
  });
});
