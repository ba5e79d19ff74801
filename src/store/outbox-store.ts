import type { DateTime } from 'luxon';
import type { Db } from './database.js';
import { fromStored, toStoredInstant } from './instants.js';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

/** `M` is the message, stored as opaque JSON: the store does not know what a Slack message is. */
export interface OutboxItem<M = unknown> {
  id: number;
  dedupeKey: string;
  campaignId: string | null;
  channel: string;
  message: M;
  state: OutboxState;
  attempts: number;
  createdAt: DateTime;
  nextAttemptAt: DateTime;
  lastError: string | null;
  messageTs: string | null;
}

interface OutboxRow {
  id: number;
  dedupe_key: string;
  campaign_id: string | null;
  channel: string;
  message: string;
  state: OutboxState;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_error: string | null;
  message_ts: string | null;
}

const toItem = <M>(row: OutboxRow): OutboxItem<M> => ({
  id: row.id,
  dedupeKey: row.dedupe_key,
  campaignId: row.campaign_id,
  channel: row.channel,
  message: JSON.parse(row.message) as M,
  state: row.state,
  attempts: row.attempts,
  createdAt: fromStored(row.created_at),
  nextAttemptAt: fromStored(row.next_attempt_at),
  lastError: row.last_error,
  messageTs: row.message_ts,
});

export interface DeliveryProblem {
  channel: string;
  error: string;
  messages: number;
}

/**
 * Everything the bot posts on its own, written before it is sent. A dedupe key names each
 * message (campaign, checkpoint, channel), so deciding to post twice stores it once.
 */
export class OutboxStore<M = unknown> {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      enqueue: db.prepare(
        `INSERT OR IGNORE INTO outbox (dedupe_key, campaign_id, channel, message, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      // The oldest undelivered message of each channel: order per channel is kept by never
      // looking past it.
      heads: db.prepare<[], OutboxRow>(
        `SELECT o.* FROM outbox o
         JOIN (SELECT channel, MIN(id) AS id FROM outbox WHERE state IN ('pending', 'sending') GROUP BY channel) h ON h.id = o.id
         ORDER BY o.id`,
      ),
      byKey: db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE dedupe_key = ?'),
      sending: db.prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?"),
      sent: db.prepare(
        "UPDATE outbox SET state = 'sent', sent_at = ?, message_ts = ?, last_error = NULL WHERE id = ?",
      ),
      retry: db.prepare('UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ? WHERE id = ?'),
      failed: db.prepare("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?"),
      lastSent: db.prepare<[string], string | null>(
        "SELECT MAX(sent_at) FROM outbox WHERE channel = ? AND state = 'sent'",
      ),
      backlog: db.prepare<[], { depth: number; oldest: string | null }>(
        "SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox WHERE state IN ('pending', 'sending')",
      ),
      problems: db.prepare<[string], { channel: string; error: string; messages: number }>(
        `SELECT channel, last_error AS error, COUNT(*) AS messages FROM outbox
         WHERE campaign_id = ? AND state = 'failed' AND last_error != 'campaign_closed' GROUP BY channel, last_error ORDER BY channel`,
      ),
    };
    this.statements.lastSent.pluck();
  }

  /** Queues a message; false when one with this key was queued before (it is not queued again). */
  enqueue(
    item: { dedupeKey: string; campaignId: string | null; channel: string; message: M },
    now: DateTime,
  ): boolean {
    const at = toStoredInstant(now);
    return (
      this.statements.enqueue.run(
        item.dedupeKey,
        item.campaignId,
        item.channel,
        JSON.stringify(item.message),
        at,
        at,
      ).changes > 0
    );
  }

  find(dedupeKey: string): OutboxItem<M> | null {
    const row = this.statements.byKey.get(dedupeKey);
    return row ? toItem<M>(row) : null;
  }

  /** The oldest undelivered message of every channel. */
  channelHeads(): OutboxItem<M>[] {
    return this.statements.heads.all().map((row) => toItem<M>(row));
  }

  /** Recorded before the call to Slack: from here the message may have been posted. */
  markSending(id: number): void {
    this.statements.sending.run(id);
  }

  markSent(id: number, messageTs: string, at: DateTime): void {
    this.statements.sent.run(toStoredInstant(at), messageTs, id);
  }

  /** Try again at `at`. `posted` is 'no' when Slack said it refused the post, 'maybe' when nobody knows. */
  retryAt(id: number, at: DateTime, error: string, posted: 'no' | 'maybe'): void {
    this.statements.retry.run(posted === 'no' ? 'pending' : 'sending', toStoredInstant(at), error, id);
  }

  /** An error that cannot succeed by retrying: kept, and shown in `/xsa status`. */
  markFailed(id: number, error: string): void {
    this.statements.failed.run(error, id);
  }

  lastSentAt(channel: string): DateTime | null {
    const at = this.statements.lastSent.get(channel) as string | null | undefined;
    return at ? fromStored(at) : null;
  }

  /** Messages not yet delivered, and when the oldest of them was queued. */
  backlog(): { depth: number; oldestQueuedAt: DateTime | null } {
    const row = this.statements.backlog.get() ?? { depth: 0, oldest: null };
    return {
      depth: row.depth,
      oldestQueuedAt: fromStored(row.oldest),
    };
  }

  deliveryProblems(campaignId: string): DeliveryProblem[] {
    return this.statements.problems.all(campaignId);
  }
}
