// Not a test file: tsc checks it (`npm run lint`). A step's context lets it write the run state it
// owns and only read the rest; each @ts-expect-error fails the lint if the write under it compiles.
import type { StepCtx } from '../../src/steps/types.js';

export function aStepWritesOnlyWhatItOwns(ctx: StepCtx<'state', readonly ['answers.org', 'oktaScope']>) {
  ctx.state.answers.org = 'acme';
  delete ctx.state.answers.org;
  ctx.state.oktaScope = new Set(['00g1']);
  // @ts-expect-error the session is sym-session's
  ctx.state.session = undefined;
  // @ts-expect-error an answer another step owns
  ctx.state.answers.slackWorkspaceId = 'T0123ABCDEF';
  // @ts-expect-error nor may it be deleted
  delete ctx.state.answers.approverGroup;
  // @ts-expect-error another step's Map is read-only to this one
  ctx.state.groups.set('00g1', { id: '00g1', name: 'Ops', type: 'OKTA_GROUP' });
  // @ts-expect-error and so are its arrays
  ctx.state.oktaRoles?.push({ id: 'r', type: 'SUPER_ADMIN', label: 'Super' });
  // @ts-expect-error and its objects' fields
  if (ctx.state.stateBucket) ctx.state.stateBucket.migrate = true;
  // @ts-expect-error all the way down: the fields of its objects' objects
  if (ctx.state.stateBucket) ctx.state.stateBucket.found.exists = true;
  // @ts-expect-error and of the objects in its arrays
  if (ctx.state.answers.targets?.[0]) ctx.state.answers.targets[0].label = 'x';
  // @ts-expect-error and in its Maps
  for (const g of ctx.state.groups.values()) g.name = 'Ops';
  // (Object.assign(ctx.state, …) compiles whatever the types say: run-state-owners.test.ts reads the steps for it.)
}

export function aStepThatAsksAgainMayChangeThatAnswer(
  ctx: StepCtx<'state', readonly [], readonly ['answers.slackWorkspaceId']>,
) {
  ctx.state.answers.slackWorkspaceId = 'T0123ABCDEF';
  // @ts-expect-error and no other
  ctx.state.answers.org = 'acme';
}
