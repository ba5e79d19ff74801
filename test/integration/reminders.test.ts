import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_CHANNEL, replyText, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-29T11:00:00Z' });
  await t.command(
    'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188',
  );
  await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 1000');
  await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`);
});
afterEach(async () => {
  await t.stop();
});

type Message = { text?: string; blocks?: unknown[]; ts: string; pinned_to?: string[] };
const posts = (channel: string) => t.slack.messages(channel) as Message[];
const reminders = (channel: string) =>
  posts(channel).filter(
    (m) =>
      m.text?.includes(':alarm_clock:') ||
      m.text?.includes(':hourglass:') ||
      m.text?.includes(':rotating_light:'),
  );
/** Runs the scheduler the way its tick does, `times` passes a second apart (channel spacing). */
async function tick(times = 1) {
  for (let i = 0; i < times; i += 1) {
    await t.bot.scheduler.runOnce();
    t.clock.advance({ seconds: 1 });
  }
}

describe('checkpoint reminders', () => {
  it('posts a checkpoint once, in full in the war room and redacted in broadcast channels', async () => {
    await tick(3);
    // Created at T-49h: T-72h was already past and is never posted.
    expect(reminders(WAR_ROOM)).toHaveLength(0);

    t.clock.set('2014-09-30T12:00:00Z');
    await tick(3);
    const [warRoom] = reminders(WAR_ROOM);
    expect(warRoom?.text).toContain(
      'T-24h: XSA-108: Improper MSR range used for x2APIC emulation, in 1d 0h 0m',
    );
    expect(JSON.stringify(warRoom?.blocks)).toContain('*Zones:* 0/2 done');
    const [broadcast] = reminders(PUBLIC_CHANNEL);
    expect(broadcast?.text).toContain('T-24h: Scheduled host maintenance');
    expect(JSON.stringify(broadcast)).not.toMatch(/XSA-108|x2APIC|CVE-2014-7188/);

    await tick(5);
    expect(reminders(WAR_ROOM)).toHaveLength(1);
    expect(reminders(PUBLIC_CHANNEL)).toHaveLength(1);
  });

  it('posts a checkpoint missed by a few minutes late, saying so, and folds long-missed ones into one summary', async () => {
    t.clock.set('2014-09-30T12:00:00Z');
    await tick(2);
    t.clock.set('2014-10-01T00:05:00Z'); // T-12h missed by 5 minutes
    await tick(2);
    const late = reminders(WAR_ROOM).at(-1);
    expect(late?.text).toContain('T-12h');
    expect(JSON.stringify(late?.blocks)).toMatch(/Posted 5m late/);

    t.clock.set('2014-10-01T10:30:00Z'); // down through T-6h and T-2h
    await tick(2);
    const summary = reminders(WAR_ROOM).at(-1);
    expect(summary?.text).toContain('While I was down I missed 2 reminders for XSA-108');
    expect(summary?.text).toContain('T-6h, T-2h');
    expect(reminders(PUBLIC_CHANNEL).at(-1)?.text).toContain(
      'While I was down I missed 2 reminders for Scheduled host maintenance',
    );
    await tick(3);
    expect(reminders(WAR_ROOM).map((m) => m.text?.slice(0, 20))).toEqual([
      ':alarm_clock: T-24h:',
      ':alarm_clock: T-12h:',
      ':hourglass: While I ',
    ]);
  });

  it('follows /xsa remind and reschedules when the lift moves', async () => {
    expect(replyText(await t.command('remind T-36h, T-1h'))).toContain(
      'Reminders at T-36h, T-1h. Next: T-36h',
    );
    t.clock.set('2014-09-30T00:00:00Z');
    await tick(2);
    expect(reminders(WAR_ROOM).map((m) => m.text?.slice(0, 20))).toEqual([':alarm_clock: T-36h:']);

    // The embargo is extended by a day: T-36h of the new lift is ahead again, T-1h moves.
    await t.command('lift 2014-10-02T12:00Z');
    t.clock.set('2014-10-01T00:00:00Z');
    await tick(2);
    expect(reminders(WAR_ROOM).map((m) => m.text?.slice(0, 20))).toEqual([
      ':alarm_clock: T-36h:',
      ':alarm_clock: T-36h:',
    ]);
    t.clock.set('2014-10-01T11:00:00Z'); // the old T-1h: nothing
    await tick(2);
    expect(reminders(WAR_ROOM)).toHaveLength(2);
  });

  it('posts hourly while exposure is open after the lift, and stops when the campaign closes', async () => {
    t.clock.set('2014-10-01T13:00:00Z');
    await tick(3);
    const exposure = (channel: string) => reminders(channel).find((m) => m.text?.includes('Exposure open'));
    expect(exposure(WAR_ROOM)?.text).toContain(
      'Exposure open: XSA-108: Improper MSR range used for x2APIC emulation, public for 1h 0m, 2 zones not patched',
    );
    // After the lift the broadcast names the advisory: secrecy has ended.
    expect(exposure(PUBLIC_CHANNEL)?.text).toContain('XSA-108');
    await t.command('close confirm');
    const count = posts(WAR_ROOM).length;
    t.clock.set('2014-10-01T14:00:00Z');
    await tick(3);
    expect(posts(WAR_ROOM)).toHaveLength(count);
  });

  it('tells the war room and the owner when a zone’s window opens', async () => {
    await t.command('zone add eu-west-1a window 2014-09-30T02:00Z/2014-09-30T10:00Z owner <@UBOB|bob>');
    await t.command('notified eu-west-1a');
    t.clock.set('2014-09-30T02:00:30Z');
    await tick(2);
    const opened = posts(WAR_ROOM).find((m) => m.text?.includes('eu-west-1a'));
    expect(opened?.text).toContain('The planned window of *eu-west-1a* opens now <@UBOB>');
    expect(posts('UBOB').map((m) => m.text)).toEqual([opened?.text]);
    await tick(3);
    expect(posts(WAR_ROOM).filter((m) => m.text?.includes('eu-west-1a'))).toHaveLength(1);
    expect(replyText(await t.command('zone add eu-west-1b owner bob'))).toContain('is not a person');
  });
});

describe('the same setting twice (rule 8)', () => {
  const events = (kind: string) =>
    t.bot.ctx.db.prepare('SELECT COUNT(*) FROM events WHERE kind = ?').pluck().get(kind) as number;

  it('remind default, remind <list>, digest off and digest <cron> write one event each', async () => {
    await t.command('remind T-1h');
    await t.command('digest 0 9 * * * UTC');
    const checkpoints = events('campaign.checkpoints_set');
    const digests = events('campaign.digest_set');
    for (const [text, kind] of [
      ['remind default', 'campaign.checkpoints_set'],
      ['remind T-2h,T-1h', 'campaign.checkpoints_set'],
      ['digest off', 'campaign.digest_set'],
      ['digest 0 8 * * * UTC', 'campaign.digest_set'],
    ] as const) {
      const before = events(kind);
      expect(replyText(await t.command(text)), text).toMatch(/^:white_check_mark:/);
      const again = await t.command(text);
      expect(replyText(again), text).toContain('nothing changed');
      expect(events(kind), text).toBe(before + 1);
    }
    expect(events('campaign.checkpoints_set')).toBe(checkpoints + 2);
    expect(events('campaign.digest_set')).toBe(digests + 2);
  });
});

describe('careful lift edits (rule 2)', () => {
  const liftRow = () =>
    t.bot.ctx.db.prepare('SELECT lift_at FROM campaigns WHERE id = ?').pluck().get('XSA-108') as string;

  it('a lift at or before now needs confirm; without it the bot says what would happen and changes nothing', async () => {
    const before = liftRow();
    const events = () => t.bot.ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get();
    const count = events();
    const typo = await t.command('lift 2013-10-01T12:00Z');
    expect(replyText(typo)).toContain('would end secrecy at once');
    expect(replyText(typo)).toContain('Nothing changed');
    expect(replyText(typo)).toContain('`/xsa lift 2013-10-01T12:00Z confirm`');
    expect(liftRow()).toBe(before);
    expect(events()).toBe(count);
    // A week and a day later: also confirm.
    expect(replyText(await t.command('lift 2014-10-09T13:00Z'))).toContain('would move it by 8 days (later)');
    expect(liftRow()).toBe(before);
    // Within a week and in the future: as before.
    expect(replyText(await t.command('lift 2014-10-02T12:00Z'))).toContain('Lift moved');
    expect(replyText(await t.command('lift 2014-10-09T13:00Z confirm'))).toContain('Lift moved');
  });

  it('checkpoints skipped by a confirmed lift edit are not reported as missed', async () => {
    t.clock.set('2014-09-29T16:00:00Z');
    await tick(1);
    // Moved to an hour ago (the embargo broke early): every checkpoint of the new lift is past.
    expect(replyText(await t.command('lift 2014-09-29T15:00Z confirm'))).toContain('Lift moved');
    // The bot keeps running: a pass every minute for three hours.
    for (let minute = 0; minute < 180; minute += 1) {
      await t.bot.scheduler.runOnce();
      t.clock.advance({ minutes: 1 });
    }
    expect(posts(PUBLIC_CHANNEL).some((m) => m.text?.includes(':rotating_light: Exposure open'))).toBe(true);
    for (const channel of [WAR_ROOM, PUBLIC_CHANNEL]) {
      expect(posts(channel).filter((m) => m.text?.includes('While I was down'))).toEqual([]);
      expect(posts(channel).filter((m) => m.text?.includes(':alarm_clock:'))).toEqual([]);
    }
  });
});

describe('secrecy to the instant (rule 2)', () => {
  const SECRET = /XSA-108|x2APIC|CVE-2014-7188/;
  const broadcastOf = (label: string) => reminders(PUBLIC_CHANNEL).find((m) => m.text?.includes(`${label}:`));

  it('redacts broadcasts at T-1h, T-10m and T-1s, and not the first one after the lift', async () => {
    expect(replyText(await t.command('remind T-1h,T-10m,T-5m,T-0'))).toMatch(/^:white_check_mark:/);
    const at = async (instant: string) => {
      t.clock.set(instant);
      await t.bot.scheduler.runOnce();
    };
    await at('2014-10-01T11:00:00Z');
    await at('2014-10-01T11:50:00Z');
    // T-5m, posted late at T-1s: still before the lift.
    await at('2014-10-01T11:59:59Z');
    for (const label of ['T-1h', 'T-10m', 'T-5m']) {
      const broadcast = broadcastOf(label);
      expect(broadcast?.text, label).toContain('Scheduled host maintenance');
      expect(JSON.stringify(broadcast), label).not.toMatch(SECRET);
    }
    await at('2014-10-01T12:00:00Z');
    expect(broadcastOf('T-0')?.text).toContain('XSA-108: Improper MSR range used for x2APIC emulation');
  });

  it('keys the metadata of a broadcast with the installation secret: trying ids does not find the campaign', async () => {
    t.clock.set('2014-09-30T12:00:00Z');
    await tick(2);
    const post = t.slack
      .callsTo('chat.postMessage')
      .find((call) => call.args.channel === PUBLIC_CHANNEL && String(call.args.text).includes('T-24h'));
    const metadata = (
      typeof post?.args.metadata === 'string' ? JSON.parse(post.args.metadata) : post?.args.metadata
    ) as {
      event_payload: { key: string };
    };
    const key = metadata.event_payload.key;
    // What an outsider in #general can see: the lift (from the countdown), the channel, the checkpoint.
    const guesses = Array.from({ length: 2000 }, (_, i) => [
      `reminder:XSA-${i + 1}@2014-10-01T12:00:00.000Z:checkpoint:1440#${PUBLIC_CHANNEL}`,
      `reminder:XSA-${i + 1}@2014-10-01T12:00:00.000Z:T-24h#${PUBLIC_CHANNEL}`,
    ]).flat();
    const dedupeKey = t.bot.ctx.db
      .prepare('SELECT dedupe_key FROM outbox WHERE channel = ? ORDER BY id LIMIT 1')
      .pluck()
      .get(PUBLIC_CHANNEL) as string;
    expect(dedupeKey).toContain('XSA-108');
    for (const guess of [dedupeKey, ...guesses]) {
      expect(createHash('sha256').update(guess).digest('hex').slice(0, 32)).not.toBe(key);
    }
    const secret = t.bot.ctx.db.prepare('SELECT secret FROM installation_secrets').pluck().get() as string;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(key).toBe(createHmac('sha256', secret).update(dedupeKey).digest('hex').slice(0, 32));
  });

  it('tells a zone owner who is not a responder about the window under the alias', async () => {
    await t.command('zone add eu-west-1a window 2014-09-30T02:00Z/2014-09-30T10:00Z owner <@UEVE|eve>');
    await t.command('zone add eu-west-1b window 2014-09-30T02:00Z/2014-09-30T10:00Z owner <@UBOB|bob>');
    t.clock.set('2014-09-30T02:00:30Z');
    await tick(2);
    const [toEve] = posts('UEVE');
    expect(toEve?.text).toContain('The planned window of *eu-west-1a* opens now');
    expect(JSON.stringify(toEve)).toContain('Scheduled host maintenance');
    expect(JSON.stringify(toEve)).not.toMatch(SECRET);
    // Bob is in the war room: he gets it in full.
    expect(JSON.stringify(posts('UBOB'))).toContain('XSA-108');
  });
});

