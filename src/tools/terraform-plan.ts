/**
 * Terraform's plan, read from its human output and told back short: what will be created, changed,
 * replaced or destroyed, grouped by the system it lives in (Sym, AWS), with the counts once. The full
 * plan stays in the debug log (and on screen with --verbose).
 */
import { count } from '../ui/count.js';

export type PlanAction = 'create' | 'update' | 'replace' | 'destroy';

export interface PlannedResource {
  address: string;
  /** e.g. sym_flow, aws_iam_role */
  type: string;
  action: PlanAction;
}

export interface PlanReport {
  changes: boolean;
  /** Terraform's own count line, e.g. "Plan: 18 to add, 0 to change, 0 to destroy." or "No changes." */
  counts: string;
  resources: PlannedResource[];
  /** Outputs the plan adds, changes or removes (under "Changes to Outputs:"). */
  outputs: string[];
}

const HEADINGS: Array<[RegExp, PlanAction]> = [
  [/ will be created$/, 'create'],
  [/ will be updated in-place$/, 'update'],
  [/ must be replaced$/, 'replace'],
  [/ will be destroyed$/, 'destroy'],
];

/** The output names under "Changes to Outputs:" (two-space indent, then +, ~ or -; nested values sit deeper). */
function outputChanges(text: string): string[] {
  const at = text.indexOf('Changes to Outputs:');
  if (at < 0) return [];
  const names: string[] = [];
  for (const line of text.slice(at).split('\n').slice(1)) {
    if (line.trim() && !line.startsWith(' ')) break;
    const m = /^ {2}[+~-] ([\w-]+)\s*=/.exec(line);
    if (m) names.push(m[1]!);
  }
  return names;
}

/** Parses `terraform plan`'s output (colour codes already removed). */
export function parsePlan(text: string): PlanReport {
  const resources: PlannedResource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('# ')) continue;
    for (const [re, action] of HEADINGS) {
      if (!re.test(line)) continue;
      const address = line
        .slice(2)
        .replace(re, '')
        .replace(/ \(.*\)$/, '');
      const type = /(?:^|\.)([a-z0-9]+_[a-z0-9_]+)\.[^.]+$/.exec(address.replace(/\[[^\]]*\]$/, ''))?.[1] ?? address;
      resources.push({ address, type, action });
    }
  }
  const counts = /(Plan: .*|No changes\.)/.exec(text)?.[1]?.trim() ?? '';
  return {
    changes: resources.length > 0 || /^Plan: [1-9]|[1-9]\d* to (change|destroy)/.test(counts),
    counts,
    resources,
    outputs: outputChanges(text),
  };
}

const SYSTEMS: Array<[string, string]> = [
  ['sym_', 'Sym'],
  ['aws_', 'AWS'],
];
const WORDS: Record<string, string> = {
  iam: 'IAM',
  secretsmanager: 'Secrets Manager',
  kms: 'KMS',
  s3: 'S3',
  sts: 'STS',
  arn: 'ARN',
};
const VERB: Record<PlanAction, [string, string]> = {
  create: ['+', 'create'],
  update: ['~', 'change'],
  replace: ['±', 'replace'],
  destroy: ['-', 'destroy'],
};

/** "aws_iam_role_policy" → "IAM role policy"; "sym_flow" → "flow". */
function kindName(type: string): string {
  const system = SYSTEMS.find(([prefix]) => type.startsWith(prefix));
  const rest = system ? type.slice(system[0].length) : type;
  return rest
    .split('_')
    .map((w) => WORDS[w] ?? w)
    .join(' ');
}

const plural = (name: string, n: number) =>
  n === 1
    ? name
    : /[^aeiou]y$/.test(name)
      ? `${name.slice(0, -1)}ies`
      : /(s|x|sh|ch)$/.test(name)
        ? `${name}es`
        : `${name}s`;

/**
 * The plan as a few lines: the counts, then one line per action and system, e.g.
 * "  + create  Sym: flow, 3 integrations, strategy, 2 targets".
 */
export function planLines(report: PlanReport): string[] {
  if (!report.changes) return [report.counts || 'No changes.'];
  // Terraform prints no "Plan:" line when only outputs change; say so rather than show nothing.
  if (!report.resources.length && !/^Plan: /.test(report.counts)) {
    const n = report.outputs.length;
    return [
      n
        ? `Only outputs change (${count(n, 'output')}: ${report.outputs.join(', ')}); no resource in AWS or Sym changes.`
        : 'Only outputs change; no resource in AWS or Sym changes.',
    ];
  }
  const lines = [report.counts];
  for (const action of Object.keys(VERB) as PlanAction[]) {
    const of = report.resources.filter((r) => r.action === action);
    if (!of.length) continue;
    const groups = new Map<string, Map<string, number>>();
    for (const r of of) {
      const system = SYSTEMS.find(([prefix]) => r.type.startsWith(prefix))?.[1] ?? 'Other';
      const kinds = groups.get(system) ?? new Map<string, number>();
      kinds.set(kindName(r.type), (kinds.get(kindName(r.type)) ?? 0) + 1);
      groups.set(system, kinds);
    }
    const [sign, verb] = VERB[action];
    let first = true;
    for (const system of ['Sym', 'AWS', 'Other'].filter((s) => groups.has(s))) {
      const kinds = [...groups.get(system)!].sort(([a], [b]) => a.localeCompare(b));
      const list = kinds.map(([name, n]) => (n === 1 ? name : `${n} ${plural(name, n)}`)).join(', ');
      lines.push(`  ${first ? `${sign} ${verb.padEnd(7)}` : ' '.repeat(9)} ${system}: ${list}`);
      first = false;
    }
  }
  return lines;
}

/** Terraform's "To perform exactly these actions, run …terraform apply…" hint: the wizard applies, not the user. */
export function isApplyHint(line: string): boolean {
  const text = line.trim();
  return (
    /^Saved the plan to: /.test(text) ||
    /^To perform exactly these actions, run the following command to apply:$/.test(text) ||
    /^terraform apply ".*"$/.test(text)
  );
}
