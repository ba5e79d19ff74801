import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkView } from './conformance/block-kit.js';
import { checkCall, checkResponse } from './conformance/web-api.js';
import { FileUploads, type UploadedFile } from './files-upload.js';
import { messageContent } from './methods/chat.js';
import { WEB_API_METHODS } from './methods/index.js';
import { type Args, fail, isRecord, isTrue, type WebApiMethod } from './methods/method.js';
import { StandInFiles } from './stand-in-files.js';
import { parseArgs, type Reply, readBody, send } from './stand-in-http.js';

/**
 * A stand-in for Slack's side of the conversation with the bot: the Web API the bot calls
 * (`slackApiUrl: standIn.apiUrl`), the `response_url`s it answers through, and the workspace state
 * those calls change — channels, messages (ephemeral ones too), modals and App Home tabs. Each Web
 * API method is one handler in methods/ (the table in methods/index.ts); every call is checked
 * first against its method's documented arguments and Block Kit (conformance/), and answered as
 * Slack answers a violation. The sandbox runs the bot against it; the tests' fake
 * (test/support/fake-slack.ts) passes `intercept` to record calls and inject failures.
 *
 * Over 400 lines: the methods already live in methods/, but the workspace state (channels,
 * messages, views, events) and its HTTP side are still one class; splitting them is still to do
 * (issue 15).
 */

export type { Args } from './methods/method.js';
export type { Reply } from './stand-in-http.js';

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
  /** Milliseconds since the epoch: message timestamps, trigger and response_url lifetimes. */
  now: () => number;
  users?: Record<string, StandInUser>;
  channels?: Record<string, StandInChannel>;
  botUserId?: string;
  teamId?: string;
  /** When set, a call with any other token is answered `invalid_auth`, as Slack answers a wrong token. */
  token?: string;
  /** Likewise for the methods called with the app-level token (Socket Mode's apps.connections.open). */
  appToken?: string;
  /** A workspace saved with `snapshot()`, to carry channels and messages across restarts. */
  restore?: WorkspaceSnapshot;
  /**
   * Sees every call (Web API and response_url) before it is checked and answered, and may answer
   * it instead or add response headers: how the tests' fake records calls and injects failures.
   */
  intercept?: (call: ApiCall) => Interception | Promise<Interception>;
  /** Told of every call's answer (the tests' fake collects the calls Slack would refuse). */
  onReply?: (call: ApiCall, reply: Reply) => void;
  /** Methods served beside (or instead of) the built-in table, e.g. Socket Mode's apps.connections.open. */
  methods?: Record<string, WebApiMethod>;
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

/** What `intercept` makes of a call before it is answered: its own reply, or extra response headers. */
export interface Interception {
  reply?: Reply;
  headers?: Record<string, string>;
}

