import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { isApproverCheckOn, setApproverCheck } from '../../src/render/impl.js';
import { answersFromTfvars, parseTfvars } from '../../src/render/tfvars-parse.js';
import { updateTfvars, WIZARD_KEYS } from '../../src/render/tfvars-update.js';
import { hclString, renderTfvars } from '../../src/render/tfvars.js';
import { compareTfvars } from '../../src/project/tfvars-changes.js';
import { BASIC } from '../helpers/answers.js';

const ROOT = resolve(import.meta.dirname, '../..');

const roundTrip = async (a: Answers) => answersFromTfvars(await parseTfvars(renderTfvars(a)));

describe('renderTfvars', () => {
  it('writes the contract keys in terraform fmt layout, with the header and no secret', () => {
    expect(
      renderTfvars(BASIC),
    ).toBe(`# Written by sym-okta-quickstart. Re-running \`sym-okta-quickstart init\` rewrites the values it
# asks for and keeps your other lines and comments.
# Secrets never go here: the Okta API token lives in AWS Secrets Manager (see the
# okta_secret_name output), and a Sym bot token stays in the SYM_JWT environment variable.

sym_org_slug = "acme"
runtime_name = "prod"
aws_region   = "us-east-1"

slack_workspace_id = "T0123ABCDEF"
error_channel      = "#sym-errors"
flow_vars = {
  request_channel = "#sym-requests"
}

okta_org_domain = "acme.okta.com"
okta_targets = [
  {
    label    = "AWS Ops Admin"
    group_id = "00g1emaKYZTWRYYRRTSK"
  },
]

# Extra AWS tags for the secret and the runtime role (SymEnv is always added), e.g.:
# tags = { vendor = "symops.com", team = "platform" }
`);
  });

  it('is deterministic and keeps the order of targets', () => {
    const a: Answers = {
      ...BASIC,
      targets: [
        { label: 'Zeta', groupId: '00gZ' },
        { label: 'Alpha', groupId: '00gA' },
      ],
    };
    expect(renderTfvars(a)).toBe(renderTfvars(structuredClone(a)));
    expect(renderTfvars(a).indexOf('"Zeta"')).toBeLessThan(renderTfvars(a).indexOf('"Alpha"'));
  });

  it('adds approver_group to flow_vars only when an approver group is set', async () => {
    expect(renderTfvars(BASIC)).not.toContain('approver_group');
    expect(renderTfvars({ ...BASIC, approverGroup: '' })).not.toContain('approver_group');
    const on = renderTfvars({ ...BASIC, approverGroup: '00gAPPROVERS' });
    expect(on).toContain(`flow_vars = {
  request_channel = "#sym-requests"
  approver_group  = "00gAPPROVERS"
}`);
    expect((await parseTfvars(on)).flow_vars).toEqual({
      request_channel: '#sym-requests',
      approver_group: '00gAPPROVERS',
    });
  });

  it('writes an empty target list as [] (Terraform rejects it, with its own message)', () => {
    expect(renderTfvars({ ...BASIC, targets: [] })).toContain('okta_targets    = []');
  });
});

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\dir\\', '"C:\\\\dir\\\\"'],
    ['${var.x}', '"$${var.x}"'],
    ['%{if x}', '"%%{if x}"'],
    ['$${already}', '"$$${already}"'],
    ['$ and % alone, {braces}', '"$ and % alone, {braces}"'],
    ['two\nlines\ttab\r', '"two\\nlines\\ttab\\r"'],
    ['bell\u0007', '"bell\\u0007"'],
    ['Équipe 運用', '"Équipe 運用"'],
  ])('%j → %s', (input, hcl) => {
    expect(hclString(input)).toBe(hcl);
  });
});

