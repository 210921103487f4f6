import type { InitResult } from '../results.js';
import type { Answers } from '../answers.js';
import { tfvarsPath } from '../answers/catalogue.js';
import type { Output } from './output.js';

/** Who may approve, as impl.py applies it (APPROVER_GROUP_CHECK, ALLOW_SELF_APPROVAL). */
export function approverRule(answers: Partial<Answers>, groupName: (id: string) => string | undefined): string {
  const id = answers.approverGroup;
  const who = id
    ? `only members of ${named(id, groupName(id))} (and Sym admins) may approve`
    : 'any Sym member may approve';
  return `${who}; ${answers.allowSelfApproval ? 'an approver may approve their own request' : 'nobody may approve their own request'}`;
}

const named = (id: string, name: string | undefined) => (name ? `${name} (${id})` : id);

/** What was set up and what to do next, printed on stdout after a successful `init`. */
export function initSummary(
  out: Output,
  r: InitResult,
  answers: Partial<Answers>,
  dryRun: boolean,
  shown: { directory: string; groupName: (id: string) => string | undefined },
): string {
  const c = out.c;
  if (dryRun) {
    return [
      c.green('✔ Dry run complete: nothing was changed.'),
      `  Run the same command without --dry-run to apply it.`,
    ].join('\n');
  }
  const dir = shown.directory;
  const groups = (answers.targets ?? []).map((t) => {
    const name = shown.groupName(t.groupId);
    return name && name !== t.label ? `${t.label} → ${named(t.groupId, name)}` : named(t.groupId, t.label);
  });
  const lines = [
    c.green.bold(`✔ Sym's Okta access flow is ready.`),
    `  Project    ${dir}`,
    `  Flow       ${r.flow}   (Slack: /sym req ${r.flow})`,
    `  Secret     ${r.secret?.name} in ${r.secret?.region}, key "okta_api_token"`,
    `  Groups     ${groups.join(', ')}`,
    `  Channels   requests in ${answers.requestChannel}; Sym's errors in ${answers.errorChannel}`,
    `  Approval   ${approverRule(answers, shown.groupName)}`,
    '',
    'Next:',
    `  • In Slack, type /sym req ${r.flow} to request access: the request is posted in ${answers.requestChannel}, where ${answers.approverGroup ? `a member of ${shown.groupName(answers.approverGroup) ?? answers.approverGroup}` : 'any Sym member'} can approve it.`,
    `  • To offer more groups, add them to ${tfvarsPath('oktaTarget')} in ${dir}/app/terraform.tfvars and run init again.`,
    `  • If something stops working: npx sym-okta-quickstart doctor ${dir}`,
  ];
  return lines.join('\n');
}
