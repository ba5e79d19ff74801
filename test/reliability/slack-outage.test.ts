import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponse, RecordedCall } from '../support/fake-slack.js';
import { buttonClickBody } from '../support/payloads.js';
import {
  ALICE,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';
import { recordTally } from './support/tally.js';

/**
 * Slack's Web API goes bad for twelve minutes of the injected clock — 429 with Retry-After, 500s,
 * 503s, ok:false, and calls that hang past the client's timeout and then land anyway — while
 * checkpoint reminders fall due in four channels and responders click Done. When Slack recovers,
 * every reminder reaches every channel once, in due order, and every click is confirmed once.
 */

const WAR_ROOM_2 = 'CWAR2';
const BROADCAST_2 = 'CPUB2';
const CHECKPOINTS = Array.from({ length: 16 }, (_, i) => 15 - i); // T-15m … T-0
const ZONES = ['z1', 'z2', 'z3', 'z4', 'z5', 'z6'];

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-10-01T11:40:00Z' });
  t.slack.setChannel(WAR_ROOM_2, { members: [ALICE, 'UBOT'], name: 'war-room-2', isPrivate: true });
  t.slack.setChannel(BROADCAST_2, { members: [ALICE, 'UBOT'], name: 'status' });
  const remind = `remind ${CHECKPOINTS.map((m) => (m === 0 ? 'T-0' : `T-${m}m`)).join(',')}`;
  for (const [id, room] of [
    ['XSA-108', WAR_ROOM],
    ['XSA-109', WAR_ROOM_2],
  ] as const) {
    for (const text of [
      `new ${id} lift 2014-10-01T12:00Z`,
      `zone add ${ZONES.join(',')}`,
      ...ZONES.map((z) => `start ${z}`),
      remind,
      `subscribe <#${PUBLIC_CHANNEL}>`,
      `subscribe <#${BROADCAST_2}>`,
    ]) {
      expect(replyText(await t.command(text, { channel: room })), text).toMatch(/^:white_check_mark:/);
    }
  }
});
afterEach(async () => {
  await t.stop();
});

type Post = { text?: string; metadata?: { event_payload?: { key?: string } } };

/** The outage: what Slack answers to the n-th call while it lasts. */
function outageAnswer(n: number, method: string): FakeResponse {
  const answers: FakeResponse[] = [
    { status: 429, headers: { 'Retry-After': '30' } },
    { status: 500 },
    { status: 200, body: { ok: false, error: 'fatal_error' } },
    { status: 503 },
    { status: 200, body: { ok: false, error: 'service_unavailable' } },
  ];
  // Every 40th post hangs past the Web API client's 2.5 s timeout, then goes through: Slack got it,
  // and the bot must find it rather than post it again. (Not for response_url answers: an
  // ephemeral message cannot be looked up, so one that may have landed is sent again.)
  if (n % 40 === 39 && method === 'chat.postMessage') return { delayMs: 3_000 };
  const answer = answers[n % answers.length] as FakeResponse;
  // A response_url answers with HTTP errors only; `ok:false` is the Web API's way.
  if (method === 'response_url' && answer.body !== undefined) return { status: 502 };
  return answer;
}

describe('a Slack outage of twelve minutes', () => {
  it('delivers every reminder and click confirmation once, in order per channel, after recovery', async (context) => {
    const tick = async (seconds: number) => {
      await t.bot.scheduler.runOnce();
      t.clock.advance({ seconds });
    };
    // Reminders before the outage go out as usual.
    while (t.clock.now().toMillis() < Date.parse('2014-10-01T11:48:00Z')) await tick(5);

    let outageCalls = 0;
    const failed = new Set<RecordedCall>();
    t.slack.failWhile((call) => {
      if (call.method === 'auth.test') return undefined;
      const answer = outageAnswer(outageCalls++, call.method);
      if (answer.status !== undefined || answer.body !== undefined) failed.add(call);
      return answer;
    });
    const clicks: string[] = [];
    let clickIndex = 0;
    while (t.clock.now().toMillis() < Date.parse('2014-10-01T12:00:00Z')) {
      await tick(5);
      // A Done click every minute, alternating war rooms, while Slack is down.
      if (t.clock.now().second === 0 && clickIndex < ZONES.length * 2) {
        const [id, room] = clickIndex % 2 === 0 ? ['XSA-108', WAR_ROOM] : ['XSA-109', WAR_ROOM_2];
        const zone = ZONES[Math.floor(clickIndex / 2)] as string;
        clickIndex += 1;
        const responseUrl = t.slack.responseUrl();
        clicks.push(decodeURIComponent(responseUrl.split('/response-url/')[1] ?? ''));
        const response = await t.post(
          buttonClickBody({
            user: ALICE,
            channel: room,
            actionId: 'zone_done',
            value: `${id}|${zone}`,
            responseUrl,
          }),
        );
        expect(response.status).toBe(200);
      }
    }
    t.slack.recover();
    // Fifteen minutes after recovery: long enough for the longest backoff (5 minutes) to run out.
    for (let i = 0; i < 15 * 12; i += 1) await tick(5);

    let duplicates = 0;
    let lost = 0;
    const problems: string[] = [];
    for (const channel of [WAR_ROOM, WAR_ROOM_2, PUBLIC_CHANNEL, BROADCAST_2]) {
      const posts = t.slack.messages(channel) as Post[];
      const keys = posts.map((p) => p.metadata?.event_payload?.key).filter((k) => k !== undefined);
      duplicates += keys.length - new Set(keys).size;
      const reminders = posts
        .map((p) => /T-(\d+m|0)\b/.exec(p.text ?? '')?.[0])
        .filter((m): m is string => m !== undefined);
      const perCampaign = channel === WAR_ROOM || channel === WAR_ROOM_2 ? 1 : 2;
      const expected = CHECKPOINTS.length * perCampaign;
      if (reminders.length < expected) {
        lost += expected - reminders.length;
        problems.push(`${channel}: ${reminders.length} of ${expected} reminders`);
      }
      // In order: the checkpoint minutes never go back up within a channel.
      const minutes = reminders.map((r) => (r === 'T-0' ? 0 : Number.parseInt(r.slice(2), 10)));
      if (minutes.some((m, i) => i > 0 && m > (minutes[i - 1] as number)))
        problems.push(`${channel}: out of order ${reminders.join(' ')}`);
    }
    const undelivered = t.bot.ctx.db
      .prepare("SELECT dedupe_key, state, last_error FROM outbox WHERE state <> 'sent'")
      .all();
    if (undelivered.length > 0) problems.push(`undelivered: ${JSON.stringify(undelivered)}`);
    for (const id of clicks) {
      const confirmations = t.slack
        .callsTo('response_url')
        .filter((c) => c.args.responseUrlId === id && c.args.replace_original === false && !failed.has(c));
      if (confirmations.length === 0) {
        lost += 1;
        problems.push(`click ${id} was never confirmed`);
      }
      if (confirmations.length > 1) {
        duplicates += confirmations.length - 1;
        problems.push(`click ${id} was confirmed ${confirmations.length} times`);
      }
    }
    const done = t.bot.ctx.db.prepare("SELECT COUNT(*) FROM events WHERE kind = 'zone.done'").pluck().get();
    recordTally(context, {
      cases: outageCalls + clicks.length,
      lost,
      duplicates,
      notes: `${outageCalls} Slack calls failed or hung; ${clicks.length} clicks; ${String(done)} zones done`,
    });
    expect(problems).toEqual([]);
    expect(duplicates).toBe(0);
    expect(done).toBe(clicks.length);
  });
});
