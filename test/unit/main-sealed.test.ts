// main(argv, io) depends on io alone: the temp directory its debug log goes to is io.env's, whatever
// this process's is, and runs inside one process (test/helpers/in-process.ts) never trip on each other.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { main } from '../../src/main.js';
import { tempDirOf } from '../../src/project/files.js';
import { capturedIO } from '../helpers/captured-io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const fresh = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `sqs-sealed-${name}-`));
  dirs.push(d);
  return d;
};
const ourLogs = (dir: string) => readdirSync(dir).filter((n) => /^sym-okta-quickstart-.*\.log$/.test(n));

/** `doctor` outside a project: a command under way (it keeps a debug log) that fails at once, starting nothing. */
async function doctorOutsideAProject(env: NodeJS.ProcessEnv, cwd: string) {
  const { io, stderr } = capturedIO({ PATH: process.env.PATH, NO_COLOR: '1', ...env }, cwd);
  const exitCode = await main(['doctor'], io);
  return { exitCode, stderr: stderr(), log: /Debug log: (\S+)/.exec(stderr())?.[1] };
}

describe('main(argv, io) takes its surroundings from io', () => {
  it("writes its debug log in io.env's TMPDIR, and nothing in this process's temp directory", async () => {
    const tmp = fresh('tmp');
    const work = fresh('work');
    const before = ourLogs(tmpdir());
    const r = await doctorOutsideAProject({ TMPDIR: tmp }, work);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`Neither ${work} nor`);
    expect(r.log?.startsWith(join(tmp, 'sym-okta-quickstart-'))).toBe(true);
    expect(ourLogs(tmp)).toHaveLength(1);
    expect(ourLogs(tmpdir())).toEqual(before);
  });

  it('20 runs at once in one process each keep a debug log of their own, and all end with their exit code', async () => {
    const tmp = fresh('tmp');
    const work = fresh('work');
    // Each run listens for signals and warnings while it lasts: 20 at once are not a leak.
    const max = process.getMaxListeners();
    process.setMaxListeners(max + 20);
    onTestFinished(() => void process.setMaxListeners(max));
    const runs = await Promise.allSettled(
      Array.from({ length: 20 }, () => doctorOutsideAProject({ TMPDIR: tmp }, work)),
    );
    expect(runs.map((r) => (r.status === 'fulfilled' ? r.value.exitCode : String(r.reason)))).toEqual(
      Array(20).fill(3),
    );
    expect(ourLogs(tmp)).toHaveLength(20);
  });

  it('a temp directory the log cannot be made in does not fail the run, nor does it name a log', async () => {
    const work = fresh('work');
    const r = await doctorOutsideAProject({ TMPDIR: join(work, 'no-such-dir') }, work);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(`Neither ${work} nor`);
    expect(r.log).toBeUndefined();
  });
});

describe('tempDirOf', () => {
  it('picks TMPDIR, TMP, TEMP in that order as os.tmpdir() does, else the system’s', () => {
    expect(tempDirOf({ TMPDIR: '/a', TMP: '/b', TEMP: '/c' })).toBe(process.platform === 'win32' ? '/c' : '/a');
    expect(tempDirOf({ TMP: '/b', TEMP: '/c' })).toBe(process.platform === 'win32' ? '/c' : '/b');
    expect(tempDirOf({ TMPDIR: '', TEMP: '/c' })).toBe('/c');
    expect(tempDirOf({ TMPDIR: '/a/' })).toBe(process.platform === 'win32' ? tmpdir() : '/a');
    expect(tempDirOf({})).toBe(tmpdir());
  });
});
