import { signatureHeaders } from './signing.js';
import type { EnvelopeType, SocketModeServer } from './socket-mode-server.js';
import type { Args, StandInSlack } from './stand-in-slack.js';
import { SANDBOX_APP_ID, SANDBOX_TEAM } from './workspace.js';

/**
 * What Slack does when a person types, clicks or submits in the sandbox page: build the request
 * Slack would send, sign it with the app's signing secret, POST it to the bot's /slack/events, and
 * put the answer where Slack would. The bot learns nothing else about the sandbox.
 *
 * Over 400 lines: one method per kind of person action (message, command, click, submit,
 * shortcut) sharing the signing and delivery; splitting them by action is still to do (issue 15).
 */

/** A person's request the sandbox refuses before it reaches the bot, with the HTTP status to answer. */
export class ClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** How requests reach the bot: signed POSTs to its `/slack/events`, or envelopes over Socket Mode. */
export type BotEndpoint =
  | {
      /** The bot's `/slack/events`. */
      url: string;
      signingSecret: string;
    }
  | { socketMode: SocketModeServer };

interface BotAnswer {
  status: number;
  text: string;
  json: Args | undefined;
}

// Slack waits 3 seconds for an acknowledgement, then tells the person the app did not answer.
const ACK_TIMEOUT_MS = 3_000;
const LEGACY_TOKEN = 'sandbox-verification-token';
const MAX_TEXT = 4_000;

type InputElement = Args & { type: string; action_id?: string };

export class SandboxSlackClient {
  constructor(
    private readonly slack: StandInSlack,
    private readonly bot: BotEndpoint,
  ) {}

  /** A line typed into the composer: a slash command when it starts with `/`, else a message. */
  async sendMessage(user: string, channel: string, text: string): Promise<void> {
    this.requireMember(user, channel);
    const line = text.trim();
    if (line === '') throw new ClientError(400, 'Type a message or a command.');
    if (line.length > MAX_TEXT) throw new ClientError(400, `At most ${MAX_TEXT} characters.`);
    if (line.startsWith('/')) {
      await this.runCommand(user, channel, line);
      return;
    }
    this.slack.postAsUser(channel, user, escapeText(line));
  }

  /**
   * `/xsa …` as Slack sends it: form-encoded, channels and people escaped (`should_escape`), with a
   * response_url and a trigger_id. With `show: false` the answer is returned and shown to no one.
   */
  async runCommand(
    user: string,
    channel: string,
    line: string,
    { show = true }: { show?: boolean } = {},
  ): Promise<Args | undefined> {
    const command = line.split(/\s+/)[0] ?? '';
    const text = line.slice(command.length).trim();
    if (command !== '/xsa') {
      this.slack.tellFromSlackbot(
        channel,
        user,
        `\`${escapeText(command)}\` is not a command in this sandbox. Its one app answers \`/xsa\`: try \`/xsa help\`.`,
      );
      return undefined;
    }
    const responseUrl = this.slack.registerResponseUrl({ channel, user, command: escapeText(line) });
    const body = new URLSearchParams({
      token: LEGACY_TOKEN,
      team_id: SANDBOX_TEAM.id,
      team_domain: SANDBOX_TEAM.domain,
      channel_id: channel,
      channel_name: this.slack.channel(channel)?.name ?? channel.toLowerCase(),
      user_id: user,
      user_name: this.slack.user(user)?.name ?? user.toLowerCase(),
      command,
      text: this.escapeMentions(text),
      api_app_id: SANDBOX_APP_ID,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: this.slack.issueTrigger(user),
    }).toString();
    const answer = await this.post(body, 'application/x-www-form-urlencoded');
    if (answer === 'timeout' || answer.status !== 200) {
      const error = answer === 'timeout' ? 'operation_timeout' : 'dispatch_failed';
      // Slack tells the person; a caller reading the answer itself (the demo) gets an error.
      if (!show) throw new Error(`${line}: ${error}`);
      this.slack.tellFromSlackbot(channel, user, `\`${command}\` failed with the error "${error}".`);
      return undefined;
    }
    // An acknowledgement with a body is the answer; plain text is an ephemeral message.
    const reply = answer.json ?? (answer.text.trim() ? { text: answer.text } : undefined);
    if (reply && show) {
      // An answer Slack would refuse (invalid_blocks, …) reaches no one; Slack says the command failed.
      const delivered = this.slack.deliverAcknowledgement(responseUrl, reply);
      if (!delivered.ok)
        this.slack.tellFromSlackbot(
          channel,
          user,
          `\`${command}\` failed with the error "${delivered.error}".`,
        );
    }
    return reply;
  }

