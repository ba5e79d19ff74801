import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of Slack's Web API, owned by this project, for tests that point the real `WebClient` at it
 * (`slackApiUrl: fake.apiUrl`). It answers with Slack's response shapes and records every call.
 */

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface FakeUser {
  tz?: string;
  name?: string;
}

export interface FakeChannel {
  members: string[];
  name?: string;
  isPrivate?: boolean;
}

export interface FakeSlackOptions {
  users?: Record<string, FakeUser>;
  channels?: Record<string, FakeChannel>;
  botUserId?: string;
  teamId?: string;
  /**
   * Milliseconds since the epoch that message timestamps are made from. Default: a fixed 2023
   * instant, after any ManualClock in the tests; a bot on the real clock needs `Date.now`, or
   * `conversations.history` with `oldest` never finds what it posted.
   */
  now?: () => number;
  /** Told of every call as it arrives, before it is answered (benchmarks time posts with it). */
  onCall?: (call: RecordedCall) => void;
}

export interface FakeMessage {
  ts: string;
  text?: string;
  blocks?: unknown[];
  [k: string]: unknown;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Args = Record<string, unknown>;

const BOT_ID = 'BBOT';
const APP_ID = 'AXSATEST';
// Form-encoded by the WebClient as JSON strings; recorded as the values the bot passed.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'];
// Block Kit limits Slack enforces on the server side.
const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const DEFAULT_MEMBERS_LIMIT = 100;

export class FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: RecordedCall[] = [];

  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Map<string, FakeChannel>();
  private readonly channelMessages = new Map<string, FakeMessage[]>();
  private readonly views = new Map<string, Args>();
  private readonly failures = new Map<string, Array<{ response: FakeResponse; remaining: number }>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private outage: ((call: RecordedCall) => FakeResponse | undefined) | null = null;
  private readonly botUserId: string;
  private readonly teamId: string;
  private tsCounter = 0;
  private idCounter = 0;
  private lastTsMicros = 0;

