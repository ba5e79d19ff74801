import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_CHANNEL, replyText, startTestBot, type TestBot } from '../support/test-bot.js';

/**
 * The status message is rendered once per change of its campaign and reused within the minute:
 * a reuse must never show one viewer what was rendered for another (rule 2), nor a stale state.
 */

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-29T11:00:00Z' });
  await t.command('new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation"');
  await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 100');
  await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`);
});
afterEach(async () => {
  await t.stop();
});

describe('the status render cache', () => {
  it('never reuses a responder’s full status for a share outside the war room, in the same minute', async () => {
    const full = await t.command('status XSA-108', { channel: PUBLIC_CHANNEL });
    expect(replyText(full)).toContain('Improper MSR range');

    const shared = await t.command('status XSA-108 share', { channel: PUBLIC_CHANNEL });

    expect(shared.json).toMatchObject({ response_type: 'in_channel' });
    expect(shared.text).not.toContain('XSA-108');
    expect(shared.text).not.toContain('Improper MSR range');
    expect(replyText(shared)).toContain('Scheduled host maintenance');
  });

  it('renders anew after a change, within the same minute', async () => {
    expect(replyText(await t.command('status'))).toContain('0/2 done');
    await t.command('start us-east-1a');
    await t.command('done us-east-1a');

    expect(replyText(await t.command('status'))).toContain('1/2 done');
  });

  it('renders anew when the minute changes: the countdown moves', async () => {
    expect(replyText(await t.command('status'))).toContain('in 2d 1h 0m');
    t.clock.advance({ minutes: 1 });

    expect(replyText(await t.command('status'))).toContain('in 2d 0h 59m');
  });
});
