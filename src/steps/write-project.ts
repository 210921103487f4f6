import { dirname, join } from 'node:path';
import type { Answers } from '../answers.js';
import { TFVARS_ANSWERS, type TfvarsAnswer } from '../answers/catalogue.js';
import { exists, removeStaleTemps, writeFileAtomic } from '../project/files.js';
import { JOURNAL_DIR, journalPath, sha256 } from '../project/journal.js';
import { TFVARS } from '../project/paths.js';
import { type FilePlan, inPlace, planFiles } from '../project/plan-files.js';
import { answersOfKey } from '../project/tfvars-changes.js';
import { remember } from '../project/undo.js';
import { updateTfvars, WIZARD_KEYS } from '../render/tfvars-update.js';
import { unifiedDiff } from '../ui/diff.js';
import type { PlannedChange, Step, StepContext, StepCtx } from './types.js';
import { count } from '../ui/count.js';

/** The part of the run context this step uses. */
type Uses = 'dir' | 'journal' | 'options' | 'out' | 'previous' | 'prompter' | 'state' | 'templatesDir';
/** The run state this step owns: only it writes these. */
const owns = ['undo'] as const;
/** Every answer written to terraform.tfvars: a value there the user keeps as written stands for it (see resolveTfvars). */
const alsoAsks = TFVARS_ANSWERS.map((answer) => `answers.${answer}` as const);
type Ctx = StepCtx<Uses, typeof owns, typeof alsoAsks>;

/** The answer `answer` becomes what the file holds. */
function standFor<A extends TfvarsAnswer>(answers: Pick<Partial<Answers>, A>, answer: A, file: Partial<Answers>) {
  if (file[answer] === undefined) delete answers[answer];
  else answers[answer] = file[answer];
}

async function backupPath(path: string): Promise<string> {
  if (!(await exists(`${path}.bak`))) return `${path}.bak`;
  for (let n = 1; ; n++) if (!(await exists(`${path}.bak.${n}`))) return `${path}.bak.${n}`;
}

/**
 * A scaffolded file other than terraform.tfvars that the user edited. Interactive: keep or replace.
 * Non-interactive: kept; --force-step write-project restores the template (their copy kept as .bak).
 */
async function resolveEdit(
  ctx: Ctx,
  p: FilePlan,
  force: boolean,
): Promise<{ content: string; backup: boolean } | undefined> {
  if (!ctx.options.interactive || ctx.options.yes) {
    const content = force ? p.wizardContent : p.content;
    return content === p.current ? undefined : { content, backup: true };
  }
  ctx.out.warn(`${p.rel} was changed since the wizard wrote it.`);
  ctx.out.info(`Replace with the wizard's version:`);
  ctx.out.info(unifiedDiff(p.rel, p.current ?? '', p.wizardContent, ctx.out.c));
  const choice = await ctx.prompter.select<'keep' | 'replace'>({
    message: `What should happen to ${p.rel}?`,
    choices: [
      { name: 'Keep my file as it is', value: 'keep' },
      { name: "Replace it with the wizard's version (a .bak copy is kept; git ignores it)", value: 'replace' },
    ],
    default: 'keep',
  });
  return choice === 'keep' ? undefined : { content: p.wizardContent, backup: true };
}

/**
 * terraform.tfvars on a re-run: only the keys whose value changed are rewritten, each on its own.
 * A changed key whose text the user wrote by hand (a comment inside a list) is the one thing asked
 * about, and "keep mine" is remembered in the journal, so the same question does not come back.
 * Unattended, the given value wins. A .bak is written only when a rewrite drops hand-written text.
 * --force-step write-project rewrites every key the wizard owns (a .bak kept), never removing others.
 */
