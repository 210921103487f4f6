// Each piece of run state has one owning step (its `owns` list), the only step the compiler lets write it
// (that half is checked by tsc, in run-state-owners.types.ts). The one write the compiler lets through
// whatever the types say, Object.assign onto the run state, is looked for in the steps' source here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps/index.js';
import type { AnyStep, StatePiece } from '../../src/steps/types.js';

/** Every piece of run state: every RunState field and every answer. The compiler keeps it complete. */
const PIECES = {
  terraformVersion: true,
  stateBucket: true,
  symflowVersion: true,
  session: true,
  oktaOrgUrl: true,
  token: true,
  okta: true,
  oktaUser: true,
  oktaRoles: true,
  oktaScope: true,
  groups: true,
  approver: true,
  outputs: true,
  secretResult: true,
  restoredSecret: true,
  applyStarted: true,
  applied: true,
  undo: true,
  'answers.org': true,
  'answers.slackWorkspaceId': true,
  'answers.requestChannel': true,
  'answers.errorChannel': true,
  'answers.oktaDomain': true,
  'answers.targets': true,
  'answers.approverGroup': true,
  'answers.allowSelfApproval': true,
  'answers.awsRegion': true,
  'answers.runtimeName': true,
  'answers.stateBucket': true,
  'answers.stateKey': true,
} satisfies Record<StatePiece, true>;

/** What breaks the rule: a piece with no owner or more than one, an answer asked again that no other step owns. */
function ownershipProblems(steps: readonly AnyStep[]): string[] {
  const problems: string[] = [];
  const ownersOf = (piece: string) => steps.filter((s) => s.owns.includes(piece as StatePiece)).map((s) => s.id);
  for (const piece of Object.keys(PIECES)) {
    const owners = ownersOf(piece);
    if (owners.length === 0) problems.push(`${piece}: no step owns it`);
    if (owners.length > 1) problems.push(`${piece}: owned by ${owners.join(' and ')}`);
  }
  for (const step of steps)
    for (const piece of step.alsoAsks ?? [])
      if (!ownersOf(piece).some((id) => id !== step.id))
        problems.push(`${piece}: asked again by ${step.id}, but no other step owns it`);
  return problems;
}

const STEPS_DIR = join(import.meta.dirname, '../../src/steps');

/**
 * Writes into the run state that tsc cannot hold to its owner: Object.assign (and its kin) take any
 * object as their target, read-only or not. Each hit is `file:line: text`.
 */
function untypedStateWrites(files: ReadonlyArray<{ name: string; text: string }>): string[] {
  const write =
    /\b(?:Object\.(?:assign|defineProperty|defineProperties)|Reflect\.(?:set|defineProperty))\(\s*[\w$.?!]*\bstate\b/;
  return files.flatMap(({ name, text }) =>
    text.split('\n').flatMap((line, i) => (write.test(line) ? [`${name}:${i + 1}: ${line.trim()}`] : [])),
  );
}
const stepSources = () =>
  readdirSync(STEPS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ name: f, text: readFileSync(join(STEPS_DIR, f), 'utf8') }));

describe('run state ownership', () => {
  it('every RunState field and every answer has exactly one owning step', () => {
    expect(ownershipProblems(STEPS)).toEqual([]);
  });

  it('says so when a piece gets a second owner, or loses its owner', () => {
    const org = STEPS.find((s) => s.id === 'org')!;
    const preflight = STEPS.find((s) => s.id === 'preflight')!;
    const planted = STEPS.map((s) =>
      s === org ? { ...s, owns: [...s.owns, 'session' as const] } : s === preflight ? { ...s, owns: [] } : s,
    );
    expect(ownershipProblems(planted)).toEqual([
      'terraformVersion: no step owns it',
      'symflowVersion: no step owns it',
      'session: owned by sym-session and org',
    ]);
  });

  it('a step asks again only about answers another step owns', () => {
    const slackApp = STEPS.find((s) => s.id === 'slack-app')!;
    expect(slackApp.alsoAsks).toEqual(['answers.slackWorkspaceId']);
    const planted = STEPS.map((s) => (s === slackApp ? { ...s, alsoAsks: ['answers.stateKey' as const] } : s)).filter(
      (s) => s.id !== 'state-backend',
    );
    expect(ownershipProblems(planted)).toContain(
      'answers.stateKey: asked again by slack-app, but no other step owns it',
    );
  });

  it('no step writes the run state past the compiler (Object.assign onto ctx.state or its answers)', () => {
    const sources = stepSources();
    expect(sources.map((f) => f.name)).toContain('store-token.ts');
    expect(untypedStateWrites(sources)).toEqual([]);
  });

  it('says so for each such write', () => {
    const planted = [
      '    Object.assign(ctx.state, { session: undefined });',
      "    Object.assign(ctx.state.answers, { org: 'acme' });",
      '    Object.assign( ctx.state.stateBucket!.found, { exists: true });',
      "    Reflect.set(ctx.state.answers, 'org', 'acme');",
      '    Object.assign(ctx.out, { quiet: true });',
    ].join('\n');
    expect(untypedStateWrites([{ name: 'planted.ts', text: planted }])).toEqual([
      'planted.ts:1: Object.assign(ctx.state, { session: undefined });',
      "planted.ts:2: Object.assign(ctx.state.answers, { org: 'acme' });",
      'planted.ts:3: Object.assign( ctx.state.stateBucket!.found, { exists: true });',
      "planted.ts:4: Reflect.set(ctx.state.answers, 'org', 'acme');",
    ]);
  });
});
