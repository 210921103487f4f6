import { setTimeout as sleep } from 'node:timers/promises';
import { hasSlackService, slackWorkspaces } from '../sym/checks.js';
import { SLACK_INSTALL_URL } from '../sym/symflow.js';
import { outsideError } from '../errors.js';
import type { Step, StepCtx } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'options' | 'out' | 'prompter' | 'signal' | 'state';
/** The run state this step owns: none. */
const owns = [] as const;
/** The slack-workspace step's answer: another workspace, one with Sym's app already, may be chosen here. */
const alsoAsks = ['answers.slackWorkspaceId'] as const;

/** Polls `symflow services list` until the workspace shows up, or the wait runs out. */
async function waitForInstall(ctx: StepCtx<Uses, typeof owns, typeof alsoAsks>, workspaceId: string): Promise<boolean> {
  const spinner = ctx.out.spinner(
    `Waiting for Sym's Slack app in ${workspaceId} (checking \`symflow services list\`; Ctrl-C to stop)`,
  );
  const deadline = Date.now() + ctx.options.slackWaitMs;
  try {
    while (Date.now() < deadline) {
      await sleep(ctx.options.pollIntervalMs, undefined, { signal: ctx.signal });
      if (hasSlackService(await ctx.adapters.symflow.servicesList(), workspaceId)) {
        spinner.stop(`${ctx.out.c.green('✔')} Sym's Slack app is installed in ${workspaceId}`);
        return true;
      }
    }
  } catch (e) {
    spinner.stop();
    throw e;
  }
  spinner.stop();
  return false;
}

/**
 * symflow ≤ 2.x registered Slack with `services create`; 3.0 removed it, and the app is installed in a
 * browser from Sym's link instead. Either way `services list` tells us when it is there.
 */
export const slackApp: Step<Uses, typeof owns, typeof alsoAsks> = {
  id: 'slack-app',
  title: "Sym's Slack app",
  owns,
  alsoAsks,
  async gather(ctx) {
    const workspaceId = ctx.state.answers.slackWorkspaceId!;
    const { symflow } = ctx.adapters;
    const rows = await symflow.servicesList();
    if (hasSlackService(rows, workspaceId)) {
      ctx.out.ok(`Sym's Slack app is already installed in ${workspaceId}`);
      return { status: 'done', detail: 'already installed' };
    }
    if (ctx.state.symflowVersion?.hasServicesCreate) {
      const command = `symflow services create --service-type slack --external-id ${workspaceId}`;
      if (ctx.options.dryRun) {
        ctx.out.info(`  [dry run] would run: ${command}`);
        return { status: 'skipped', detail: `dry run: ${command}` };
      }
      const { installUrl } = await symflow.createSlackService(workspaceId);
      ctx.out.ok(`Registered Slack workspace ${workspaceId} with Sym`);
      if (installUrl) ctx.out.info(`  Finish the install in Slack: ${ctx.out.c.underline(installUrl)}`);
      return { status: 'done', detail: installUrl ? `install link: ${installUrl}` : 'registered' };
    }
    if (ctx.options.dryRun) {
      ctx.out.warn(
        `Sym's Slack app is not installed in ${workspaceId} yet.`,
        `Install it from ${SLACK_INSTALL_URL} before the real run.`,
      );
      return { status: 'skipped', detail: 'not installed yet' };
    }
    if (!ctx.options.interactive) {
      throw outsideError(
        `Sym's Slack app is not installed in workspace ${workspaceId} (it is not in \`symflow services list\`), and installing it needs a browser.`,
        `A Slack admin installs it from ${SLACK_INSTALL_URL} (choose workspace ${workspaceId}); then re-run this command.`,
      );
    }
    // Maybe a typo, or another workspace was meant: offer the ones Sym knows before a long wait.
    const others = slackWorkspaces(rows);
    if (others.length) {
      const use = await ctx.prompter.select<string>({
        message: `Sym's Slack app is not installed in ${workspaceId}; registered with Sym: ${others.join(', ')}.`,
        choices: [
          ...others.map((o) => ({ name: `Use ${o} (already registered with Sym)`, value: o })),
          { name: `Install it in ${workspaceId} and wait`, value: '' },
        ],
      });
      if (use) {
        ctx.state.answers.slackWorkspaceId = use;
        ctx.out.ok(`Sym's Slack app is already installed in ${use}`);
        return { status: 'done', detail: `already installed (${use})` };
      }
    }
    const opened = ctx.options.openBrowser && (await ctx.adapters.openUrl(SLACK_INSTALL_URL));
    ctx.out.info(
      `${opened ? 'Opened' : 'Open'} ${ctx.out.c.underline(SLACK_INSTALL_URL)} ${opened ? 'in your browser' : 'in a browser'} and install Sym's app into workspace ${workspaceId}.`,
    );
    for (;;) {
      if (await waitForInstall(ctx, workspaceId)) return { status: 'done', detail: 'installed' };
      const next = await ctx.prompter.select<string>({
        message: `Sym's Slack app still does not show up for ${workspaceId}${others.length ? ` (registered with Sym: ${others.join(', ')})` : ''}.`,
        choices: [
          { name: 'Keep waiting', value: 'wait' },
          ...others.map((o) => ({ name: `Use ${o} instead (already registered with Sym)`, value: o })),
          {
            name: 'Continue without it (requests will not reach Slack until it is installed)',
            value: 'continue',
          },
          { name: 'Stop here (re-run once it is installed)', value: 'stop' },
        ],
      });
      if (others.includes(next)) {
        ctx.state.answers.slackWorkspaceId = next;
        ctx.out.ok(`Sym's Slack app is already installed in ${next}`);
        return { status: 'done', detail: `already installed (${next})` };
      }
      if (next === 'continue') {
        ctx.out.warn(
          `Continuing without Sym's Slack app in ${workspaceId}.`,
          `Install it from ${SLACK_INSTALL_URL}, then run \`npx sym-okta-quickstart doctor\`.`,
        );
        return { status: 'skipped', detail: 'not installed; continued' };
      }
      if (next === 'stop')
        throw outsideError(
          `Stopped while waiting for Sym's Slack app in ${workspaceId}.`,
          `Install it from ${SLACK_INSTALL_URL}, then re-run.`,
        );
    }
  },
};
