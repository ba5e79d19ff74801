import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type BotProcess,
  bareEnv,
  freePort,
  killBot,
  spawnBot,
  waitForHealth,
} from '../support/bot-process.js';
import { type FakeMessage, FakeSlack } from '../support/fake-slack.js';
import { buttonClickBody } from '../support/payloads.js';
import { postSigned, slashCommandBody } from '../support/signing.js';
import { replyText } from '../support/test-bot.js';
import { seededRandom } from './support/random.js';
import { recordTally } from './support/tally.js';

/**
 * The built bot is SIGKILLed at random moments during a click storm and restarted on the same
 * database. Every change whose HTTP 200 came back must be stored exactly once, the audit trail and
 * the zone rows must agree, SQLite must be intact, and reminders that fell due around the kills
 * must each reach their channels once.
 */

const SECRET = 'crash-test-signing-secret';
const WAR_ROOM = 'CWAR';
const BROADCAST = 'CPUB';
const ALICE = 'UALICE';
const SEED = Number(process.env.XSA_RELIABILITY_SEED ?? 20141001);
const CLIENTS = 16;
const KILLS = 8;
const PROGRESS_ZONES = 30;
const CLICK_ZONES = 30;
const HOSTS = 1_000_000;
const REMINDER_CAMPAIGNS = 4;

interface Sent {
  kind: 'progress' | 'start' | 'done';
  zone: string;
  value: number;
  acked: boolean;
  /** The reply to a progress command (the ack carries it). */
  reply: string;
}

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let work: string;
let slack: FakeSlack;
let port: number;
let env: Record<string, string>;
let bot: BotProcess;
const dbPath = () => join(work, 'xsa.db');
const url = () => `http://127.0.0.1:${port}/slack/events`;

async function start(): Promise<void> {
  bot = spawnBot(env, work);
  await waitForHealth(bot, port);
}

async function command(text: string, channel = WAR_ROOM) {
  const body = slashCommandBody({
    text,
    user_id: ALICE,
    channel_id: channel,
    response_url: slack.responseUrl(),
  });
  return postSigned(url(), body, { secret: SECRET });
}

beforeAll(async () => {
  const build = inject('distBuild');
  if (!build.ok) throw new Error(`tsc -p tsconfig.build.json failed:\n${build.output}`);
  work = mkdtempSync(join(tmpdir(), 'xsa-crash-'));
  const channels: Record<string, { members: string[]; name: string; isPrivate?: boolean }> = {
    [WAR_ROOM]: { members: [ALICE, 'UBOT'], name: 'war-room', isPrivate: true },
    [BROADCAST]: { members: [ALICE, 'UBOT'], name: 'general' },
  };
  for (let i = 1; i <= REMINDER_CAMPAIGNS; i += 1)
    channels[`CREM${i}`] = { members: [ALICE], name: `r${i}`, isPrivate: true };
  // Message timestamps on the real clock, as Slack's are: the bot looks for a post it may have
  // made before a kill with conversations.history `oldest`, which compares against them.
  slack = await FakeSlack.start({ users: { [ALICE]: { tz: 'UTC' } }, channels, now: Date.now });
  port = await freePort();
  env = bareEnv({
    SLACK_BOT_TOKEN: 'xoxb-crash-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_PATH: dbPath(),
    PORT: String(port),
    LOG_LEVEL: 'error',
  });
  await start();
});

