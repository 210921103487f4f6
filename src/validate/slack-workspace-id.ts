import { fail, ok, type Validation } from './result.js';
import { SLACK_CLIENT_URL, looksLikeUrl, slackIdKind } from './slack-ids.js';
import { isPlaceholder, quote } from './text.js';

const WHERE = 'open Slack in a browser and copy the T… segment of its address, app.slack.com/client/T…/…';
const WORKSPACE_ID = /^T[A-Z0-9]+$/;
// Slack publishes no fixed length; every real ID we have seen is 9–11 characters.
const USUAL_MIN = 9;
const USUAL_MAX = 11;
// Sym's own docs use these; they pass the pattern but are never a real workspace.
const DOC_PLACEHOLDERS = new Set(['T123ABC', 'T1234567']);

/** Slack workspace (team) ID, `T…`, exactly as Slack shows it (Slack IDs are case-sensitive). */
export function slackWorkspaceId(raw: string): Validation {
  const value = raw.trim();
  if (!value)
    return fail(
      `The value is empty; ${WHERE} (e.g. T0123ABCD), or run /sym whoami in Slack once Sym's app is installed.`,
    );
  if (isPlaceholder(value)) return fail(`${quote(value)} is a placeholder; ${WHERE} (e.g. T0123ABCD).`);

  let id = value;
  let fromUrl: string | undefined;
  if (looksLikeUrl(value)) {
    const m = SLACK_CLIENT_URL.exec(value);
    if (!m) return fail(`${quote(value)} is a Slack address without a workspace ID in it; ${WHERE}.`);
    id = m[1]!;
    fromUrl = `Took the workspace ID ${id} from the Slack URL.`;
  }

  if (WORKSPACE_ID.test(id)) {
    const n = id.length;
    if (DOC_PLACEHOLDERS.has(id)) {
      return fail(`${quote(id)} is the example from Sym's docs, not a real workspace ID; ${WHERE}.`);
    }
    const odd =
      n < USUAL_MIN || n > USUAL_MAX
        ? `${id} is ${n} characters; workspace IDs are usually ${USUAL_MIN}–${USUAL_MAX}, so check it against app.slack.com/client/T…/….`
        : undefined;
    return ok(id, fromUrl, odd);
  }

  if (/^t[a-z0-9]+$/i.test(id) && WORKSPACE_ID.test(id.toUpperCase())) {
    return fail(
      `${quote(id)} is not in capitals; Slack IDs are case-sensitive and all uppercase, so copy it exactly from app.slack.com/client/T…/… (e.g. T0123ABCD).`,
    );
  }
  const kind = slackIdKind(id);
  if (kind === 'an Enterprise Grid organization ID') {
    return fail(
      `${quote(id)} is ${kind}; Sym needs the ID of one workspace in the grid, which starts with T: open that workspace (not the org dashboard) in a browser and copy the T… segment of app.slack.com/client/T…/….`,
    );
  }
  if (kind) return fail(`${quote(id)} is ${kind}, not a workspace ID; workspace IDs start with T: ${WHERE}.`);
  if (id.startsWith('#')) return fail(`${quote(id)} is a channel name, not a workspace ID; ${WHERE}.`);
  return fail(
    `${quote(value)} is not a Slack workspace ID, which is T followed by uppercase letters and digits (e.g. T0123ABCD); ${WHERE}.`,
  );
}
