import { buildAudienceView, type StatusAudience } from '../campaigns/queries.js';
import type { AppContext } from '../context.js';
import { getStatusBlocks, type SlackMessage } from './blocks/status-blocks.js';

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

  render(ctx: AppContext, audience: StatusAudience & Parameters<typeof buildAudienceView>[1]): SlackMessage {
    const { campaign, now, redacted, inWarRoom, version } = audience;
    const key = [campaign.id, version, redacted, inWarRoom, now.toFormat('yyyyMMddHHmm')].join('|');
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
