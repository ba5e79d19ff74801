import { randomBytes } from 'node:crypto';
import { signatureHeaders } from '../../src/sandbox/signing.js';

export { signatureHeaders };

/**
 * Requests signed the way Slack signs them (signature version v0), for tests that drive the bot's
 * HTTP receiver, and the means to forge them badly.
 */

export interface SignedResponse {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface PostSignedOptions {
  secret: string;
  /** Defaults to now; pass an old one to test the replay window. */
  timestampSeconds?: number;
  /** `false` sends the request with no signature headers at all. */
  sign?: boolean;
  /** Changes the body after the signature was computed over the original. */
  alterAfterSigning?: (body: string) => string;
  contentType?: string;
  /** Sent last, so they can override the signature headers. */
  headers?: Record<string, string>;
}

/** A slash command's form body, with the fields Slack sends and defaults for those not given. */
export function slashCommandBody(fields: {
  text: string;
  user_id?: string;
  channel_id?: string;
  response_url?: string;
  trigger_id?: string;
  command?: string;
  team_id?: string;
  user_name?: string;
  channel_name?: string;
}): string {
  const teamId = fields.team_id ?? 'T1';
  const userId = fields.user_id ?? 'U1';
  const channelId = fields.channel_id ?? 'C1';
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: teamId,
    team_domain: 'xsa-test',
    channel_id: channelId,
    channel_name: fields.channel_name ?? channelId.toLowerCase(),
    user_id: userId,
    user_name: fields.user_name ?? userId.toLowerCase(),
    command: fields.command ?? '/xsa',
    text: fields.text,
    api_app_id: 'AXSATEST',
    is_enterprise_install: 'false',
    // A port nothing listens on: a test that forgets `fake.responseUrl()` fails fast and locally.
    response_url: fields.response_url ?? 'http://127.0.0.1:1/response-url/unset',
    trigger_id: fields.trigger_id ?? newTriggerId(),
  }).toString();
}

/** An interactivity request body (block actions, view submissions): `payload=<url-encoded JSON>`. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** POST a body to the bot, signed unless `sign: false`. */
export async function postSigned(
  url: string,
  rawBody: string,
  options: PostSignedOptions,
): Promise<SignedResponse> {
  const signed =
    options.sign === false ? {} : signatureHeaders(options.secret, rawBody, options.timestampSeconds);
  const body = options.alterAfterSigning ? options.alterAfterSigning(rawBody) : rawBody;
  const contentType =
    options.contentType ??
    (rawBody.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signed, ...options.headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function newTriggerId(): string {
  return `${Date.now()}.1.${randomBytes(16).toString('hex')}`;
}
