import { parse } from '@cdktf/hcl2json';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import schemaJson from '../fixtures/sym-provider-schema.json' with { type: 'json' };

// Checks the generated project against the Sym provider 3.6.0 schema without the provider, which
// the offline test machines cannot install: every argument known, required ones present, values
// the provider or Sym's API would reject caught here instead of at apply time.

const ROOT = resolve(import.meta.dirname, '../..');
const TEMPLATES = join(ROOT, 'templates');
const FIXTURE = join(ROOT, 'test/fixtures/templates-aws-only');

interface ArgSchema {
  type: string;
  required: boolean;
  allowed_values?: string[];
  known_values?: string[];
  validation?: string;
}
interface BlockSchema {
  arguments: Record<string, ArgSchema>;
  blocks?: Record<string, NestedSchema>;
}
interface NestedSchema extends BlockSchema {
  nesting: string;
  min_items: number;
  max_items: number | null;
}
const SCHEMA = schemaJson as unknown as { resources: Record<string, BlockSchema> };

type Body = Record<string, unknown>;
interface Resource {
  type: string;
  name: string;
  body: Body;
  module: string;
}
interface Module {
  dir: string;
  files: Record<string, string>;
  resources: Resource[];
  modules: Record<string, Body>;
  variables: Record<string, Body>;
  outputs: Record<string, Body>;
  locals: Body;
  providers: Record<string, Body>;
  terraform: Body[];
}

const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);
const isObject = (x: unknown): x is Body => x !== null && typeof x === 'object' && !Array.isArray(x);
// hcl2json gives every expression (references, calls, templates) as a string containing ${…}.
const isExpression = (x: unknown) => typeof x === 'string' && x.includes('${');

/** Problems a sym_* resource body has against the provider schema; empty when it is fine. */
function checkSymResource(type: string, body: Body, where = type): string[] {
  const schema = SCHEMA.resources[type];
  if (!schema) return [`${where}: ${type} is not a resource of the Sym provider 3.6.0`];
  const problems: string[] = [];
  checkBody(body, schema, where, problems);
  return problems;
}

function checkBody(body: Body, schema: BlockSchema, where: string, problems: string[]) {
  for (const [key, value] of Object.entries(body)) {
    if (META_ARGUMENTS.has(key)) continue;
    const arg = schema.arguments[key];
    const block = schema.blocks?.[key];
    if (arg) {
      if (Array.isArray(value) && value.some(isObject))
        problems.push(`${where}: ${key} is an argument (${key} = …), not a block`);
      else checkValue(value, arg, `${where}.${key}`, problems);
    } else if (block) {
      if (!Array.isArray(value) || !value.every(isObject)) {
        problems.push(`${where}: ${key} is a block (${key} { … }), not an argument`);
        continue;
      }
      if (block.max_items !== null && value.length > block.max_items)
        problems.push(`${where}: at most ${block.max_items} ${key} block(s), found ${value.length}`);
      for (const [i, item] of value.entries()) checkBody(item, block, `${where}.${key}[${i}]`, problems);
    } else {
      problems.push(`${where}: unknown argument or block "${key}"`);
    }
  }
  for (const [key, arg] of Object.entries(schema.arguments))
    if (arg.required && !(key in body)) problems.push(`${where}: missing required argument "${key}"`);
  for (const [key, block] of Object.entries(schema.blocks ?? {}))
    if (block.min_items > 0 && !(key in body)) problems.push(`${where}: missing required block "${key}"`);
}

