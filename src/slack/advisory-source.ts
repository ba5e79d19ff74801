import type { App } from '@slack/bolt';
import { XsaError } from '../domain/errors.js';

/** The message a shortcut ran on, as Slack sends it (the fields read here). */
export interface ShortcutMessage {
  text?: string;
  files?: { id?: string }[];
}

/** Text files read from a message: at most this many, of at most this size each. */
const MAX_FILES = 5;
const MAX_FILE_BYTES = 1024 * 1024;
const TEXT_TYPES = /^(?:text\/|message\/rfc822$|application\/(?:pgp|mbox|octet-stream$))/i;
const TEXT_FILETYPES = new Set(['text', 'email', 'eml', 'post', 'markdown', 'diff', 'patch']);

/**
 * The text of a message and of the text files attached to it (a pasted advisory is often too long
 * for a message and arrives as a snippet): files.info, then url_private with the bot token.
 */
export async function readMessageText(
  client: App['client'],
  botToken: string,
  message: ShortcutMessage,
): Promise<string> {
  const parts = [message.text ?? ''];
  for (const ref of (message.files ?? []).slice(0, MAX_FILES)) {
    if (!ref.id) continue;
    const info = await client.files.info({ file: ref.id }).catch(() => null);
    const file = info?.file;
    if (!file?.url_private || (file.size ?? 0) > MAX_FILE_BYTES) continue;
    if (!TEXT_TYPES.test(file.mimetype ?? '') && !TEXT_FILETYPES.has(file.filetype ?? '')) continue;
    const response = await fetch(file.url_private, {
      headers: { authorization: `Bearer ${botToken}` },
      signal: AbortSignal.timeout(2000),
    }).catch(() => null);
    // Slack answers a request it will not serve with its HTML sign-in page, not an error status.
    if (!response?.ok || /text\/html/i.test(response.headers.get('content-type') ?? '')) {
      throw new XsaError(
        'file_unreadable',
        `I could not read the attached file ${file.name ?? ''}: make sure I am in this channel (\`/invite @xsa-bot\`) and the app has the \`files:read\` scope.`,
      );
    }
    parts.push(await response.text());
  }
  return parts.join('\n\n');
}
