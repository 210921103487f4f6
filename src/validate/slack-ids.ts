/**
 * Slack object IDs: one uppercase letter saying what the object is, then uppercase letters and
 * digits. People paste the wrong kind often (a channel ID for the workspace, a user ID for a
 * channel), so the first letter is worth turning into words.
 */
const KINDS: Record<string, string> = {
  T: 'a workspace (team) ID',
  C: 'a channel ID',
  G: 'a private-channel (group) ID',
  D: 'a direct-message ID',
  U: 'a user ID',
  W: 'an Enterprise Grid user ID',
  E: 'an Enterprise Grid organization ID',
  B: 'a bot ID',
  A: 'an app ID',
};

/**
 * Real IDs always mix in digits; requiring one (and a realistic length) keeps an uppercase word
 * like `GENERAL` or `CHANGEME` from being taken for an ID.
 */
const ID_SHAPE = /^[A-Z](?=[A-Z0-9]*\d)[A-Z0-9]{6,}$/;

/** What kind of Slack ID this looks like, in words, or undefined when it does not look like one. */
export function slackIdKind(value: string): string | undefined {
  return ID_SHAPE.test(value) ? KINDS[value[0]!] : undefined;
}

/** Where a Slack URL keeps the IDs: `app.slack.com/client/<T…>/<C…>` or `<ws>.slack.com/archives/<C…>`. */
export const SLACK_CLIENT_URL = /\/client\/([A-Za-z0-9]+)(?:\/([A-Za-z0-9]+))?/;
export const SLACK_ARCHIVES_URL = /\/archives\/([A-Za-z0-9]+)/;
export const looksLikeUrl = (value: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /(?:^|\.)slack\.com(?:\/|$)/i.test(value);