describe('parseTfvars / answersFromTfvars', () => {
  it('reads back exactly what renderTfvars wrote', async () => {
    const a: Answers = {
      ...BASIC,
      approverGroup: '00gAPPROVERS',
      targets: [
        { label: 'AWS "Ops" \\ ${x} %{y} $${z}', groupId: '00g1' },
        { label: 'Line\nbreak\tand émoji 🎉', groupId: '00g2' },
        { label: 'third', groupId: '00g3' },
      ],
    };
    expect(await roundTrip(a)).toStrictEqual(a);
  });

  it("keeps the user's own flow_vars keys (any key, in their order) and writes them back after the wizard's", async () => {
    const a: Answers = {
      ...BASIC,
      approverGroup: '00gAPPROVERS',
      extraFlowVars: { team_channel: '#payments', 'needs quotes': 'a "b"', 'x-y': '' },
    };
    const text = renderTfvars(a);
    expect(text).toContain(`flow_vars = {
  request_channel = "#sym-requests"
  approver_group  = "00gAPPROVERS"
  team_channel    = "#payments"
  "needs quotes"  = "a \\"b\\""
  x-y             = ""
}`);
    expect(await roundTrip(a)).toStrictEqual(a);
    // Only strings are flow_vars (map(string)); the wizard's own keys are never taken as the user's.
    expect(
      answersFromTfvars({ flow_vars: { request_channel: '#r', approver_group: '00gA', n: 1, team: 't' } })
        .extraFlowVars,
    ).toEqual({ team: 't' });
    expect(answersFromTfvars({ flow_vars: { request_channel: '#r' } }).extraFlowVars).toBeUndefined();
  });

  it('round-trips any (NFC) strings', async () => {
    // HCL normalises string literals to NFC, as Terraform sees them; lone surrogates are not text.
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.normalize('NFC'));
    const answers = fc.record({
      org: text,
      slackWorkspaceId: text,
      requestChannel: text,
      errorChannel: text,
      oktaDomain: text,
      targets: fc.array(fc.record({ label: text, groupId: text }), { maxLength: 3 }),
      approverGroup: fc.option(
        text.filter((s) => s !== ''),
        { nil: undefined },
      ),
      awsRegion: text,
      runtimeName: text,
    });
    await fc.assert(
      fc.asyncProperty(answers, async (raw) => {
        // fast-check's records have a null prototype; answers read from a file do not.
        const a = structuredClone(raw) as Answers;
        if (a.approverGroup === undefined) delete a.approverGroup;
        expect(await roundTrip(a)).toStrictEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('throws with hcl2json’s message and the file name on a syntax error', async () => {
    await expect(parseTfvars('okta_org_domain = "acme.okta.com\n', 'app/terraform.tfvars')).rejects.toThrow(
      /app\/terraform\.tfvars:1,\d+-\d+,\d+: Invalid multi-line string/,
    );
    await expect(parseTfvars('a = [1,\n')).rejects.toThrow(/terraform\.tfvars/);
  });

  it('rejects expressions, which Terraform does not allow in a tfvars file', async () => {
    await expect(parseTfvars('aws_region = var.region\n')).rejects.toThrow(
      /aws_region is an expression \(\$\{var\.region\}\)/,
    );
    await expect(parseTfvars('flow_vars = { request_channel = "#${local.c}" }\n')).rejects.toThrow(
      /flow_vars\.request_channel/,
    );
    await expect(parseTfvars('a = "$${not} an expression"\n')).resolves.toEqual({ a: '${not} an expression' });
  });

  it('maps only the keys that are present, and converts scalars like Terraform does', () => {
    expect(answersFromTfvars({})).toStrictEqual({});
    expect(answersFromTfvars({ aws_region: 'eu-west-1', tags: { a: 'b' }, unknown: 1 })).toStrictEqual({
      awsRegion: 'eu-west-1',
    });
    expect(answersFromTfvars({ sym_org_slug: 123, runtime_name: { no: 'map' } })).toStrictEqual({ org: '123' });
    expect(answersFromTfvars({ flow_vars: { approver_group: '00gX' } })).toStrictEqual({ approverGroup: '00gX' });
    expect(answersFromTfvars({ flow_vars: { request_channel: '#r', approver_group: '' } })).toStrictEqual({
      requestChannel: '#r',
    });
    expect(
      answersFromTfvars({
        okta_targets: [
          { label: 'A', group_id: '00gA' },
          { label: 'no group' },
          'junk',
          { label: 'B', group_id: '00gB', extra: 1 },
        ],
      }),
    ).toStrictEqual({
      targets: [
        { label: 'A', groupId: '00gA' },
        { label: 'B', groupId: '00gB' },
      ],
    });
    expect(answersFromTfvars({ okta_targets: { not: 'a list' } })).toStrictEqual({});
  });
});

// A user's tfvars as terraform fmt leaves it: comments everywhere, keys the wizard does not own,
// a heredoc, brackets inside strings and a nested key that shares a wizard key's name.
const USER_TFVARS = `# My Sym setup. Ask #platform before changing.
sym_org_slug = "acme" # from symflow status
runtime_name = "prod"
aws_region   = "eu-west-1" # data residency

slack_workspace_id = "T0123ABCDEF"
error_channel      = "#sym-errors"
flow_vars = {
  request_channel = "#access" # busy channel
  approver_group  = "00gOLD"
}

okta_org_domain = "acme.okta.com"
okta_targets = [
  # The admins group is requested most.
  {
    label    = "Admins ] } [ {"
    group_id = "00gADMINS"
  },
  { label = "Readers", group_id = "00gREADERS" }, # one line is fine too
] # keep this list short

tags = {
  vendor     = "symops.com"
  team       = "platform"
  aws_region = "not the wizard's"
}

notes = <<EOT
okta_targets = [ is not a statement here ]
EOT
`;

describe('updateTfvars', () => {
  it('changes nothing when the wizard would write the same values', () => {
    const rendered = renderTfvars({ ...BASIC, approverGroup: '00gA' });
    expect(updateTfvars(rendered, { ...BASIC, approverGroup: '00gA' }, WIZARD_KEYS)).toBe(rendered);
  });

  it('turns one rendered file into another exactly as renderTfvars would', () => {
    const text = fc.string({ maxLength: 10 });
    const answers = fc.record({
      org: text,
      slackWorkspaceId: text,
      requestChannel: text,
      errorChannel: text,
      oktaDomain: text,
      targets: fc.array(fc.record({ label: text, groupId: text }), { maxLength: 3 }),
      awsRegion: text,
      runtimeName: text,
    });
    fc.assert(
      fc.property(answers, answers, fc.boolean(), (a, b, approver) => {
        const to: Answers = approver ? { ...b, approverGroup: '00gNEW' } : b;
        expect(updateTfvars(renderTfvars(a), to, WIZARD_KEYS)).toBe(renderTfvars(to));
      }),
      { numRuns: 150 },
    );
  });

  it('replaces only the given keys and keeps every other line byte for byte', async () => {
    const a: Answers = {
      ...BASIC,
      org: 'other-org',
      awsRegion: 'us-west-2',
      targets: [{ label: 'New', groupId: '00gNEW' }],
    };
    const out = updateTfvars(USER_TFVARS, a, ['aws_region', 'okta_targets']);
    expect(out).toBe(`# My Sym setup. Ask #platform before changing.
sym_org_slug = "acme" # from symflow status
runtime_name = "prod"
aws_region   = "us-west-2" # data residency

slack_workspace_id = "T0123ABCDEF"
error_channel      = "#sym-errors"
flow_vars = {
  request_channel = "#access" # busy channel
  approver_group  = "00gOLD"
}

okta_org_domain = "acme.okta.com"
# The admins group is requested most.
# one line is fine too
okta_targets = [
  {
    label    = "New"
    group_id = "00gNEW"
  },
] # keep this list short

tags = {
  vendor     = "symops.com"
  team       = "platform"
  aws_region = "not the wizard's"
}

notes = <<EOT
okta_targets = [ is not a statement here ]
EOT
`);
    const v = await parseTfvars(out);
    expect(v.sym_org_slug).toBe('acme');
    expect(v.tags).toEqual({ vendor: 'symops.com', team: 'platform', aws_region: "not the wizard's" });
    expect(v.notes).toBe('okta_targets = [ is not a statement here ]\n');
  });

  it('re-aligns `=` and trailing comments around a line whose width changed, as terraform fmt does', () => {
    const before = 'aws_region = "us-east-1" # r\nb          = "x"         # c\n';
    expect(updateTfvars(before, { ...BASIC, awsRegion: 'ap-southeast-2' }, ['aws_region'])).toBe(
      'aws_region = "ap-southeast-2" # r\nb          = "x"              # c\n',
    );
    // A single-line value that becomes a block splits the `=` chain around it.
    const chain = 'a            = 1\nflow_vars    = {}\nruntime_name = "x"\n';
    expect(updateTfvars(chain, BASIC, ['flow_vars'])).toBe(
      'a = 1\nflow_vars = {\n  request_channel = "#sym-requests"\n}\nruntime_name = "x"\n',
    );
  });

  it('appends missing keys after a blank line, in the order renderTfvars uses', () => {
    expect(updateTfvars('# mine\nextra = 1', BASIC, ['okta_org_domain', 'aws_region', 'runtime_name'])).toBe(
      '# mine\nextra = 1\n\nruntime_name    = "prod"\naws_region      = "us-east-1"\nokta_org_domain = "acme.okta.com"\n',
    );
    expect(updateTfvars('', BASIC, ['aws_region'])).toBe('aws_region = "us-east-1"\n');
    expect(updateTfvars('extra = 1\n\n', BASIC, ['aws_region'])).toBe('extra = 1\n\naws_region = "us-east-1"\n');
  });

  it('rewrites a heredoc value and keeps Windows line endings', () => {
    const crlf = 'sym_org_slug = <<EOT\r\nold\r\nEOT\r\nkeep = "me" # yes\r\n';
    expect(updateTfvars(crlf, BASIC, ['sym_org_slug', 'aws_region'])).toBe(
      'sym_org_slug = "acme"\r\nkeep         = "me" # yes\r\n\r\naws_region = "us-east-1"\r\n',
    );
  });

  it('never touches a nested key or a key the caller did not name', () => {
    const src = 'tags = {\n  runtime_name = "x"\n}\nruntime_name = "old"\n';
    expect(updateTfvars(src, BASIC, ['runtime_name'])).toBe(
      'tags = {\n  runtime_name = "x"\n}\nruntime_name = "prod"\n',
    );
    expect(updateTfvars(src, BASIC, [])).toBe(src);
  });
});

describe('compareTfvars (what a re-run rewrites in an existing terraform.tfvars)', () => {
  const wizard = renderTfvars(BASIC);
  const DATA = { label: 'Data Readers', groupId: '00g2bbbbbbbbbbbbbbbb' };
  // A hand-added target with a comment inside the list, and flow_vars in the user's own layout.
  const mine = wizard
    .replace(
      '  },\n]',
      `  },\n  # added by hand (OPS-42)\n  {\n    label    = "${DATA.label}"\n    group_id = "${DATA.groupId}"\n  },\n]`,
    )
    .replace(
      'flow_vars = {\n  request_channel = "#sym-requests"\n}',
      'flow_vars = { request_channel = "#sym-requests" }',
    );

  it('the same values in another layout, comments inside lists included: nothing changed, nothing to ask', async () => {
    expect(mine).toContain('# added by hand');
    expect(mine).toContain('flow_vars = { request_channel');
    const r = await compareTfvars(mine, { ...BASIC, targets: [...BASIC.targets, DATA] }, WIZARD_KEYS);
    expect(r).toMatchObject({ changed: [], conflicts: [] });
  });

  it("a changed value in the wizard's layout is changed without a conflict; one in hand-written text is a conflict", async () => {
    const runtime = await compareTfvars(
      mine,
      { ...BASIC, targets: [...BASIC.targets, DATA], runtimeName: 'staging' },
      WIZARD_KEYS,
    );
    expect(runtime).toMatchObject({ changed: ['runtime_name'], conflicts: [] });
    const targets = await compareTfvars(mine, { ...BASIC, targets: [DATA] }, WIZARD_KEYS);
    expect(targets.changed).toEqual(['okta_targets']);
    expect(targets.conflicts.map((c) => c.key)).toEqual(['okta_targets']);
    expect(targets.fileAnswers.targets).toEqual([...BASIC.targets, DATA]);
    const channel = await compareTfvars(
      mine,
      { ...BASIC, targets: [...BASIC.targets, DATA], requestChannel: '#access' },
      WIZARD_KEYS,
    );
    expect(channel.conflicts.map((c) => c.key)).toEqual(['flow_vars']);
  });

  it('the fingerprint names the same conflict again, and another answer or another text a new one', async () => {
    const fp = async (text: string, a: Answers) =>
      (await compareTfvars(text, a, WIZARD_KEYS)).conflicts[0]?.fingerprint;
    const one = await fp(mine, { ...BASIC, targets: [DATA] });
    expect(one).toBeDefined();
    expect(await fp(mine, { ...BASIC, targets: [DATA] })).toBe(one);
    expect(await fp(mine, { ...BASIC, targets: [] })).not.toBe(one);
    expect(await fp(mine.replace('OPS-42', 'OPS-43'), { ...BASIC, targets: [DATA] })).not.toBe(one);
  });

  it('only the keys asked about are compared; a key missing from the file is changed, never a conflict', async () => {
    const r = await compareTfvars(mine, { ...BASIC, targets: [DATA], runtimeName: 'staging' }, ['runtime_name']);
    expect(r.changed).toEqual(['runtime_name']);
    const gone = wizard.replace(/^aws_region .*\n/m, '');
    expect(gone).not.toContain('aws_region');
    expect(await compareTfvars(gone, BASIC, WIZARD_KEYS)).toMatchObject({ changed: ['aws_region'], conflicts: [] });
  });
});

describe('approver-group marker in impl.py', () => {
  const impl = readFileSync(join(ROOT, 'templates/modules/okta-access-flow/impl.py'), 'utf8');
  const MARKER = 'APPROVER_GROUP_CHECK = False  # set by sym-okta-quickstart --approver-group';

  it('ships off, with the marker line exactly once', () => {
    expect(impl.split('\n').filter((l) => l.startsWith('APPROVER_GROUP_CHECK'))).toEqual([MARKER]);
    expect(isApproverCheckOn(impl)).toBe(false);
  });

  it('switches on and back, changing only the marker line', () => {
    const on = setApproverCheck(impl, true);
    expect(isApproverCheckOn(on)).toBe(true);
    expect(on).toBe(impl.replace(MARKER, 'APPROVER_GROUP_CHECK = True  # set by sym-okta-quickstart --approver-group'));
    expect(setApproverCheck(on, false)).toBe(impl);
    expect(setApproverCheck(impl, false)).toBe(impl);
  });

  it('recognises a hand-edited marker and keeps CRLF line ends', () => {
    expect(isApproverCheckOn('x = 1\nAPPROVER_GROUP_CHECK=True\n')).toBe(true);
    expect(setApproverCheck('a\r\nAPPROVER_GROUP_CHECK = True # mine\r\nb\r\n', false)).toBe(
      'a\r\nAPPROVER_GROUP_CHECK = False  # set by sym-okta-quickstart --approver-group\r\nb\r\n',
    );
  });

  it('reports a missing marker instead of silently doing nothing', () => {
    const stripped = impl.replace(`${MARKER}\n`, '');
    expect(isApproverCheckOn(stripped)).toBeUndefined();
    expect(
      isApproverCheckOn('    APPROVER_GROUP_CHECK = True  # indented: not the module-level flag\n'),
    ).toBeUndefined();
    expect(() => setApproverCheck(stripped, true)).toThrow(/APPROVER_GROUP_CHECK/);
  });
});
