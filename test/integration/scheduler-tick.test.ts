import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { eventually, PUBLIC_CHANNEL, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';

/** Real time, shifted: the real node-cron tick runs, but "now" is a few seconds before a checkpoint. */
function shiftedClock(nowIs: string): Clock {
  const offset = DateTime.fromISO(nowIs, { zone: 'utc' }).toMillis() - Date.now();
  return { now: () => DateTime.fromMillis(Date.now() + offset, { zone: 'utc' }) };
}

let t: TestBot | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('the real scheduler tick', () => {
  it('posts a checkpoint on the tick after its time, in the war room and redacted in a broadcast channel', {
    timeout: 40_000,
  }, async () => {
    // T-24h of a lift at 2014-10-01T12:00Z is 2014-09-30T12:00Z; start 3 seconds before it.
    t = await startTestBot({ tick: true, clock: shiftedClock('2014-09-30T11:59:57Z') });
    await t.command(
      'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation"',
    );
    await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`);
    const harness = t;
    const posted = (channel: string) =>
      harness.slack.messages(channel).find((m) => m.text?.includes('T-24h'));
    const warRoom = await eventually(() => posted(WAR_ROOM), 30_000);
    const broadcast = await eventually(() => posted(PUBLIC_CHANNEL), 30_000);
    expect(warRoom.text).toContain('XSA-108');
    expect(broadcast.text).toContain('Scheduled host maintenance');
    expect(broadcast.text).not.toContain('XSA-108');
    // The stand-in shows a message before its reply reaches the bot, which records sent_at then.
    const sentAt = await eventually(
      () =>
        harness.bot.ctx.db
          .prepare("SELECT sent_at FROM outbox WHERE dedupe_key LIKE 'reminder:%' ORDER BY id LIMIT 1")
          .pluck()
          .get() as string | null | undefined,
    );
    const delaySeconds = DateTime.fromISO(sentAt).diff(
      DateTime.fromISO('2014-09-30T12:00:00Z'),
      'seconds',
    ).seconds;
    expect(delaySeconds).toBeGreaterThanOrEqual(0);
    // "Within seconds" with room for a loaded CI machine: the tick is every 2 s.
    expect(delaySeconds).toBeLessThan(30);
  });
});