  private constructor(
    private readonly server: Server,
    port: number,
    private readonly options: FakeSlackOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.url}/api/`;
    this.botUserId = options.botUserId ?? 'UBOT';
    this.teamId = options.teamId ?? 'T1';
    for (const [id, user] of Object.entries(options.users ?? {})) this.setUser(id, user);
    for (const [id, channel] of Object.entries(options.channels ?? {})) this.setChannel(id, channel);
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      if (fake === undefined) {
        res.writeHead(503).end();
        return;
      }
      fake.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    fake = new FakeSlack(server, (server.address() as AddressInfo).port, options);
    return fake;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  responseUrl(id: string = this.nextId('R')): string {
    return `${this.url}/response-url/${encodeURIComponent(id)}`;
  }

  setUser(id: string, user: FakeUser): void {
    this.users.set(id, { ...user });
  }

  setChannel(id: string, channel: FakeChannel): void {
    this.channels.set(id, { ...channel, members: [...channel.members] });
  }

  failNext(method: string, response: FakeResponse, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({ response, remaining: times });
    this.failures.set(method, queue);
  }

  /**
   * An outage: every call for which `decide` returns a response gets it (instead of any queued
   * `failNext`), until `recover()`. A response with only `delayMs` hangs and then succeeds.
   */
  failWhile(decide: (call: RecordedCall) => FakeResponse | undefined): void {
    this.outage = decide;
  }

  recover(): void {
    this.outage = null;
  }

  messages(channel: string): FakeMessage[] {
    return (this.channelMessages.get(channel) ?? []).map((message) => structuredClone(message));
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.channelMessages.clear();
    this.views.clear();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // fetch keeps connections alive; without this, close() waits for them to time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const { args, token: bodyToken } = parseArgs(raw, req.headers['content-type'], requestUrl.searchParams);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? bodyToken;

    let method: string;
    if (requestUrl.pathname.startsWith('/api/')) {
      method = decodeURIComponent(requestUrl.pathname.slice('/api/'.length));
    } else if (requestUrl.pathname.startsWith('/response-url/')) {
      method = 'response_url';
      args.responseUrlId = decodeURIComponent(requestUrl.pathname.slice('/response-url/'.length));
    } else {
      send(res, { status: 404, body: { ok: false, error: 'not_found' } });
      return;
    }
    const call = { method, args, token };
    this.calls.push(call);
    this.options.onCall?.(call);

    const failure = this.outage?.(call) ?? this.takeFailure(method);
    if (failure?.delayMs) await this.sleep(failure.delayMs);
    if (failure !== undefined && (failure.status !== undefined || failure.body !== undefined)) {
      const status = failure.status ?? 200;
      const body = failure.body ?? { ok: false, error: status === 429 ? 'ratelimited' : 'fatal_error' };
      send(res, { status, body, headers: failure.headers ?? {} });
      return;
    }
    const reply: Reply =
      method === 'response_url'
        ? { status: 200, body: { ok: true } }
        : { status: 200, body: token === undefined ? fail('not_authed') : this.answer(method, args) };
    send(res, { ...reply, headers: { ...reply.headers, ...failure?.headers } });
  }

  private answer(method: string, args: Args): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://xsa-test.slack.com/',
          team: 'XSA Test',
          user: 'xsa-bot',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: BOT_ID,
          is_enterprise_install: false,
        };
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.updateMessage(args);
      case 'chat.delete':
        return this.deleteMessage(args);
      case 'chat.postEphemeral':
        return this.postEphemeral(args);
      case 'conversations.members':
        return this.conversationMembers(args);
      case 'conversations.info':
        return this.conversationInfo(args);
      case 'conversations.history':
        return this.conversationHistory(args);
      case 'users.info':
        return this.userInfo(args);
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return this.storeView(method, args);
      case 'pins.add':
      case 'pins.remove':
        return this.pin(method, args);
      default:
        return fail('unknown_method');
    }
  }

  private postMessage(args: Args): unknown {
    const channel = str(args.channel);
    // Posting to a user id lands in the bot's DM with them; the fake files it under the user id.
    if (!this.channels.has(channel) && !this.users.has(channel)) return fail('channel_not_found');
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    const message: FakeMessage = {
      type: 'message',
      user: this.botUserId,
      bot_id: BOT_ID,
      app_id: APP_ID,
      team: this.teamId,
      ...content,
      ts: this.nextTs(),
    };
    if (typeof args.thread_ts === 'string') message.thread_ts = args.thread_ts;
    if (args.metadata && typeof args.metadata === 'object') message.metadata = args.metadata;
    const list = this.channelMessages.get(channel) ?? [];
    list.push(message);
    this.channelMessages.set(channel, list);
    return { ok: true, channel, ts: message.ts, message: structuredClone(message) };
  }

  private updateMessage(args: Args): unknown {
    const found = this.findMessage(args);
    if (typeof found === 'string') return fail(found);
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    // Slack keeps blocks/attachments the update leaves out; an empty array removes them.
    Object.assign(found.message, content, { edited: { user: this.botUserId, ts: this.nextTs() } });
    return {
      ok: true,
      channel: found.channel,
      ts: found.message.ts,
      text: found.message.text ?? '',
      message: structuredClone(found.message),
    };
  }

  private deleteMessage(args: Args): unknown {
    const found = this.findMessage(args);
    if (typeof found === 'string') return fail(found);
    const list = this.channelMessages.get(found.channel) ?? [];
    list.splice(list.indexOf(found.message), 1);
    return { ok: true, channel: found.channel, ts: found.message.ts };
  }

  private postEphemeral(args: Args): unknown {
    const channel = this.channels.get(str(args.channel));
    if (channel === undefined) return fail('channel_not_found');
    if (!channel.members.includes(str(args.user))) return fail('user_not_in_channel');
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    return { ok: true, message_ts: this.nextTs() };
  }

  private conversationMembers(args: Args): unknown {
    const channel = this.channels.get(str(args.channel));
    if (channel === undefined) return fail('channel_not_found');
    const limit = Number(args.limit ?? DEFAULT_MEMBERS_LIMIT);
    if (!Number.isInteger(limit) || limit < 1) return fail('invalid_limit');
    let offset = 0;
    const cursor = str(args.cursor);
    if (cursor !== '') {
      const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
      if (match?.[1] === undefined) return fail('invalid_cursor');
      offset = Number(match[1]);
    }
    const members = channel.members.slice(offset, offset + limit);
    const next = offset + limit < channel.members.length ? encodeCursor(offset + limit) : '';
    return { ok: true, members, response_metadata: { next_cursor: next } };
  }

  /** Newest first, after `oldest`; metadata only with `include_all_metadata`, as Slack does. */
  private conversationHistory(args: Args): unknown {
    const channel = str(args.channel);
    if (!this.channels.has(channel) && !this.users.has(channel)) return fail('channel_not_found');
    const oldest = Number(args.oldest ?? 0);
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const messages = [...(this.channelMessages.get(channel) ?? [])]
      .filter((m) => Number(m.ts) > oldest)
      .reverse()
      .map((m) => {
        const { metadata, ...rest } = structuredClone(m);
        return withMetadata && metadata ? { ...rest, metadata } : rest;
      });
    return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } };
  }

  private conversationInfo(args: Args): unknown {
    const id = str(args.channel);
    const channel = this.channels.get(id);
    if (channel === undefined) return fail('channel_not_found');
    const isPrivate = channel.isPrivate ?? false;
    return {
      ok: true,
      channel: {
        id,
        name: channel.name ?? id.toLowerCase(),
        is_channel: !isPrivate,
        is_group: isPrivate,
        is_im: false,
        is_mpim: false,
        is_private: isPrivate,
        is_archived: false,
        is_member: true,
        num_members: channel.members.length,
      },
    };
  }

  private userInfo(args: Args): unknown {
    const id = str(args.user);
    const user = this.users.get(id);
    if (user === undefined) return fail('user_not_found');
    const name = user.name ?? id.toLowerCase();
    return {
      ok: true,
      user: {
        id,
        team_id: this.teamId,
        name,
        real_name: name,
        deleted: false,
        is_bot: false,
        ...(user.tz === undefined ? {} : describeZone(user.tz, new Date())),
        profile: { real_name: name, display_name: name },
      },
    };
  }

  private storeView(method: string, args: Args): unknown {
    const submitted = args.view;
    if (submitted === null || typeof submitted !== 'object' || Array.isArray(submitted)) {
      return fail('invalid_arguments');
    }
    const view = submitted as Args;
    if (Array.isArray(view.blocks) && view.blocks.length > MAX_VIEW_BLOCKS) return fail('invalid_arguments');
    if ((method === 'views.open' || method === 'views.push') && str(args.trigger_id) === '') {
      return fail('invalid_arguments');
    }
    if (method === 'views.publish' && str(args.user_id) === '') return fail('invalid_arguments');
    let id = this.nextId('V');
    let previous: Args | undefined;
    if (method === 'views.update') {
      const byId = str(args.view_id);
      const byExternal = str(args.external_id);
      const entry = [...this.views.entries()].find(
        ([viewId, stored]) => viewId === byId || (byExternal !== '' && stored.external_id === byExternal),
      );
      if (entry === undefined) return fail('not_found');
      [id, previous] = entry;
    }
    const stored: Args = {
      ...view,
      id,
      team_id: this.teamId,
      app_id: APP_ID,
      bot_id: BOT_ID,
      state: { values: {} },
      hash: this.nextId('H'),
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: null,
    };
    this.views.set(id, stored);
    return { ok: true, view: structuredClone(stored) };
  }

  private pin(method: string, args: Args): unknown {
    const found = this.findMessage({ channel: args.channel, ts: args.timestamp });
    if (typeof found === 'string') return fail(found);
    const pinnedTo = Array.isArray(found.message.pinned_to) ? (found.message.pinned_to as string[]) : [];
    const pinned = pinnedTo.includes(found.channel);
    if (method === 'pins.add') {
      if (pinned) return fail('already_pinned');
      found.message.pinned_to = [...pinnedTo, found.channel];
    } else {
      if (!pinned) return fail('no_pin');
      found.message.pinned_to = pinnedTo.filter((channel) => channel !== found.channel);
    }
    return { ok: true };
  }

  private findMessage(args: Args): { channel: string; message: FakeMessage } | string {
    const channel = str(args.channel);
    if (!this.channels.has(channel) && !this.users.has(channel)) return 'channel_not_found';
    const message = this.channelMessages.get(channel)?.find((m) => m.ts === str(args.ts));
    return message === undefined ? 'message_not_found' : { channel, message };
  }

  private takeFailure(method: string): FakeResponse | undefined {
    const queue = this.failures.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.response;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Slack timestamps: seconds and six digits of a per-workspace sequence, unique and increasing. */
  private nextTs(): string {
    if (this.options.now) {
      const micros = Math.max(this.options.now() * 1000, this.lastTsMicros + 1);
      this.lastTsMicros = micros;
      return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
    }
    this.tsCounter += 100;
    const seconds = 1_700_000_000 + Math.floor(this.tsCounter / 1_000_000);
    return `${seconds}.${String(this.tsCounter % 1_000_000).padStart(6, '0')}`;
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(8, '0')}`;
  }
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64');
}

