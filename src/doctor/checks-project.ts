import { join } from 'node:path';
import { readText } from '../project/files.js';
import type { Answers } from '../answers.js';
import { defaultOf, FLOW_VARS, type InputKey, ROWS, tfvarsPath } from '../answers/catalogue.js';
import { isApproverCheckOn } from '../render/impl.js';
import { answersFromTfvars, parseTfvars } from '../render/tfvars-parse.js';
import { readOutputs } from '../project/outputs.js';
import { TFVARS } from '../project/paths.js';
import * as v from '../validate/index.js';
import { blockedBy, blocks, fail, learned, notChecked, pass, warn, type Check } from './types.js';

/** The tfvars keys a project cannot work without (the catalogue's required answers). */
const REQUIRED = ROWS.filter((row) => row.requiredInProject || row.requiredUnattended).map((row) =>
  tfvarsPath(row.key),
);
const PLACEHOLDER = /CHANGEME|\{your|<[a-z_ -]+>|REPLACE_ME|TODO/i;
/** An Okta API token is 42 characters starting "00"; a JWT has three base64url parts. */
const SECRET_LIKE = /^(00[A-Za-z0-9_-]{38,44}|eyJ[\w-]+\.[\w-]+\.[\w-]+)$/;

function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, x] of value.entries()) yield* strings(x, `${path}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, x] of Object.entries(value)) yield* strings(x, `${path}.${k}`);
}

export const tfvarsCheck: Check = {
  id: 'tfvars',
  title: 'terraform.tfvars',
  async run(ctx) {
    const path = join(ctx.dir, TFVARS);
    const src = await readText(path);
    if (src === undefined) return fail(`${path} does not exist.`, `Run \`npx sym-okta-quickstart init ${ctx.dir}\`.`);
    let raw: Record<string, unknown>;
    try {
      raw = await parseTfvars(src, TFVARS);
    } catch (e) {
      return fail(
        `${TFVARS} cannot be parsed: ${(e as Error).message}`,
        `Fix the syntax (\`terraform fmt ${path}\` points at it).`,
      );
    }
    const missing = REQUIRED.filter(
      (k) => raw[k] === undefined || (Array.isArray(raw[k]) && !(raw[k] as unknown[]).length),
    );
    if (missing.length)
      return fail(
        `${TFVARS} is missing ${missing.join(', ')}.`,
        `Add them, or re-run \`npx sym-okta-quickstart init ${ctx.dir}\` to be asked.`,
      );
    for (const [key, value] of strings(raw, '')) {
      if (SECRET_LIKE.test(value.trim()) || /token|secret|password|jwt/i.test(key)) {
        return fail(
          `${TFVARS} holds what looks like a secret at ${key.slice(1)}: Terraform would store it in plain text.`,
          'Remove it; the Okta token belongs only in AWS Secrets Manager (init puts it there), and SYM_JWT only in the environment.',
        );
      }
      if (PLACEHOLDER.test(value))
        return fail(
          `${TFVARS} still has a placeholder at ${key.slice(1)} ("${value}").`,
          `Replace it with the real value, or re-run \`npx sym-okta-quickstart init ${ctx.dir}\`.`,
        );
    }
    return learned(pass(`${Object.keys(raw).length} keys, no placeholders, no secrets`), {
      tfvars: { raw, answers: answersFromTfvars(raw) },
    });
  },
};

/** Each answer in tfvars passes the same validator init uses. */
function validated(answers: Partial<Answers>): Array<{ key: string; message: string }> {
  const problems: Array<{ key: string; message: string }> = [];
  const check = (key: InputKey, value: string | undefined, fn: (s: string) => ReturnType<typeof v.channel>) => {
    if (value === undefined) return;
    const r = fn(value);
    if (!r.ok) problems.push({ key: tfvarsPath(key), message: r.message });
  };
  check('slackWorkspaceId', answers.slackWorkspaceId, v.slackWorkspaceId);
  check('oktaDomain', answers.oktaDomain, v.oktaDomain);
  check('awsRegion', answers.awsRegion, v.awsRegion);
  check('runtimeName', answers.runtimeName, v.runtimeName);
  for (const t of answers.targets ?? []) check('oktaTarget', t.groupId, v.oktaGroupId);
  return problems;
}

