import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { appsConnectionsOpen } from './methods/apps.js';
import type { WebApiMethod } from './methods/method.js';

/**
 * Slack's side of Socket Mode, on a loopback port (the sandbox's SANDBOX_TRANSPORT=socket and the
 * tests use it), speaking the protocol as @slack/socket-mode
 * (node_modules/@slack/socket-mode/dist/src/SocketModeClient.js) expects it and as Slack documents
 * it (https://api.slack.com/apis/socket-mode, https://api.slack.com/apis/connections/socket-implement):
 * - `apps.connections.open`, served by the Web API stand-in at SLACK_API_URL (`methods` below),
 *   answers a `ws://` URL with a one-time ticket;
 * - on connection the server sends `{type: "hello"}`; only then is the client connected;
 * - each request is an envelope `{envelope_id, type: slash_commands | interactive | events_api,
 *   payload, accepts_response_payload, retry_attempt, retry_reason}`;
 * - the app acknowledges with `{envelope_id, payload}` on the socket (payload: what an HTTP
 *   acknowledgement's body would hold);
 * - `{type: "disconnect", reason: "refresh_requested"}` asks the client to reconnect, which it does
 *   by calling `apps.connections.open` again.
 */

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

const ACK_TIMEOUT_MS = 3_000;

export class SocketModeServer {
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, (ack: Ack) => void>();
  /** How many connections the app opened (a reconnect is one more). */
  connections = 0;
  private current: WebSocket | undefined;

  private constructor(
    private readonly server: WebSocketServer,
    private readonly url: string,
  ) {
    server.on('connection', (socket, request) => this.accept(socket, request.url ?? ''));
  }

  static async start(): Promise<SocketModeServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return new SocketModeServer(server, `ws://127.0.0.1:${port}/link/`);
  }

  /** `apps.connections.open` for the Web API stand-in: pass as its `methods` option. */
  get methods(): Record<string, WebApiMethod> {
    return { 'apps.connections.open': appsConnectionsOpen(() => this.issueUrl()) };
  }

  /** Resolves once the app has opened `count` connections in all and holds one open. */
  async connected(count = 1, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.connections < count || this.current === undefined) {
      if (Date.now() > deadline) throw new Error(`no Socket Mode connection #${count} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sends an envelope to the app and resolves with its acknowledgement. */
  send(type: EnvelopeType, payload: Record<string, unknown>, acceptsResponsePayload = true): Promise<Ack> {
    const socket = this.current;
    if (socket === undefined) return Promise.reject(new Error('the app is not connected'));
    const envelopeId = randomUUID();
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`no acknowledgement of ${type} within ${ACK_TIMEOUT_MS} ms`));
      }, ACK_TIMEOUT_MS);
      this.pending.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: acceptsResponsePayload,
          retry_attempt: 0,
          retry_reason: '',
        }),
      );
    });
  }

  /** Asks the app to reconnect, as Slack does before it recycles the server holding the socket. */
  requestRefresh(): void {
    this.current?.send(
      JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'stand-in' } }),
    );
  }

  /** Closes what the app left open (after giving a stopping app a moment to close its own socket). */
  async stop(): Promise<void> {
    const deadline = Date.now() + 1_000;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.url}?ticket=${ticket}&app_id=AXSATEST`;
  }

  private accept(socket: WebSocket, path: string): void {
    const ticket = new URL(path, 'ws://localhost').searchParams.get('ticket') ?? '';
    // A ticket is good for one connection, as apps.connections.open's URLs are.
    if (!this.tickets.delete(ticket)) {
      socket.close(4001, 'invalid ticket');
      return;
    }
    this.sockets.add(socket);
    this.connections += 1;
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.current === socket) this.current = undefined;
    });
    this.current = socket;
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'stand-in', approximate_connection_time: 18060 },
        connection_info: { app_id: 'AXSATEST' },
      }),
    );
  }

  private receive(text: string): void {
    let ack: Ack;
    try {
      ack = JSON.parse(text) as Ack;
    } catch {
      return;
    }
    this.pending.get(ack.envelope_id)?.(ack);
    this.pending.delete(ack.envelope_id);
  }
}
