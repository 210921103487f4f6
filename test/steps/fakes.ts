// In-process step tests: a step runs against fake adapters whose every call must be stubbed
// beforehand (an unexpected call fails the test) and whose every stub must be used (verify() fails
// on one left over), as cli/cli's httpmock registry does. Decisions are tested in milliseconds; what
// crosses a process boundary stays in the loopback e2e tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach } from 'vitest';
import type { Given, InputKey } from '../../src/inputs.js';
import { Journal } from '../../src/project/journal.js';
import type { AnyStep, RunOptions, RunState, StepContext } from '../../src/steps/types.js';
import { Output } from '../../src/ui/output.js';
import { type Choice, Prompter } from '../../src/ui/prompter.js';
import { Redactor } from '../../src/ui/redact.js';
import type { PickerConfig } from '../../src/ui/search-picker.js';

type Reply = (...args: never[]) => unknown;
interface Stub {
  name: string;
  reply: Reply;
  left: number;
}

export class Registry {
  private readonly stubs: Stub[] = [];
  readonly calls: Array<{ name: string; args: unknown[] }> = [];

  /** Expects `name` to be called `times` times (default once), answering with `reply`. */
  stub(name: string, reply: Reply, times = 1): this {
    this.stubs.push({ name, reply, left: times });
    return this;
  }

