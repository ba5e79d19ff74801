import type { DateTime } from 'luxon';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read at scrape time: the database, through the stores. */
export interface MetricSources {
  now(): DateTime;
  /** Messages waiting in the outbox (pending or being sent), and when the oldest was queued. */
  outboxBacklog(): { depth: number; oldestQueuedAt: DateTime | null };
  openCampaigns(): number;
}

export type AckKind = 'command' | 'action' | 'view' | 'event' | 'shortcut' | 'other';
export type DeliveryOutcome = 'sent' | 'retried' | 'rate_limited' | 'failed';
export type ReminderKind = 'checkpoint' | 'window' | 'digest';

/**
 * The bot's Prometheus metrics, in a registry of its own (one per running bot, none module-wide),
 * served as text on `GET /metrics`. README.md, "Metrics", says what each one means.
 */
export class Metrics {
  readonly registry = new Registry();
  /** From Bolt receiving a request to the ack being written, by kind and name. */
  readonly ackSeconds = new Histogram({
    name: 'xsa_ack_seconds',
    help: 'Time from receiving a Slack request to writing its acknowledgement, by kind (command, action, view, event) and name (command verb, action_id, callback_id, event type).',
    labelNames: ['kind', 'name'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
    registers: [this.registry],
  });
  readonly requests = new Counter({
    name: 'xsa_requests_total',
    help: 'Slack requests handed to the app, by kind and outcome (acked; error: a listener failed before its ack; unacked: no listener acked).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly httpResponses = new Counter({
    name: 'xsa_http_responses_total',
    help: "HTTP responses of the bot's own server by status code, including requests refused before the app saw them (401 bad signature, 400, 404, 405, 413).",
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'xsa_outbox_deliveries_total',
    help: 'Outbox delivery attempts by outcome: sent; retried (5xx, network, timeout); rate_limited (429, waits for Retry-After); failed (refused for good, e.g. channel_not_found).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly reminderLateness = new Histogram({
    name: 'xsa_reminder_lateness_seconds',
    help: "Time from a reminder's due instant to Slack accepting its post, per channel posted to, by kind (checkpoint, window, digest).",
    labelNames: ['kind'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    new Gauge({
      name: 'xsa_outbox_depth',
      help: 'Messages in the outbox not yet delivered (pending, or sent and awaiting confirmation).',
      registers,
      collect() {
        this.set(sources.outboxBacklog().depth);
      },
    });
    new Gauge({
      name: 'xsa_outbox_oldest_pending_seconds',
      help: 'Age of the oldest undelivered outbox message; 0 when the outbox is empty.',
      registers,
      collect() {
        const { oldestQueuedAt } = sources.outboxBacklog();
        this.set(oldestQueuedAt ? Math.max(0, sources.now().diff(oldestQueuedAt).as('seconds')) : 0);
      },
    });
    new Gauge({
      name: 'xsa_open_campaigns',
      help: 'Campaigns not closed.',
      registers,
      collect() {
        this.set(sources.openCampaigns());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
