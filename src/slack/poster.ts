import { createHmac } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { DateTime } from 'luxon';
import type { OutgoingMessage } from './blocks/kit.js';

/** Why a post did not go through, in the terms the outbox needs to decide what to do next. */
export type DeliveryFailure =
  | { kind: 'rate_limited'; retryAfterSeconds: number; error: string }
  /** Slack answered ok:false; `permanent` errors cannot succeed by retrying. */
  | { kind: 'refused'; permanent: boolean; error: string }
  /** Timeout, network error or 5xx: the post may or may not have reached the channel. */
  | { kind: 'uncertain'; error: string };

export class DeliveryError extends Error {
  constructor(readonly failure: DeliveryFailure) {
    super(failure.error);
    this.name = 'DeliveryError';
  }
}

/** ok:false errors that no retry can fix: they are recorded and shown in `/xsa status`. */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'restricted_action',
  'user_not_found',
  'cannot_dm_bot',
]);

// A digest of the dedupe key rides along as message metadata, so after a crash the bot can tell
// whether a post it was making reached the channel. Keyed with the installation's secret: the key
// names the campaign, its lift and the channel, metadata is readable by anyone in a broadcast
// channel, and a plain hash of so guessable a text is reversed by trying ids (rule 2).
const METADATA_EVENT = 'xsa_outbox';
/** The metadata key of a dedupe key: HMAC-SHA-256 under the installation's secret, 128 bits. */
export const metadataKey = (secret: string, dedupeKey: string) =>
  createHmac('sha256', secret).update(dedupeKey).digest('hex').slice(0, 32);

function classify(error: unknown): DeliveryFailure {
  const e = error as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
    message?: string;
  };
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', retryAfterSeconds: e.retryAfter ?? 1, error: 'ratelimited' };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      return { kind: 'refused', permanent: PERMANENT_ERRORS.has(code), error: code };
    }
    case 'slack_webapi_http_error':
      return { kind: 'uncertain', error: `http_${e.statusCode ?? 'error'}` };
    default:
      return { kind: 'uncertain', error: e.message ?? String(error) };
  }
}

/** The Slack calls the scheduler makes, over the Web API. */
export interface SlackPoster {
  post(channel: string, message: OutgoingMessage, dedupeKey: string): Promise<string>;
  /** 'gone' when the message was deleted. */
  update(channel: string, ts: string, message: OutgoingMessage): Promise<'updated' | 'gone'>;
  pin(channel: string, ts: string): Promise<void>;
  /** The ts of a post carrying this dedupe key, made since `since`, if the channel has one. */
  findPosted(channel: string, dedupeKey: string, since: DateTime): Promise<string | null>;
  /** An ephemeral answer through a response_url (valid 30 minutes, 5 posts). */
  respond(responseUrl: string, message: OutgoingMessage): Promise<void>;
}

// As long as the Web API client waits: a hung response_url must not hold up the outbox.
const RESPOND_TIMEOUT_MS = 2500;

export class WebApiPoster implements SlackPoster {
  constructor(
    private readonly client: webApi.WebClient,
    /** The installation's secret that keys message metadata (src/store/installation-secret.ts). */
    private readonly metadataSecret: string,
  ) {}

  async post(channel: string, message: OutgoingMessage, dedupeKey: string): Promise<string> {
    try {
      const result = await this.client.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        metadata: {
          event_type: METADATA_EVENT,
          event_payload: { key: metadataKey(this.metadataSecret, dedupeKey) },
        },
        unfurl_links: false,
      });
      return result.ts as string;
    } catch (error) {
      throw new DeliveryError(classify(error));
    }
  }

  async update(channel: string, ts: string, message: OutgoingMessage): Promise<'updated' | 'gone'> {
    try {
      await this.client.chat.update({
        channel,
        ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      });
      return 'updated';
    } catch (error) {
      const failure = classify(error);
      if (
        failure.kind === 'refused' &&
        (failure.error === 'message_not_found' || failure.error === 'cant_update_message')
      )
        return 'gone';
      throw new DeliveryError(failure);
    }
  }

  async pin(channel: string, ts: string): Promise<void> {
    try {
      await this.client.pins.add({ channel, timestamp: ts });
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === 'refused' && failure.error === 'already_pinned') return;
      throw new DeliveryError(failure);
    }
  }

  async respond(responseUrl: string, message: OutgoingMessage): Promise<void> {
    let response: Response;
    try {
      response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          response_type: 'ephemeral',
          replace_original: false,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
        }),
        signal: AbortSignal.timeout(RESPOND_TIMEOUT_MS),
      });
      await response.text();
    } catch (error) {
      throw new DeliveryError({
        kind: 'uncertain',
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (response.ok) return;
    const error = `http_${response.status}`;
    if (response.status === 429) {
      const retryAfterSeconds = Number(response.headers.get('retry-after') ?? 1);
      throw new DeliveryError({
        kind: 'rate_limited',
        retryAfterSeconds: Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : 1,
        error,
      });
    }
    if (response.status >= 500) throw new DeliveryError({ kind: 'uncertain', error });
    // 404 or 410: the response_url expired or was used up; no retry can bring it back.
    throw new DeliveryError({ kind: 'refused', permanent: true, error });
  }

  async findPosted(channel: string, dedupeKey: string, since: DateTime): Promise<string | null> {
    const wanted = metadataKey(this.metadataSecret, dedupeKey);
    try {
      let cursor: string | undefined;
      do {
        const page = await this.client.conversations.history({
          channel,
          oldest: String(since.toSeconds()),
          include_all_metadata: true,
          limit: 200,
          cursor,
        });
        for (const message of page.messages ?? []) {
          const metadata = message.metadata as
            | { event_type?: string; event_payload?: { key?: string } }
            | undefined;
          if (metadata?.event_type === METADATA_EVENT && metadata.event_payload?.key === wanted)
            return message.ts ?? null;
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return null;
    } catch (error) {
      throw new DeliveryError(classify(error));
    }
  }
}
