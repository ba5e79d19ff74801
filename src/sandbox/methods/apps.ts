import type { WebApiMethod } from './method.js';

/**
 * https://docs.slack.dev/reference/methods/apps.connections.open — called with the app-level token
 * (`xapp-…`); answers the WebSocket URL a Socket Mode client connects to. Served only where a
 * Socket Mode server is running, which says what URL to hand out.
 */
export function appsConnectionsOpen(nextUrl: () => string): WebApiMethod {
  return {
    docs: 'https://docs.slack.dev/reference/methods/apps.connections.open',
    required: [],
    optional: [],
    token: 'app',
    handle: () => ({ ok: true, url: nextUrl() }),
  };
}