describe('the live countdown', () => {
  it('is posted and pinned in the war room, edited in place after a change, and posted anew when deleted', async () => {
    await tick(2);
    const countdown = () => posts(WAR_ROOM).filter((m) => m.text?.startsWith('XSA-108: Improper'));
    expect(countdown()).toHaveLength(1);
    expect(t.slack.callsTo('pins.add')).toHaveLength(1);
    expect(countdown()[0]?.text).toContain('in 2d 1h 0m');

    await t.command('start us-east-1a');
    await tick(1);
    expect(t.slack.callsTo('chat.update')).toHaveLength(1);
    expect(JSON.stringify(countdown()[0]?.blocks)).toContain('1 in progress');

    // Nothing changed and less than 10 minutes passed: no edit.
    await tick(3);
    expect(t.slack.callsTo('chat.update')).toHaveLength(1);
    t.clock.advance({ minutes: 10 });
    await tick(1);
    expect(t.slack.callsTo('chat.update')).toHaveLength(2);

    const ts = countdown()[0]?.ts as string;
    await t.bot.app.client.chat.delete({ channel: WAR_ROOM, ts });
    t.clock.advance({ minutes: 10 });
    await tick(3);
    expect(countdown()).toHaveLength(1);
    expect(countdown()[0]?.ts).not.toBe(ts);
  });
});

