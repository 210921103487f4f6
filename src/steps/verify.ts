import type { OktaAdapter } from '../adapters/okta.js';
import type { SecretsAdapter } from '../adapters/secrets.js';
import type { SymflowAdapter } from '../adapters/symflow.js';
import type { OktaTarget } from '../answers.js';
import { outsideError } from '../errors.js';
import { sha256 } from '../journal.js';
import { hasSlackService } from './slack-app.js';
import { fetchGroup } from './okta-groups.js';
import { secretReady, TOKEN_KEY } from './store-token.js';
import type { Step } from './types.js';

export interface Problem {
  message: string;
  fix: string;
}

export async function flowProblem(symflow: SymflowAdapter, flowName: string): Promise<Problem | undefined> {
  const rows = await symflow.resourcesList('sym_flow');
  if (rows.some((r) => r.slug === flowName)) return undefined;
  return {
    message: `Sym has no flow named "${flowName}" (\`symflow resources list sym_flow\`).`,
    fix: 'Run the Terraform apply again (`npx sym-okta-quickstart init`), and check that you are logged in to the same Sym org.',
  };
}

export async function slackProblem(symflow: SymflowAdapter, workspaceId: string): Promise<Problem | undefined> {
  if (hasSlackService(await symflow.servicesList(), workspaceId)) return undefined;
  return {
    message: `Slack workspace ${workspaceId} is not registered with Sym (\`symflow services list\`).`,
    fix: "Install Sym's Slack app from https://static.symops.com/slack/add into that workspace.",
  };
}

/** The secret holds valid JSON with the token key (and, when we know it, exactly this token). */
export async function secretProblem(
  secrets: SecretsAdapter,
  name: string,
  region: string,
  token?: string,
): Promise<Problem | undefined> {
  await secretReady(secrets, name, region);
  const value = await secrets.readValue(name);
  const fix = `Run \`npx sym-okta-quickstart init\` again with the token (OKTA_API_TOKEN) to store it in ${name}.`;
  if (value === undefined) return { message: `The secret ${name} has no value yet.`, fix };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return {
      message: `The secret ${name} does not hold JSON, but Sym reads the key "${TOKEN_KEY}" from a JSON object.`,
      fix: `${fix} Add --replace-secret to overwrite the current value.`,
    };
  }
  const stored =
    parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)[TOKEN_KEY]
      : undefined;
  if (typeof stored !== 'string' || !stored) return { message: `The secret ${name} has no "${TOKEN_KEY}" key.`, fix };
  if (token !== undefined && sha256(stored) !== sha256(token))
    return { message: `The secret ${name} holds a different Okta token than this run's.`, fix };
  return undefined;
}

export async function targetsProblems(okta: OktaAdapter, targets: OktaTarget[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const t of targets) {
    try {
      await fetchGroup(okta, t.groupId);
    } catch (e) {
      problems.push({ message: (e as Error).message, fix: (e as { fix?: string }).fix ?? 'Check the group in Okta.' });
    }
  }
  return problems;
}

/** The end-to-end check after everything is applied: each piece Sym needs at request time is in place. */
export const verify: Step = {
  id: 'verify',
  title: 'End-to-end check',
  abandonOnInterrupt: true,
  async plan() {
    return [];
  },
  async apply(ctx) {
    const { symflow } = ctx.adapters;
    const a = ctx.state.answers;
    const o = ctx.state.outputs!;
    const session = await symflow.status();
    const problems: Problem[] = [];
    if (!session.loggedIn)
      problems.push({
        message: `The Sym session is no longer valid: ${session.detail}`,
        fix: 'Run `symflow login` (or refresh SYM_JWT).',
      });
    const secrets = await ctx.adapters.createSecrets({
      region: o.aws_region,
      profile: ctx.options.awsProfile,
      env: ctx.env,
    });
    for (const p of [
      await slackProblem(symflow, a.slackWorkspaceId!),
      await flowProblem(symflow, o.flow_name),
      await secretProblem(secrets, o.okta_secret_name, o.aws_region, ctx.state.token),
    ]) {
      if (p) problems.push(p);
    }
    problems.push(...(await targetsProblems(ctx.state.okta!, a.targets!)));
    if (problems.length) {
      for (const p of problems) ctx.out.fail(p.message, p.fix);
      throw outsideError(
        `The end-to-end check found ${problems.length} problem(s) (listed above).`,
        'Fix them, then run `npx sym-okta-quickstart doctor` to check again.',
      );
    }
    ctx.out.ok(
      `Flow "${o.flow_name}" is live; the secret holds the token; ${a.targets!.length} Okta group(s) readable with it`,
    );
    return { status: 'done', detail: `flow ${o.flow_name}` };
  },
};
