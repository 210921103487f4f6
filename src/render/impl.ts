/** The line of templates/modules/okta-access-flow/impl.py that `--approver-group` switches. */
export const APPROVER_MARKER_COMMENT = '# set by sym-okta-quickstart --approver-group';

// Tolerates hand edits to spacing or the comment, so a user's edited impl.py is still recognised.
const MARKER = /^APPROVER_GROUP_CHECK[ \t]*=[ \t]*(True|False)\b[ \t]*(#[^\r\n]*)?$/gm;

/** impl.py with the approver-group check set to `on`. Throws when the marker line is gone. */
export function setApproverCheck(implSource: string, on: boolean): string {
  if (isApproverCheckOn(implSource) === undefined) {
    throw new Error(
      'impl.py has no "APPROVER_GROUP_CHECK = True|False" line, so the approver-group check cannot be switched; ' +
        `add "APPROVER_GROUP_CHECK = False  ${APPROVER_MARKER_COMMENT}" near the top of impl.py`,
    );
  }
  const line = `APPROVER_GROUP_CHECK = ${on ? 'True' : 'False'}  ${APPROVER_MARKER_COMMENT}`;
  return implSource.replace(MARKER, line);
}

/** Whether impl.py has the approver-group check on; undefined when the marker line is missing. */
export function isApproverCheckOn(implSource: string): boolean | undefined {
  let last: string | undefined;
  // Python keeps the last assignment, so the last marker line decides.
  for (const m of implSource.matchAll(MARKER)) last = m[1];
  return last === undefined ? undefined : last === 'True';
}

/** The line of impl.py that `--allow-self-approval` switches. */
export const SELF_APPROVAL_MARKER_COMMENT = '# set by sym-okta-quickstart --allow-self-approval';
const SELF_APPROVAL = /^ALLOW_SELF_APPROVAL[ \t]*=[ \t]*(True|False)\b[ \t]*(#[^\r\n]*)?$/gm;

/** impl.py with self-approval set to `on`. Throws when the marker line is gone. */
export function setSelfApproval(implSource: string, on: boolean): string {
  if (isSelfApprovalOn(implSource) === undefined) {
    throw new Error(
      'impl.py has no "ALLOW_SELF_APPROVAL = True|False" line, so --allow-self-approval cannot be applied; ' +
        `add "ALLOW_SELF_APPROVAL = False  ${SELF_APPROVAL_MARKER_COMMENT}" near the top of impl.py`,
    );
  }
  const line = `ALLOW_SELF_APPROVAL = ${on ? 'True' : 'False'}  ${SELF_APPROVAL_MARKER_COMMENT}`;
  return implSource.replace(SELF_APPROVAL, line);
}

/** Whether impl.py lets approvers approve their own requests; undefined when the marker line is missing. */
export function isSelfApprovalOn(implSource: string): boolean | undefined {
  let last: string | undefined;
  for (const m of implSource.matchAll(SELF_APPROVAL)) last = m[1];
  return last === undefined ? undefined : last === 'True';
}
