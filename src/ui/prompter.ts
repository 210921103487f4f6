import { InterruptedError, missingError } from '../errors.js';
import { promptOf } from '../answers/catalogue.js';
import { envName, flagName, specOf, type Given, type InputKey } from '../inputs.js';
import type { Validation } from '../validate/result.js';
import type { Output } from './output.js';
import type { PickerConfig } from './search-picker.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  disabled?: boolean | string;
}

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Ctrl-C inside @inquirer surfaces as ExitPromptError; it is an interruption (130), never a success. */
async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError'))
      throw new InterruptedError();
    throw e;
  }
}

/**
 * The one gateway for every answer: a validated flag, else SYM_QUICKSTART_<FLAG>, else the prompt —
 * or, when it may not prompt, a named error. Prompts render on stderr so stdout stays clean.
 */
export class Prompter {
  constructor(
    readonly interactive: boolean,
    private readonly given: Partial<Record<InputKey, Given>>,
    private readonly out: Output,
    private readonly streams: PromptStreams,
    private readonly yes: boolean,
  ) {}

  /** The value for `key` from a flag or the environment, when there is one. */
  given_<T>(key: InputKey): T | undefined {
    return this.given[key]?.value as T | undefined;
  }

  /** Questions shown so far: a section whose step showed none and printed nothing gets its result line. */
  get asked(): number {
    return this.#asked;
  }
  #asked = 0;

  /**
   * Flag → env → prompt (interactive) → default (non-interactive or --yes) → missing-input error.
   * An answer nobody typed is shown under its section as a prompt's answer is (the stored value,
   * and where it came from), unless `echo: false`: the step then shows it itself (e.g. with the
   * Okta group's name, known only after a look-up).
   */
  async answer<T>(key: InputKey, ask: () => Promise<T>, fallback?: T, o: { echo?: boolean } = {}): Promise<T> {
    const g = this.given[key];
    if (g) {
      if (g.notice) this.out.info(this.out.c.dim(`  ${g.notice}`));
      if (o.echo !== false) this.echo(key, g.value, g.source === 'env' ? envName(specOf(key)) : flagName(specOf(key)));
      return g.value as T;
    }
    if (fallback !== undefined && (this.yes || !this.interactive)) {
      if (o.echo !== false) this.echo(key, fallback);
      return fallback;
    }
    if (this.interactive) return ask();
    throw missingInput([key]);
  }

