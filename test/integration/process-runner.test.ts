import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createExecaRunner } from '../../src/tools/process.js';
import { InterruptedError } from '../../src/errors.js';

const outputDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('sym-okta-quickstart-out-'));
const runner = () => createExecaRunner({ baseEnv: process.env, cwd: process.cwd(), tmpDir: tmpdir() });

describe('a shielded child (terraform apply)', () => {
  it('streams its output line by line from the file it writes, whole and in order, and leaves no file behind', async () => {
    const before = outputDirs();
    // Lines arrive over ~0.5 s, stdout and stderr interleaved, with a multi-byte character split across writes.
    const script = `
      const euro = Buffer.from('€');
      const steps = [
        () => process.stdout.write('plan: 1 to add\\n'),
        () => process.stderr.write('warning: on stderr\\n'),
        () => process.stdout.write(Buffer.concat([Buffer.from('price '), euro.subarray(0, 1)])),
        () => process.stdout.write(Buffer.concat([euro.subarray(1), Buffer.from(' 5\\n')])),
        () => process.stdout.write('no newline at the end'),
      ];
      let i = 0;
      const t = setInterval(() => { steps[i++](); if (i === steps.length) clearInterval(t); }, 120);`;
    const lines: string[] = [];
    const seenWhileRunning: string[] = [];
    const r = runner();
    const running = r.run(process.execPath, ['-e', script], {
      shielded: true,
      onLine: (l) => {
        lines.push(l);
        if (r.shieldedRunning()) seenWhileRunning.push(l);
      },
    });
    const result = await running;
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual(['plan: 1 to add', 'warning: on stderr', 'price € 5', 'no newline at the end']);
    expect(seenWhileRunning.length).toBeGreaterThan(0); // followed as it ran, not read at the end
    expect(result.stdout).toBe('plan: 1 to add\nwarning: on stderr\nprice € 5\nno newline at the end');
    expect(r.shieldedRunning()).toBe(false);
    expect(outputDirs()).toEqual(before);
  });

  it('is not started once the run has been interrupted', async () => {
    const marker = join(tmpdir(), `sqs-shielded-${process.pid}-${Date.now()}`);
    const controller = new AbortController();
    controller.abort();
    const r = createExecaRunner({
      baseEnv: process.env,
      cwd: process.cwd(),
      tmpDir: tmpdir(),
      signal: controller.signal,
    });
    await expect(
      r.run(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], { shielded: true }),
    ).rejects.toBeInstanceOf(InterruptedError);
    expect(existsSync(marker)).toBe(false);
  });

  it('a missing command is reported as missing, and its output file is removed', async () => {
    const before = outputDirs();
    await expect(runner().run('sqs-no-such-command', [], { shielded: true })).rejects.toThrow(
      /is not installed or not on PATH/,
    );
    expect(outputDirs()).toEqual(before);
  });
});

describe('the runner takes its surroundings from what it is given, not from this process', () => {
  const fresh = () => mkdtempSync(join(tmpdir(), 'sqs-runner-sealed-'));

  it('a child started without a cwd runs in the runner’s cwd', async () => {
    const dir = fresh();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const r = createExecaRunner({ baseEnv: process.env, cwd: dir, tmpDir: tmpdir() });
    const result = await r.run(process.execPath, ['-e', 'process.stdout.write(process.cwd())']);
    expect(result.stdout).toBe(realpathSync(dir));
    expect(realpathSync(dir)).not.toBe(realpathSync(process.cwd()));
  });

  it('a shielded child’s output file is made in the runner’s tmpDir, and removed from it', async () => {
    const dir = fresh();
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const missing = join(dir, 'no-such-dir');
    const inMissing = createExecaRunner({ baseEnv: process.env, cwd: process.cwd(), tmpDir: missing });
    // A temp directory that does not exist fails the run (os.tmpdir() would not have).
    await expect(inMissing.run(process.execPath, ['-e', ''], { shielded: true })).rejects.toThrow(missing);
    const before = outputDirs();
    const inDir = createExecaRunner({ baseEnv: process.env, cwd: process.cwd(), tmpDir: dir });
    const result = await inDir.run(process.execPath, ['-e', 'console.log("hi")'], { shielded: true });
    expect(result.stdout).toBe('hi\n');
    expect(readdirSync(dir)).toEqual([]);
    expect(outputDirs()).toEqual(before);
  });
});
