import { buildAudienceView, type StatusAudience } from '../campaigns/queries.js';
import type { AppContext } from '../context.js';
import type { SlackMessage } from './blocks/kit.js';
import { getStatusBlocks } from './blocks/status-blocks.js';

// A few hundred rendered messages (tens of KiB each at most) bound the memory.
const MAX_ENTRIES = 256;

/**
 * The status message rendered once per change of its campaign, not once per request: keyed by the
 * campaign's version (its latest audit event, and the delivery problems), what the viewer may see
 * (redacted, buttons), and the minute — the countdown, the "as of" line and the projection are
 * shown to the minute. A hit skips reading the zones, the projection and the Block Kit build.
 * It wraps the builder (`getStatusBlocks`); the builder itself knows nothing of it.
 */
export class StatusRenderCache {
  private readonly entries = new Map<string, SlackMessage>();
  private readonly refreshes = new Map<
    string,
    { latest: (() => Promise<void>) | null; queued: Promise<void> }
  >();

  /**
   * Runs `refresh` (replacing one message with the status as it is now) so that a burst of clicks
   * on one message refreshes it one at a time, and a refresh still waiting for its turn is replaced
   * by a newer one: the last state wins, the ones in between are dropped. Resolves once a refresh
   * queued after this call has run.
   */
  coalesce(messageKey: string, refresh: () => Promise<void>): Promise<void> {
    let slot = this.refreshes.get(messageKey);
    if (slot?.latest) {
      slot.latest = refresh;
      return slot.queued;
    }
    if (!slot) {
      slot = { latest: null, queued: Promise.resolve() };
      this.refreshes.set(messageKey, slot);
    }
    const own = slot;
    own.latest = refresh;
    const queued: Promise<void> = own.queued.then(async () => {
      const run = own.latest;
      own.latest = null;
      await run?.().catch(() => undefined);
      if (own.queued === queued) this.refreshes.delete(messageKey);
    });
    own.queued = queued;
    return queued;
  }

  render(ctx: AppContext, audience: StatusAudience & Parameters<typeof buildAudienceView>[1]): SlackMessage {
    const { campaign, now, redacted, inWarRoom, shared, version } = audience;
    const key = [campaign.id, version, redacted, inWarRoom, shared, now.toFormat('yyyyMMddHHmm')].join('|');
    const cached = this.entries.get(key);
    if (cached) return cached;
    const message = getStatusBlocks(buildAudienceView(ctx, audience));
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, message);
    return message;
  }
}
