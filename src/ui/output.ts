import { colorLevel, makePaint, type Paint } from './color.js';
import type { Redactor } from './redact.js';

export interface OutputOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  json: boolean;
  verbose: boolean;
  redactor: Redactor;
  /** Every line shown to people also goes here (the debug log), already redacted. */
  log?: (line: string) => void;
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

  constructor(private readonly o: OutputOptions) {}

  // Both read stderr only when first asked: that sets up the stream, which `--help` never writes to.
  get c(): Paint {
    this.#c ??= makePaint(colorLevel(this.o.env, Boolean(this.o.stderr.isTTY), this.o.json));
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

  private err(text: string): void {
    const clean = this.o.redactor.redact(text);
    this.o.log?.(clean);
    this.o.stderr.write(`${clean}\n`);
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
    this.o.stdout.write(`${this.o.redactor.redact(text)}\n`);
  }
  resultJson(value: unknown): void {
    this.result(JSON.stringify(value, null, 2));
  }

  spinner(text: string): Spinner {
    if (!this.interactiveTerminal) {
      this.err(`… ${text}`);
      return { update: (t) => this.o.log?.(t), stop: (final) => final && this.err(final) };
    }
    let frame = 0;
    let current = text;
    const draw = () =>
      this.o.stderr.write(
        `\r\x1b[2K${this.c.cyan(FRAMES[frame++ % FRAMES.length])} ${this.o.redactor.redact(current)}`,
      );
    draw();
    const timer = setInterval(draw, 100);
    timer.unref();
    return {
      update: (t) => {
        current = t;
      },
      stop: (final) => {
        clearInterval(timer);
        this.o.stderr.write('\r\x1b[2K');
        if (final) this.err(final);
      },
    };
  }
}
