/**
 * Slack's three HTML entities: it sends `&`, `<` and `>` in command and message text as `&amp;`,
 * `&lt;` and `&gt;`, and reads them as control characters in mrkdwn unless escaped the same way.
 */

/** Escapes `&`, `<` and `>`, so typed text shows as typed: no mention, link or channel syntax survives. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text as the person typed it, from Slack's escaped form (`> ` quoting arrives as `&gt; `). */
export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
