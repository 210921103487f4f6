/**
 * The names a project creates outside Terraform's own files, from its runtime name (see
 * templates/modules/*: the runtime connector names its role and assume-roles policy
 * SymRuntime<Title(name)>, the secrets add-on its policy SymSecretsManager<Title(name)>).
 */
export interface ProjectNames {
  iamRole: string;
  iamPolicies: string[];
  /** Sym slugs by `symflow resources list` type. */
  sym: Record<'sym_environment' | 'sym_runtime' | 'sym_integration', string[]>;
}

/** Terraform's title(): a capital at the start of every word (letters, digits and _ make a word). */
export const titleCase = (s: string): string =>
  s.replace(/(^|[^A-Za-z0-9_])([a-z])/g, (_, p, c) => p + c.toUpperCase());

export function projectNames(runtime: string): ProjectNames {
  const title = titleCase(runtime);
  return {
    iamRole: `SymRuntime${title}`,
    iamPolicies: [`SymRuntime${title}`, `SymSecretsManager${title}`],
    sym: {
      sym_environment: [runtime],
      sym_runtime: [runtime],
      sym_integration: [`${runtime}-slack`, `${runtime}-okta-integration`, `${runtime}-runtime-context`],
    },
  };
}

/** What already exists where the project would create its names. */
export interface TakenNames {
  iamRoles: Set<string>;
  iamPolicies: Set<string>;
  sym: Record<keyof ProjectNames['sym'], Set<string>>;
}

export interface NameClash {
  /** e.g. "IAM role", "Sym integration" */
  kind: string;
  name: string;
}

const SYM_KIND: Record<keyof ProjectNames['sym'], string> = {
  sym_environment: 'Sym environment',
  sym_runtime: 'Sym runtime',
  sym_integration: 'Sym integration',
};

/** The names `runtime` would create that exist already and are not in `ours` (the project's own state). */
export function clashes(runtime: string, taken: TakenNames, ours: ReadonlySet<string>): NameClash[] {
  const names = projectNames(runtime);
  const found: NameClash[] = [];
  if (taken.iamRoles.has(names.iamRole) && !ours.has(names.iamRole))
    found.push({ kind: 'IAM role', name: names.iamRole });
  for (const p of names.iamPolicies)
    if (taken.iamPolicies.has(p) && !ours.has(p)) found.push({ kind: 'IAM policy', name: p });
  // Sym compares names case-insensitively.
  for (const type of Object.keys(names.sym) as Array<keyof ProjectNames['sym']>)
    for (const slug of names.sym[type])
      if (taken.sym[type].has(slug.toLowerCase()) && !ours.has(slug)) found.push({ kind: SYM_KIND[type], name: slug });
  return found;
}

/** The first of `<runtime>-2`, `-3`, … (or `<base>-N` for a long name) that clashes with nothing. */
export function freeRuntimeName(runtime: string, taken: TakenNames, max = 54): string {
  const base = runtime.replace(/-\d+$/, '');
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, max - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (clashes(candidate, taken, new Set()).length === 0) return candidate;
  }
}
