import { createHmac } from 'node:crypto';

/**
 * The headers Slack signs every request to an app with (signature version v0): an HMAC-SHA256 of
 * `v0:<timestamp>:<raw body>` under the app's signing secret.
 */
export function signatureHeaders(
  secret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const digest = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return {
    'x-slack-signature': `v0=${digest}`,
    'x-slack-request-timestamp': String(timestampSeconds),
  };
}
