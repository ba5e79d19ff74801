import type { StandInSlack } from '../stand-in-slack.js';

export type Args = Record<string, unknown>;

/** What Slack answers: `ok: true` with the method's fields, or `ok: false` with an error code. */
export type MethodResult = { ok: true; [field: string]: unknown } | SlackError;

export interface SlackError {
  ok: false;
  error: string;
  response_metadata?: { messages: string[] };
}

/**
 * One Web API method as the stand-in serves it: the arguments its page on docs.slack.dev lists
 * (checked before `handle` runs: a missing required or an unknown one is `invalid_arguments`, as
 * Slack answers), and what it does to the workspace. Adding a method is one of these in a file under
 * methods/, registered in methods/index.ts.
 */
export interface WebApiMethod {
  /** The method's reference page, where its arguments come from. */
  docs: string;
  required: readonly string[];
  optional: readonly string[];
  /** At least one of these must be present (chat.postMessage: `text`, `blocks` or `attachments`). */
  oneOf?: readonly string[];
  /** `app`: called with the app-level token (`xapp-…`) instead of the bot token. */
  token?: 'app';
  /** Block Kit checks of the content (src/sandbox/conformance/block-kit.ts), answered `invalid_blocks`. */
  content?: 'message' | 'view';
  handle(slack: StandInSlack, args: Args): MethodResult;
}

export function fail(error: string, messages?: string[]): SlackError {
  return messages === undefined
    ? { ok: false, error }
    : { ok: false, error, response_metadata: { messages } };
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function isRecord(value: unknown): value is Args {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