export const SLACKBOT_USER_ID = 'USLACKBOT';
const BOT_ID = 'BBOT';
const APP_ID = 'AXSATEST';
// A trigger_id is good for 3 seconds and one modal; a response_url for 5 posts in 30 minutes.
const TRIGGER_TTL_MS = 3_000;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;

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

  private readonly users = new Map<string, StandInUser>();
  private readonly channels = new Map<string, StandInChannel>();
  private readonly channelMessages = new Map<string, StoredMessage[]>();
  private readonly ephemeral = new Map<string, Array<StoredMessage & { ephemeralTo: string }>>();
  private readonly views = new Map<string, Args>();
  private readonly viewOwners = new Map<string, ViewOwner>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly homes = new Map<string, string>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseSlots = new Map<string, ResponseSlot>();
  private readonly listeners = new Set<(event: WorkspaceEvent) => void>();
  private readonly methods: Record<string, WebApiMethod>;
  readonly botUserId: string;
  readonly botId = BOT_ID;
  readonly teamId: string;
  private lastTsMicros = 0;
  private idCounter = 0;
  /** Files the bot uploads (methods/files.ts answers the API calls, `handleFileBytes` the bytes). */
  readonly uploads = new FileUploads({
    baseUrl: () => this.url,
    nextId: (prefix) => this.nextId(prefix),
    channelProblem: (channel) => {
      const found = this.channels.get(channel);
      if (!found) return 'channel_not_found';
      return found.members.includes(this.botUserId) ? null : 'not_in_channel';
    },
    postFiles: (channel, text, files) =>
      this.append(channel, { ...this.botAuthor(), text, files, upload: true, ts: this.nextTs() }),
  });

  constructor(private readonly options: StandInOptions) {
    this.botUserId = options.botUserId ?? 'UBOT';
    this.teamId = options.teamId ?? 'T1';
    this.methods = { ...WEB_API_METHODS, ...options.methods };
    for (const [id, user] of Object.entries(options.users ?? {})) this.setUser(id, user);
    for (const [id, channel] of Object.entries(options.channels ?? {})) this.setChannel(id, channel);
    if (options.restore) this.restore(options.restore);
  }

  static async start(options: StandInOptions): Promise<StandInSlack> {
    const standIn = new StandInSlack(options);
    await standIn.listen();
    return standIn;
  }

  /** The stand-in's clock, in milliseconds since the epoch. */
  now(): number {
    return this.options.now();
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
    const now = this.now();
    const id = `${Math.floor(now / 1000)}.${randomDigits(12)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { user, issuedAt: now, used: false });
    return id;
  }

  /**
   * The trigger_id's user, once, within its 3 seconds; or Slack's error: `invalid_trigger_id` for
   * one this workspace never issued (or forgot, long expired), `exchanged_trigger_id` for a second use.
   */
  exchangeTrigger(id: string): { user: string } | string {
    const trigger = this.triggers.get(id);
    if (trigger === undefined) return 'invalid_trigger_id';
    if (trigger.used) return 'exchanged_trigger_id';
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) return 'expired_trigger_id';
    trigger.used = true;
    return { user: trigger.user };
  }

  /** A response_url that delivers what is posted to it where Slack would: see `applyResponse`. */
  registerResponseUrl(target: ResponseTarget): string {
    this.forgetExpired();
    const id = `${this.teamId}/${randomDigits(12)}/${randomId(24)}`;
    this.responseSlots.set(id, { target, issuedAt: this.now(), uses: 0, echoed: false });
    return `${this.url}/response-url/${encodeURIComponent(id)}`;
  }

  /**
   * The body of a slash command's acknowledgement, delivered as Slack delivers it: like a post to the
   * command's response_url, without using up one of its five posts.
   */
  deliverAcknowledgement(responseUrl: string, body: Args): { ok: true } | { ok: false; error: string } {
    const slot = this.responseSlots.get(decodeURIComponent(responseUrl.split('/response-url/')[1] ?? ''));
    if (slot === undefined) return { ok: false, error: 'unknown_response_url' };
    return checkResponse(body) ?? this.applyResponse(slot, body);
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
  applyViewResponse(
    user: string,
    viewId: string,
    body: Args,
  ): { errors?: Record<string, string>; refused?: string[] } {
    // A view the app answers with is checked as views.update and views.push check theirs.
    if (body.response_action === 'update' || body.response_action === 'push') {
      const refused = checkView(body.view);
      if (refused.length > 0) return { refused };
    }
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

  /** A file the bot uploaded (files.getUploadURLExternal and its upload_url), with its bytes. */
  uploadedFile(id: string): UploadedFile | undefined {
    return this.uploads.file(id);
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

  /** Clears every message and view, keeping people and channels (tests reset between cases). */
  clearMessagesAndViews(): void {
    this.channelMessages.clear();
    this.ephemeral.clear();
    this.views.clear();
    this.viewOwners.clear();
    this.modalStacks.clear();
    this.homes.clear();
  }

  // What the method handlers (methods/*.ts) do to the workspace.

  /** A channel, or a user id standing for the bot's DM with them. */
  hasConversation(id: string): boolean {
    return this.channels.has(id) || this.users.has(id);
  }

  /** Posts as the bot into a channel (or a DM, filed under the user id); returns a copy. */
  postAsBot(channel: string, content: Partial<StoredMessage>): StoredMessage {
    const message: StoredMessage = { ...this.botAuthor(), ...content, ts: this.nextTs() };
    this.append(channel, message);
    return structuredClone(message);
  }

  postEphemeralAsBot(channel: string, user: string, content: Partial<StoredMessage>): StoredMessage {
    const message: StoredMessage = { ...this.botAuthor(), ...content, ts: this.nextTs() };
    this.appendEphemeral(channel, user, message);
    return structuredClone(message);
  }

  /** The stored message itself, for a handler to change (then `changed`), or Slack's error. */
  findMessage(channel: string, ts: string): { channel: string; message: StoredMessage } | string {
    if (!this.hasConversation(channel)) return 'channel_not_found';
    const message = this.channelMessages.get(channel)?.find((m) => m.ts === ts);
    return message === undefined ? 'message_not_found' : { channel, message };
  }

  deleteMessage(channel: string, message: StoredMessage): void {
    const list = this.channelMessages.get(channel) ?? [];
    list.splice(list.indexOf(message), 1);
    this.emit({ type: 'messages', channel });
  }

  /** Tells the people looking that something changed. */
  changed(event: WorkspaceEvent): void {
    this.emit(event);
  }

  /** The id of the view with `viewId`, or else with `externalId`. */
  findView(viewId: string, externalId: string): string | undefined {
    if (this.views.has(viewId)) return viewId;
    if (externalId === '') return undefined;
    return [...this.views.entries()].find(([, stored]) => stored.external_id === externalId)?.[0];
  }

  /** The user's App Home tab, replaced by `view`. */
  publishHome(user: string, view: Args): Args {
    const stored = this.saveView(this.homes.get(user) ?? this.nextId('V'), view);
    this.viewOwners.set(str(stored.id), { user, kind: 'home' });
    this.homes.set(user, str(stored.id));
    this.emit({ type: 'home', user });
    return stored;
  }

  replaceView(id: string, view: Args): Args {
    const stored = this.saveView(id, view, this.views.get(id));
    const owner = this.viewOwners.get(id);
    if (owner) this.emit({ type: owner.kind, user: owner.user });
    return stored;
  }

  pushModal(user: string, view: Args): Args {
    const stored = this.saveView(this.nextId('V'), view);
    const id = str(stored.id);
    this.viewOwners.set(id, { user, kind: 'modal' });
    this.modalStacks.set(user, [...(this.modalStacks.get(user) ?? []), id]);
    this.emit({ type: 'modal', user });
    return stored;
  }

  closeAllModals(user: string): void {
    const bottom = this.modalStacks.get(user)?.[0];
    if (bottom !== undefined) this.closeModal(user, bottom, true);
  }

  /** Slack timestamps: seconds and six digits, unique and increasing, from the clock. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private emit(event: WorkspaceEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(8, '0')}`;
  }

  /** Triggers and response_urls past their lifetime: a long sandbox session must not keep them all. */
  private forgetExpired(): void {
    const now = this.now();
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
    // Files people attached (stand-in-files.ts) before the bot's own uploads (files-upload.ts).
    if (this.files.serves(requestUrl.pathname)) {
      send(res, this.files.download(requestUrl.pathname, req.headers.authorization));
      return;
    }
    if (FileUploads.isFilePath(requestUrl.pathname)) return this.handleFileBytes(req, res, requestUrl);
    const raw = await readBody(req);
    const { args, token: bodyToken } = parseArgs(raw, req.headers['content-type'], requestUrl.searchParams);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? bodyToken;

    let method: string;
    let responseUrlId = '';
    if (requestUrl.pathname.startsWith('/api/')) {
      method = decodeURIComponent(requestUrl.pathname.slice('/api/'.length));
    } else if (requestUrl.pathname.startsWith('/response-url/')) {
      method = 'response_url';
      responseUrlId = decodeURIComponent(requestUrl.pathname.slice('/response-url/'.length));
    } else {
      send(res, { status: 404, body: { ok: false, error: 'not_found' } });
      return;
    }
    // Interceptors see which response_url was posted to beside what was posted.
    const seen = method === 'response_url' ? { ...args, responseUrlId } : args;
    const call: ApiCall = { method, args: seen, token };
    const intercepted = (await this.options.intercept?.(call)) ?? {};
    if (intercepted.reply) {
      send(res, intercepted.reply);
      return;
    }
    const reply: Reply =
      method === 'response_url'
        ? this.answerResponseUrl(responseUrlId, args)
        : { status: 200, body: this.answerApi(method, args, token) };
    this.options.onReply?.(call, reply);
    send(res, { ...reply, headers: { ...reply.headers, ...intercepted.headers } });
  }

  /** Bytes, not form arguments: recorded (and open to injected failures) as `upload_url`. */
  private async handleFileBytes(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const call = {
      method: req.method === 'POST' ? 'upload_url' : 'url_private',
      args: { path: url.pathname },
    };
    const intercepted = (await this.options.intercept?.({ ...call, token: undefined })) ?? {};
    if (intercepted.reply) return send(res, intercepted.reply);
    const reply = await this.uploads.receive(req, url.pathname);
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' });
    res.end(reply.body);
  }

  /** Token, then the method's arguments and Block Kit, then the method itself (methods/). */
  private answerApi(method: string, args: Args, token: string | undefined): unknown {
    if (token === undefined) return fail('not_authed');
    const handler = this.methods[method];
    if (handler === undefined) return fail('unknown_method');
    const expected = handler.token === 'app' ? this.options.appToken : this.options.token;
    if (expected !== undefined && token !== expected) return fail('invalid_auth');
    return checkCall(handler, args) ?? handler.handle(this, args);
  }

  /** A response_url post, checked like a message, then applied where it was registered. */
  private answerResponseUrl(id: string, body: Args): Reply {
    const invalid = checkResponse(body);
    if (invalid) return { status: 400, body: invalid };
    const slot = this.responseSlots.get(id);
    if (slot === undefined || this.now() - slot.issuedAt > RESPONSE_URL_TTL_MS)
      return { status: 404, body: fail('expired_url') };
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
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
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
