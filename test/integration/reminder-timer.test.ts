import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, PUBLIC_CHANNEL, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';

/**
 * The scheduler's timer on a fake clock, without the 2-second safety-net tick: only the timer armed
 * for the next due instant can post anything here. Moving the clock fires it.
 */

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-10-01T11:00:00Z', tick: true, safetyNet: false });
  await t.command('new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation"');
  await t.command('zone add us-east-1a region us-east-1 hosts 1000');
  await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`);
  await t.command('remind T-30m,T-10m');
});
afterEach(async () => {
  await t.stop();
});

const checkpointPosts = (channel: string, label: string) =>
  t.slack.messages(channel).filter((m) => m.text?.includes(label));
const decisions = () =>
  t.bot.ctx.db.prepare('SELECT key, due_at, decided_at FROM reminder_log ORDER BY key').all() as Array<{
    key: string;
    due_at: string;
    decided_at: string;
  }>;
/** Lets armed wake-ups, passes and posts run in real time while the fake clock stands still. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('the timer armed for the next due instant', () => {
  it('posts a checkpoint at its instant, not a millisecond before, and once', async () => {
    t.clock.set(DateTime.fromISO('2014-10-01T11:30:00Z').minus({ milliseconds: 1 }));
    await settle();
    expect(checkpointPosts(WAR_ROOM, 'T-30m')).toEqual([]);
    expect(decisions()).toEqual([]);

    t.clock.advance({ milliseconds: 1 });
    await eventually(() => checkpointPosts(PUBLIC_CHANNEL, 'T-30m').length > 0);
    expect(checkpointPosts(WAR_ROOM, 'T-30m')).toHaveLength(1);
    // Decided on the due instant itself: the fake clock stood still at it.
    expect(decisions()).toEqual([
      expect.objectContaining({ due_at: '2014-10-01T11:30:00.000Z', decided_at: '2014-10-01T11:30:00.000Z' }),
    ]);

    t.clock.advance({ seconds: 5 });
    await settle();
    expect(checkpointPosts(WAR_ROOM, 'T-30m')).toHaveLength(1);
    expect(checkpointPosts(PUBLIC_CHANNEL, 'T-30m')).toHaveLength(1);
  });

  it('re-arms when a command moves the next checkpoint earlier', async () => {
    t.clock.set('2014-10-01T11:10:00Z');
    await settle();
    // T-45m is now the next one, 5 minutes ahead; the timer was armed for T-30m before the command.
    await t.command('remind T-45m,T-30m');
    t.clock.set('2014-10-01T11:15:00Z');

    await eventually(() => checkpointPosts(WAR_ROOM, 'T-45m').length > 0);
    expect(checkpointPosts(WAR_ROOM, 'T-30m')).toEqual([]);
  });

  it("posts a zone's window reminder when the window opens", async () => {
    await t.command('zone add ap-southeast-1a window 2014-10-01T11:05Z/2014-10-01T11:50Z');
    t.clock.set('2014-10-01T11:05:00Z');

    const posted = await eventually(() =>
      t.slack.messages(WAR_ROOM).find((m) => m.text?.includes('ap-southeast-1a')),
    );
    expect(posted.text).toContain('window');
  });

  it('retries a rate-limited post when Retry-After has passed, spaced by the timer alone', async () => {
    let limited = false;
    t.slack.failWhile((call) => {
      if (limited || call.method !== 'chat.postMessage' || call.args.channel !== WAR_ROOM) return undefined;
      limited = true;
      return { status: 429, headers: { 'retry-after': '3' } };
    });
    t.clock.set('2014-10-01T11:30:00Z');
    await eventually(() => checkpointPosts(PUBLIC_CHANNEL, 'T-30m').length > 0);
    await settle();
    const calls = () => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === WAR_ROOM);
    expect(calls()).toHaveLength(1); // the 429

    t.clock.advance({ seconds: 2, milliseconds: 999 });
    await settle();
    expect(calls()).toHaveLength(1);
    t.clock.advance({ milliseconds: 1 });
    await eventually(() => checkpointPosts(WAR_ROOM, 'T-30m').length > 0);
    expect(checkpointPosts(WAR_ROOM, 'T-30m')).toHaveLength(1);
  });
});
