import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AckFn, App, ReceiverEvent } from '@slack/bolt';
import type { HttpRoute } from '../http/routes.js';
import type { AckKind, Metrics } from '../metrics.js';
import { commandVerb } from './command-parser.js';

// A name that is not one of ours (a forged or foreign payload) is counted as `other`, so the
// label's values stay few.
const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const named = (value: unknown) => (typeof value === 'string' && NAME.test(value) ? value : 'other');

/** The metrics labels of a request: its kind, and the command verb, action_id, callback_id or event type. */
export function classifyRequest(body: unknown): { kind: AckKind; name: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.command === 'string') {
    return { kind: 'command', name: commandVerb(String(b.text ?? '')) ?? 'other' };
  }
  switch (b.type) {
    case 'block_actions':
      return {
        kind: 'action',
        name: named((b.actions as Array<{ action_id?: unknown }> | undefined)?.[0]?.action_id),
      };
    case 'view_submission':
    case 'view_closed':
      return { kind: 'view', name: named((b.view as { callback_id?: unknown } | undefined)?.callback_id) };
    case 'event_callback':
      return { kind: 'event', name: named((b.event as { type?: unknown } | undefined)?.type) };
    case 'shortcut':
    case 'message_action':
      return { kind: 'shortcut', name: named(b.callback_id) };
    default:
      return { kind: 'other', name: 'other' };
  }
}

/**
 * Times every request from Bolt's receiver handing it to the app to the ack being written, and
 * counts outcomes — in HTTP and Socket Mode alike, since both receivers go through
 * `app.processEvent` (Bolt has no hook around the ack itself).
 */
export function instrumentApp(app: App, metrics: Metrics): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const started = performance.now();
    const labels = classifyRequest(event.body);
    let acked = false;
    const ack: AckFn<unknown> = async (response) => {
      await event.ack(response);
      if (acked) return;
      acked = true;
      metrics.ackSeconds.observe(labels, (performance.now() - started) / 1000);
    };
    try {
      await processEvent({ ...event, ack });
    } catch (error) {
      metrics.requests.inc({ kind: labels.kind, outcome: 'error' });
      throw error;
    }
    metrics.requests.inc({ kind: labels.kind, outcome: acked ? 'acked' : 'unacked' });
  };
}

/** Counts every response of the HTTP server by status, including those refused before Bolt. */
export function countResponses(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  metrics: Metrics,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    res.once('finish', () => metrics.httpResponses.inc({ code: String(res.statusCode) }));
    listener(req, res);
  };
}

/** `GET /metrics`: the Prometheus text format, in the route table (HTTP and Socket Mode). */
export function metricsRoute(metrics: Metrics): HttpRoute {
  return {
    path: '/metrics',
    method: 'GET',
    handle: (_req, res) => {
      metrics.render().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(body);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('could not collect the metrics\n');
        },
      );
    },
  };
}
