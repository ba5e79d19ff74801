import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import type { OutgoingMessage } from '../slack/blocks/kit.js';
import { DeliveryError, type SlackPoster } from '../slack/poster.js';
import type { OutboxItem } from '../store/outbox-store.js';

/** Slack allows about one post a second per channel. */
const CHANNEL_SPACING_MS = 1000;
const MAX_BACKOFF_SECONDS = 300;
// Slack's ts and our clock may disagree a little: look for the post from a bit before it was queued.
const LOOKBACK_MARGIN_MINUTES = 1;

const backoffSeconds = (attempts: number) => Math.min(2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_SECONDS);

/**
 * Delivers the outbox: the oldest undelivered message of each channel, in order, spaced a second
 * apart per channel. 429s wait for Retry-After, 5xx and network errors back off, errors that
 * cannot succeed are recorded. A message that may have been posted is looked for in the channel
 * before it is posted again, so the channel sees it once.
 */
export class OutboxWorker {
  private readonly lastPostAt = new Map<string, number>();

  constructor(
    private readonly ctx: AppContext,
    private readonly poster: SlackPoster,
  ) {}

  /** One pass: every channel whose head is due gets one delivery attempt; channels run side by side. */
  async deliverDue(): Promise<number> {
    const now = this.ctx.clock.now();
    const due = this.ctx.outbox
      .channelHeads()
      .filter((item) => item.nextAttemptAt <= now && this.spacedEnough(item.channel, now));
    const results = await Promise.all(due.map((item) => this.deliver(item)));
    return results.filter(Boolean).length;
  }

  /** Delivers until nothing more is due now (each channel still spaced a second apart). */
  async drain(maxPasses = 1000): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass += 1) {
      if ((await this.deliverDue()) === 0) return;
    }
  }

  /** When the next delivery attempt is due: the earliest channel head, spaced a second per channel. */
  nextDueAt(now: DateTime): DateTime | null {
    let next: DateTime | null = null;
    for (const item of this.ctx.outbox.channelHeads()) {
      const spacedMs = this.lastPost(item.channel) + CHANNEL_SPACING_MS;
      const atMs = Math.max(item.nextAttemptAt.toMillis(), spacedMs, now.toMillis());
      if (next === null || atMs < next.toMillis()) next = DateTime.fromMillis(atMs, { zone: 'utc' });
    }
    return next;
  }

  private lastPost(channel: string): number {
    let last = this.lastPostAt.get(channel);
    if (last === undefined) {
      last = this.ctx.outbox.lastSentAt(channel)?.toMillis() ?? Number.NEGATIVE_INFINITY;
      this.lastPostAt.set(channel, last);
    }
    return last;
  }

  private spacedEnough(channel: string, now: DateTime): boolean {
    return now.toMillis() - this.lastPost(channel) >= CHANNEL_SPACING_MS;
  }

  private async deliver(item: OutboxItem<OutgoingMessage>): Promise<boolean> {
    const { ctx } = this;
    // Closing a campaign stops everything, including what was queued and not yet delivered.
    if (item.campaignId && ctx.campaigns.findCampaign(item.campaignId)?.closedAt) {
      ctx.outbox.markFailed(item.id, 'campaign_closed');
      return true;
    }
    try {
      if (item.message.responseUrl) {
        // An ephemeral answer cannot be looked up in the channel: one that may have landed is
        // posted again, since a confirmation seen twice is better than one never seen.
        ctx.outbox.markSending(item.id);
        await this.poster.respond(item.message.responseUrl, item.message);
        ctx.outbox.markSent(item.id, '', ctx.clock.now());
        ctx.metrics.deliveries.inc({ outcome: 'sent' });
        return true;
      }
      if (item.state === 'sending') {
        const since = item.createdAt.minus({ minutes: LOOKBACK_MARGIN_MINUTES });
        const found = await this.poster
          .findPosted(item.channel, item.dedupeKey, since)
          .catch((error: unknown) => {
            // Without history access we cannot tell; posting again risks a duplicate, not posting risks a loss.
            if (error instanceof DeliveryError && error.failure.kind === 'refused') return null;
            throw error;
          });
        if (found) {
          ctx.outbox.markSent(item.id, found, ctx.clock.now());
          return true;
        }
      }
      ctx.outbox.markSending(item.id);
      const ts = await this.poster.post(item.channel, item.message, item.dedupeKey);
      const now = ctx.clock.now();
      ctx.outbox.markSent(item.id, ts, now);
      this.lastPostAt.set(item.channel, now.toMillis());
      ctx.metrics.deliveries.inc({ outcome: 'sent' });
      this.observeLateness(item, now);
      return true;
    } catch (error) {
      this.recordFailure(item, error);
      return false;
    }
  }

  /** A reminder's lateness: from its due instant to Slack taking the post. */
  private observeLateness(item: OutboxItem, postedAt: DateTime): void {
    const key = item.dedupeKey.slice(0, item.dedupeKey.lastIndexOf('#'));
    const kind = key.startsWith('reminder:')
      ? 'checkpoint'
      : key.startsWith('window:')
        ? 'window'
        : key.startsWith('digest:')
          ? 'digest'
          : null;
    if (kind === null) return;
    const dueAt =
      kind === 'digest'
        ? DateTime.fromISO(key.slice(key.lastIndexOf('@') + 1), { zone: 'utc' })
        : this.ctx.reminders.dueAtOf(key);
    if (!dueAt?.isValid) return;
    this.ctx.metrics.reminderLateness.observe({ kind }, Math.max(0, postedAt.diff(dueAt).as('seconds')));
  }

  private recordFailure(item: OutboxItem, error: unknown): void {
    const { ctx } = this;
    const now = ctx.clock.now();
    const attempts = item.attempts + 1;
    const { deliveries } = ctx.metrics;
    if (!(error instanceof DeliveryError)) {
      ctx.logger.error(`outbox: delivering ${item.dedupeKey} failed`, error);
      deliveries.inc({ outcome: 'retried' });
      ctx.outbox.retryAt(item.id, now.plus({ seconds: backoffSeconds(attempts) }), String(error), 'maybe');
      return;
    }
    const { failure } = error;
    switch (failure.kind) {
      case 'rate_limited':
        deliveries.inc({ outcome: 'rate_limited' });
        ctx.outbox.retryAt(
          item.id,
          now.plus({ seconds: Math.max(failure.retryAfterSeconds, 1) }),
          failure.error,
          'no',
        );
        return;
      case 'refused':
        if (failure.permanent) {
          ctx.logger.warn(`outbox: ${item.channel} refused ${item.dedupeKey}: ${failure.error}`);
          ctx.outbox.markFailed(item.id, failure.error);
          deliveries.inc({ outcome: 'failed' });
        } else {
          deliveries.inc({ outcome: 'retried' });
          ctx.outbox.retryAt(item.id, now.plus({ seconds: backoffSeconds(attempts) }), failure.error, 'no');
        }
        return;
      case 'uncertain':
        deliveries.inc({ outcome: 'retried' });
        ctx.outbox.retryAt(item.id, now.plus({ seconds: backoffSeconds(attempts) }), failure.error, 'maybe');
        return;
    }
  }
}
