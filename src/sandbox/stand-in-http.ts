import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Args } from './methods/method.js';

/** An HTTP answer of the stand-in: a Web API result, a response_url's answer, or an injected failure. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// Form-encoded by the WebClient as JSON strings; kept as the values the bot passed.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'];
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A Web API call's arguments, form-encoded or JSON, with the token taken out of them. */
export function parseArgs(
  raw: string,
  contentType: string | undefined,
  query: URLSearchParams,
): { args: Args; token: string | undefined } {
  const args: Args = Object.fromEntries(query);
  if ((contentType ?? '').includes('application/json')) {
    const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(args, parsed);
  } else {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
  }
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as sent: the bot sent something that is not JSON, and whoever looks should see it.
    }
  }
  // The token is kept on its own, never among the arguments.
  const token = typeof args.token === 'string' ? args.token : undefined;
  delete args.token;
  return { args, token };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const contentType = typeof reply.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
  res.writeHead(reply.status, { 'content-type': contentType, ...reply.headers });
  res.end(text);
}
