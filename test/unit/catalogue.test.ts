import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSWERS, FLOW_VARS, ROWS, TFVARS_LAYOUT, topKeyOf } from '../../src/answers/catalogue.js';
import { envName, INPUTS } from '../../src/inputs.js';
import { answersFromTfvars, parseTfvars } from '../../src/render/tfvars-parse.js';
import { renderTfvars, WIZARD_KEYS } from '../../src/render/tfvars.js';
import { validators } from '../../src/validate/index.js';
import { BASIC } from '../helpers/answers.js';

const SRC = join(import.meta.dirname, '../../src');
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
/** The code of a file without its comments (a comment may name a key; that is not spelling it). */
const codeOf = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

const keysIn = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(keysIn)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => [k, ...keysIn(v)])
      : [];

describe('answer catalogue', () => {
  it('each tfvars key the wizard writes is spelled in one file under src/', async () => {
    const answers = { ...BASIC, approverGroup: '00g1approvers0000000' };
    const written = [...new Set(keysIn(await parseTfvars(renderTfvars(answers))))];
    expect(written).toEqual(expect.arrayContaining([...WIZARD_KEYS, 'request_channel', 'approver_group', 'group_id']));
    const files = sourceFiles(SRC);
    for (const key of written) {
      // `label` is also an everyday word in the code (choice labels, role labels); the rest are not.
      if (key === 'label') continue;
      // Spelled: as a name in code, not as a property read (`outputs.aws_region`) or a field declaration.
      const spelled = new RegExp(`(?<![.\\w])${key}\\b(?!\\s*[:?]\\s)`);
      const where = files.filter((f) => spelled.test(codeOf(f))).map((f) => relative(SRC, f));
      // aws_region is also the name of a Terraform output, which project/outputs.ts lists.
      const expected = key === 'aws_region' ? ['answers/catalogue.ts', 'project/outputs.ts'] : ['answers/catalogue.ts'];
      expect(where, key).toEqual(expected);
    }
  });

  it('every answer written to tfvars is read back from it', async () => {
    const answers = { ...BASIC, approverGroup: '00g1approvers0000000' };
    const back = answersFromTfvars(await parseTfvars(renderTfvars(answers)));
    for (const row of ROWS.filter((r) => r.tfvars)) expect(back[row.answer!], row.key).toEqual(answers[row.answer!]);
  });

  it('every top-level key is placed in the layout, and only those', () => {
    const tops = new Set(ROWS.map(topKeyOf).filter((k) => k !== undefined));
    expect(new Set(TFVARS_LAYOUT.flat())).toEqual(tops);
    expect(tops.has(FLOW_VARS)).toBe(true);
  });

  it('flags, environment variables and validators come from the rows', () => {
    expect(INPUTS).toBe(ANSWERS);
    expect(envName(INPUTS.find((s) => s.key === 'slackWorkspaceId')!)).toBe('SYM_QUICKSTART_SLACK_WORKSPACE_ID');
    expect(Object.keys(validators)).toEqual(ROWS.filter((r) => r.validate).map((r) => r.flag.split(' ')[0]!.slice(2)));
  });
});
