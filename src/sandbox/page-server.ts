import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SLOW_CLIENT_LIMITS } from '../http/routes.js';
import { ClientError, type SandboxSlackClient } from './slack-client.js';
import type { StandInSlack, WorkspaceEvent } from './stand-in-slack.js';
import { BOT_USER_ID, PEOPLE, SANDBOX_TEAM } from './workspace.js';

/** `sandbox/public/` at the repository root: two levels up from both src/sandbox and dist/sandbox. */
export const PUBLIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sandbox', 'public');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const MAX_BODY_BYTES = 64 * 1024;
const MAX_MESSAGES_SHOWN = 300;
// Proxies and browsers drop a silent event stream; a comment every 20 s keeps it open.
const HEARTBEAT_MS = 20_000;

const person = z.enum(PEOPLE.map((p) => p.id) as [string, ...string[]], {
  error: 'is not one of the sandbox people.',
});
const schemas = {
  message: z.object({ as: person, text: z.string().max(4000) }),
  file: z.object({
    as: person,
    name: z.string().trim().min(1).max(200),
    content: z.string().min(1).max(60_000),
  }),
  shortcut: z.object({ as: person, ts: z.string().max(40), callbackId: z.string().max(255) }),
  channel: z.object({
    as: person,
    name: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, {
        error: 'Use lowercase letters, digits, - and _ (e.g. customer-comms).',
      }),
    isPrivate: z.boolean().default(false),
  }),
  action: z.object({
    as: person,
    channel: z.string(),
    ts: z.string(),
    blockId: z.string().optional(),
    actionId: z.string(),
  }),
  submit: z.object({ as: person, values: z.record(z.string(), z.string().max(5000).nullable()) }),
  who: z.object({ as: person }),
  timeZone: z.object({ tz: z.string().max(64) }),
};

export interface PageServerOptions {
  slack: StandInSlack;
  client: SandboxSlackClient;
  /** Loads the demo campaign; the page's button and `npm run demo` call it. */
  loadDemo: () => Promise<unknown>;
  port: number;
}

/**
 * The sandbox's Slack-like web page and the small JSON API behind it. It stands where Slack's client
 * stands: everything a person does goes through `SandboxSlackClient` as a signed request to the bot,
 * and everything the bot does arrives through the Web API stand-in, pushed to the page with
 * Server-Sent Events.
 */
