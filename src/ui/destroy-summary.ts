import type { ResourceChange } from '../tools/terraform.js';
import { restoreCommand as restoreCli } from '../aws/secret-restore.js';
import type { Paint } from './color.js';

/** The groups `destroy` shows, in this order: what a user recognises, not Terraform's types. */
export const GROUPS = [
  { id: 'sym-flow', title: 'Sym flow' },
  { id: 'sym-strategy', title: 'Sym strategy' },
  { id: 'sym-targets', title: 'Sym targets' },
  { id: 'sym-integrations', title: 'Sym integrations, secrets source, error logger and runtime' },
  { id: 'sym-environment', title: 'Sym environment' },
  { id: 'iam', title: 'IAM roles and policies' },
  { id: 'secret', title: 'Secret (AWS Secrets Manager)' },
  { id: 'ci', title: 'CI roles (added by `ci`)' },
  { id: 'other', title: 'Other resources' },
] as const;
export type GroupId = (typeof GROUPS)[number]['id'];

export interface Doomed {
  address: string;
  type: string;
  /** What a person knows it by: the name AWS or Sym shows, else Terraform's address. */
  name: string;
  group: GroupId;
}

export interface DoomedSecret {
  name: string;
  /** Days AWS keeps it after the destroy; 0 deletes it at once. */
  recoveryWindowDays: number;
}

const SYM_GROUPS: Record<string, GroupId> = {
  sym_flow: 'sym-flow',
  sym_strategy: 'sym-strategy',
  sym_target: 'sym-targets',
  sym_environment: 'sym-environment',
};

/** `ci` puts its roles and the GitHub identity provider in a module of its own. */
const isCi = (c: ResourceChange) =>
  c.type === 'aws_iam_openid_connect_provider' || /(^|\.)module\.(ci|github)[\w-]*/.test(c.module_address ?? '');

export function groupOf(c: ResourceChange): GroupId {
  if (isCi(c)) return 'ci';
  if (c.type in SYM_GROUPS) return SYM_GROUPS[c.type]!;
  if (c.type.startsWith('sym_')) return 'sym-integrations';
  if (c.type.startsWith('aws_iam_')) return 'iam';
  if (c.type === 'aws_secretsmanager_secret') return 'secret';
  return 'other';
}

function displayName(c: ResourceChange): string {
  const b = c.change.before ?? {};
  for (const key of ['name', 'path', 'destination', 'role', 'arn', 'id']) {
    const v = b[key];
    if (typeof v === 'string' && v) {
      if (c.type === 'aws_iam_role_policy_attachment' && key === 'role')
        return `${String(b.policy_arn ?? '').replace(/^.*\//, '')} → ${v}`;
      return v;
    }
  }
  return c.address;
}

/** The resources a destroy plan deletes, grouped; the secret with its recovery window. */
export function doomedResources(changes: readonly ResourceChange[]): { doomed: Doomed[]; secrets: DoomedSecret[] } {
  const deleting = changes.filter((c) => c.mode === 'managed' && c.change.actions.includes('delete'));
  const doomed = deleting.map((c) => ({ address: c.address, type: c.type, name: displayName(c), group: groupOf(c) }));
  const secrets = deleting
    .filter((c) => c.type === 'aws_secretsmanager_secret')
    .map((c) => ({
      name: String(c.change.before?.name ?? c.address),
      // The provider's default when the attribute is unset is AWS's own: 30 days.
      recoveryWindowDays: Number(c.change.before?.recovery_window_in_days ?? 30),
    }));
  return { doomed, secrets };
}

export interface KeptThing {
  what: string;
  how: string;
}

/** What `destroy` leaves on purpose, each with the command that removes it by hand. */
export function keptThings(o: { dir: string; bucket?: { name: string; key: string } }): KeptThing[] {
  const kept: KeptThing[] = [
    {
      what: `the project directory ${o.dir} (your answers; \`init\` builds it all again from it)`,
      how: `rm -rf ${o.dir}`,
    },
  ];
  if (o.bucket)
    kept.push({
      what: `the state bucket s3://${o.bucket.name} (the state object ${o.bucket.key} stays, now empty of resources)`,
      how: `aws s3 rm s3://${o.bucket.name}/${o.bucket.key}; then, if nothing else uses the bucket, empty it (versions included) in the S3 console and \`aws s3 rb s3://${o.bucket.name}\``,
    });
  kept.push({
    what: 'any Sym bot `ci` created for the pipeline, and its tokens',
    how: '`symflow bots list`, then `symflow bots delete <name>`',
  });
  return kept;
}

export function restoreCommand(secret: { name: string; region: string }): string {
  return restoreCli(secret.name, secret.region);
}

/** The text shown before the confirmation (and by --dry-run). */
export function renderDestroySummary(
  c: Paint,
  o: { runtime: string; doomed: Doomed[]; secrets: DoomedSecret[]; kept: KeptThing[] },
): string {
  const lines: string[] = [];
  const n = o.doomed.length;
  lines.push(c.bold(`Destroying runtime "${o.runtime}" removes ${n} resource${n === 1 ? '' : 's'}:`));
  for (const g of GROUPS) {
    const items = o.doomed.filter((d) => d.group === g.id);
    if (!items.length) continue;
    lines.push(`  ${c.bold(g.title)} (${items.length})`);
    for (const d of items) {
      const secret = g.id === 'secret' ? o.secrets.find((s) => s.name === d.name) : undefined;
      const note = secret
        ? secret.recoveryWindowDays > 0
          ? c.yellow(
              ` — scheduled for deletion: AWS keeps it ${secret.recoveryWindowDays} days, and it can be restored until then`,
            )
          : c.red(' — deleted at once (recovery window 0): no restore')
        : '';
      lines.push(`    - ${d.name}${d.name === d.address ? '' : c.dim(`  (${d.address})`)}${note}`);
    }
  }
  lines.push(c.bold('Stays (remove by hand if you want it gone):'));
  for (const k of o.kept) lines.push(`  • ${k.what}\n      ${c.dim(k.how)}`);
  return lines.join('\n');
}