function checkValue(value: unknown, arg: ArgSchema, where: string, problems: string[]) {
  if (isExpression(value)) return;
  const fits: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    bool: (v) => typeof v === 'boolean',
    'list(string)': (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    'map(string)': (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string' || isExpression(x)),
  };
  if (fits[arg.type] && !fits[arg.type]!(value)) {
    problems.push(`${where}: expected ${arg.type}, got ${JSON.stringify(value)}`);
    return;
  }
  const literals = Array.isArray(value) ? value.filter((x) => !isExpression(x)) : [value];
  for (const v of literals) {
    if (typeof v !== 'string') continue;
    if (arg.allowed_values && !arg.allowed_values.includes(v))
      problems.push(`${where}: "${v}" is not one of ${arg.allowed_values.join(', ')}`);
    // The provider passes these through; Sym's API rejects an unknown one only at apply time.
    if (arg.known_values && !arg.known_values.includes(v))
      problems.push(`${where}: "${v}" is not a type Sym knows (${arg.known_values.join(', ')})`);
    if (arg.validation?.includes(".py'") && v.endsWith('.py'))
      problems.push(`${where}: must be file contents, not a path ending in .py`);
  }
}

async function loadModule(dir: string): Promise<Module> {
  const m: Module = {
    dir,
    files: {},
    resources: [],
    modules: {},
    variables: {},
    outputs: {},
    locals: {},
    providers: {},
    terraform: [],
  };
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()) {
    const src = readFileSync(join(dir, f), 'utf8');
    m.files[f] = src;
    const doc = (await parse(f, src)) as Record<string, Record<string, unknown>>;
    for (const [type, named] of Object.entries(doc.resource ?? {}))
      for (const [name, bodies] of Object.entries(named as Record<string, Body[]>))
        m.resources.push({ type, name, body: bodies[0]!, module: dir });
    for (const [name, bodies] of Object.entries((doc.module ?? {}) as Record<string, Body[]>))
      m.modules[name] = bodies[0]!;
    for (const [name, bodies] of Object.entries((doc.variable ?? {}) as Record<string, Body[]>))
      m.variables[name] = bodies[0]!;
    for (const [name, bodies] of Object.entries((doc.output ?? {}) as Record<string, Body[]>))
      m.outputs[name] = bodies[0]!;
    for (const [name, bodies] of Object.entries((doc.provider ?? {}) as Record<string, Body[]>))
      m.providers[name] = bodies[0]!;
    for (const l of (doc.locals ?? []) as unknown as Body[]) Object.assign(m.locals, l);
    m.terraform.push(...((doc.terraform ?? []) as unknown as Body[]));
  }
  return m;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const requiredProviders = (m: Module) =>
  Object.assign({}, ...m.terraform.flatMap((t) => (t.required_providers as Body[] | undefined) ?? [])) as Record<
    string,
    Body
  >;
const resource = (m: Module, type: string, name: string) => {
  const r = m.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`${relative(ROOT, m.dir)} has no ${type}.${name}`);
  return r.body;
};
const squash = (s: unknown) => String(s).replace(/\s+/g, ' ');

let app: Module, runtime: Module, flow: Module;
let fixtureApp: Module, fixtureRuntime: Module, fixtureFlow: Module;
beforeAll(async () => {
  const dirs = [TEMPLATES, FIXTURE].flatMap((root) =>
    ['app', 'modules/sym-runtime', 'modules/okta-access-flow'].map((d) => join(root, d)),
  );
  [app, runtime, flow, fixtureApp, fixtureRuntime, fixtureFlow] = (await Promise.all(dirs.map(loadModule))) as [
    Module,
    Module,
    Module,
    Module,
    Module,
    Module,
  ];
});

