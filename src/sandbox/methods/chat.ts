import type { StoredMessage } from '../stand-in-slack.js';
import { type Args, fail, isRecord, type WebApiMethod } from './method.js';

// The content arguments every chat method shares, from its page's argument list.
const CONTENT = ['text', 'blocks', 'attachments', 'markdown_text', 'metadata'] as const;
const FORMATTING = ['as_user', 'link_names', 'parse'] as const;

/** The stored fields of a posted or edited message, or the error Slack would answer with. */
export function messageContent(args: Args): Partial<StoredMessage> | string {
  const content: Partial<StoredMessage> = {};
  if (typeof args.text === 'string') content.text = args.text;
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks)) return 'invalid_blocks';
    content.blocks = args.blocks;
  }
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments)) return 'invalid_attachments';
    content.attachments = args.attachments;
  }
  if (args.metadata !== undefined) content.metadata = args.metadata;
  const empty =
    (content.text ?? '') === '' && content.blocks === undefined && content.attachments === undefined;
  return empty ? 'no_text' : content;
}

/** https://docs.slack.dev/reference/methods/chat.postMessage */
export const chatPostMessage: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/chat.postMessage',
  required: ['channel'],
  oneOf: ['text', 'blocks', 'attachments'],
  optional: [
    ...CONTENT,
    ...FORMATTING,
    'icon_emoji',
    'icon_url',
    'mrkdwn',
    'reply_broadcast',
    'thread_ts',
    'unfurl_links',
    'unfurl_media',
    'username',
  ],
  content: 'message',
  handle(slack, args) {
    const channel = String(args.channel);
    // Posting to a user id lands in the bot's DM with them; the stand-in files it under the user id.
    if (!slack.hasConversation(channel)) return fail('channel_not_found');
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    const extra: Partial<StoredMessage> = {};
    if (typeof args.thread_ts === 'string') extra.thread_ts = args.thread_ts;
    if (isRecord(args.metadata)) extra.metadata = args.metadata;
    const message = slack.postAsBot(channel, { ...content, ...extra });
    return { ok: true, channel, ts: message.ts, message };
  },
};

/** https://docs.slack.dev/reference/methods/chat.update */
export const chatUpdate: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/chat.update',
  required: ['channel', 'ts'],
  optional: [...CONTENT, ...FORMATTING, 'file_ids', 'reply_broadcast', 'unfurled_attachments'],
  content: 'message',
  handle(slack, args) {
    const found = slack.findMessage(String(args.channel), String(args.ts));
    if (typeof found === 'string') return fail(found);
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    // Slack keeps blocks/attachments the update leaves out; an empty array removes them.
    Object.assign(found.message, content, { edited: { user: slack.botUserId, ts: slack.nextTs() } });
    slack.changed({ type: 'messages', channel: found.channel });
    return {
      ok: true,
      channel: found.channel,
      ts: found.message.ts,
      text: found.message.text ?? '',
      message: structuredClone(found.message),
    };
  },
};

/** https://docs.slack.dev/reference/methods/chat.delete */
export const chatDelete: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/chat.delete',
  required: ['channel', 'ts'],
  optional: ['as_user'],
  handle(slack, args) {
    const found = slack.findMessage(String(args.channel), String(args.ts));
    if (typeof found === 'string') return fail(found);
    slack.deleteMessage(found.channel, found.message);
    return { ok: true, channel: found.channel, ts: found.message.ts };
  },
};

/** https://docs.slack.dev/reference/methods/chat.postEphemeral */
export const chatPostEphemeral: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/chat.postEphemeral',
  required: ['channel', 'user'],
  oneOf: ['text', 'blocks', 'attachments'],
  optional: [...CONTENT, ...FORMATTING, 'icon_emoji', 'icon_url', 'thread_ts', 'username'],
  content: 'message',
  handle(slack, args) {
    const id = String(args.channel);
    const channel = slack.channel(id);
    if (channel === undefined) return fail('channel_not_found');
    const user = String(args.user);
    if (!channel.members.includes(user)) return fail('user_not_in_channel');
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    const message = slack.postEphemeralAsBot(id, user, content);
    return { ok: true, message_ts: message.ts };
  },
};
