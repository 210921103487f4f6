import { isOktaUnreachable, OktaFailure, probeOkta, type OktaAdapter } from '../okta/okta.js';
import { defaultOf, tfvarsPath } from '../answers/catalogue.js';
import { secretProblem, TOKEN_KEY } from '../aws/secret.js';
import { oktaOrgUrl } from '../okta/connection.js';
import { fetchGroup, targetProblem } from '../okta/groups.js';
import { inspectToken, ROLE_FIX } from '../okta/token.js';
import { checkNames, takenMessage } from '../project/name-check.js';
import { remoteStateOf } from '../project/remote-state.js';
import { BOT_TOKEN_RECIPE, flowProblem, slackProblem } from '../sym/checks.js';
import { orgCaseProblem } from '../validate/org-slug.js';
import { count } from '../ui/count.js';
import {
  blockedBy,
  blocks,
  type Check,
  type CheckContext,
  type DoctorContext,
  fail,
  type GroupLookup,
  learned,
  pass,
  skip,
} from './types.js';

const secretsFor = (ctx: DoctorContext, region: string) =>
  ctx.adapters.createSecrets({ region, profile: ctx.awsProfile, env: ctx.env });

export const symSessionCheck: Check = {
  id: 'sym-session',
  title: 'Sym session',
  needs: ['symflow', 'tfvars'],
  async run(ctx) {
    const s = await ctx.adapters.symflow.status();
    if (!s.loggedIn) {
      if (ctx.env.SYM_JWT)
        return fail(
          `Sym rejects the bot token in SYM_JWT (environment): ${s.detail}`,
          'Issue a new one: `symflow tokens issue -u <bot> -e 30d`, and update SYM_JWT.',
        );
      const org = ctx.facts.tfvars!.answers.org;
      return fail(
        `Not logged in to Sym (${s.detail}); Terraform's Sym provider cannot apply.`,
        `Run \`symflow login${org ? ` --org-id ${org}` : ''}\`. ${BOT_TOKEN_RECIPE}`,
      );
    }
    const org = ctx.facts.tfvars!.answers.org;
    const caseProblem = org ? orgCaseProblem(org, s.org) : undefined;
    if (caseProblem)
      return fail(`${tfvarsPath('org')}: ${caseProblem}`, `Set ${tfvarsPath('org')} = "${s.org}" in terraform.tfvars.`);
    if (org && org !== s.org) {
      return fail(
        `Logged in to Sym org "${s.org}", but terraform.tfvars has ${tfvarsPath('org')} = "${org}"; the Sym provider refuses the mismatch.`,
        `Run \`symflow login --org-id ${org}\`, or set ${tfvarsPath('org')} = "${s.org}" if that is the right org.`,
      );
    }
    return pass(`logged in to ${s.org} as ${s.user}${s.viaJwt ? ' via SYM_JWT (environment)' : ' (symflow login)'}`);
  },
};

export const slackCheck: Check = {
  id: 'slack-workspace',
  title: 'Slack workspace registered with Sym',
  needs: ['sym-session', 'tfvars-values'],
  async run(ctx) {
    const id = ctx.facts.tfvars!.answers.slackWorkspaceId!;
    const p = await slackProblem(ctx.adapters.symflow, id);
    return p ? fail(p.message, p.fix) : pass(`${id} has Sym's Slack app`);
  },
};

export const flowCheck: Check = {
  id: 'flow',
  title: 'Sym flow',
  needs: ['sym-session', 'terraform-outputs'],
  async run(ctx) {
    const name = ctx.facts.outputs!.flow_name;
    const p = await flowProblem(ctx.adapters.symflow, name);
    return p ? fail(p.message, p.fix) : pass(`"${name}" exists (Slack: /sym req ${name})`);
  },
};

export const awsCheck: Check = {
  id: 'aws-credentials',
  title: 'AWS credentials',
  needs: ['tfvars'],
  async run(ctx) {
    const region = ctx.facts.tfvars!.answers.awsRegion ?? defaultOf('awsRegion');
    const source = await (await secretsFor(ctx, region)).checkCredentials();
    return pass(`from ${source.detail}; region ${region}`);
  },
};

