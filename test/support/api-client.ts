import type { TestBot } from './test-bot.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

/** The bot's base URL (the HTTP API shares the port with /slack/events). */
export const apiBase = (t: TestBot) => `http://127.0.0.1:${t.bot.port}`;

/** Calls the HTTP API as a script would: a bearer token and, for a body, JSON. */
export async function callApi(
  t: TestBot,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${apiBase(t)}${path}`, {
    method,
    headers: { ...headers, ...options.headers },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** `/xsa token create <name>` in the war room; returns the token shown once. */
export async function createApiToken(t: TestBot, name: string, as: { user?: string; channel?: string } = {}) {
  const reply = await t.command(`token create ${name}`, as);
  const match = /xsa_[A-Za-z0-9_-]{20,}/.exec(reply.text);
  if (!match) throw new Error(`no token in the reply: ${reply.text}`);
  return match[0];
}