describe('the schema checker catches what the provider or the Sym API would reject', () => {
  const snippet = async (hcl: string) => {
    const doc = (await parse('bad.tf', hcl)) as { resource: Record<string, Record<string, Body[]>> };
    const [type, named] = Object.entries(doc.resource)[0]!;
    return checkSymResource(type, Object.values(named)[0]![0]!);
  };
  const FLOW = (inner: string, top = '') => `resource "sym_flow" "f" {
  name           = "okta"
  environment_id = "e"
  implementation = file("impl.py")
  ${top}
  params {
    strategy_id = "s"
    ${inner}
  }
}`;

  it.each([
    [
      'a 1.x-only argument',
      FLOW('', 'template = "sym:template:approval:1.0.0"'),
      /unknown argument or block "template"/,
    ],
    [
      'params as a 1.x map',
      FLOW('').replace(/params \{([\s\S]*)\n {2}\}/, 'params = { strategy_id = "s" }'),
      /params is a block/,
    ],
    [
      'a prompt type removed in 2.0',
      FLOW('prompt_field {\n name = "x"\n type = "list"\n }'),
      /"list" is not one of string, str_list/,
    ],
    ['a prompt field without a type', FLOW('prompt_field {\n name = "x"\n }'), /missing required argument "type"/],
    [
      'an unknown prompt_field argument',
      FLOW('prompt_field {\n name = "x"\n type = "string"\n choices = ["a"]\n }'),
      /unknown argument or block "choices"/,
    ],
    ['(control) a valid flow', FLOW('prompt_field {\n name = "x"\n type = "string"\n }'), null],
    ['an implementation path', FLOW('').replace('file("impl.py")', '"impl.py"'), /must be file contents/],
    [
      'a missing environment_id',
      FLOW('').replace('environment_id = "e"', ''),
      /missing required argument "environment_id"/,
    ],
    [
      'a target type typo',
      'resource "sym_target" "t" {\n type = "okta-group"\n name = "x"\n}',
      /"okta-group" is not a type Sym knows/,
    ],
    [
      'an integration without external_id',
      'resource "sym_integration" "i" {\n type = "okta"\n name = "x"\n}',
      /missing required argument "external_id"/,
    ],
    [
      'settings written as a block',
      'resource "sym_integration" "i" {\n type = "okta"\n name = "x"\n external_id = "d"\n settings {\n a = "b"\n }\n}',
      /settings is an argument/,
    ],
    [
      'a bool where a string belongs',
      'resource "sym_secrets" "s" {\n type = "aws_secrets_manager"\n name = true\n}',
      /expected string, got true/,
    ],
    [
      'a resource the provider does not have',
      'resource "sym_runtime_context" "r" {\n name = "x"\n}',
      /not a resource of the Sym provider/,
    ],
  ])('%s', async (_what, hcl, expected) => {
    const problems = await snippet(hcl);
    if (expected === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toMatch(expected);
  });

  it('counts nested blocks against max_items', async () => {
    const two = FLOW('').replace(/ {2}params \{/, '  params {\n  }\n  params {');
    expect((await snippet(two)).join('\n')).toMatch(/at most 1 params block\(s\), found 2/);
  });
});

describe('templates/ against the Sym provider 3.6.0 schema', () => {
  it('has exactly the resources of the Okta recipe, in the two modules', () => {
    const addresses = (m: Module) => m.resources.map((r) => `${r.type}.${r.name}`).sort();
    expect(addresses(app)).toEqual([]);
    expect(addresses(runtime)).toEqual([
      'aws_secretsmanager_secret.okta_api_key',
      'sym_environment.this',
      'sym_error_logger.slack',
      'sym_integration.slack',
      'sym_secrets.this',
    ]);
    expect(addresses(flow)).toEqual([
      'sym_flow.this',
      'sym_integration.okta',
      'sym_secret.okta_api_key',
      'sym_strategy.okta',
      'sym_target.okta_group',
    ]);
  });

  it('writes every sym_* resource with known arguments, required ones present, allowed values only', () => {
    const problems = [...runtime.resources, ...flow.resources]
      .filter((r) => r.type.startsWith('sym_'))
      .flatMap((r) => checkSymResource(r.type, r.body, `${relative(ROOT, r.module)}: ${r.type}.${r.name}`));
    expect(problems).toEqual([]);
  });

  it('uses the type strings Sym expects (the provider does not check them)', () => {
    expect(resource(runtime, 'sym_integration', 'slack').type).toBe('slack');
    expect(resource(runtime, 'sym_secrets', 'this').type).toBe('aws_secrets_manager');
    expect(resource(flow, 'sym_integration', 'okta').type).toBe('okta');
    expect(resource(flow, 'sym_strategy', 'okta').type).toBe('okta');
    expect(resource(flow, 'sym_target', 'okta_group').type).toBe('okta_group');
  });

  it('wires the Okta integration to the secret and the strategy to every target', () => {
    expect(resource(runtime, 'sym_secrets', 'this').settings).toEqual({
      context_id: '${module.runtime_connector.sym_integration.id}',
    });
    const secret = resource(flow, 'sym_secret', 'okta_api_key');
    expect(secret).toMatchObject({
      path: '${var.okta_secret_name}',
      source_id: '${var.secrets_source_id}',
      settings: { json_key: 'okta_api_token' },
    });
    expect(app.modules.okta_access_flow).toMatchObject({ okta_secret_name: '${module.sym_runtime.okta_secret_name}' });
    expect(runtime.outputs.okta_secret_name!.value).toBe('${aws_secretsmanager_secret.okta_api_key.name}');
    expect(resource(flow, 'sym_integration', 'okta')).toMatchObject({
      external_id: '${var.okta_org_domain}',
      settings: { api_token_secret: '${sym_secret.okta_api_key.id}' },
    });
    expect(resource(flow, 'sym_target', 'okta_group')).toMatchObject({
      for_each: '${local.targets}',
      label: '${each.value.label}',
      settings: { group_id: '${each.value.group_id}' },
    });
    expect(resource(flow, 'sym_strategy', 'okta')).toMatchObject({
      integration_id: '${sym_integration.okta.id}',
      targets: '${[for target in sym_target.okta_group : target.id]}',
    });
    expect(resource(runtime, 'sym_error_logger', 'slack')).toMatchObject({
      integration_id: '${sym_integration.slack.id}',
      destination: '${var.error_channel}',
    });
    expect(resource(runtime, 'sym_environment', 'this')).toMatchObject({
      name: '${var.runtime_name}',
      runtime_id: '${module.runtime_connector.sym_runtime.id}',
      error_logger_id: '${sym_error_logger.slack.id}',
      integrations: { slack_id: '${sym_integration.slack.id}', okta_id: '${var.okta_integration_id}' },
    });
  });

  it('keys targets by a slug of the label, not the group ID', () => {
    expect(squash(flow.locals.targets)).toBe(
      '${{ for t in var.okta_targets : trim(replace(lower(t.label), "/[^a-z0-9]+/", "-"), "-") => t }}',
    );
    // The root variable's uniqueness check must compute the same slug.
    expect(squash(app.files['variables.tf'])).toContain('trim(replace(lower(t.label), "/[^a-z0-9]+/", "-"), "-")');
  });

  it('names everything as Sym does, prefixed with the runtime name', () => {
    expect(resource(runtime, 'sym_integration', 'slack')).toMatchObject({
      name: '${var.runtime_name}-slack',
      external_id: '${var.slack_workspace_id}',
    });
    expect(resource(runtime, 'sym_secrets', 'this').name).toBe('${var.runtime_name}-sym-secrets');
    expect(resource(flow, 'sym_integration', 'okta').name).toBe('${var.runtime_name}-okta-integration');
    expect(resource(flow, 'sym_strategy', 'okta').name).toBe('${var.runtime_name}-okta-strategy');
    expect(resource(flow, 'sym_target', 'okta_group').name).toBe('${var.runtime_name}-${each.key}');
    expect(flow.locals.flow_name).toBe('${var.runtime_name == "prod" ? "okta" : "okta_${var.runtime_name}"}');
    expect(resource(flow, 'sym_flow', 'this').name).toBe('${local.flow_name}');
  });

  it('gives the flow its impl.py as file contents, the flow vars, and the two prompt fields', () => {
    const f = resource(flow, 'sym_flow', 'this');
    expect(f.implementation).toBe('${file("${path.module}/impl.py")}');
    expect(existsSync(join(flow.dir, 'impl.py'))).toBe(true);
    expect(f).toMatchObject({ environment_id: '${var.environment_id}', vars: '${var.flow_vars}' });
    expect(f.params).toEqual([
      {
        strategy_id: '${sym_strategy.okta.id}',
        prompt_field: [
          { name: 'reason', type: 'string', label: 'Why do you need access?', required: true },
          {
            name: 'duration',
            type: 'duration',
            label: 'How long?',
            allowed_values: ['30m', '1h', '4h'],
            required: true,
          },
        ],
      },
    ]);
  });

  it('has impl.py use the current reducers and import only sym.sdk (RestrictedPython)', () => {
    const impl = readFileSync(join(flow.dir, 'impl.py'), 'utf8');
    const imports = impl.split('\n').filter((l) => /^\s*(import|from)\s/.test(l));
    expect(imports.length).toBeGreaterThan(0);
    for (const l of imports) expect(l).toMatch(/^from sym\.sdk(\.[a-z_.]+)? import /);
    expect(impl).toMatch(/^@reducer\ndef get_permissions\(event\):/m);
    expect(impl).toMatch(/^@reducer\ndef get_request_notifications\(event\):/m);
    expect(impl).toContain('slack.channel(event.flow.vars["request_channel"])');
    // Off as written; the wizard switches the marker line for --allow-self-approval (test/python runs it).
    expect(impl).toContain('allow_self_approval=ALLOW_SELF_APPROVAL');
    expect(impl).toMatch(/^ALLOW_SELF_APPROVAL = False {2}# set by sym-okta-quickstart --allow-self-approval$/m);
    expect(impl).toContain('webapp_view=PermissionLevel.ADMIN');
    expect(impl).toContain('user_ids(okta.users_in_group(group_id=group_id))');
    expect(impl).toMatch(/except OktaError:\n(\s+#[^\n]*\n)+\s+return PermissionLevel\.ADMIN/);
    expect(impl).not.toMatch(/get_approvers|allow_self=/);
  });

  it('creates the secret empty, tagged SymEnv, with a 7-day recovery window', () => {
    const s = resource(runtime, 'aws_secretsmanager_secret', 'okta_api_key');
    expect(s.name).toBe('sym/${var.runtime_name}/okta-api-key');
    expect(s.recovery_window_in_days).toBe(7);
    // SymEnv last, so a user tag of the same name cannot override it.
    expect(squash(s.tags)).toBe('${merge(var.tags, { SymEnv = var.runtime_name })}');
    // A secret version would put the token into the state in plain text.
    expect(
      [app, runtime, flow].flatMap((m) => m.resources).filter((r) => r.type === 'aws_secretsmanager_secret_version'),
    ).toEqual([]);
    for (const f of allFiles(TEMPLATES))
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/resource\s+"aws_secretsmanager_secret_version"/);
  });

  it('uses the registry modules at the versions the resources need', () => {
    expect(runtime.modules.runtime_connector).toEqual({
      source: 'symopsio/runtime-connector/aws',
      version: '~> 2.0',
      environment: '${var.runtime_name}',
      tags: '${var.tags}',
    });
    expect(runtime.modules.secrets_manager_access).toEqual({
      source: 'symopsio/secretsmgr-addon/aws',
      version: '~> 1.1',
      environment: '${var.runtime_name}',
      iam_role_name: '${module.runtime_connector.sym_runtime_connector_role.name}',
    });
    expect(app.modules.sym_runtime!.source).toBe('../modules/sym-runtime');
    expect(app.modules.okta_access_flow!.source).toBe('../modules/okta-access-flow');
  });

  it('pins the providers on the public registry, never terraform.symops.com', () => {
    expect(app.terraform.map((t) => t.required_version)).toContain('>= 1.3.0');
    expect(requiredProviders(app)).toEqual({
      sym: { source: 'symopsio/sym', version: '~> 3.0' },
      aws: { source: 'hashicorp/aws', version: '~> 5.0' },
      random: { source: 'hashicorp/random', version: '~> 3.0' },
    });
    expect(app.providers.sym).toEqual({ org: '${var.sym_org_slug}' });
    expect(app.providers.aws).toEqual({ region: '${var.aws_region}' });
    // Without its own declaration a module's sym_* resources would resolve to hashicorp/sym.
    for (const m of [runtime, flow]) expect(requiredProviders(m).sym, m.dir).toEqual({ source: 'symopsio/sym' });
    for (const f of allFiles(TEMPLATES)) expect(readFileSync(f, 'utf8'), f).not.toMatch(/terraform\.symops\.com/);
  });

  it('declares exactly the tfvars contract', () => {
    const vars = Object.fromEntries(
      Object.entries(app.variables).map(([k, v]) => [k, { type: squash(v.type), default: v.default }]),
    );
    expect(vars).toEqual({
      sym_org_slug: { type: '${string}', default: undefined },
      slack_workspace_id: { type: '${string}', default: undefined },
      error_channel: { type: '${string}', default: '#sym-errors' },
      flow_vars: { type: '${map(string)}', default: { request_channel: '#sym-requests' } },
      okta_org_domain: { type: '${string}', default: undefined },
      okta_targets: { type: '${list(object({ label = string group_id = string }))}', default: undefined },
      aws_region: { type: '${string}', default: 'us-east-1' },
      runtime_name: { type: '${string}', default: 'prod' },
      tags: { type: '${map(string)}', default: { vendor: 'symops.com' } },
    });
  });

  it('outputs what the wizard reads after apply', () => {
    expect(Object.keys(app.outputs)).toEqual(
      expect.arrayContaining(['okta_secret_name', 'aws_region', 'flow_name', 'runtime_name']),
    );
    expect(app.outputs.flow_name!.value).toBe('${module.okta_access_flow.flow_name}');
    expect(app.outputs.aws_region!.value).toBe('${var.aws_region}');
  });

  it('ships a .gitignore for state and local files, and a README with next steps', () => {
    const ignore = readFileSync(join(TEMPLATES, '_gitignore'), 'utf8').split('\n');
    for (const p of ['*.tfstate', '*.tfstate.*', '.terraform/', '*.tfplan', 'sym.auto.tfvars', '.sym-quickstart/'])
      expect(ignore).toContain(p);
    expect(ignore).not.toContain('terraform.tfvars');
    expect(ignore).not.toContain('.terraform.lock.hcl');
    const readme = readFileSync(join(TEMPLATES, 'README.md'), 'utf8');
    for (const s of ['/sym req okta', 'terraform.tfvars', 'okta_targets', 'doctor', 'okta_secret_name'])
      expect(readme).toContain(s);
    expect(existsSync(join(TEMPLATES, 'app/terraform.tfvars'))).toBe(false);
  });
});

describe('the AWS-only fixture stands in for templates/', () => {
  it.each(['app/variables.tf', 'modules/okta-access-flow/locals.tf', 'modules/okta-access-flow/impl.py', '_gitignore'])(
    'has %s byte-identical',
    (rel) => {
      expect(readFileSync(join(FIXTURE, rel), 'utf8')).toBe(readFileSync(join(TEMPLATES, rel), 'utf8'));
    },
  );

  it('needs only hashicorp/aws from the mirror: no Sym, no random, no registry module', () => {
    for (const m of [fixtureApp, fixtureRuntime, fixtureFlow]) {
      expect(m.resources.filter((r) => !r.type.startsWith('aws_'))).toEqual([]);
      for (const mod of Object.values(m.modules)) expect(String(mod.source)).toMatch(/^\.\.\/modules\//);
      for (const p of Object.values(requiredProviders(m))) expect(p.source).toBe('hashicorp/aws');
    }
    expect(requiredProviders(fixtureApp)).toEqual({ aws: { source: 'hashicorp/aws', version: '~> 5.0' } });
  });

  it('creates the same tagged secret, reusable at once, and reaches moto through the environment', () => {
    const s = resource(fixtureRuntime, 'aws_secretsmanager_secret', 'okta_api_key');
    const real = resource(runtime, 'aws_secretsmanager_secret', 'okta_api_key');
    expect(s).toEqual({ ...real, recovery_window_in_days: 0 });
    // An endpoints {} block makes each apply ~3x slower; AWS_ENDPOINT_URL does the same job.
    expect(fixtureApp.providers.aws).toEqual({ region: '${var.aws_region}' });
  });

  it('exposes the outputs of templates/app', () => {
    expect(Object.keys(fixtureApp.outputs).sort()).toEqual(Object.keys(app.outputs).sort());
    expect(fixtureApp.outputs.flow_name).toEqual(app.outputs.flow_name);
    expect(fixtureApp.outputs.okta_secret_name).toEqual(app.outputs.okta_secret_name);
  });

  it('keeps the layout of templates/', () => {
    const layout = (root: string) => [...new Set(allFiles(root).map((f) => relative(root, dirname(f))))].sort();
    expect(layout(FIXTURE)).toEqual(layout(TEMPLATES));
  });
});