export const namesCheck: Check = {
  id: 'names',
  title: 'IAM and Sym names of the runtime',
  needs: ['aws-credentials', 'sym-session', 'tfvars-values'],
  async run(ctx) {
    const { runtimeName = defaultOf('runtimeName'), awsRegion = defaultOf('awsRegion') } = ctx.facts.tfvars!.answers;
    const target = { region: awsRegion, profile: ctx.awsProfile, env: ctx.env };
    // With remote state, the project's own names are in the backend's state object: one S3 read,
    // cheaper than `terraform state pull` and needing no `terraform init`.
    const remote = await remoteStateOf(ctx.dir);
    const where = remote && `s3://${remote.bucket}/${remote.key}`;
    let remoteState: string | undefined;
    if (remote) {
      try {
        const s3 = await ctx.adapters.createStateBucket({
          region: remote.region,
          profile: ctx.awsProfile,
          env: ctx.env,
        });
        remoteState = (await s3.readObject(remote.bucket, remote.key))?.body;
      } catch (e) {
        return skip(
          `could not check: the project's state at ${where} could not be read, so its own names are not known: ${(e as Error).message}`,
        );
      }
    }
    const r = await checkNames(
      ctx.adapters,
      target,
      runtimeName,
      ctx.dir,
      remote ? async () => remoteState : undefined,
    );
    if (r.status === 'unknown')
      return skip(
        `could not check: the project's state${where ? ` at ${where}` : ''} is not valid JSON, so its own names are not known`,
      );
    if (r.status === 'taken') {
      const { message, fix } = takenMessage(runtimeName, r);
      return fail(message, fix);
    }
    return pass(
      `the IAM role, policies and Sym names of "${runtimeName}" are free or this project's${where ? ` (its state: ${where})` : ''}`,
    );
  },
};

export const secretCheck: Check = {
  id: 'secret',
  title: 'Okta token secret in AWS Secrets Manager',
  needs: ['aws-credentials', 'terraform-outputs'],
  async run(ctx) {
    const { okta_secret_name: name, aws_region: region } = ctx.facts.outputs!;
    const secrets = await secretsFor(ctx, region);
    const runtime = ctx.facts.tfvars!.answers.runtimeName ?? defaultOf('runtimeName');
    const problem = await secretProblem(secrets, name, region).catch((e: Error & { fix?: string }) => ({
      message: e.message,
      fix: e.fix ?? '',
    }));
    if (problem) return fail(problem.message, problem.fix);
    const info = await secrets.describe(name);
    if (info.tags.SymEnv !== runtime) {
      return fail(
        `${name} is tagged SymEnv=${info.tags.SymEnv ?? '(none)'}, but Sym's runtime role may only read secrets tagged SymEnv=${runtime}.`,
        `Tag it: \`aws secretsmanager tag-resource --secret-id ${name} --region ${region} --tags Key=SymEnv,Value=${runtime}\` (or re-apply the project).`,
      );
    }
    const value = JSON.parse((await secrets.readValue(name))!) as Record<string, string>;
    return learned(pass(`${name} in ${region}: tagged SymEnv=${runtime}, JSON with "${TOKEN_KEY}"`), {
      token: { value: value[TOKEN_KEY]!, from: `the secret ${name}` },
    });
  },
};