export class PageServer {
  private readonly streams = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: PageServerOptions,
  ) {}

  static async start(options: PageServerOptions): Promise<PageServer> {
    let page: PageServer | undefined;
    const server = createServer(SLOW_CLIENT_LIMITS, (req, res) => {
      if (!page) {
        res.writeHead(503).end();
        return;
      }
      page.handle(req, res).catch((error: unknown) => answerError(res, error));
    });
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      // Loopback only: the page acts as anyone in the workspace without asking who is there.
      server.listen(options.port, '127.0.0.1', () => resolvePromise());
    });
    page = new PageServer(server, (server.address() as AddressInfo).port, options);
    return page;
  }

  async stop(): Promise<void> {
    // Ending a stream closes it, and its 'close' handler unsubscribes it.
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolvePromise, reject) =>
      this.server.close((error) => (error ? reject(error) : resolvePromise())),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    // Channel and view ids become `:id`, so that every route is one string to switch on.
    const id = /^\/api\/(?:channels|views)\/([A-Z0-9]+)\//.exec(url.pathname)?.[1] ?? '';
    const route = `${req.method} ${id ? url.pathname.replace(`/${id}/`, '/:id/') : url.pathname}`;
    const { slack, client } = this.options;
    const as = url.searchParams.get('as') ?? '';

    switch (route) {
      case 'GET /healthz':
        return json(res, 200, { ok: true, mode: 'sandbox' });
      case 'GET /api/workspace':
        return json(res, 200, this.workspace(person.parse(as)));
      case 'GET /api/events':
        return this.stream(res, person.parse(as));
      case 'GET /api/modal':
        return json(res, 200, { view: slack.openModal(person.parse(as)) ?? null });
      case 'GET /api/home':
        return json(res, 200, { view: slack.homeView(person.parse(as)) ?? null });
      case 'GET /api/channels/:id/messages': {
        const viewer = person.parse(as);
        if (!this.canSee(viewer, id)) throw new ClientError(403, 'This channel is private.');
        // The latest messages, as a Slack client loads a channel; older ones stay in the workspace file.
        return json(res, 200, { messages: slack.timeline(id, viewer).slice(-MAX_MESSAGES_SHOWN) });
      }
    }
    const upload = /^\/files\/(F[A-Z0-9]+)\/[^/]+$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && upload)
      return this.serveUpload(res, upload, person.parse(as), url.searchParams.has('download'));
    if (req.method === 'GET' && !url.pathname.startsWith('/api/')) return this.serveFile(res, url.pathname);
    if (req.method !== 'POST') throw new ClientError(405, 'Method not allowed.');
    this.requireSameOrigin(req);

    const body = await readJson(req);
    switch (route) {
      case 'POST /api/channels/:id/messages': {
        const { as: user, text } = schemas.message.parse(body);
        await client.sendMessage(user, id, text);
        return json(res, 200, { ok: true });
      }
      case 'POST /api/channels/:id/files': {
        const { as: user, name, content } = schemas.file.parse(body);
        client.attachFile(user, id, name, content);
        return json(res, 200, { ok: true });
      }
      case 'POST /api/channels/:id/shortcut': {
        const { as: user, ts, callbackId } = schemas.shortcut.parse(body);
        await client.runMessageShortcut(user, id, ts, callbackId);
        return json(res, 200, { ok: true });
      }
      case 'POST /api/views/:id/submit': {
        const { as: user, values } = schemas.submit.parse(body);
        return json(res, 200, { ok: true, ...(await client.submitView(user, id, values)) });
      }
      case 'POST /api/views/:id/close':
        client.closeView(schemas.who.parse(body).as, id);
        return json(res, 200, { ok: true });
      case 'POST /api/channels': {
        const { as: user, name, isPrivate } = schemas.channel.parse(body);
        const taken = slack.channelIds().some((id) => slack.channel(id)?.name === name);
        if (taken) throw new ClientError(409, `#${name} already exists.`);
        const members = isPrivate ? [user, BOT_USER_ID] : [...PEOPLE.map((p) => p.id), BOT_USER_ID];
        return json(res, 200, { id: slack.createChannel({ name, isPrivate, members }) });
      }
      case 'POST /api/actions': {
        const { as: user, ...where } = schemas.action.parse(body);
        await client.clickButton(user, where);
        return json(res, 200, { ok: true });
      }
      case 'POST /api/home':
        await client.openHome(schemas.who.parse(body).as);
        return json(res, 200, { ok: true });
      case 'POST /api/time-zone': {
        // The page reports the browser's zone; the people's Slack profiles follow it (users.info → tz).
        const { tz } = schemas.timeZone.parse(body);
        if (!isTimeZone(tz)) throw new ClientError(400, `${tz} is not an IANA time zone.`);
        for (const p of PEOPLE) slack.setUser(p.id, { ...slack.user(p.id), tz });
        return json(res, 200, { ok: true });
      }
      case 'POST /api/demo':
        return json(res, 200, await this.options.loadDemo());
      default:
        throw new ClientError(404, 'No such endpoint.');
    }
  }

  /**
   * The page acts as anyone without asking who is there, so a change must come from the page itself:
   * another site open in the same browser (a form or a fetch to 127.0.0.1) or a DNS-rebound name
   * must not post `/xsa subscribe` as alice. The Host must be this loopback port, an Origin (which
   * browsers send on every cross-site POST) this page's own, and the body declared JSON (which a
   * cross-site form cannot send).
   */
  private requireSameOrigin(req: IncomingMessage): void {
    const own = [`127.0.0.1:${this.port}`, `localhost:${this.port}`];
    const origin = req.headers.origin;
    const sameHost = own.includes(req.headers.host ?? '');
    const sameOrigin = origin === undefined || own.some((host) => origin === `http://${host}`);
    const json =
      (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
    if (!sameHost || !sameOrigin || !json || req.headers['sec-fetch-site'] === 'cross-site')
      throw new ClientError(403, 'Changes are accepted only from the sandbox page itself.');
  }

  private canSee(user: string, channel: string): boolean {
    const found = this.options.slack.channel(channel);
    return found !== undefined && (!found.isPrivate || found.members.includes(user));
  }

  private workspace(viewer: string) {
    const { slack } = this.options;
    return {
      team: SANDBOX_TEAM,
      me: viewer,
      bot: { id: slack.botUserId, name: 'xsa-bot' },
      people: PEOPLE.map((p) => ({ ...p, tz: slack.user(p.id)?.tz ?? null })),
      // Every channel, so that a mention of one renders; the page lists the ones the viewer can see.
      channels: slack.channelIds().map((id) => {
        const channel = slack.channel(id);
        // A private channel's name can name the advisory: only its members learn it.
        const canSee = this.canSee(viewer, id);
        return {
          id,
          name: canSee ? (channel?.name ?? id) : null,
          isPrivate: channel?.isPrivate ?? false,
          isMember: channel?.members.includes(viewer) ?? false,
          canSee,
          memberCount: channel?.members.length ?? 0,
        };
      }),
    };
  }

  /** Server-Sent Events: what changed for this person; the page fetches the rest. */
  private stream(res: ServerResponse, viewer: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    const relevant = (event: WorkspaceEvent) => {
      switch (event.type) {
        case 'messages':
          return (event.user === undefined || event.user === viewer) && this.canSee(viewer, event.channel);
        case 'modal':
        case 'home':
          return event.user === viewer;
        case 'channels':
          return true;
      }
    };
    const unsubscribe = this.options.slack.subscribe((event) => {
      if (relevant(event)) res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    this.streams.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.streams.delete(res);
    });
  }

  /**
   * A file the bot shared, for someone who can see a channel it was shared to (else 404, as if it did
   * not exist): opened in the browser (text as plain text), or downloaded with its name and type.
   */
  private serveUpload(res: ServerResponse, id: string, viewer: string, download: boolean): void {
    const file = this.options.slack.uploadedFile(id);
    if (!file?.bytes || !file.channels.some((channel) => this.canSee(viewer, channel)))
      throw new ClientError(404, 'Not found.');
    const text = file.mimetype.startsWith('text/');
    const type = download || !text ? file.mimetype : 'text/plain';
    res.writeHead(200, {
      'content-type': text ? `${type}; charset=utf-8` : type,
      'content-disposition': `${download ? 'attachment' : 'inline'}; filename="${file.name.replace(/["\\\r\n]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'; img-src 'self'",
    });
    res.end(file.bytes);
  }

  private async serveFile(res: ServerResponse, pathname: string): Promise<void> {
    let relative: string;
    try {
      relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    } catch {
      throw new ClientError(404, 'Not found.');
    }
    const file = resolve(join(PUBLIC_DIR, relative));
    const type = CONTENT_TYPES[extname(file)];
    if (!file.startsWith(PUBLIC_DIR + sep) || type === undefined) throw new ClientError(404, 'Not found.');
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      throw new ClientError(404, 'Not found.');
    }
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
    });
    res.end(content);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** A refused request gets its reason; anything else a 500 that says where to look. */
function answerError(res: ServerResponse, error: unknown): void {
  if (error instanceof ClientError) {
    json(res, error.status, { error: error.message });
    return;
  }
  if (error instanceof z.ZodError) {
    const problems = error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`);
    json(res, 400, { error: problems.join('; ') });
    return;
  }
  console.error('sandbox page server:', error);
  json(res, 500, { error: `The sandbox failed: ${error instanceof Error ? error.message : String(error)}` });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ClientError(413, 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ClientError(400, 'The body is not JSON.');
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
