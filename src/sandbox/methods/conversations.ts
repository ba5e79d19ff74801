import { fail, str, type WebApiMethod } from './method.js';

const DEFAULT_MEMBERS_LIMIT = 100;

/** https://docs.slack.dev/reference/methods/conversations.members — paged with an opaque cursor. */
export const conversationsMembers: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/conversations.members',
  required: ['channel'],
  optional: ['cursor', 'limit'],
  handle(slack, args) {
    const channel = slack.channel(str(args.channel));
    if (channel === undefined) return fail('channel_not_found');
    const limit = Number(args.limit ?? DEFAULT_MEMBERS_LIMIT);
    if (!Number.isInteger(limit) || limit < 1) return fail('invalid_limit');
    let offset = 0;
    const cursor = str(args.cursor);
    if (cursor !== '') {
      const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
      if (match?.[1] === undefined) return fail('invalid_cursor');
      offset = Number(match[1]);
    }
    const members = channel.members.slice(offset, offset + limit);
    const next = offset + limit < channel.members.length ? encodeCursor(offset + limit) : '';
    return { ok: true, members, response_metadata: { next_cursor: next } };
  },
};

/** https://docs.slack.dev/reference/methods/conversations.history — newest first, after `oldest`. */
export const conversationsHistory: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/conversations.history',
  required: ['channel'],
  optional: ['cursor', 'include_all_metadata', 'inclusive', 'latest', 'limit', 'oldest'],
  handle(slack, args) {
    const channel = str(args.channel);
    if (!slack.hasConversation(channel)) return fail('channel_not_found');
    const oldest = Number(args.oldest ?? 0);
    // Metadata only with include_all_metadata, as Slack does.
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const messages = slack
      .messages(channel)
      .filter((m) => Number(m.ts) > oldest)
      .reverse()
      .map(({ metadata, ...rest }) => (withMetadata && metadata ? { ...rest, metadata } : rest));
    return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
  },
};

/** https://docs.slack.dev/reference/methods/conversations.info */
export const conversationsInfo: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/conversations.info',
  required: ['channel'],
  optional: ['include_locale', 'include_num_members'],
  handle(slack, args) {
    const id = str(args.channel);
    const channel = slack.channel(id);
    if (channel === undefined) return fail('channel_not_found');
    const isPrivate = channel.isPrivate ?? false;
    return {
      ok: true,
      channel: {
        id,
        name: channel.name ?? id.toLowerCase(),
        is_channel: !isPrivate,
        is_group: isPrivate,
        is_im: false,
        is_mpim: false,
        is_private: isPrivate,
        is_archived: false,
        is_member: true,
        num_members: channel.members.length,
      },
    };
  },
};

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64');
}