describe('digests', () => {
  it('confirms the schedule in words with the next three runs, posts on schedule once, and survives a restart', async () => {
    const reply = replyText(await t.command('digest 0 9 * * * Europe/Berlin'));
    expect(reply).toContain('Digest: At 09:00, Europe/Berlin');
    expect(reply).toContain('2014-09-30 07:00 UTC');
    expect(reply).toContain('2014-10-01 07:00 UTC');
    expect(reply).toContain('2014-10-02 07:00 UTC');
    const digests = () => posts(WAR_ROOM).filter((m) => m.text?.startsWith('Digest:'));

    t.clock.set('2014-09-30T07:00:01Z');
    await tick(2);
    expect(digests()).toHaveLength(1);
    await t.restart();
    await tick(3);
    expect(digests()).toHaveLength(1);
    t.clock.set('2014-10-01T07:00:00Z');
    await tick(2);
    expect(digests()).toHaveLength(2);

    expect(replyText(await t.command('digest off'))).toContain('Digest off');
    t.clock.set('2014-10-02T07:00:00Z');
    await tick(2);
    expect(digests()).toHaveLength(2);
  });

  it('refuses a bad schedule or zone, and changes nothing', async () => {
    expect(replyText(await t.command('digest 0 25 * * *'))).toMatch(/hour/);
    expect(replyText(await t.command('digest 0 9 * * * Mars/Olympus'))).toContain('not a time zone');
    expect(
      t.bot.ctx.db.prepare("SELECT digest_cron FROM campaigns WHERE id = 'XSA-108'").pluck().get(),
    ).toBeNull();
  });
});

