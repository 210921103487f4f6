import { parse } from '@cdktf/hcl2json';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraform, zeroProviderTfEnv } from './terraform.js';

/** A value for one root variable of templates/app/variables.tf, with the variables its conditions read. */
export interface TfCase {
  /** The variable whose validation blocks judge this case. */
  variable: string;
  /** `var.<name>` values the conditions see (the variable itself, as it would be in terraform.tfvars). */
  vars: Record<string, unknown>;
}

/** Each variable's validation conditions, as source text, read from a variables file. */
export async function validationConditions(variablesTf: string): Promise<Record<string, string[]>> {
  const json = (await parse('variables.tf', readFileSync(variablesTf, 'utf8'))) as {
    variable: Record<string, Array<{ validation?: Array<{ condition: string }> }>>;
  };
  const out: Record<string, string[]> = {};
  for (const [name, [block]] of Object.entries(json.variable)) {
    // hcl2json wraps an expression's source text in ${…}.
    out[name] = (block?.validation ?? []).map((v) => v.condition.replace(/^\$\{([\s\S]*)\}$/, '$1'));
  }
  return out;
}

/**
 * Whether the real terraform accepts each case, judged by the conditions of variables.tf: all cases in
 * one `terraform console` run (hundreds of plans would take minutes). Each condition is evaluated as
 * written, with `var.` read from the case, and an error counts as a failed validation, as it does in a
 * plan. test/integration/validators-terraform.test.ts checks this against `terraform plan` on a sample.
 */
export async function tfAccepts(conditions: Record<string, string[]>, cases: TfCase[]): Promise<boolean[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sqs-tfcond-'));
  try {
    const byVariable = new Map<string, number[]>();
    for (const [i, c] of cases.entries()) {
      if (!conditions[c.variable]) throw new Error(`variables.tf has no variable "${c.variable}"`);
      byVariable.set(c.variable, [...(byVariable.get(c.variable) ?? []), i]);
    }
    const groups = [...byVariable.entries()];
    writeFileSync(
      join(dir, 'cases.json'),
      JSON.stringify(Object.fromEntries(groups.map(([name, idx]) => [name, idx.map((i) => cases[i]!.vars)]))),
    );
    const lists = groups.map(([name]) => {
      const checks = conditions[name]!.map((cond) => `try(${cond.replace(/\bvar\./g, 'v.')}, false)`);
      return `[for v in local.cases["${name}"] : alltrue([${checks.join(', ')}])]`;
    });
    writeFileSync(
      join(dir, 'main.tf'),
      `locals {\n  cases  = jsondecode(file("cases.json"))\n  result = concat(${lists.join(',\n')})\n}\n`,
    );
    const r = await terraform(['console'], dir, { ...zeroProviderTfEnv }, 'local.result\n');
    const verdicts = r.stdout.match(/\b(?:true|false)\b/g) ?? [];
    if (r.exitCode !== 0 || verdicts.length !== cases.length) {
      throw new Error(
        `terraform console gave ${verdicts.length} verdicts for ${cases.length} cases (exit ${r.exitCode}):\n${r.stderr.slice(-3000)}`,
      );
    }
    const out: boolean[] = new Array(cases.length);
    let k = 0;
    for (const [, idx] of groups) for (const i of idx) out[i] = verdicts[k++] === 'true';
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Whether `terraform plan` accepts each case: a variables-only copy of variables.tf as a module, one
 * module call per case (with valid values for the other required variables), one plan for all.
 * Keep it to a few dozen cases: plan time grows with the square of the module count.
 */
export async function planAccepts(variablesTf: string, base: Record<string, unknown>, cases: TfCase[]) {
  const dir = mkdtempSync(join(tmpdir(), 'sqs-tfplan-'));
  try {
    const vars = join(dir, 'vars');
    mkdirSync(vars);
    writeFileSync(join(vars, 'variables.tf'), readFileSync(variablesTf));
    const calls = cases.map((c, i) => {
      const args = { ...base, ...c.vars };
      const lines = Object.entries(args).map(([k, v]) => `  ${k} = jsondecode(${JSON.stringify(JSON.stringify(v))})`);
      return `module "c${i}" {\n  source = "./vars"\n${lines.join('\n')}\n}\n`;
    });
    // jsondecode keeps every value exactly as given: no HCL escaping of ${, %{ or backslashes to get right.
    writeFileSync(join(dir, 'main.tf'), calls.join('\n'));
    const env = { ...zeroProviderTfEnv };
    const init = await terraform(['init', '-input=false', '-backend=false'], dir, env);
    if (init.exitCode !== 0) throw new Error(`terraform init failed:\n${init.stderr}`);
    const plan = await terraform(['plan', '-input=false', '-json'], dir, env);
    const rejected = new Set<number>();
    for (const line of plan.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const msg = JSON.parse(line) as { diagnostic?: { severity: string; snippet?: { context?: string } } };
      const m = /^module "c(\d+)"$/.exec(msg.diagnostic?.snippet?.context ?? '');
      if (msg.diagnostic?.severity === 'error') {
        if (!m) throw new Error(`terraform plan failed outside a case: ${line}`);
        rejected.add(Number(m[1]));
      }
    }
    if (plan.exitCode !== 0 && rejected.size === 0) throw new Error(`terraform plan failed:\n${plan.stderr}`);
    return cases.map((_, i) => !rejected.has(i));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