export const oktaDomainCheck: Check = {
  id: 'okta-domain',
  title: 'Okta org reachable',
  needs: ['tfvars-values'],
  async run(ctx) {
    const domain = ctx.facts.tfvars!.answers.oktaDomain!;
    const url = oktaOrgUrl(ctx.env, domain);
    const probe = await probeOkta(url, ctx.timeoutMs);
    if (!probe.reachable) return skip(`could not check: ${url} did not answer (${probe.reason}).`);
    return pass(`${domain} answers${url !== `https://${domain}` ? ` (through ${url})` : ''}`);
  },
};

/**
 * Looks up the flow's groups (targets and approver group) once Okta has accepted the token, beside
 * the rest of the token's check: with a slow Okta, doctor then waits for the longest chain of calls,
 * not their sum.
 */
function lookUpGroups(ctx: CheckContext, okta: OktaAdapter): Map<string, Promise<GroupLookup>> {
  const { targets = [], approverGroup } = ctx.facts.tfvars!.answers;
  const ids = new Set([...targets.map((t) => t.groupId), ...(approverGroup ? [approverGroup] : [])]);
  return new Map(
    [...ids].map((id) => [
      id,
      fetchGroup(okta, id).then(
        (group) => ({ group }),
        (error: Error) => ({ error }),
      ),
    ]),
  );
}

const groupLookup = (ctx: CheckContext, id: string): Promise<GroupLookup> => ctx.facts.groups!.get(id)!;

/**
 * The token from OKTA_API_TOKEN if set (say so), else the one stored in the secret. It does not wait
 * for the reachability probe: if Okta does not answer, the runner reports this check as "could not check" too.
 */
export const oktaTokenCheck: Check = {
  id: 'okta-token',
  title: 'Okta API token',
  needs: ['tfvars-values'],
  after: ['secret'],
  async run(ctx) {
    const token = ctx.env.OKTA_API_TOKEN
      ? { value: ctx.env.OKTA_API_TOKEN, from: 'OKTA_API_TOKEN (environment)' }
      : ctx.facts.token;
    if (!token)
      return skip('could not check: no token to test (the secret check did not pass, and OKTA_API_TOKEN is not set).');
    const orgUrl = oktaOrgUrl(ctx.env, ctx.facts.tfvars!.answers.oktaDomain!);
    const okta = await ctx.adapters.connectOkta({ orgUrl, token: token.value, timeoutMs: ctx.timeoutMs });
    try {
      let groups: Map<string, Promise<GroupLookup>> | undefined;
      const { user, roles, scope } = await inspectToken(okta, () => {
        groups = lookUpGroups(ctx, okta);
      });
      const detail = `token from ${token.from} acts as ${user.login}; roles: ${roles.map((r) => r.type).join(', ') || 'none'}`;
      if (!scope)
        return fail(`${detail}: none of them can change group membership, so Sym's requests will fail.`, ROLE_FIX);
      return learned(pass(detail), { oktaScope: scope, groups });
    } catch (e) {
      // Network trouble is left to the runner, which reports it as "could not check".
      if (e instanceof OktaFailure && !isOktaUnreachable(e))
        return fail(`The token from ${token.from} was refused: ${e.message}`, e.fix ?? '');
      throw e;
    }
  },
};

export const oktaTargetsCheck: Check = {
  id: 'okta-targets',
  title: 'Okta groups users may request',
  needs: ['okta-token'],
  async run(ctx) {
    const targets = ctx.facts.tfvars!.answers.targets ?? [];
    const outcomes = await Promise.all(
      targets.map(async (t) => {
        const found = await groupLookup(ctx, t.groupId);
        if ('error' in found)
          return fail(`"${t.label}": ${found.error.message}`, found.error.fix ?? 'Check the group in Okta.');
        const problem = targetProblem(found.group, ctx.facts.oktaScope);
        return problem
          ? fail(`"${t.label}": ${problem.message}`, problem.fix)
          : pass(`${t.label} (${found.group.name})`);
      }),
    );
    const failed = outcomes.find((o) => o.status === 'fail');
    if (failed) return failed;
    return pass(
      `${count(targets.length, 'group')}, each an OKTA_GROUP the token may manage: ${outcomes.map((o) => o.detail).join(', ')}`,
    );
  },
};

export const approverGroupOktaCheck: Check = {
  id: 'approver-group-okta',
  title: 'Approver group in Okta',
  needs: ['approver-group'],
  // Only a set group needs Okta: with none, an unreachable Okta leaves nothing unchecked here.
  mayNeed: ['okta-token'],
  async run(ctx) {
    const id = ctx.facts.tfvars!.answers.approverGroup;
    if (!id) return pass('not set');
    const token = await ctx.resultOf('okta-token');
    if (blocks(token)) return blockedBy(token);
    const found = await groupLookup(ctx, id);
    if ('error' in found) return fail(found.error.message, found.error.fix ?? '');
    return pass(`${found.group.name} (${found.group.id}) exists`);
  },
};
