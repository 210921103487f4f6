import type { Answers, OktaTarget } from '../answers.js';
import { FLOW_VARS, ROWS } from '../answers/catalogue.js';
import { OWN_FLOW_VARS } from './tfvars.js';

/**
 * The literal values of a tfvars file. Throws with hcl2json's message (file, line, column) on a
 * syntax error, and on an expression, which Terraform would reject in a tfvars file too.
 */
export async function parseTfvars(src: string, fileName = 'terraform.tfvars'): Promise<Record<string, unknown>> {
  // Lazy: the WASM parser costs ~200 ms to start and most commands never read tfvars.
  const { parse } = await import('@cdktf/hcl2json');
  let raw: Record<string, unknown>;
  try {
    raw = await parse(fileName, src);
  } catch (e) {
    throw new Error(e instanceof Error ? e.message : String(e), { cause: e });
  }
  return literal(raw, fileName, '') as Record<string, unknown>;
}

// hcl2json hands strings back in Terraform's JSON template syntax: a literal `${` comes back as
// `$${`, while an unescaped `${` is an expression (`var.x` comes back as "${var.x}").
function literal(v: unknown, fileName: string, path: string): unknown {
  if (typeof v === 'string') return unescapeTemplate(v, fileName, path);
  if (Array.isArray(v)) return v.map((x, i) => literal(x, fileName, `${path}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const key = unescapeTemplate(k, fileName, path);
      out[key] = literal(x, fileName, path ? `${path}.${key}` : key);
    }
    return out;
  }
  return v;
}

function unescapeTemplate(s: string, fileName: string, path: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      out += `${c}{`;
      i += 2;
    } else if ((c === '$' || c === '%') && s[i + 1] === '{') {
      throw new Error(
        `${fileName}: ${path || 'a key'} is an expression (${s}), but a tfvars file may only hold literal values`,
      );
    } else {
      out += c;
    }
  }
  return out;
}

/** The answers a tfvars file holds: the inverse of renderTfvars. Missing or mistyped keys are left out. */
export function answersFromTfvars(v: Record<string, unknown>): Partial<Answers> {
  const a: Record<string, unknown> = {};
  const flowVars = isRecord(v[FLOW_VARS]) ? v[FLOW_VARS] : undefined;
  for (const row of ROWS) {
    const place = row.tfvars;
    if (!row.answer || !place) continue;
    if ('flowVar' in place) {
      if (!flowVars) continue;
      const value = str(flowVars[place.flowVar]);
      if (value !== undefined && !(row.optional && !value)) a[row.answer] = value;
    } else if ('list' in place) {
      const raw = v[place.key];
      if (!Array.isArray(raw)) continue;
      const targets: OktaTarget[] = [];
      for (const t of raw) {
        const label = isRecord(t) ? str(t[place.list.label]) : undefined;
        const groupId = isRecord(t) ? str(t[place.list.groupId]) : undefined;
        if (label !== undefined && groupId !== undefined) targets.push({ label, groupId });
      }
      a[row.answer] = targets;
    } else {
      const value = str(v[place.key]);
      if (value !== undefined && !(row.optional && !value)) a[row.answer] = value;
    }
  }
  if (flowVars) {
    const extra = Object.entries(flowVars).filter(([k, x]) => !OWN_FLOW_VARS.includes(k) && typeof x === 'string');
    if (extra.length) a.extraFlowVars = Object.fromEntries(extra);
  }
  return a as Partial<Answers>;
}

// Terraform converts numbers and bools given for a string variable; so do we.
function str(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return undefined;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
