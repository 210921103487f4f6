import { stripVTControlCharacters } from 'node:util';
import { colorLevel, makePaint, type Paint } from './color.js';
import type { Redactor } from './redact.js';
import type * as Layout from './wrap.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface OutputOptions {
  stdout: Stream;
  stderr: Stream;
  env: NodeJS.ProcessEnv;
  json: boolean;
  verbose: boolean;
  /** --no-color */
  noColor?: boolean;
  redactor: Redactor;
  /** Every line shown to people also goes here (the debug log), already redacted. */
  log?: (line: string) => void;
  /** Wrapping and truncation at a terminal's width (src/ui/wrap.ts, loaded once a command runs). */
  layout?: typeof Layout;
}

export interface Spinner {
  update(text: string): void;
  stop(final?: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * stdout carries results (the `--json` object, or the final summary); everything meant for people
 * goes to stderr. All of it passes through the redactor.
 */
export class Output {
  #c?: Paint;
  /** The spinner on screen, if any: cleared before a message is written, drawn again after it. */
  #spinner?: { draw(): void };

  constructor(private readonly o: OutputOptions) {}

  // Both read stderr only when first asked: that sets up the stream, which `--help` never writes to.
  get c(): Paint {
    this.#c ??= makePaint(colorLevel(this.o.env, Boolean(this.o.stderr.isTTY), this.o.json || Boolean(this.o.noColor)));
    return this.#c;
  }
  get interactiveTerminal(): boolean {
    return Boolean(this.o.stderr.isTTY) && this.o.env.TERM !== 'dumb';
  }

  get json(): boolean {
    return this.o.json;
  }
  get verbose(): boolean {
    return this.o.verbose;
  }

  /** Text as a terminal shows it: wrapped at its width on word boundaries; as it is for a pipe or a file. */
  private fit(text: string, stream: Stream): string {
    const columns = stream.isTTY ? stream.columns : undefined;
    return columns && this.o.layout ? this.o.layout.wrapText(text, columns) : text;
  }

  /** Lines shown to people so far: a step section that showed none gets its result line (run-steps.ts). */
  get shown(): number {
    return this.#shown;
  }
  #shown = 0;

  private err(text: string): void {
    this.#shown++;
    const clean = this.o.redactor.redact(text);
    this.o.log?.(clean);
    if (this.#spinner) this.o.stderr.write('\r\x1b[2K');
    this.o.stderr.write(`${this.fit(clean, this.o.stderr)}\n`);
    this.#spinner?.draw();
  }

  info(text: string): void {
    this.err(text);
  }
  detail(text: string): void {
    if (this.o.verbose) this.err(this.c.dim(text));
    else this.o.log?.(this.o.redactor.redact(text));
  }
  step(title: string): void {
    this.err(`${this.c.bold.cyan('◆')} ${this.c.bold(title)}`);
  }
  ok(text: string): void {
    this.err(`${this.c.green('✔')} ${text}`);
  }
  skip(text: string): void {
    this.err(`${this.c.dim('○')} ${text}`);
  }
  warn(text: string, fix?: string): void {
    this.err(`${this.c.yellow('⚠')} ${text}`);
    if (fix) this.err(`  ${this.c.yellow('→')} ${fix}`);
  }
  fail(text: string, fix?: string): void {
    this.err(`${this.c.red('✖')} ${text}`);
    if (fix) this.err(`  ${this.c.cyan('→')} ${fix}`);
  }
  /** A line of a child's output, streamed under the current step. */
  stream(line: string): void {
    this.err(this.c.dim(`  │ ${line}`));
  }

  /** Results for machines or the final summary: stdout. */
  result(text: string): void {
    // Colour is decided per stream: a summary redirected to a file gets none, whatever stderr is.
    const plain = colorLevel(this.o.env, Boolean(this.o.stdout.isTTY), Boolean(this.o.noColor)) === 0;
    const shown = this.o.redactor.redact(plain ? stripVTControlCharacters(text) : text);
    this.o.stdout.write(`${this.fit(shown, this.o.stdout)}\n`);
  }
  /** JSON is never wrapped: a long string must stay one string. */
  resultJson(value: unknown): void {
    this.o.stdout.write(`${this.o.redactor.redact(JSON.stringify(value, null, 2))}\n`);
  }

  /**
   * A one-line spinner with the time elapsed: on a terminal it redraws in place, cut to the terminal's
   * width so it never wraps onto a second row (a wrapped row would not be cleared, and each redraw
   * would stack another); elsewhere the text is written once.
   */
  spinner(text: string): Spinner {
    if (!this.interactiveTerminal) {
      this.err(`… ${text}`);
      return { update: (t) => this.o.log?.(t), stop: (final) => final && this.err(final) };
    }
    let frame = 0;
    let current = text;
    const started = performance.now();
    const draw = () => {
      const seconds = Math.floor((performance.now() - started) / 1000);
      const line = `${this.c.cyan(FRAMES[frame++ % FRAMES.length])} ${this.o.redactor.redact(current)}${seconds ? this.c.dim(` (${seconds} s)`) : ''}`;
      const columns = this.o.stderr.columns;
      this.o.stderr.write(`\r\x1b[2K${columns && this.o.layout ? this.o.layout.truncate(line, columns - 1) : line}`);
    };
    const spinner = { draw };
    this.#spinner = spinner;
    draw();
    const timer = setInterval(draw, 100);
    timer.unref();
    return {
      update: (t) => {
        current = t;
      },
      stop: (final) => {
        clearInterval(timer);
        if (this.#spinner === spinner) this.#spinner = undefined;
        this.o.stderr.write('\r\x1b[2K');
        if (final) this.err(final);
      },
    };
  }
}