/** The stored fields of a posted or edited message, or the error Slack would answer with. */
function messageContent(args: Args): Partial<FakeMessage> | string {
  const content: Partial<FakeMessage> = {};
  if (typeof args.text === 'string') content.text = args.text;
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks) || args.blocks.length > MAX_MESSAGE_BLOCKS) return 'invalid_blocks';
    content.blocks = args.blocks;
  }
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments)) return 'invalid_attachments';
    content.attachments = args.attachments;
  }
  if (args.metadata !== undefined) content.metadata = args.metadata;
  const empty =
    (content.text ?? '') === '' && content.blocks === undefined && content.attachments === undefined;
  return empty ? 'no_text' : content;
}

/** `tz`, `tz_label` and `tz_offset` (seconds east of UTC at `at`) as `users.info` reports them. */
function describeZone(tz: string, at: Date): { tz: string; tz_label: string; tz_offset: number } {
  try {
    const part = (style: 'long' | 'longOffset') =>
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? '';
    const offset = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part('longOffset'));
    const seconds = offset
      ? (Number(offset[2]) * 3600 + Number(offset[3]) * 60) * (offset[1] === '-' ? -1 : 1)
      : 0;
    return { tz, tz_label: part('long'), tz_offset: seconds };
  } catch {
    // Not an IANA zone; Slack never sends one, but a test may want to see how the bot copes.
    return { tz, tz_label: tz, tz_offset: 0 };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(
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
      // Left as sent: the bot under test sent something that is not JSON, and the test should see it.
    }
  }
  // The token is recorded on its own, never among the arguments.
  const token = typeof args.token === 'string' ? args.token : undefined;
  delete args.token;
  return { args, token };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const contentType = typeof reply.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
  res.writeHead(reply.status, { 'content-type': contentType, ...reply.headers });
  res.end(text);
}