describe('the outbox', () => {
  const T24 = '2014-09-30T12:00:00Z';

  it('honours 429 Retry-After, retries 5xx with backoff, and delivers each message once', async () => {
    t.slack.failNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '30' } });
    t.slack.failNext('chat.postMessage', { status: 500 });
    t.clock.set(T24);
    await tick(1);
    const pending = () =>
      t.bot.ctx.db.prepare("SELECT COUNT(*) FROM outbox WHERE state != 'sent'").pluck().get();
    expect(pending()).toBeGreaterThan(0);
    t.clock.advance({ seconds: 30 });
    await tick(5);
    t.clock.advance({ minutes: 1 });
    await tick(5);
    expect(pending()).toBe(0);
    expect(reminders(WAR_ROOM)).toHaveLength(1);
    expect(reminders(PUBLIC_CHANNEL)).toHaveLength(1);
  });

  it('records errors that cannot succeed, shows them in /xsa status, and goes on with other channels', async () => {
    await t.command('subscribe <#CGONE|deleted-channel>');
    t.clock.set(T24);
    await tick(3);
    expect(reminders(WAR_ROOM)).toHaveLength(1);
    const failed = t.bot.ctx.db
      .prepare("SELECT channel, last_error FROM outbox WHERE state = 'failed'")
      .all();
    expect(failed).toEqual([{ channel: 'CGONE', last_error: 'channel_not_found' }]);
    const calls = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CGONE').length;
    await tick(5);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CGONE')).toHaveLength(calls);
    expect(replyText(await t.command('status'))).toContain(
      'I could not post 1 message to <#CGONE>: `channel_not_found`',
    );
  });

  it('keeps order per channel while one message waits', async () => {
    t.clock.set('2014-10-01T00:00:00Z'); // T-12h
    t.slack.failNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '5' } });
    await tick(1);
    t.clock.set('2014-10-01T06:00:00Z'); // T-6h, queued behind it
    await tick(1);
    t.clock.advance({ seconds: 5 });
    await tick(6);
    const checkpoints = reminders(WAR_ROOM).filter((m) => m.text?.startsWith(':alarm_clock:'));
    expect(checkpoints.map((m) => m.text?.slice(14, 20))).toEqual(['T-12h:', 'T-6h: ']);
    // The catch-up summary for T-24h was queued with T-12h and came right after it, before T-6h.
    expect(reminders(WAR_ROOM).map((m) => m.text?.slice(0, 20))).toEqual([
      ':alarm_clock: T-12h:',
      ':hourglass: While I ',
      ':alarm_clock: T-6h: ',
    ]);
  });

  it('after a crash between Slack accepting a post and recording it, finds the post instead of repeating it', async () => {
    t.clock.set(T24);
    await t.bot.scheduler.runOnce();
    await t.bot.scheduler.runOnce();
    const first = t.bot.ctx.db
      .prepare(
        "SELECT id, channel, message_ts FROM outbox WHERE state = 'sent' AND dedupe_key LIKE 'reminder:%' ORDER BY id LIMIT 1",
      )
      .get() as { id: number; channel: string; message_ts: string };
    const before = reminders(first.channel).length;
    // Rewind that row to the moment before Slack's answer came back, as a crash would leave it.
    t.bot.ctx.db
      .prepare("UPDATE outbox SET state = 'sending', sent_at = NULL, message_ts = NULL WHERE id = ?")
      .run(first.id);
    await t.restart();
    t.clock.advance({ seconds: 5 });
    await tick(5);
    expect(reminders(first.channel)).toHaveLength(before);
    expect(t.bot.ctx.db.prepare('SELECT state, message_ts FROM outbox WHERE id = ?').get(first.id)).toEqual({
      state: 'sent',
      message_ts: first.message_ts,
    });
  });

  it('a post whose answer timed out is looked for, not repeated', async () => {
    t.clock.set(T24);
    // Slack takes the post but answers after the client gave up (2.5 s).
    t.slack.failNext('chat.postMessage', { delayMs: 3000 });
    await tick(1);
    expect(t.bot.ctx.db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'sending'").pluck().get()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    t.clock.advance({ minutes: 1 });
    await tick(5);
    expect(reminders(WAR_ROOM)).toHaveLength(1);
    expect(t.bot.ctx.db.prepare("SELECT COUNT(*) FROM outbox WHERE state != 'sent'").pluck().get()).toBe(0);
  });
});

describe('subscriptions', () => {
  it('are for responders, not the war room itself, and are idempotent', async () => {
    expect(replyText(await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`))).toContain(
      'already gets the reminders',
    );
    expect(replyText(await t.command(`subscribe <#${WAR_ROOM}|war>`))).toContain('That is the war room');
    expect(replyText(await t.command('subscribe #general'))).toContain('is not a channel');
    expect(replyText(await t.command(`unsubscribe <#${PUBLIC_CHANNEL}>`))).toContain('no longer gets');
    expect(
      replyText(
        await t.command(`subscribe <#${PUBLIC_CHANNEL}> in XSA-108`, {
          user: 'UEVE',
          channel: PUBLIC_CHANNEL,
        }),
      ),
    ).toContain('There is no campaign XSA-108 that you can see');
  });
});