afterAll(async () => {
  if (bot) await killBot(bot);
  await slack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `/xsa` commands that must succeed, e.g. the campaign the storm runs on. */
async function setUp(text: string, channel = WAR_ROOM) {
  const response = await command(text, channel);
  expect(replyText(response), text).toMatch(/^:white_check_mark:/);
}

describe('SIGKILL at random moments during a click storm', () => {
  it('stores every acknowledged change exactly once and posts due reminders once', async (context) => {
    const lift = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await setUp(`new CRASH-1 lift ${lift}`);
    const progressZones = Array.from(
      { length: PROGRESS_ZONES },
      (_, i) => `p${String(i + 1).padStart(2, '0')}`,
    );
    const clickZones = Array.from({ length: CLICK_ZONES }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);
    // Each zone is its own region (the default), so no wave rule refuses a start.
    await setUp(`zone add ${[...progressZones, ...clickZones].join(',')} hosts ${HOSTS}`);
    for (const zone of progressZones) await setUp(`start ${zone}`);
    await setUp(`subscribe <#${BROADCAST}>`);

    // Campaigns whose T-0 falls due while the storm and its kills go on.
    const stormStart = Date.now();
    const reminderDue: number[] = [];
    for (let i = 1; i <= REMINDER_CAMPAIGNS; i += 1) {
      const due = stormStart + 3_000 + i * 3_000;
      reminderDue.push(due);
      await setUp(`new REM-${i} lift ${new Date(due).toISOString()}`, `CREM${i}`);
      await setUp('remind T-0', `CREM${i}`);
      await setUp(`subscribe <#${BROADCAST}>`, `CREM${i}`);
    }

    const sent: Sent[] = [];
    const nextValue = new Map<string, number>();
    let stopping = false;
    let requests = 0;
    const client = async () => {
      while (!stopping) {
        requests += 1;
        const roll = random();
        if (roll < 0.7) {
          const zone = pick(progressZones);
          // Unique per zone, so each stored progress event names the one request that made it.
          const value = (nextValue.get(zone) ?? 0) + 1;
          nextValue.set(zone, value);
          const entry: Sent = { kind: 'progress', zone, value, acked: false, reply: '' };
          sent.push(entry);
          try {
            const response = await command(`progress ${zone} ${value}`);
            entry.acked = response.status === 200;
            entry.reply = replyText(response);
            expect(response.status, 'never a 5xx').toBeLessThan(500);
          } catch {
            // Connection refused or reset by the kill: not acknowledged. Slack would retry later.
            await sleep(25);
          }
        } else {
          const zone = pick(clickZones);
          const kind = roll < 0.85 ? 'start' : 'done';
          const entry: Sent = { kind, zone, value: 0, acked: false, reply: '' };
          sent.push(entry);
          try {
            const response = await postSigned(
              url(),
              buttonClickBody({
                user: ALICE,
                channel: WAR_ROOM,
                actionId: kind === 'start' ? 'zone_start' : 'zone_done',
                value: `CRASH-1|${zone}`,
                responseUrl: slack.responseUrl(),
              }),
              { secret: SECRET },
            );
            entry.acked = response.status === 200;
            expect(response.status, 'never a 5xx').toBeLessThan(500);
          } catch {
            // As above.
            await sleep(25);
          }
        }
      }
    };

    const clients = Array.from({ length: CLIENTS }, () => client());
    let kills = 0;
    try {
      for (; kills < KILLS; kills += 1) {
        await sleep(300 + random() * 1_700);
        await killBot(bot, 'SIGKILL');
        // Down for a moment; the clients' requests fail meanwhile, as Slack's would.
        await sleep(random() * 500);
        await start();
      }
    } finally {
      stopping = true;
      await Promise.all(clients);
    }

    // One more kill with the bot down across a reminder's due time, then the last start.
    const lastDue = Math.max(...reminderDue);
    if (Date.now() < lastDue) {
      await killBot(bot, 'SIGKILL');
      kills += 1;
      await sleep(lastDue - Date.now() + 1_000);
      await start();
    }
    // Two ticks (2 s each) decide and deliver whatever fell due while the bot was down.
    await sleep(5_000);

    await killBot(bot, 'SIGTERM');
    const db = new Database(dbPath(), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const events = db
        .prepare("SELECT zone, kind, details FROM events WHERE campaign_id = 'CRASH-1' AND zone IS NOT NULL")
        .all() as Array<{ zone: string; kind: string; details: string }>;
      const zones = new Map(
        (
          db.prepare("SELECT * FROM zones WHERE campaign_id = 'CRASH-1'").all() as Array<{
            name: string;
            state: string;
            hosts_patched: number;
            started_at: string | null;
            done_at: string | null;
          }>
        ).map((z) => [z.name, z]),
      );

      let lost = 0;
      let duplicates = 0;
      const problems: string[] = [];
      const progressEvents = new Map<string, number>();
      for (const event of events.filter((e) => e.kind === 'zone.progress')) {
        const key = `${event.zone}=${(JSON.parse(event.details) as { to: number }).to}`;
        progressEvents.set(key, (progressEvents.get(key) ?? 0) + 1);
      }
      for (const [key, count] of progressEvents) {
        if (count > 1) {
          duplicates += count - 1;
          problems.push(`progress ${key} stored ${count} times`);
        }
      }
      const ackedProgress = sent.filter((s) => s.kind === 'progress' && s.acked);
      for (const s of ackedProgress) {
        const stored = progressEvents.get(`${s.zone}=${s.value}`) ?? 0;
        const changed = s.reply.startsWith(':white_check_mark:');
        if (changed && stored === 0) {
          lost += 1;
          problems.push(`acknowledged progress ${s.zone} ${s.value} is not stored`);
        }
        if (!changed && stored > 0) problems.push(`refused progress ${s.zone} ${s.value} was stored`);
      }
      // The zone rows agree with the audit trail: the last progress event is the hosts patched.
      for (const zone of progressZones) {
        const row = zones.get(zone);
        const values = events
          .filter((e) => e.zone === zone && e.kind === 'zone.progress')
          .map((e) => (JSON.parse(e.details) as { to: number }).to);
        expect(row?.hosts_patched, zone).toBe(values.at(-1) ?? 0);
      }
      for (const zone of clickZones) {
        const row = zones.get(zone);
        const started = events.filter((e) => e.zone === zone && e.kind === 'zone.started').length;
        const done = events.filter((e) => e.zone === zone && e.kind === 'zone.done').length;
        if (started > 1 || done > 1) {
          duplicates += Math.max(started - 1, 0) + Math.max(done - 1, 0);
          problems.push(`${zone}: ${started} start and ${done} done events`);
        }
        const ackedStart = sent.some((s) => s.kind === 'start' && s.zone === zone && s.acked);
        if (ackedStart && started === 0) {
          lost += 1;
          problems.push(`acknowledged start of ${zone} is not stored`);
        }
        const expected = done > 0 ? 'done' : started > 0 ? 'in_progress' : 'pending';
        expect(row?.state, zone).toBe(expected);
        expect(row?.started_at !== null, zone).toBe(started > 0);
        expect(row?.done_at !== null, zone).toBe(done > 0);
      }

      // Every post the outbox made reached its channel once: grouped by the key it carries.
      const posts: FakeMessage[] = [
        WAR_ROOM,
        BROADCAST,
        ...reminderDue.map((_, i) => `CREM${i + 1}`),
      ].flatMap((channel) => slack.messages(channel));
      const byKey = new Map<string, number>();
      for (const post of posts) {
        const key = (post.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
        if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
      }
      const doubled = [...byKey.values()].filter((n) => n > 1).length;
      duplicates += doubled;
      if (doubled > 0) problems.push(`${doubled} outbox posts reached Slack more than once`);
      const undelivered = db
        .prepare("SELECT dedupe_key, state, last_error FROM outbox WHERE state <> 'sent'")
        .all();
      lost += undelivered.length;
      if (undelivered.length > 0) problems.push(`undelivered: ${JSON.stringify(undelivered)}`);
      // Each reminder campaign's T-0 in its war room and, redacted, in the broadcast channel.
      for (let i = 1; i <= REMINDER_CAMPAIGNS; i += 1) {
        const reminders = slack.messages(`CREM${i}`).filter((m) => m.text?.includes('T-0'));
        expect(reminders, `REM-${i} T-0 in its war room`).toHaveLength(1);
      }
      const broadcastReminders = slack.messages(BROADCAST).filter((m) => m.text?.includes('T-0'));
      expect(broadcastReminders, 'T-0 of each reminder campaign in the broadcast channel').toHaveLength(
        REMINDER_CAMPAIGNS,
      );

      recordTally(context, {
        cases: requests,
        lost,
        duplicates,
        notes: `${kills} SIGKILLs; ${sent.filter((s) => s.acked).length} acknowledged; ${byKey.size} outbox posts`,
      });
      expect(problems).toEqual([]);
      expect(ackedProgress.length).toBeGreaterThan(100);
    } finally {
      db.close();
    }
  });
});
