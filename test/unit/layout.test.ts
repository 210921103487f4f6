import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The layout rules of the README's design notes, checked on the source so a slip shows up in review. */
const SRC = join(import.meta.dirname, '../../src');
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1] ?? '');
const folderOf = (file: string) => relative(SRC, file).split('/')[0];

describe('source layout', () => {
  it('doctor checks and the domain modules never import a step', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => ['doctor', 'okta', 'aws', 'sym', 'project', 'tools'].includes(folderOf(f) ?? ''))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /(^|\/)steps\//.test(i))
          .map((i) => `${relative(SRC, f)} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('steps never import doctor checks', () => {
    const offenders = sourceFiles(join(SRC, 'steps')).flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)doctor\//.test(i))
        .map((i) => `${relative(SRC, f)} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('each step file exports its step and nothing else', async () => {
    const stepFiles = sourceFiles(join(SRC, 'steps')).filter((f) => !/\/(index|types)\.ts$/.test(f));
    expect(stepFiles.length).toBeGreaterThan(10);
    for (const file of stepFiles) {
      const exported = await import(file);
      const names = Object.keys(exported);
      expect(names, relative(SRC, file)).toHaveLength(1);
      const step = exported[names[0] ?? ''];
      expect(typeof step.id, relative(SRC, file)).toBe('string');
      expect(step.gather ?? step.apply, relative(SRC, file)).toBeTypeOf('function');
    }
  });

  it('only the domain modules touch a process, the disk or the network; ui/ renders without importing a command', () => {
    // The debug log is the one file outside them that writes (its own file, in the temp directory).
    const domains = ['okta', 'aws', 'sym', 'project', 'tools'];
    const io = /^(node:(fs|fs\/promises|child_process|net|http|https|dns)|execa)$/;
    const offenders = sourceFiles(SRC)
      .filter((f) => !domains.includes(folderOf(f) ?? '') && relative(SRC, f) !== 'debug-log.ts')
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => io.test(i) || (folderOf(f) === 'ui' && /(^|\/)commands\//.test(i)))
          .map((i) => `${relative(SRC, f)} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });
});