  call(name: string, args: unknown[]): unknown {
    this.calls.push({ name, args });
    const stub = this.stubs.find((s) => s.name === name && s.left > 0);
    if (!stub) throw new UnexpectedCall(`unexpected call: ${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
    stub.left--;
    return (stub.reply as (...a: unknown[]) => unknown)(...args);
  }

  /** An object whose every method is a registry call named `<prefix>.<method>`. */
  fake<T>(prefix: string): T {
    return new Proxy({} as Record<string, unknown>, {
      get: (_, prop) => {
        // Awaiting the object asks for `then`: it is not a thenable.
        if (typeof prop !== 'string' || prop === 'then') return undefined;
        return (...args: unknown[]) => this.call(`${prefix}.${prop}`, args);
      },
    }) as T;
  }

  verify(): void {
    const unused = this.stubs.filter((s) => s.left > 0).map((s) => s.name);
    if (unused.length) throw new Error(`stubs left unused: ${unused.join(', ')}`);
  }
}

/** Thrown for a call no stub expected; tests that want to see it can match its name. */
export class UnexpectedCall extends Error {
  override readonly name = 'UnexpectedCall';
}

/** The terminal, as a fake: each question is a registry call `prompt.<kind>` with its message. */
class FakePrompter extends Prompter {
  constructor(
    private readonly reg: Registry,
    interactive: boolean,
    given: Partial<Record<InputKey, Given>>,
    out: Output,
    yes: boolean,
  ) {
    super(interactive, given, out, { input: new PassThrough(), output: new PassThrough() }, yes);
  }
  override async text<T>(o: { message: string; default?: string }): Promise<T> {
    return this.reg.call('prompt.text', [o.message, o.default]) as T;
  }
  override async secret(o: { message: string }): Promise<string> {
    return this.reg.call('prompt.secret', [o.message]) as string;
  }
  override async confirm(o: { message: string; default: boolean; flagHint?: string }): Promise<boolean> {
    // --yes and unattended runs are decided by the real Prompter; only a real question reaches the fake.
    if (this.yes_ || !this.interactive) return super.confirm(o);
    return this.reg.call('prompt.confirm', [o.message, o.default]) as boolean;
  }
  override async typedYes(o: { message: string; flagHint: string }): Promise<boolean> {
    if (this.yes_ || !this.interactive) return super.typedYes(o);
    return this.reg.call('prompt.typedYes', [o.message]) as boolean;
  }
  override async select<T>(o: { message: string; choices: Choice<T>[] }): Promise<T> {
    return this.reg.call('prompt.select', [o.message, o.choices.map((c) => c.value)]) as T;
  }
  /** The reply gets the picker's config too, so it can search (`source`) as a user's typing would. */
  override async pick<T>(o: PickerConfig<T>): Promise<T> {
    return this.reg.call('prompt.pick', [o.message, o]) as T;
  }
  private get yes_() {
    return (this as unknown as { yes: boolean }).yes;
  }
}

export interface FakeRun {
  reg: Registry;
  ctx: StepContext;
  /** Everything the step wrote for people (stderr). */
  stderr: () => string;
  dir: string;
}

const dirs: string[] = [];
const registries: Registry[] = [];
afterEach(() => {
  // Every stub must have been used: a decision the test expected did not happen otherwise.
  const regs = registries.splice(0);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const r of regs) r.verify();
});

export interface FakeOptions {
  interactive?: boolean;
  yes?: boolean;
  given?: Partial<Record<InputKey, unknown>>;
  previous?: StepContext['previous'];
  options?: Partial<RunOptions>;
  state?: Partial<RunState>;
  env?: NodeJS.ProcessEnv;
  givenToken?: string;
  signal?: AbortSignal;
  templatesDir?: string;
}

/** A step context on fake adapters; its project directory is a fresh temporary one (not yet created). */
export async function fakeRun(o: FakeOptions = {}): Promise<FakeRun> {
  const reg = new Registry();
  registries.push(reg);
  const root = mkdtempSync(join(tmpdir(), 'step-'));
  dirs.push(root);
  const dir = join(root, 'project');
  const redactor = new Redactor();
  let err = '';
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => {
    err += d;
  });
  const env = { NO_COLOR: '1', ...o.env };
  const out = new Output({ stdout: new PassThrough(), stderr, env, json: false, verbose: false, redactor });
  const given = Object.fromEntries(
    Object.entries(o.given ?? {}).map(([k, value]) => [k, { value, source: 'flag' as const }]),
  ) as Partial<Record<InputKey, Given>>;
  const interactive = o.interactive ?? false;
  const yes = o.yes ?? false;
  const ctx: StepContext = {
    dir,
    env,
    out,
    prompter: new FakePrompter(reg, interactive, given, out, yes),
    redactor,
    journal: await Journal.load(dir),
    adapters: {
      runner: reg.fake('runner'),
      symflow: reg.fake('symflow'),
      terraform: reg.fake('terraform'),
      connectOkta: async (conn) => reg.call('connectOkta', [conn.orgUrl]) as never,
      createSecrets: async (target) => reg.call('createSecrets', [target.region]) as never,
      createStateBucket: async (target) => reg.call('createStateBucket', [target.region]) as never,
      createIam: async (target) => reg.call('createIam', [target.region]) as never,
      openUrl: async (url) => reg.call('openUrl', [url]) as boolean,
    },
    options: {
      interactive,
      yes,
      dryRun: false,
      json: false,
      openBrowser: true,
      replaceSecret: false,
      forceSteps: new Set(),
      slackWaitMs: 1000,
      pollIntervalMs: 1,
      ...o.options,
    },
    previous: o.previous ?? {},
    givenToken: o.givenToken,
    templatesDir: o.templatesDir ?? join(import.meta.dirname, '../fixtures/templates-zero-provider'),
    tmpDir: tmpdir(),
    state: { answers: {}, groups: new Map(), ...o.state },
    signal: o.signal ?? new AbortController().signal,
  };
  return { reg, ctx, stderr: () => err, dir };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function failure(p: Promise<unknown>): Promise<Error & { exitCode?: number; fix?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { exitCode?: number; fix?: string };
  }
  throw new Error('expected a failure, but it succeeded');
}

/** An acting step like write-project, as it ends in a real run: the project directory (its journal) saved. */
export const writesProject: AnyStep = {
  id: 'write-project',
  title: 'write',
  owns: [],
  async apply(ctx) {
    await ctx.journal.save();
    return { status: 'done' };
  },
};
