import { dirname, join } from 'node:path';
import type { Answers } from '../answers.js';
import { exists, removeStaleTemps, writeFileAtomic } from '../project/files.js';
import { JOURNAL_DIR, journalPath, sha256 } from '../project/journal.js';
import { TFVARS } from '../project/paths.js';
import { type FilePlan, inPlace, planFiles } from '../project/plan-files.js';
import { remember } from '../project/undo.js';
import { updateTfvars, WIZARD_KEYS } from '../render/tfvars-update.js';
import { unifiedDiff } from '../ui/diff.js';
import type { PlannedChange, Step, StepContext } from './types.js';

/** The part of the run context this step uses. */
type Uses = 'dir' | 'journal' | 'options' | 'out' | 'previous' | 'prompter' | 'state' | 'templatesDir';

async function backupPath(path: string): Promise<string> {
  if (!(await exists(`${path}.bak`))) return `${path}.bak`;
  for (let n = 1; ; n++) if (!(await exists(`${path}.bak.${n}`))) return `${path}.bak.${n}`;
}

/**
 * Interactive: the user decides about each edited file. Non-interactive: keep their file; tfvars gets
 * only the given keys. With --force-step write-project, non-interactive restores the template (the
 * user's copy kept as .bak) and rewrites every key the wizard owns in tfvars, never removing others.
 */
async function resolveEdit(
  ctx: Pick<StepContext, Uses>,
  p: FilePlan,
  force: boolean,
): Promise<{ content: string; backup: boolean } | undefined> {
  if (!ctx.options.interactive || ctx.options.yes) {
    const content = !force
      ? p.content
      : p.rel === TFVARS
        ? updateTfvars(p.current ?? '', inPlace(ctx, ctx.state.answers as Answers), WIZARD_KEYS)
        : p.wizardContent;
    return content === p.current ? undefined : { content, backup: true };
  }
  ctx.out.warn(`${p.rel} was changed since the wizard wrote it.`);
  if (p.rel === TFVARS) {
    ctx.out.info(`Merge (only the wizard's keys change; your other keys and comments stay):`);
    ctx.out.info(unifiedDiff(p.rel, p.current ?? '', p.content, ctx.out.c));
  }
  ctx.out.info(`Replace with the wizard's version:`);
  ctx.out.info(unifiedDiff(p.rel, p.current ?? '', p.wizardContent, ctx.out.c));
  const choices = [
    { name: 'Keep my file as it is', value: 'keep' as const },
    { name: "Replace it with the wizard's version (a .bak copy is kept)", value: 'replace' as const },
  ];
  if (p.rel === TFVARS)
    choices.push({
      name: "Merge: update only the wizard's keys, keep my other keys and comments",
      value: 'merge' as never,
    });
  const choice = await ctx.prompter.select<'keep' | 'replace' | 'merge'>({
    message: `What should happen to ${p.rel}?`,
    choices,
    default: p.rel === TFVARS ? 'merge' : 'keep',
  });
  if (choice === 'keep') return undefined;
  if (choice === 'replace') return { content: p.wizardContent, backup: true };
  return { content: p.content, backup: true };
}

export const writeProject: Step<Uses> = {
  id: 'write-project',
  title: 'Write the Terraform project',
  async plan(ctx) {
    const plans = await planFiles(ctx, ctx.state.answers as Answers);
    return plans
      .filter((p) => p.action !== 'unchanged')
      .map<PlannedChange>((p) => ({
        kind: 'file',
        summary: `${p.action === 'create' ? 'create' : p.action === 'update' ? 'update' : 'your edited file:'} ${join(ctx.dir, p.rel)}${p.action === 'user-edited' ? (p.content === p.current ? ' (kept as it is)' : ' (only the given keys change; a .bak copy is kept)') : ''}`,
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
      if (p.edited) {
        const decision = await resolveEdit(ctx, p, force);
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
    ctx.out.ok(`Wrote ${written} file(s) in ${ctx.dir}`);
    return { status: 'done', detail: `${written} file(s) written` };
  },
};
