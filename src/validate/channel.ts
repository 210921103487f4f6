import { fail, ok, type Validation } from './result.js';
import { SLACK_ARCHIVES_URL, SLACK_CLIENT_URL, looksLikeUrl, slackIdKind } from './slack-ids.js';
import { charCount, isPlaceholder, quote } from './text.js';

// Slack's documented limit (conversations.create: invalid_name_maxlength); older docs said 21.
const MAX_NAME = 80;
const NAME = /^[a-z0-9_-]+$/;
const ALLOWED = 'lowercase letters, digits, hyphens and underscores';
const EXAMPLE = '#sym-requests';

/**
 * A Slack channel as Sym takes it: `#name` (added when missing, lowercased with a notice), or a
 * channel ID `C…` as is. Names follow Slack's documented rules only; Slack's newer leniency
 * (some non-Latin letters) is not something we can promise Sym handles.
 */
export function channel(raw: string, example = EXAMPLE): Validation {
  const value = raw.trim();
  if (!value) return fail(`The value is empty; give a channel name such as ${example}.`);
  if (isPlaceholder(value)) return fail(`${quote(value)} is a placeholder; give a channel name such as ${example}.`);

  if (looksLikeUrl(value)) {
    const id = SLACK_CLIENT_URL.exec(value)?.[2] ?? SLACK_ARCHIVES_URL.exec(value)?.[1];
    if (id && /^C[A-Z0-9]+$/.test(id)) return ok(id, `Took the channel ID ${id} from the Slack URL.`);
    return fail(
      `${quote(value)} is a Slack address without a channel ID in it; give the channel name instead, e.g. ${example}.`,
    );
  }

  const kind = slackIdKind(value);
  if (kind === 'a channel ID') return ok(value);
  if (kind) {
    return fail(
      `${quote(value)} looks like ${kind}, not a channel; give a channel name such as ${example} (if it is a channel's name, write #${value.toLowerCase()}).`,
    );
  }
  if (value.startsWith('@'))
    return fail(`${quote(value)} is a person, not a channel; give a channel name such as ${example}.`);

  const name = value.startsWith('#') ? value.slice(1) : value;
  if (!name) return fail(`${quote(value)} has no name after the #; give one such as ${example}.`);
  const lower = name.toLowerCase();
  if (!NAME.test(lower)) {
    const suggestion = lower
      // Offer "cafe" for "café" rather than dropping the letter.
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\s.]+/g, '-')
      .replace(/[^a-z0-9_-]/g, '')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '');
    const fix =
      suggestion && charCount(suggestion) <= MAX_NAME ? `; did you mean #${suggestion}?` : `, e.g. ${example}.`;
    return fail(`${quote(value)} has characters Slack does not allow in channel names: use only ${ALLOWED}${fix}`);
  }
  const n = charCount(lower);
  if (n > MAX_NAME)
    return fail(
      `${quote(value)} is ${n} characters long; Slack channel names have at most ${MAX_NAME} (not counting the #).`,
    );
  return ok(`#${lower}`, lower !== name ? `Slack channel names are lowercase; using #${lower}.` : undefined);
}

/**
 * The error channel: a `#name` only. Sym documents just the name form for the error logger's
 * destination (the request channel goes to `slack.channel`, documented to take an ID too).
 */
export function errorChannel(raw: string): Validation {
  // Its examples name an error channel, not the requests one.
  const r = channel(raw, '#sym-errors');
  if (!r.ok || r.value.startsWith('#')) return r;
  const how = looksLikeUrl(raw.trim()) ? 'a Slack link to a channel' : `the channel ID ${r.value}`;
  return fail(
    `${quote(raw.trim())} is ${how}; Sym reports errors to a channel given by name, so write its name with a # (e.g. #sym-errors; the name is at the top of the channel in Slack).`,
  );
}