async function resolveTfvars(
  ctx: Ctx,
  p: FilePlan,
  force: boolean,
): Promise<{ content: string; backup: boolean } | undefined> {
  const current = p.current!;
  const answers = () => inPlace(ctx, ctx.state.answers as Answers);
  if (force) {
    const content = updateTfvars(current, answers(), WIZARD_KEYS);
    return content === current ? undefined : { content, backup: true };
  }
  const { changed, conflicts, fileAnswers } = p.tfvars!;
  const kept = ctx.journal.data.tfvarsKept ?? {};
  const keep = new Set<string>();
  for (const c of conflicts) {
    if (kept[c.key] === c.fingerprint) {
      keep.add(c.key);
      ctx.out.info(`  kept your ${c.key} in ${p.rel}, as you chose before`);
      continue;
    }
    if (!ctx.options.interactive || ctx.options.yes) continue;
    ctx.out.warn(`${c.key} in ${p.rel} was written by hand, and this run changes its value:`);
    ctx.out.info(unifiedDiff(p.rel, current, updateTfvars(current, answers(), [c.key]), ctx.out.c));
    const choice = await ctx.prompter.select<'keep' | 'new'>({
      message: `What should happen to ${c.key}?`,
      choices: [
        { name: 'Keep mine: leave it as I wrote it (not asked again)', value: 'keep' },
        {
          name: `Use this run's answer (comments inside it move above it; the file as it was is kept as ${p.rel}.bak, which git ignores)`,
          value: 'new',
        },
      ],
      default: 'keep',
    });
    if (choice === 'keep') {
      keep.add(c.key);
      ctx.journal.data.tfvarsKept = { ...ctx.journal.data.tfvarsKept, [c.key]: c.fingerprint };
    }
  }
  // A key kept as written stands for what the file holds: the summary and the journal say that too.
  for (const key of keep) for (const answer of answersOfKey(key)) standFor(ctx.state.answers, answer, fileAnswers);
  const content = updateTfvars(
    current,
    answers(),
    changed.filter((k) => !keep.has(k)),
  );
  if (content === current) return undefined;
  return { content, backup: conflicts.some((c) => !keep.has(c.key)) };
}

/** What a dry run says will happen to a file the user edited. */
function editNote(ctx: Pick<StepContext, 'options'>, p: FilePlan): string {
  if (p.rel !== TFVARS) return ' (kept as it is)';
  const keys = p.tfvars!.conflicts.map((c) => c.key).join(', ');
  const asks = ctx.options.interactive && !ctx.options.yes;
  return ` (${keys} written by hand and changed by this run: ${asks ? 'you are asked whether to keep yours' : 'the given value is written, a .bak copy is kept'})`;
}

export const writeProject: Step<Uses, typeof owns, typeof alsoAsks> = {
  id: 'write-project',
  title: 'Write the Terraform project',
  owns,
  alsoAsks,
  async plan(ctx) {
    const plans = await planFiles(ctx, ctx.state.answers as Answers);
    return plans
      .filter((p) => p.action !== 'unchanged')
      .map<PlannedChange>((p) => ({
        kind: 'file',
        summary: `${p.action === 'create' ? 'create' : p.action === 'update' ? 'update' : 'your edited file:'} ${p.rel}${p.action === 'user-edited' ? editNote(ctx, p) : ''}`,
        diff:
          p.action === 'create' && p.rel !== TFVARS
            ? undefined
            : unifiedDiff(p.rel, p.current ?? '', p.content, {
                red: (s: string) => s,
                green: (s: string) => s,
                dim: (s: string) => s,
              }),
      }));
  },
  async apply(ctx) {
    const plans = await planFiles(ctx, ctx.state.answers as Answers);
    await removeStaleTemps([...plans.map((p) => dirname(join(ctx.dir, p.rel))), join(ctx.dir, JOURNAL_DIR)]);
    const force = ctx.options.forceSteps.has('write-project');
    // Declining the plan puts back what this run wrote (see apply).
    ctx.state.undo ??= { dirExisted: await exists(ctx.dir), files: new Map() };
    const undo = ctx.state.undo;
    await remember(undo, journalPath(ctx.dir));
    let written = 0;
    for (const p of plans) {
      const path = join(ctx.dir, p.rel);
      let content = p.content;
      let backup = false;
      if (p.action === 'unchanged' && !force) {
        ctx.journal.data.files[p.rel] ??= sha256(p.content);
        continue;
      }
      if (p.rel === TFVARS ? p.current !== undefined : p.edited) {
        const decision = p.rel === TFVARS ? await resolveTfvars(ctx, p, force) : await resolveEdit(ctx, p, force);
        if (!decision) {
          ctx.out.info(`  kept your ${p.rel}`);
          continue;
        }
        ({ content, backup } = decision);
      }
      if (backup && p.current !== undefined) {
        const bak = await backupPath(path);
        await remember(undo, bak);
        await writeFileAtomic(bak, p.current);
        ctx.out.info(`  saved your previous ${p.rel} as ${bak}`);
      }
      await remember(undo, path);
      await writeFileAtomic(path, content);
      ctx.journal.data.files[p.rel] = sha256(content);
      written++;
    }
    await ctx.journal.save();
    if (!written) return { status: 'unchanged', detail: 'every file is up to date' };
    ctx.out.ok(`Wrote ${count(written, 'file')} in ${ctx.dir}`);
    return { status: 'done', detail: `${count(written, 'file')} written` };
  },
};
