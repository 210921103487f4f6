import type { InitResult } from '../results.js';
import type { Answers } from '../answers.js';
import { tfvarsPath } from '../answers/catalogue.js';
import type { Output } from './output.js';

/** What was set up and what to do next, printed on stdout after a successful `init`. */
export function initSummary(out: Output, r: InitResult, answers: Partial<Answers>, dryRun: boolean): string {
  const c = out.c;
  if (dryRun) {
    return [
      c.green('✔ Dry run complete: nothing was changed.'),
      `  Run the same command without --dry-run to apply it.`,
    ].join('\n');
  }
  const lines = [
    c.green.bold(`✔ Sym's Okta access flow is ready.`),
    `  Project   ${r.directory}`,
    `  Flow      ${r.flow}   (Slack: /sym req ${r.flow})`,
    `  Secret    ${r.secret?.name} in ${r.secret?.region}, key "okta_api_token"`,
    `  Groups    ${(answers.targets ?? []).map((t) => `${t.label} (${t.groupId})`).join(', ')}`,
    `  Requests  ${answers.requestChannel}; errors ${answers.errorChannel}${answers.approverGroup ? `; approvers: members of ${answers.approverGroup}` : ''}`,
    '',
    'Next:',
    `  • In Slack, type /sym req ${r.flow} to request access; an approver in ${answers.requestChannel} approves it.`,
    `  • To offer more groups, add them to ${tfvarsPath('oktaTarget')} in ${r.directory}/app/terraform.tfvars and run init again.`,
    `  • If something stops working: npx sym-okta-quickstart doctor ${r.directory}`,
  ];
  return lines.join('\n');
}
