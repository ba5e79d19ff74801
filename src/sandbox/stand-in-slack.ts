import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StandInFiles } from './stand-in-files.js';

/**
 * A stand-in for Slack's side of the conversation with the bot: the Web API the bot calls
 * (`slackApiUrl: standIn.apiUrl`), the `response_url`s it answers through, and the workspace state
 * those calls change — channels, messages (ephemeral ones too), modals and App Home tabs. It answers
 * with Slack's response shapes and errors. The sandbox runs the bot against it; the test fake
 * (test/support/fake-slack.ts) extends it with call recording and injected failures.
 */

export interface StandInUser {
  tz?: string;
  name?: string;
}

export interface StandInChannel {
  members: string[];
  name?: string;
  isPrivate?: boolean;
}

export interface StandInOptions {
  users?: Record<string, StandInUser>;
  channels?: Record<string, StandInChannel>;
  botUserId?: string;
  teamId?: string;
  /** When set, a call with any other token is answered `invalid_auth`, as Slack answers a wrong token. */
  token?: string;
  /** Milliseconds since the epoch that message timestamps are made from (default `Date.now`). */
  now?: () => number;
  /** A workspace saved with `snapshot()`, to carry channels and messages across restarts. */
  restore?: WorkspaceSnapshot;
}

export interface StoredMessage {
  ts: string;
  text?: string;
  blocks?: unknown[];
  [k: string]: unknown;
}

/** Where an answer to a slash command or a click goes: Slack's meaning of a `response_url`. */
export interface ResponseTarget {
  channel: string;
  user: string;
  /** The message a click came from, which `replace_original` / `delete_original` change. */
  message?: { ts: string; ephemeral: boolean };
  /** The slash command, shown as the user's message above an `in_channel` answer, as Slack does. */
  command?: string;
}

/** Something the people looking at the workspace should see; `user` narrows it to one of them. */
export type WorkspaceEvent =
  | { type: 'messages'; channel: string; user?: string }
  | { type: 'modal'; user: string }
  | { type: 'home'; user: string }
  | { type: 'channels' };

export interface WorkspaceSnapshot {
  channels: Array<[string, StandInChannel]>;
  users: Array<[string, StandInUser]>;
  messages: Array<[string, StoredMessage[]]>;
  homes: Array<[string, Args]>;
}

export interface ApiCall {
  method: string;
  args: Args;
  token: string | undefined;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a subclass makes of a call before it is answered: its own reply, or extra response headers. */
export interface Interception {
  reply?: Reply;
  headers?: Record<string, string>;
}

export type Args = Record<string, unknown>;

export const SLACKBOT_USER_ID = 'USLACKBOT';
const BOT_ID = 'BBOT';
const APP_ID = 'AXSATEST';
// Form-encoded by the WebClient as JSON strings; kept as the values the bot passed.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'];
// Block Kit limits Slack enforces on the server side.
const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const DEFAULT_MEMBERS_LIMIT = 100;
// A trigger_id is good for 3 seconds and one modal; a response_url for 5 posts in 30 minutes.
const TRIGGER_TTL_MS = 3_000;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;

interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

interface ResponseSlot {
  target: ResponseTarget;
  issuedAt: number;
  uses: number;
  echoed: boolean;
}

interface ViewOwner {
  user: string;
  kind: 'modal' | 'home';
}

export class StandInSlack {
  private server: Server | undefined;
  private baseUrl = '';

  protected readonly users = new Map<string, StandInUser>();
  protected readonly channels = new Map<string, StandInChannel>();
  protected readonly channelMessages = new Map<string, StoredMessage[]>();
  private readonly ephemeral = new Map<string, Array<StoredMessage & { ephemeralTo: string }>>();
  protected readonly views = new Map<string, Args>();
  private readonly viewOwners = new Map<string, ViewOwner>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly homes = new Map<string, string>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseSlots = new Map<string, ResponseSlot>();
  private readonly listeners = new Set<(event: WorkspaceEvent) => void>();
  readonly botUserId: string;
  readonly teamId: string;
  private lastTsMicros = 0;
  private idCounter = 0;
  /** Marks the trigger ids and response_urls this stand-in issued, to tell expired ones from strangers'. */
  private readonly issuer = randomDigits(12);

