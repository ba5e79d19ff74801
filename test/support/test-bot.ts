import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningBot, startBot } from '../../src/bot.js';
import { type Clock, ManualClock } from '../../src/clock.js';
import { checkResponse } from '../../src/sandbox/conformance/web-api.js';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.js';
import { postSigned, type SignedResponse, slashCommandBody } from './signing.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const WAR_ROOM = 'CWAR';
export const PUBLIC_CHANNEL = 'CPUBLIC';
/** Members of the war room (responders), an outsider, and an admin who is not in the war room. */
export const ALICE = 'UALICE';
export const BOB = 'UBOB';
export const EVE = 'UEVE';
export const ADMIN = 'UADMIN';

export interface TestBot {
  bot: RunningBot;
  slack: FakeSlack;
  clock: ManualClock;
  url: string;
  dbPath: string;
  /** Sends `/xsa <text>` as Slack would: signed, form-encoded, to /slack/events. */
  command(text: string, as?: { user?: string; channel?: string }): Promise<SignedResponse>;
  /** Sends any body to /slack/events, signed with the right secret. */
  post(rawBody: string): Promise<SignedResponse>;
  /** Stops the bot and starts it again on the same database file. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The reply's text as a person would read it: header, sections and context, joined. */
export function replyText(response: SignedResponse): string {
  type Block = { text?: { text?: string }; elements?: Array<{ text?: string }> };
  const body = response.json as { text?: string; blocks?: Block[] } | undefined;
  if (!body?.blocks) return body?.text ?? response.text;
  return body.blocks
    .map((b) => b.text?.text ?? b.elements?.map((e) => e.text ?? '').join(' ') ?? '')
    .join('\n');
}

export async function startTestBot(
  options: {
    now?: string;
    slack?: FakeSlackOptions;
    admins?: string[];
    /** XSA_CREATORS; unset (anyone may open a campaign) when not given. */
    creators?: string[];
    dbPath?: string;
    /** Run the real node-cron tick (on `clock`), instead of tests calling scheduler.runOnce(). */
    tick?: boolean;
    /** With `tick`: false arms only the timer on the clock, without the real 2-second tick. */
    safetyNet?: boolean;
    clock?: Clock;
  } = {},
): Promise<TestBot> {
  const slack = await FakeSlack.start({
    users: {
      [ALICE]: { tz: 'America/Chicago', name: 'alice' },
      [BOB]: { tz: 'Europe/Berlin', name: 'bob' },
      [EVE]: { tz: 'UTC', name: 'eve' },
      [ADMIN]: { name: 'admin' },
    },
    channels: {
      [WAR_ROOM]: { members: [ALICE, BOB, 'UBOT'], name: 'xsa-war-room', isPrivate: true },
      [PUBLIC_CHANNEL]: { members: [ALICE, BOB, EVE, ADMIN, 'UBOT'], name: 'general' },
    },
    ...options.slack,
  });
  const clock = new ManualClock(options.now ?? '2014-09-24T09:00:00Z');
  const botClock = options.clock ?? clock;
  const tick = options.tick ?? false;
  const safetyNet = options.safetyNet ?? true;
  const dir = options.dbPath ? null : mkdtempSync(join(tmpdir(), 'xsa-test-'));
  const dbPath = options.dbPath ?? join(dir as string, 'xsa.db');
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    DATABASE_PATH: dbPath,
    SLACK_API_URL: slack.apiUrl,
    XSA_ADMINS: (options.admins ?? [ADMIN]).join(','),
    LOG_LEVEL: 'error',
    ...(options.creators ? { XSA_CREATORS: options.creators.join(',') } : {}),
  };
  let bot = await startBot({ env, clock: botClock, tick, safetyNet });
  const harness: TestBot = {
    bot,
    slack,
    clock,
    dbPath,
    get url() {
      return `http://127.0.0.1:${bot.port}/slack/events`;
    },
    command(text, as = {}) {
      const user = as.user ?? ALICE;
      const body = slashCommandBody({
        text,
        user_id: user,
        channel_id: as.channel ?? WAR_ROOM,
        response_url: slack.responseUrl(),
        trigger_id: slack.issueTrigger(user),
      });
      return postSigned(harness.url, body, { secret: SIGNING_SECRET }).then(checkAcknowledgement);
    },
    post(rawBody) {
      return postSigned(harness.url, rawBody, { secret: SIGNING_SECRET });
    },
    async restart() {
      await bot.stop();
      bot = await startBot({ env, clock: botClock, tick, safetyNet });
      harness.bot = bot;
    },
    async stop() {
      await bot.stop();
      await slack.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * A slash command's acknowledgement body is delivered like a response_url post: Slack refuses one
 * that breaks Block Kit, so a test fails at the command that got such an answer.
 */
function checkAcknowledgement(response: SignedResponse): SignedResponse {
  const body = response.json;
  if (response.status !== 200 || body === null || typeof body !== 'object' || Array.isArray(body))
    return response;
  const refused = checkResponse(body as Record<string, unknown>);
  if (refused) throw new Error(`Slack would refuse this acknowledgement: ${JSON.stringify(refused)}`);
  return response;
}

/** Polls until `check` returns a value (work a listener does after its ack), or fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | null | false, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