export const valuesCheck: Check = {
  id: 'tfvars-values',
  title: 'Values in terraform.tfvars',
  needs: ['tfvars'],
  async run(ctx) {
    const problems = validated(ctx.facts.tfvars!.answers);
    if (problems.length)
      return fail(
        problems.map((p) => `${p.key}: ${p.message}`).join(' '),
        `Correct it in ${join(ctx.dir, TFVARS)}, then run init again.`,
      );
    return pass('Slack workspace ID, Okta domain, group IDs, region and runtime name are well-formed');
  },
};

export const channelsCheck: Check = {
  id: 'channels',
  title: 'Slack channels',
  needs: ['tfvars'],
  async run(ctx) {
    const { requestChannel, errorChannel } = ctx.facts.tfvars!.answers;
    for (const [key, value] of [
      [tfvarsPath('requestChannel'), requestChannel],
      [tfvarsPath('errorChannel'), errorChannel],
    ] as const) {
      if (value === undefined) continue;
      const r = key === tfvarsPath('errorChannel') ? v.errorChannel(value) : v.channel(value);
      if (!r.ok) return fail(`${key}: ${r.message}`, `Correct it in ${join(ctx.dir, TFVARS)}.`);
      if (r.value !== value)
        return warn(
          `${key} is "${value}"; Sym expects "${r.value}".`,
          `Write "${r.value}" in ${join(ctx.dir, TFVARS)}.`,
        );
    }
    const request = requestChannel ?? defaultOf('requestChannel');
    const errors = errorChannel ?? defaultOf('errorChannel');
    return notChecked(
      `doctor cannot see Slack, so whether ${request} (requests) and ${errors} (errors) exist is unknown; both names are well-formed`,
      'Make sure both channels exist in Slack: Sym delivers nothing to a channel that does not.',
    );
  },
};

export const outputsCheck: Check = {
  id: 'terraform-outputs',
  title: 'Terraform applied',
  mayNeed: ['terraform-init'],
  async run(ctx) {
    const app = join(ctx.dir, 'app');
    // A local state file answers without starting terraform; only a backend needs `terraform output`, and so terraform.
    let raw = await ctx.adapters.terraform.localOutputs(app);
    if (!raw) {
      const init = await ctx.resultOf('terraform-init');
      if (blocks(init)) return blockedBy(init);
      raw = await ctx.adapters.terraform.output(app);
    }
    if (!Object.keys(raw).length)
      return fail(
        'The project has not been applied yet (no Terraform outputs).',
        `Run \`npx sym-okta-quickstart init ${ctx.dir}\` to apply it.`,
      );
    const outputs = readOutputs(raw);
    return learned(pass(`flow ${outputs.flow_name}, secret ${outputs.okta_secret_name} in ${outputs.aws_region}`), {
      outputs,
    });
  },
};

/** approver_group, as the file names it inside flow_vars. */
const approverVar = tfvarsPath('approverGroup').slice(FLOW_VARS.length + 1);

export const approverCheck: Check = {
  id: 'approver-group',
  title: 'Approver group',
  needs: ['tfvars'],
  async run(ctx) {
    const group = ctx.facts.tfvars!.answers.approverGroup;
    const impl = await readText(join(ctx.dir, 'modules/okta-access-flow/impl.py'));
    const on = impl === undefined ? undefined : isApproverCheckOn(impl);
    if (!group) {
      if (on)
        return warn(
          `The approver-group check in impl.py is on, but ${FLOW_VARS} has no ${approverVar}.`,
          `Add ${approverVar} to ${FLOW_VARS} in ${TFVARS}, or re-run init without --approver-group.`,
        );
      return pass('not set: any Sym member may approve');
    }
    if (on !== true) {
      return fail(
        `${tfvarsPath('approverGroup')} is ${group}, but the check in modules/okta-access-flow/impl.py is ${on === false ? 'off' : 'missing'}, so anyone may approve.`,
        `Re-run \`npx sym-okta-quickstart init ${ctx.dir} --approver-group ${group} --force-step write-project\`.`,
      );
    }
    return pass(`only members of ${group} may approve (checked against Okta below)`);
  },
};