  /** `✔ <question> <answer> (<source>)`, as @inquirer shows an answered question. */
  echo(key: InputKey, value: unknown, source?: string): void {
    const c = this.out.c;
    const question = promptOf(key)
      .replace(/\s*\([^)]*\)$/, '')
      .replace(/\?$/, '');
    this.out.info(`${c.green('✔')} ${c.bold(question)} ${c.cyan(shown(value))}${source ? c.dim(` (${source})`) : ''}`);
  }

  private ctx() {
    return { input: this.streams.input, output: this.streams.output, clearPromptOnDone: false } as never;
  }

  async text<T>(o: { message: string; default?: string; validate: (raw: string) => Validation<T> }): Promise<T> {
    const { input } = await import('@inquirer/prompts');
    this.#asked++;
    let result: Validation<T> | undefined;
    await guard(
      input(
        {
          message: o.message,
          default: o.default,
          validate: (raw: string) => {
            result = o.validate(raw);
            return result.ok ? true : result.message;
          },
          // Once answered, the line shows what is stored ("#access-requests", not "access-requests").
          transformer: (raw: string, { isFinal }: { isFinal: boolean }) =>
            isFinal && result?.ok ? shown(result.value) : raw,
        },
        this.ctx(),
      ),
    );
    if (!result?.ok) throw new Error('prompt finished without a valid answer');
    if (result.notice) this.out.info(this.out.c.dim(`  ${result.notice}`));
    return result.value;
  }

  async secret(o: { message: string }): Promise<string> {
    const { password } = await import('@inquirer/prompts');
    this.#asked++;
    return guard(
      password(
        {
          message: o.message,
          mask: '*',
          validate: (raw: string) => (raw.trim() ? true : 'The token cannot be empty.'),
        },
        this.ctx(),
      ),
    ).then((t) => t.trim());
  }

  async confirm(o: { message: string; default: boolean; flagHint?: string }): Promise<boolean> {
    if (this.yes) return true;
    if (!this.interactive) {
      throw missingError(
        `${o.message} needs a confirmation, and this run cannot ask for one.`,
        `Add ${o.flagHint ?? '--yes'} to confirm.`,
      );
    }
    const { confirm } = await import('@inquirer/prompts');
    this.#asked++;
    return guard(confirm({ message: o.message, default: o.default }, this.ctx()));
  }

  /**
   * A question whose Yes does something that cannot be taken back (applying a plan): only the typed
   * word `yes` says yes, Enter alone says no, and keys pressed before the question appeared (say,
   * Enter while Terraform was planning) are thrown away instead of answering it.
   */
  async typedYes(o: { message: string; flagHint: string }): Promise<boolean> {
    if (this.yes) return true;
    if (!this.interactive) {
      throw missingError(
        `${o.message} needs a confirmation, and this run cannot ask for one.`,
        `Add ${o.flagHint} to confirm.`,
      );
    }
    await discardTypeAhead(this.streams.input);
    const { input } = await import('@inquirer/prompts');
    this.#asked++;
    const raw = await guard(
      input(
        {
          message: `${o.message} Type "yes" to apply (Enter: no)`,
          // The answer line says what was decided, also when it was a bare Enter.
          transformer: (v: string, { isFinal }: { isFinal: boolean }) =>
            isFinal ? (v.trim().toLowerCase() === 'yes' ? 'yes' : 'no') : v,
          validate: (v: string) =>
            /^(yes|no?|)$/i.test(v.trim()) ? true : 'Type "yes" to apply, or "no" (or just Enter) to stop here.',
        },
        this.ctx(),
      ),
    );
    return raw.trim().toLowerCase() === 'yes';
  }

  async select<T>(o: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number }): Promise<T> {
    const { select } = await import('@inquirer/prompts');
    this.#asked++;
    return guard(
      select<T>({ message: o.message, choices: o.choices, default: o.default, pageSize: o.pageSize }, this.ctx()),
    );
  }

  /** Search-as-you-type; Enter waits for the search of what was typed (see search-picker.ts). */
  async pick<T>(o: PickerConfig<T>): Promise<T> {
    const { searchPicker } = await import('./search-picker.js');
    this.#asked++;
    return guard((searchPicker as (c: PickerConfig<T>, ctx: never) => Promise<T>)(o, this.ctx()));
  }
}

/**
 * Reads and drops whatever is waiting on a terminal's input. A terminal keeps keys typed while no
 * prompt was listening, and the next prompt would take them as its answer. Loops until a whole turn
 * of the event loop (a poll phase included) brings nothing, so a busy machine cannot skip the read.
 */
async function discardTypeAhead(input: NodeJS.ReadableStream): Promise<void> {
  const tty = input as NodeJS.ReadStream;
  if (!tty.isTTY || typeof tty.setRawMode !== 'function') return;
  const wasRaw = tty.isRaw;
  let got = true;
  let interrupted = false;
  const sink = (chunk: Buffer | string) => {
    got = true;
    // In raw mode Ctrl-C is a byte, not a signal: it still means stop.
    if (String(chunk).includes('\x03')) interrupted = true;
  };
  tty.setRawMode(true);
  tty.on('data', sink);
  tty.resume();
  const until = performance.now() + 50;
  while (got || performance.now() < until) {
    got = false;
    await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setImmediate(r));
  }
  tty.off('data', sink);
  tty.pause();
  tty.setRawMode(wasRaw);
  if (interrupted) throw new InterruptedError();
}

/** An answer as the user knows it: yes/no, "none", groups as "Label (00g…)". */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'object' && 'label' in value && 'groupId' in value)
    return `${String(value.label)} (${String(value.groupId)})`;
  return String(value);
}

/** One message naming every missing value, its flag and its environment variable (exit 3). */
export function missingInput(keys: InputKey[], extra: string[] = []) {
  const lines = keys.map((k) => {
    const spec = specOf(k);
    return `${flagName(spec)} (or ${envName(spec)}): ${spec.description}`;
  });
  lines.push(...extra);
  return missingError(
    `Missing ${lines.length === 1 ? 'a required value' : `${lines.length} required values`} in non-interactive mode:\n  ${lines.join('\n  ')}`,
    'Pass each one as a flag or environment variable, or run in a terminal to be asked.',
  );
}
