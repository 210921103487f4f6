import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm run lint` is `biome check .` then `tsc --noEmit`. Its Biome half, with this project's own
 * biome.json, is run on a scratch project holding one planted file, so the test proves the rules
 * fail what they should without touching the real tree.
 */
const ROOT = join(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
const scratch = mkdtempSync(join(tmpdir(), 'lint-planted-'));
copyFileSync(join(ROOT, 'biome.json'), join(scratch, 'biome.json'));
copyFileSync(join(ROOT, '.gitignore'), join(scratch, '.gitignore'));
mkdirSync(join(scratch, 'src'));
// biome.json reads .gitignore through git (vcs.useIgnoreFile), so the scratch project is a repository.
spawnSync('git', ['init', '-q'], { cwd: scratch });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function check(source: string) {
  writeFileSync(join(scratch, 'src/planted.ts'), source);
  const r = spawnSync(BIOME, ['check', '--colors=off', '.'], { cwd: scratch, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('npm run lint', () => {
  it('runs Biome over the tree and then the type checker', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(scripts.lint).toBe('biome check . && tsc --noEmit');
  });

  it('passes a clean, formatted file', () => {
    const r = check('export function two(): number {\n  return 2;\n}\n');
    expect(r.output).not.toMatch(/×/);
    expect(r.status).toBe(0);
  });

  it('fails on an unused variable', () => {
    const r = check('export function two(): number {\n  const unused = 1;\n  return 2;\n}\n');
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/noUnusedVariables/);
  });

  it('fails on a misformatted line', () => {
    const r = check('export function two(): number {\n  return    2;\n}\n');
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/Formatter would have printed/);
  });
});
