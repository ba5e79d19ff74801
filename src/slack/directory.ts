import type { webApi } from '@slack/bolt';
import type { Directory } from '../campaigns/directory.js';
import type { Clock } from '../clock.js';
import { XsaError } from '../domain/errors.js';
import { displayNameOf } from './people.js';

interface Cached<T> {
  value: Promise<T>;
  expiresAt: number;
}

// Profiles rarely change their zone; membership changes matter within a minute (rule 3): a member
// list is trusted for half a minute, so someone removed from the war room is refused well inside it.
const TIME_ZONE_TTL_MS = 60 * 60_000;
const MEMBERS_TTL_MS = 30_000;
/** As many people as a report names in practice (src/slack/people.ts); the rest stay ids. */
const MAX_NAME_LOOKUPS = 50;
// When Slack does not answer, the last member list it gave stays good for this long (as long as a
// response_url lives): locking every responder out during an outage is worse than letting someone
// removed from the war room in the last half hour act.
const MEMBERS_STALE_IF_ERROR_MS = 30 * 60_000;

const errorCode = (error: unknown): string | undefined =>
  (error as { data?: { error?: string } } | undefined)?.data?.error;

/** Slack's people and channels through the Web API, cached briefly so a command costs no extra calls. */
export class SlackDirectory implements Directory {
  private readonly timeZones = new Map<string, Cached<string | null>>();
  private readonly members = new Map<string, Cached<ReadonlySet<string>>>();
  private readonly names = new Map<string, Cached<string | null>>();
  private readonly lastKnownMembers = new Map<string, { members: ReadonlySet<string>; at: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly clock: Clock,
  ) {}

  userTimeZone(userId: string): Promise<string | null> {
    return this.cached(this.timeZones, userId, TIME_ZONE_TTL_MS, async () => {
      try {
        const result = await this.client.users.info({ user: userId });
        return result.user?.tz ?? null;
      } catch {
        // Rule 1 falls back to UTC and says so; a profile lookup failing must not block the command.
        return null;
      }
    });
  }

  channelMembers(channelId: string): Promise<ReadonlySet<string>> {
    return this.cached(this.members, channelId, MEMBERS_TTL_MS, async () => {
      const members = new Set<string>();
      try {
        let cursor: string | undefined;
        do {
          const page = await this.client.conversations.members({ channel: channelId, limit: 1000, cursor });
          for (const member of page.members ?? []) members.add(member);
          cursor = page.response_metadata?.next_cursor || undefined;
        } while (cursor);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'channel_not_found' || code === 'not_in_channel' || code === 'missing_scope') {
          throw new XsaError(
            'war_room_unreadable',
            `I can't see who is in the war room <#${channelId}> (${code}), so I can't tell who may act. Invite me there with \`/invite @xsa-bot\`.`,
          );
        }
        const known = this.lastKnownMembers.get(channelId);
        if (known && this.clock.now().toMillis() - known.at <= MEMBERS_STALE_IF_ERROR_MS)
          return known.members;
        throw new XsaError(
          'slack_unavailable',
          'Slack did not answer when I checked who is in the war room. Nothing changed; try again in a moment.',
        );
      }
      this.lastKnownMembers.set(channelId, { members, at: this.clock.now().toMillis() });
      return members;
    });
  }

  async channelKind(channelId: string): Promise<'private' | 'public' | 'direct' | 'unseen'> {
    try {
      const { channel } = await this.client.conversations.info({ channel: channelId });
      if (channel?.is_im || channel?.is_mpim) return 'direct';
      return channel?.is_private ? 'private' : 'public';
    } catch (error) {
      if (errorCode(error) === 'channel_not_found') return channelId.startsWith('D') ? 'direct' : 'unseen';
      throw new XsaError(
        'slack_unavailable',
        'Slack did not answer when I checked this channel. Nothing changed; try again in a moment.',
      );
    }
  }

  /** Cached like time zones (an API client may poll the report); a failed lookup leaves the id as it is. */
  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    await Promise.all(
      ids.slice(0, MAX_NAME_LOOKUPS).map(async (id) => {
        const name = await this.cached(this.names, id, TIME_ZONE_TTL_MS, async () =>
          displayNameOf((await this.client.users.info({ user: id })).user),
        ).catch(() => null);
        if (name) names.set(id, name);
      }),
    );
    return names;
  }

  private cached<T>(
    cache: Map<string, Cached<T>>,
    key: string,
    ttlMs: number,
    load: () => Promise<T>,
  ): Promise<T> {
    const now = this.clock.now().toMillis();
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    cache.set(key, { value, expiresAt: now + ttlMs });
    // A failed lookup is not remembered: the next command asks again.
    value.catch(() => cache.delete(key));
    return value;
  }
}