  /** A text file attached to a new message (how a long advisory is shared): files.info and url_private serve it. */
  attachFile(user: string, channel: string, name: string, content: string): void {
    this.requireMember(user, channel);
    const file = this.slack.files.add({ name, content });
    this.slack.postAsUser(channel, user, '', { files: [file] });
  }

  /** A message shortcut from a message's ⋯ More actions menu: a `message_action` payload with the message. */
  async runMessageShortcut(user: string, channel: string, ts: string, callbackId: string): Promise<void> {
    this.requireMember(user, channel);
    const message = this.slack
      .timeline(channel, user)
      .find((m) => m.ts === ts && m.ephemeralTo === undefined);
    if (!message) throw new ClientError(404, 'That message is gone.');
    const payload = {
      type: 'message_action',
      token: LEGACY_TOKEN,
      callback_id: callbackId,
      trigger_id: this.slack.issueTrigger(user),
      response_url: this.slack.registerResponseUrl({ channel, user }),
      action_ts: String(Date.now() / 1000),
      team: { id: SANDBOX_TEAM.id, domain: SANDBOX_TEAM.domain },
      user: { id: user, name: this.slack.user(user)?.name ?? user.toLowerCase(), team_id: SANDBOX_TEAM.id },
      channel: { id: channel, name: this.slack.channel(channel)?.name ?? channel.toLowerCase() },
      message_ts: ts,
      message,
      is_enterprise_install: false,
    };
    await this.expectAck(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /** A click on a button in a message: a `block_actions` payload naming the message and the button. */
  async clickButton(
    user: string,
    where: { channel: string; ts: string; blockId?: string; actionId: string },
  ): Promise<void> {
    this.requireMember(user, where.channel);
    const message = this.slack.timeline(where.channel, user).find((m) => m.ts === where.ts);
    if (!message) throw new ClientError(404, 'That message is gone.');
    const found = findElement(message.blocks, where.actionId, where.blockId);
    if (found?.element.type !== 'button') throw new ClientError(404, 'That button is gone.');
    const ephemeral = typeof message.ephemeralTo === 'string';
    const { ephemeralTo: _, ...visible } = message;
    const payload = {
      type: 'block_actions',
      ...this.interactionEnvelope(user),
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: where.channel,
        is_ephemeral: ephemeral,
      },
      trigger_id: this.slack.issueTrigger(user),
      channel: { id: where.channel, name: this.slack.channel(where.channel)?.name ?? '' },
      // Slack sends the message only when everyone can see it.
      ...(ephemeral ? {} : { message: visible }),
      state: { values: {} },
      response_url: this.slack.registerResponseUrl({
        channel: where.channel,
        user,
        message: { ts: message.ts, ephemeral },
      }),
      actions: [
        {
          type: 'button',
          action_id: found.element.action_id,
          block_id: found.blockId,
          text: found.element.text,
          ...(found.element.value === undefined ? {} : { value: found.element.value }),
          ...(found.element.style === undefined ? {} : { style: found.element.style }),
          action_ts: nowTs(),
        },
      ],
      is_enterprise_install: false,
      enterprise: null,
    };
    await this.expectAck(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /**
   * Submits the user's open modal: checks what Slack's client checks (required fields, lengths),
   * sends `view_submission` with the values in Slack's shape, and applies the app's answer.
   */
  async submitView(
    user: string,
    viewId: string,
    input: Record<string, string | null>,
  ): Promise<{ errors?: Record<string, string> }> {
    const view = this.slack.openModal(user);
    if (!view || view.id !== viewId) throw new ClientError(404, 'That form is no longer open.');
    const { values, errors } = readInputs(view, input);
    if (Object.keys(errors).length > 0) return { errors };
    const payload = {
      type: 'view_submission',
      ...this.interactionEnvelope(user),
      trigger_id: this.slack.issueTrigger(user),
      view: { ...view, state: { values } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const answer = await this.expectAck(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    const { refused, ...applied } = this.slack.applyViewResponse(user, viewId, answer.json ?? {});
    if (refused)
      throw new ClientError(502, `The app answered with a view Slack refuses: ${refused.join(' ')}`);
    return applied;
  }

  closeView(user: string, viewId: string): void {
    this.slack.closeModal(user, viewId);
  }

  /** Opening the app's Home tab: an `app_home_opened` event, to which the bot answers with views.publish. */
  async openHome(user: string): Promise<void> {
    this.requirePerson(user);
    const now = Date.now();
    const body = JSON.stringify({
      token: LEGACY_TOKEN,
      team_id: SANDBOX_TEAM.id,
      api_app_id: SANDBOX_APP_ID,
      type: 'event_callback',
      event_id: `Ev${now.toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`,
      event_time: Math.floor(now / 1000),
      authorizations: [
        {
          team_id: SANDBOX_TEAM.id,
          user_id: this.slack.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      event: { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab: 'home', event_ts: nowTs() },
    });
    await this.expectAck(body, 'application/json');
  }

  /** `#name` and `@name` as Slack escapes them for an app with `should_escape`. */
  escapeMentions(text: string): string {
    const channels = new Map(
      this.slack.channelIds().map((id) => [this.slack.channel(id)?.name ?? '', id] as const),
    );
    const people = new Map(this.slack.userIds().map((id) => [this.slack.user(id)?.name ?? '', id] as const));
    return escapeText(text)
      .replace(/(^|\s)#([a-z0-9][a-z0-9._-]*)/g, (whole, space: string, name: string) => {
        const id = channels.get(name);
        return id ? `${space}<#${id}|${name}>` : whole;
      })
      .replace(/(^|\s)@([a-z0-9][a-z0-9._-]*)/g, (whole, space: string, name: string) => {
        const id = people.get(name);
        return id ? `${space}<@${id}|${name}>` : whole;
      });
  }

  private async expectAck(
    body: string,
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<BotAnswer> {
    const answer = await this.post(body, contentType);
    if (answer === 'timeout') throw new ClientError(504, 'The app did not answer within 3 seconds.');
    if (answer.status !== 200) throw new ClientError(502, `The app answered HTTP ${answer.status}.`);
    return answer;
  }

  private async post(body: string, contentType: string): Promise<BotAnswer | 'timeout'> {
    if ('socketMode' in this.bot) return sendEnvelope(this.bot.socketMode, body, contentType);
    try {
      const response = await fetch(this.bot.url, {
        method: 'POST',
        headers: { 'content-type': contentType, ...signatureHeaders(this.bot.signingSecret, body) },
        body,
        signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
      });
      const text = await response.text();
      return { status: response.status, text, json: parseObject(text) };
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
      throw error;
    }
  }

  /** What every interaction payload (a click, a submission) says about where it comes from. */
  private interactionEnvelope(user: string) {
    return {
      team: { id: SANDBOX_TEAM.id, domain: SANDBOX_TEAM.domain },
      user: this.userRef(user),
      api_app_id: SANDBOX_APP_ID,
      token: LEGACY_TOKEN,
    };
  }

  private userRef(user: string) {
    const name = this.slack.user(user)?.name ?? user.toLowerCase();
    return { id: user, username: name, name, team_id: SANDBOX_TEAM.id };
  }

  private requirePerson(user: string): void {
    if (!this.slack.user(user)) throw new ClientError(400, `There is no person ${user} in the sandbox.`);
  }

  private requireMember(user: string, channel: string): void {
    this.requirePerson(user);
    const found = this.slack.channel(channel);
    // A private channel is, to anyone outside it, no channel at all: its name can name the advisory.
    if (!found || (found.isPrivate && !found.members.includes(user)))
      throw new ClientError(404, 'There is no such channel.');
    if (!found.members.includes(user))
      throw new ClientError(403, `${this.slack.user(user)?.name} is not a member of #${found.name}.`);
  }
}

/** `&`, `<` and `>` as Slack escapes them in text it hands to an app. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function nowTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

/**
 * The request Slack would POST in HTTP mode, sent as Socket Mode sends it: a form with `payload` is
 * `interactive`, another form a slash command, JSON an Events API callback; the acknowledgement's
 * payload is what the HTTP answer's body would be.
 */
async function sendEnvelope(
  server: SocketModeServer,
  body: string,
  contentType: string,
): Promise<BotAnswer | 'timeout'> {
  let type: EnvelopeType;
  let payload: Args;
  if (contentType.includes('application/json')) {
    type = 'events_api';
    payload = JSON.parse(body) as Args;
  } else {
    const form = new URLSearchParams(body);
    const interaction = form.get('payload');
    type = interaction === null ? 'slash_commands' : 'interactive';
    payload = interaction === null ? Object.fromEntries(form) : (JSON.parse(interaction) as Args);
  }
  try {
    const ack = await server.send(type, payload, type !== 'events_api');
    const answer = ack.payload ?? {};
    const empty = Object.keys(answer).length === 0;
    return { status: 200, text: empty ? '' : JSON.stringify(answer), json: empty ? undefined : answer };
  } catch {
    // Not acknowledged in 3 seconds, or not connected: to the person, the app did not answer.
    return 'timeout';
  }
}

function parseObject(text: string): Args | undefined {
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Args) : undefined;
  } catch {
    return undefined;
  }
}

function blocksOf(value: unknown): Args[] {
  return Array.isArray(value) ? value.filter((b): b is Args => b !== null && typeof b === 'object') : [];
}

/** The interactive element `actionId` in a message's blocks (in `blockId` when given). */
function findElement(
  blocks: unknown,
  actionId: string,
  blockId: string | undefined,
): { blockId: string; element: InputElement } | undefined {
  for (const [index, block] of blocksOf(blocks).entries()) {
    const id = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
    if (blockId !== undefined && blockId !== id) continue;
    const elements = block.type === 'actions' ? blocksOf(block.elements) : blocksOf([block.accessory]);
    const element = elements.find((e) => e.action_id === actionId) as InputElement | undefined;
    if (element) return { blockId: id, element };
  }
  return undefined;
}

/**
 * The person's answers in Slack's `view.state.values` shape, and the errors Slack's own client
 * shows without asking the app (a required field left empty, text too long or too short).
 */
function readInputs(
  view: Args,
  input: Record<string, string | null>,
): { values: Record<string, Record<string, Args>>; errors: Record<string, string> } {
  const values: Record<string, Record<string, Args>> = {};
  const errors: Record<string, string> = {};
  for (const block of blocksOf(view.blocks)) {
    if (block.type !== 'input' || typeof block.block_id !== 'string') continue;
    const element = block.element as InputElement | undefined;
    if (!element || typeof element.action_id !== 'string') continue;
    const raw = input[block.block_id] ?? null;
    const given = raw === null || raw === '' ? null : raw;
    if (given === null && block.optional !== true) {
      errors[block.block_id] = 'Please complete this required field.';
    }
    const value = stateValue(element, given);
    if (typeof value === 'string') errors[block.block_id] = value;
    else values[block.block_id] = { [element.action_id]: value };
  }
  return { values, errors };
}

function stateValue(element: InputElement, given: string | null): Args | string {
  switch (element.type) {
    case 'plain_text_input': {
      const max = typeof element.max_length === 'number' ? element.max_length : 3000;
      const min = typeof element.min_length === 'number' ? element.min_length : 0;
      if (given !== null && given.length > max) return `Please use ${max} characters or fewer.`;
      if (given !== null && given.length < min) return `Please use at least ${min} characters.`;
      return { type: element.type, value: given };
    }
    case 'datepicker':
      if (given !== null && !/^\d{4}-\d{2}-\d{2}$/.test(given)) return 'Please pick a date.';
      return { type: element.type, selected_date: given };
    case 'timepicker':
      if (given !== null && !/^\d{2}:\d{2}$/.test(given)) return 'Please pick a time.';
      return { type: element.type, selected_time: given };
    case 'static_select': {
      const option = blocksOf(element.options).find((o) => o.value === given);
      if (given !== null && !option) return 'Please pick one of the options.';
      return { type: element.type, selected_option: option ?? null };
    }
    case 'checkboxes': {
      const ticked = new Set((given ?? '').split(',').filter((v) => v !== ''));
      const options = blocksOf(element.options).filter((o) => ticked.has(String(o.value)));
      return { type: element.type, selected_options: options };
    }
    default:
      return { type: element.type, value: given };
  }
}
