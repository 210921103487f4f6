import type { Problem } from '../errors.js';
import type { ServiceRow, SymflowAdapter } from './symflow.js';

export const BOT_TOKEN_RECIPE =
  'In CI use a Sym bot token: `symflow bots create ci-bot`, then `symflow tokens issue -u ci-bot -e 30d`, and export the token as SYM_JWT (a CI secret).';

/** The Slack workspace IDs registered with Sym. */
export const slackWorkspaces = (rows: ServiceRow[]) =>
  rows.filter((r) => r.type.toLowerCase() === 'slack').map((r) => r.externalId);

/** Sym's Slack app is installed in the workspace when `symflow services list` shows it. */
export const hasSlackService = (rows: ServiceRow[], workspaceId: string) =>
  rows.some((r) => r.type.toLowerCase() === 'slack' && r.externalId === workspaceId);

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