  constructor(protected readonly options: StandInOptions = {}) {
    this.botUserId = options.botUserId ?? 'UBOT';
    this.teamId = options.teamId ?? 'T1';
    for (const [id, user] of Object.entries(options.users ?? {})) this.setUser(id, user);
    for (const [id, channel] of Object.entries(options.channels ?? {})) this.setChannel(id, channel);
    if (options.restore) this.restore(options.restore);
  }

  static async start(options: StandInOptions = {}): Promise<StandInSlack> {
    const standIn = new StandInSlack(options);
    await standIn.listen();
    return standIn;
  }

  /** Root of the stand-in's HTTP server, e.g. `http://127.0.0.1:53124`. */
  /** Files attached to messages (files.info, url_private): see stand-in-files.ts. */
  readonly files = new StandInFiles(
    () => this.url,
    () => this.options.token,
  );

  get url(): string {
    if (!this.baseUrl) throw new Error('the Slack stand-in is not listening yet');
    return this.baseUrl;
  }

  /** What the bot's SLACK_API_URL points at. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Listens on a loopback port (0: any free one); only this machine's bot and sandbox talk to it. */
  async listen(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // fetch keeps connections alive; without this, close() waits for them to time out.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  /** Tells `listener` of every change people could see; returns the unsubscribe function. */
  subscribe(listener: (event: WorkspaceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setUser(id: string, user: StandInUser): void {
    this.users.set(id, { ...user });
  }

  user(id: string): StandInUser | undefined {
    const user = this.users.get(id);
    return user && { ...user };
  }

  userIds(): string[] {
    return [...this.users.keys()];
  }

  setChannel(id: string, channel: StandInChannel): void {
    this.channels.set(id, { ...channel, members: [...channel.members] });
    this.emit({ type: 'channels' });
  }

  channel(id: string): StandInChannel | undefined {
    const channel = this.channels.get(id);
    return channel && { ...channel, members: [...channel.members] };
  }

  channelIds(): string[] {
    return [...this.channels.keys()];
  }

  /** A new channel with a Slack-like id (`C` and eight letters or digits). */
  createChannel(channel: StandInChannel): string {
    let id: string;
    do {
      id = `C${randomId(8)}`;
    } while (this.channels.has(id));
    this.setChannel(id, channel);
    return id;
  }

  /** The channel's messages as everyone sees them (no ephemeral ones), oldest first. */
  messages(channel: string): StoredMessage[] {
    return (this.channelMessages.get(channel) ?? []).map((message) => structuredClone(message));
  }

  /** What `viewer` sees in the channel: its messages and the ephemeral ones meant for them, oldest first. */
  timeline(channel: string, viewer: string): StoredMessage[] {
    const mine = (this.ephemeral.get(channel) ?? []).filter((m) => m.ephemeralTo === viewer);
    return [...(this.channelMessages.get(channel) ?? []), ...mine]
      .sort((a, b) => compareTs(a.ts, b.ts))
      .map((message) => structuredClone(message));
  }

  /** A person's message, as the Slack client posts it. */
  postAsUser(channel: string, user: string, text: string, extra: { files?: unknown[] } = {}): StoredMessage {
    const message: StoredMessage = {
      type: 'message',
      user,
      team: this.teamId,
      text,
      ts: this.nextTs(),
      ...extra,
    };
    this.append(channel, message);
    return structuredClone(message);
  }

  /** An ephemeral message from Slack itself (an unknown command, a timed-out app). */
  tellFromSlackbot(channel: string, user: string, text: string): void {
    this.appendEphemeral(channel, user, { type: 'message', user: SLACKBOT_USER_ID, text, ts: this.nextTs() });
  }

  /** A trigger_id for one modal opened within 3 seconds, on behalf of `user`. */
  issueTrigger(user: string): string {
    this.forgetExpired();
    const id = `${Date.now()}.${this.issuer}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  /** A response_url that delivers what is posted to it where Slack would: see `applyResponse`. */
  registerResponseUrl(target: ResponseTarget): string {
    this.forgetExpired();
    const id = `${this.teamId}/${this.issuer}/${randomId(24)}`;
    this.responseSlots.set(id, { target, issuedAt: Date.now(), uses: 0, echoed: false });
    return this.responseUrl(id);
  }

  responseUrl(id: string): string {
    return `${this.url}/response-url/${encodeURIComponent(id)}`;
  }

  /**
   * The body of a slash command's acknowledgement, delivered as Slack delivers it: like a post to the
   * command's response_url, without using up one of its five posts.
   */
  deliverAcknowledgement(responseUrl: string, body: Args): { ok: true } | { ok: false; error: string } {
    const slot = this.responseSlots.get(decodeURIComponent(responseUrl.split('/response-url/')[1] ?? ''));
    if (slot === undefined) return { ok: false, error: 'unknown_response_url' };
    return this.applyResponse(slot, body);
  }

  /**
   * An answer to a slash command or a click applied as Slack applies it: delete or replace the
   * original message, post in the channel (under the command that asked), or else show it to the
   * user alone.
   */
  private applyResponse(slot: ResponseSlot, body: Args): { ok: true } | { ok: false; error: string } {
    const { target } = slot;
    if (isTrue(body.delete_original)) {
      if (!target.message) return { ok: false, error: 'no_original_message' };
      return this.removeOriginal(target) ? { ok: true } : { ok: false, error: 'message_not_found' };
    }
    const content = messageContent(body);
    if (typeof content === 'string') return { ok: false, error: content };
    if (isTrue(body.replace_original) && target.message) {
      return this.replaceOriginal(target, content) ? { ok: true } : { ok: false, error: 'message_not_found' };
    }
    if (body.response_type === 'in_channel') {
      if (target.command && !slot.echoed) {
        slot.echoed = true;
        this.postAsUser(target.channel, target.user, target.command);
      }
      this.append(target.channel, { ...this.botAuthor(), ...content, ts: this.nextTs() });
    } else {
      this.appendEphemeral(target.channel, target.user, {
        ...this.botAuthor(),
        ...content,
        ts: this.nextTs(),
      });
    }
    return { ok: true };
  }

  /** The modal on top of the user's stack, if one is open. */
  openModal(user: string): Args | undefined {
    const stack = this.modalStacks.get(user) ?? [];
    const top = stack[stack.length - 1];
    const view = top === undefined ? undefined : this.views.get(top);
    return view && structuredClone(view);
  }

  view(id: string): Args | undefined {
    const view = this.views.get(id);
    return view && structuredClone(view);
  }

  /** Closes the user's modal `viewId` (the whole stack with `all`). */
  closeModal(user: string, viewId: string, all = false): void {
    const stack = this.modalStacks.get(user) ?? [];
    const at = stack.indexOf(viewId);
    if (at < 0) return;
    for (const id of stack.splice(all ? 0 : at)) {
      this.views.delete(id);
      this.viewOwners.delete(id);
    }
    this.emit({ type: 'modal', user });
  }

  /**
   * The app's answer to a view submission: `errors` keep the modal open and are returned to show
   * under their inputs; `update`, `push` and `clear` do what they say; no answer closes the modal.
   */
  applyViewResponse(user: string, viewId: string, body: Args): { errors?: Record<string, string> } {
    switch (body.response_action) {
      case 'errors':
        return { errors: isRecord(body.errors) ? stringValues(body.errors) : {} };
      case 'update':
        if (isRecord(body.view)) this.replaceView(viewId, body.view);
        return {};
      case 'push':
        if (isRecord(body.view)) this.pushModal(user, body.view);
        return {};
      case 'clear':
        this.closeModal(user, viewId, true);
        return {};
      default:
        this.closeModal(user, viewId);
        return {};
    }
  }

  /** The App Home view the bot last published for the user. */
  homeView(user: string): Args | undefined {
    const id = this.homes.get(user);
    const view = id === undefined ? undefined : this.views.get(id);
    return view && structuredClone(view);
  }

  /** Channels, people, messages and Home tabs; ephemeral messages and open modals go, as in Slack on reload. */
  snapshot(): WorkspaceSnapshot {
    const homes: Array<[string, Args]> = [];
    for (const [user, id] of this.homes) {
      const view = this.views.get(id);
      if (view) homes.push([user, view]);
    }
    return structuredClone({
      channels: [...this.channels],
      users: [...this.users],
      messages: [...this.channelMessages],
      homes,
    });
  }

  protected emit(event: WorkspaceEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Clears every message and view, keeping people and channels (tests reset between cases). */
  protected clearMessagesAndViews(): void {
    this.channelMessages.clear();
    this.ephemeral.clear();
    this.views.clear();
    this.viewOwners.clear();
    this.modalStacks.clear();
    this.homes.clear();
  }

  /** Overridden by the test fake to record calls and inject failures; the stand-in answers every call. */
  protected async intercept(_call: ApiCall): Promise<Interception> {
    return {};
  }

  /** Slack timestamps: seconds and six digits, unique and increasing, from the clock. */
  protected nextTs(): string {
    const now = this.options.now ?? Date.now;
    const micros = Math.max(Math.floor(now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  protected nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(8, '0')}`;
  }

  /** Triggers and response_urls past their lifetime: a long sandbox session must not keep them all. */
  private forgetExpired(): void {
    const now = Date.now();
    for (const [id, trigger] of this.triggers)
      if (now - trigger.issuedAt > TRIGGER_TTL_MS) this.triggers.delete(id);
    for (const [id, slot] of this.responseSlots) {
      if (now - slot.issuedAt > RESPONSE_URL_TTL_MS) this.responseSlots.delete(id);
    }
  }

  private restore(snapshot: WorkspaceSnapshot): void {
    for (const [id, user] of snapshot.users) this.users.set(id, { ...this.users.get(id), ...user });
    for (const [id, channel] of snapshot.channels) this.channels.set(id, channel);
    for (const [channel, messages] of snapshot.messages) this.channelMessages.set(channel, messages);
    for (const [user, view] of snapshot.homes) {
      const id = this.nextId('V');
      this.views.set(id, { ...view, id });
      this.viewOwners.set(id, { user, kind: 'home' });
      this.homes.set(user, id);
    }
    const latest = snapshot.messages.flatMap(([, messages]) => messages.map((m) => tsMicros(m.ts)));
    this.lastTsMicros = Math.max(0, ...latest);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const { args, token: bodyToken } = parseArgs(raw, req.headers['content-type'], requestUrl.searchParams);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? bodyToken;

    if (this.files.serves(requestUrl.pathname)) {
      send(res, this.files.download(requestUrl.pathname, req.headers.authorization));
      return;
    }
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
    const intercepted = await this.intercept({ method, args, token });
    if (intercepted.reply) {
      send(res, intercepted.reply);
      return;
    }
    const reply: Reply =
      method === 'response_url'
        ? this.answerResponseUrl(args)
        : { status: 200, body: this.answerApi(method, args, token) };
    send(res, { ...reply, headers: { ...reply.headers, ...intercepted.headers } });
  }

  private answerApi(method: string, args: Args, token: string | undefined): unknown {
    if (token === undefined) return fail('not_authed');
    if (this.options.token !== undefined && token !== this.options.token) return fail('invalid_auth');
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
      case 'files.info':
        return this.files.info(args);
      default:
        return fail('unknown_method');
    }
  }

  /** A response_url post: applied where it was registered; one nobody registered (a test's) is only acknowledged. */
  private answerResponseUrl(args: Args): Reply {
    const { responseUrlId, ...body } = args;
    const slot = this.responseSlots.get(str(responseUrlId));
    if (slot === undefined) {
      // One of ours, forgotten after its 30 minutes; one nobody registered (a test's) is only acknowledged.
      const ours = str(responseUrlId).split('/')[1] === this.issuer;
      return ours ? { status: 404, body: fail('expired_url') } : { status: 200, body: { ok: true } };
    }
    if (Date.now() - slot.issuedAt > RESPONSE_URL_TTL_MS) return { status: 404, body: fail('expired_url') };
    if (slot.uses >= RESPONSE_URL_USES) return { status: 404, body: fail('used_url') };
    slot.uses += 1;
    const result = this.applyResponse(slot, body);
    return result.ok ? { status: 200, body: { ok: true } } : { status: 400, body: result };
  }

  private botAuthor(): StoredMessage {
    return {
      type: 'message',
      user: this.botUserId,
      bot_id: BOT_ID,
      app_id: APP_ID,
      team: this.teamId,
      ts: '',
    };
  }

  private append(channel: string, message: StoredMessage): void {
    const list = this.channelMessages.get(channel) ?? [];
    list.push(message);
    this.channelMessages.set(channel, list);
    this.emit({ type: 'messages', channel });
  }

  private appendEphemeral(channel: string, user: string, message: StoredMessage): void {
    const list = this.ephemeral.get(channel) ?? [];
    list.push({ ...message, ephemeralTo: user });
    this.ephemeral.set(channel, list);
    this.emit({ type: 'messages', channel, user });
  }

  private originalOf(target: ResponseTarget): { list: StoredMessage[]; message: StoredMessage } | undefined {
    const ts = target.message?.ts;
    const list = target.message?.ephemeral
      ? (this.ephemeral.get(target.channel) ?? []).filter((m) => m.ephemeralTo === target.user)
      : this.channelMessages.get(target.channel);
    const message = list?.find((m) => m.ts === ts);
    return list && message ? { list, message } : undefined;
  }

  private replaceOriginal(target: ResponseTarget, content: Partial<StoredMessage>): boolean {
    const found = this.originalOf(target);
    if (!found) return false;
    // Slack replaces the whole message: blocks the answer leaves out are gone.
    delete found.message.blocks;
    delete found.message.attachments;
    Object.assign(found.message, content);
    this.emit({
      type: 'messages',
      channel: target.channel,
      ...(target.message?.ephemeral ? { user: target.user } : {}),
    });
    return true;
  }

  private removeOriginal(target: ResponseTarget): boolean {
    const found = this.originalOf(target);
    if (!found) return false;
    const source = target.message?.ephemeral
      ? this.ephemeral.get(target.channel)
      : this.channelMessages.get(target.channel);
    source?.splice(source.indexOf(found.message as never), 1);
    this.emit({
      type: 'messages',
      channel: target.channel,
      ...(target.message?.ephemeral ? { user: target.user } : {}),
    });
    return true;
  }

  private postMessage(args: Args): unknown {
    const channel = str(args.channel);
    // Posting to a user id lands in the bot's DM with them; the stand-in files it under the user id.
    if (!this.channels.has(channel) && !this.users.has(channel)) return fail('channel_not_found');
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    const message: StoredMessage = { ...this.botAuthor(), ...content, ts: this.nextTs() };
    if (typeof args.thread_ts === 'string') message.thread_ts = args.thread_ts;
    if (args.metadata && typeof args.metadata === 'object') message.metadata = args.metadata;
    this.append(channel, message);
    return { ok: true, channel, ts: message.ts, message: structuredClone(message) };
  }

  private updateMessage(args: Args): unknown {
    const found = this.findMessage(args);
    if (typeof found === 'string') return fail(found);
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    // Slack keeps blocks/attachments the update leaves out; an empty array removes them.
    Object.assign(found.message, content, { edited: { user: this.botUserId, ts: this.nextTs() } });
    this.emit({ type: 'messages', channel: found.channel });
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
    this.emit({ type: 'messages', channel: found.channel });
    return { ok: true, channel: found.channel, ts: found.message.ts };
  }

  private postEphemeral(args: Args): unknown {
    const id = str(args.channel);
    const channel = this.channels.get(id);
    if (channel === undefined) return fail('channel_not_found');
    const user = str(args.user);
    if (!channel.members.includes(user)) return fail('user_not_in_channel');
    const content = messageContent(args);
    if (typeof content === 'string') return fail(content);
    const message: StoredMessage = { ...this.botAuthor(), ...content, ts: this.nextTs() };
    this.appendEphemeral(id, user, message);
    return { ok: true, message_ts: message.ts };
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
    if (!isRecord(submitted)) return fail('invalid_arguments');
    if (Array.isArray(submitted.blocks) && submitted.blocks.length > MAX_VIEW_BLOCKS) {
      return fail('invalid_arguments');
    }
    if (method === 'views.open' || method === 'views.push') {
      const triggerId = str(args.trigger_id);
      if (triggerId === '') return fail('invalid_arguments');
      const trigger = this.triggers.get(triggerId);
      // A trigger nobody issued (a test's) opens a modal that belongs to no one.
      if (trigger === undefined) {
        if (triggerId.split('.')[1] === this.issuer) return fail('expired_trigger_id');
        return { ok: true, view: this.saveView(this.nextId('V'), submitted) };
      }
      if (trigger.used) return fail('trigger_exchanged');
      if (Date.now() - trigger.issuedAt > TRIGGER_TTL_MS) return fail('expired_trigger_id');
      trigger.used = true;
      if (method === 'views.open') this.closeAllModals(trigger.user);
      return { ok: true, view: this.pushModal(trigger.user, submitted) };
    }
    if (method === 'views.publish') {
      const user = str(args.user_id);
      if (user === '') return fail('invalid_arguments');
      const previous = this.homes.get(user);
      const view = this.saveView(previous ?? this.nextId('V'), submitted);
      this.viewOwners.set(str(view.id), { user, kind: 'home' });
      this.homes.set(user, str(view.id));
      this.emit({ type: 'home', user });
      return { ok: true, view };
    }
    const byId = str(args.view_id);
    const byExternal = str(args.external_id);
    const entry = [...this.views.entries()].find(
      ([viewId, stored]) => viewId === byId || (byExternal !== '' && stored.external_id === byExternal),
    );
    if (entry === undefined) return fail('not_found');
    return { ok: true, view: this.replaceView(entry[0], submitted) };
  }

  private saveView(id: string, view: Args, previous?: Args): Args {
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
    return structuredClone(stored);
  }

  private replaceView(id: string, view: Args): Args {
    const stored = this.saveView(id, view, this.views.get(id));
    const owner = this.viewOwners.get(id);
    if (owner) this.emit({ type: owner.kind, user: owner.user });
    return stored;
  }

  private pushModal(user: string, view: Args): Args {
    const stored = this.saveView(this.nextId('V'), view);
    const id = str(stored.id);
    this.viewOwners.set(id, { user, kind: 'modal' });
    this.modalStacks.set(user, [...(this.modalStacks.get(user) ?? []), id]);
    this.emit({ type: 'modal', user });
    return stored;
  }

  private closeAllModals(user: string): void {
    const bottom = this.modalStacks.get(user)?.[0];
    if (bottom !== undefined) this.closeModal(user, bottom, true);
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
    this.emit({ type: 'messages', channel: found.channel });
    return { ok: true };
  }

  private findMessage(args: Args): { channel: string; message: StoredMessage } | string {
    const channel = str(args.channel);
    if (!this.channels.has(channel) && !this.users.has(channel)) return 'channel_not_found';
    const message = this.channelMessages.get(channel)?.find((m) => m.ts === str(args.ts));
    return message === undefined ? 'message_not_found' : { channel, message };
  }
}

export function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function isRecord(value: unknown): value is Args {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function stringValues(record: Args): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, String(value)]));
}

function tsMicros(ts: string): number {
  const [seconds = '0', micros = '0'] = ts.split('.');
  return Number(seconds) * 1_000_000 + Number(micros.padEnd(6, '0').slice(0, 6));
}

function compareTs(a: string, b: string): number {
  return tsMicros(a) - tsMicros(b);
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomId(length: number): string {
  return Array.from(randomBytes(length), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

function randomDigits(length: number): string {
  return Array.from(randomBytes(length), (byte) => String(byte % 10)).join('');
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64');
}

/** The stored fields of a posted or edited message, or the error Slack would answer with. */
function messageContent(args: Args): Partial<StoredMessage> | string {
  const content: Partial<StoredMessage> = {};
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
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
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
    if (isRecord(parsed)) Object.assign(args, parsed);
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

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const contentType = typeof reply.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
  res.writeHead(reply.status, { 'content-type': contentType, ...reply.headers });
  res.end(text);
}
