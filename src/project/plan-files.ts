import { join } from 'node:path';
import type { Answers } from '../answers.js';
import { type InputKey, ROWS, rowOf, topKeyOf } from '../answers/catalogue.js';
import { BACKEND_TF, REMOTE_STATE_MIN_TERRAFORM, renderBackend, setRequiredVersion } from '../render/backend.js';
import { setApproverCheck, setSelfApproval } from '../render/impl.js';
import { renderTfvars } from '../render/tfvars.js';
import { updateTfvars, WIZARD_KEYS, type TfvarsKey } from '../render/tfvars-update.js';
import type { Prompter } from '../ui/prompter.js';
import { listFiles, readText } from './files.js';
import { type Journal, sha256 } from './journal.js';
import { destinationOf, IMPL, TFVARS, VERSIONS } from './paths.js';
import { compareTfvars, type TfvarsConflict } from './tfvars-changes.js';

/** Which tfvars keys each input owns: a re-run replaces only these when the user edited the file. */
const keysOf = (key: InputKey): TfvarsKey[] => {
  const top = topKeyOf(rowOf(key));
  return top ? [top] : [];
};

/** What planning the files reads from a run: where, which answers were given, what was written before. */
export interface PlanFilesContext {
  dir: string;
  templatesDir: string;
  options: { interactive: boolean; yes: boolean };
  prompter: Pick<Prompter, 'given_'>;
  journal: Pick<Journal, 'data'>;
  /** Answers found in the existing project: the user's own flow_vars keys are kept from them. */
  previous: Partial<Answers>;
}

type Action = 'create' | 'update' | 'unchanged' | 'user-edited';
export interface FilePlan {
  rel: string;
  action: Action;
  /** What the wizard would write; for a user-edited tfvars, the merge of the given keys into the user's file. */
  content: string;
  /** The full wizard version (for "replace"). */
  wizardContent: string;
  current?: string;
  /** On disk and not what the wizard last wrote: a user edit. */
  edited: boolean;
  /** terraform.tfvars on a re-run: the keys whose value changes, and those whose hand-written text a rewrite would not keep. */
  tfvars?: { changed: TfvarsKey[]; conflicts: TfvarsConflict[]; fileAnswers: Partial<Answers> };
}

/** Answers for rewriting the tfvars file in place: the user's own flow_vars keys stay in it. */
export const inPlace = (ctx: Pick<PlanFilesContext, 'previous'>, answers: Answers): Answers => ({
  ...answers,
  extraFlowVars: ctx.previous.extraFlowVars,
});

/** What every scaffolded file should hold, and how that differs from what is on disk. */
export async function planFiles(ctx: PlanFilesContext, answers: Answers): Promise<FilePlan[]> {
  const wanted = new Map<string, string>();
  for (const rel of await listFiles(ctx.templatesDir)) {
    const text = (await readText(join(ctx.templatesDir, rel)))!;
    const impl = () =>
      setSelfApproval(setApproverCheck(text, Boolean(answers.approverGroup)), Boolean(answers.allowSelfApproval));
    wanted.set(destinationOf(rel), rel === IMPL ? impl() : text);
  }
  wanted.set(TFVARS, renderTfvars(answers));
  if (answers.stateBucket && answers.stateKey) {
    wanted.set(VERSIONS, setRequiredVersion(wanted.get(VERSIONS)!, REMOTE_STATE_MIN_TERRAFORM));
    wanted.set(
      BACKEND_TF,
      renderBackend({ bucket: answers.stateBucket, key: answers.stateKey, region: answers.awsRegion }),
    );
  }
  // Asked in a terminal, every answer was the user's to give; otherwise only the flags and variables were.
  const givenKeys =
    ctx.options.interactive && !ctx.options.yes
      ? WIZARD_KEYS
      : [
          ...new Set(
            ROWS.map((row) => row.key)
              .filter((k) => ctx.prompter.given_(k) !== undefined)
              .flatMap(keysOf),
          ),
        ];
  const plans: FilePlan[] = [];
  for (const [rel, wizardContent] of wanted) {
    const current = await readText(join(ctx.dir, rel));
    let action: Action;
    let content = wizardContent;
    let tfvars: FilePlan['tfvars'];
    const edited =
      current !== undefined && current !== wizardContent && ctx.journal.data.files[rel] !== sha256(current);
    if (current === undefined) action = 'create';
    else if (current === wizardContent) action = 'unchanged';
    else if (rel === TFVARS) {
      // Only the keys whose value changes are rewritten, each on its own: every other byte (the
      // user's keys, comments inside lists, their layout) stays. Unattended, an edited file gets only
      // what the flags and variables gave.
      const answersHere = inPlace(ctx, answers);
      tfvars = await compareTfvars(current, answersHere, edited ? givenKeys : WIZARD_KEYS);
      content = updateTfvars(current, answersHere, tfvars.changed);
      action = content === current ? 'unchanged' : tfvars.conflicts.length ? 'user-edited' : 'update';
    } else if (!edited) action = 'update';
    else {
      action = 'user-edited';
      content = current;
    }
    plans.push({ rel, action, content, wizardContent, current, edited, tfvars });
  }
  return plans;
}
