import { oktaGroupId } from './okta-group-id.js';
import { fail, ok, type Validation } from './result.js';
import { targetLabel } from './target-label.js';
import { quote } from './text.js';

/** Same shape as `OktaTarget` in answers.ts; kept here so the validators depend on nothing else. */
export interface TargetSpec {
  label: string;
  groupId: string;
}

const SYNTAX = '--okta-target "AWS Admins=00g1emaKYZTWRYYRRTSK"';

/**
 * Parses `label=groupId`. Splits on the last `=` so a label may contain `=`; a group ID cannot.
 */
export function targetSpec(raw: string): Validation<TargetSpec> {
  const value = raw.trim();
  if (!value) return fail(`The value is empty; give a label and an Okta group ID as label=groupId, e.g. ${SYNTAX}.`);

  const at = value.lastIndexOf('=');
  if (at < 0) {
    const alone = oktaGroupId(value);
    if (alone.ok) {
      return fail(
        `${quote(value)} has no label; put the name people will pick in Slack before it: --okta-target "AWS Admins=${alone.value}".`,
      );
    }
    const colon = value.lastIndexOf(':');
    if (colon > 0 && oktaGroupId(value.slice(colon + 1)).ok) {
      return fail(`${quote(value)} uses ":"; separate the label and group ID with "=", e.g. ${SYNTAX}.`);
    }
    return fail(
      `${quote(value)} is not label=groupId; write the label people see in Slack, then = and the Okta group ID, e.g. ${SYNTAX}.`,
    );
  }

  const labelPart = value.slice(0, at).trim();
  const idPart = value.slice(at + 1).trim();
  const group = oktaGroupId(idPart);
  if (!group.ok && oktaGroupId(labelPart).ok) {
    return fail(`${quote(value)} has the group ID first; write label=groupId, e.g. ${SYNTAX}.`);
  }
  if (!labelPart && group.ok) {
    return fail(
      `${quote(value)} has no label before the =; put the name people will pick in Slack there: --okta-target "AWS Admins=${group.value}".`,
    );
  }
  if (!idPart) return fail(`${quote(value)} has no group ID after the =; add the group's ID (00g…), e.g. ${SYNTAX}.`);
  if (!group.ok) return fail(`Group ID after the =: ${group.message}`);
  const label = targetLabel(labelPart);
  if (!label.ok) return fail(`Label before the =: ${label.message}`);
  return ok({ label: label.value, groupId: group.value }, label.notice, group.notice);
}
