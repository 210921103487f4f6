import type { Answers } from '../answers.js';
import { rowOfAnswer, TFVARS_ANSWERS, type TfvarsAnswer, topKeyOf } from '../answers/catalogue.js';
import { answersFromTfvars, parseTfvars } from '../render/tfvars-parse.js';
import { renderValue } from '../render/tfvars.js';
import { statementText, type TfvarsKey, updateTfvars } from '../render/tfvars-update.js';
import { fingerprint } from './journal.js';

/** A key this run changes whose text in the file was written by hand (a comment inside it, its own layout). */
export interface TfvarsConflict {
  key: TfvarsKey;
  /** Identifies this hand-written text against this new value: "keep mine" is remembered by it. */
  fingerprint: string;
}

/** What a re-run would do to a terraform.tfvars that is already there. */
export interface TfvarsRewrite {
  /** Keys whose value this run changes (each rewritten alone; every other byte stays). */
  changed: TfvarsKey[];
  /** The changed keys whose rewrite would not keep the user's text as it is: only these are asked about. */
  conflicts: TfvarsConflict[];
  /** The answers the file holds now (what a key kept as it is stands for). */
  fileAnswers: Partial<Answers>;
}

const render = (key: TfvarsKey, a: Partial<Answers>): string | undefined => {
  try {
    return renderValue(key, a as Answers).join('\n');
  } catch {
    return undefined; // the answer is missing, or the file's value is not one the wizard writes
  }
};

/**
 * Compares, key by key, the values `current` holds with `answers`: a key is changed only when its
 * value differs (its layout and comments do not count), so an Enter-only re-run over a hand-edited
 * file changes nothing. A changed key conflicts when its text is not what the wizard would write for
 * its present value: rewriting it would move or drop what the user wrote inside it.
 */
export async function compareTfvars(
  current: string,
  answers: Answers,
  keys: ReadonlyArray<TfvarsKey>,
): Promise<TfvarsRewrite> {
  let fileAnswers: Partial<Answers> = {};
  try {
    fileAnswers = answersFromTfvars(await parseTfvars(current));
  } catch {
    // Unreadable as HCL: init refuses such a file before it gets here; treat every key as changed.
  }
  const changed: TfvarsKey[] = [];
  const conflicts: TfvarsConflict[] = [];
  for (const key of keys) {
    const wanted = render(key, answers);
    if (wanted === undefined || wanted === render(key, fileAnswers)) continue;
    changed.push(key);
    const text = statementText(current, key);
    // Not in the file: appending it loses nothing.
    if (text === undefined) continue;
    const asWizardWouldWrite =
      render(key, fileAnswers) !== undefined && updateTfvars(current, fileAnswers as Answers, [key]) === current;
    if (!asWizardWouldWrite) conflicts.push({ key, fingerprint: fingerprint({ key, text, wanted }) });
  }
  return { changed, conflicts, fileAnswers };
}

/** The answers written to `key` (for flow_vars, every flow variable the wizard asks about). */
export const answersOfKey = (key: TfvarsKey): TfvarsAnswer[] =>
  TFVARS_ANSWERS.filter((answer) => topKeyOf(rowOfAnswer(answer)!) === key);
