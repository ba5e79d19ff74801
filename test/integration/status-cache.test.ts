import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusRenderCache } from '../../src/slack/status-render-cache.js';
import { buttonClickBody } from '../support/payloads.js';
import {
  ALICE,
  EVE,
  eventually,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

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
    const full = await t.command('status XSA-108');
    expect(replyText(full)).toContain('Improper MSR range');

    // Before the lift a share is made from the war room, into the other channel (rule 2).
    const answer = await t.command(`status share <#${PUBLIC_CHANNEL}|general>`);
    expect(replyText(answer)).toContain('under the alias');
    const shared = await eventually(() =>
      t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === PUBLIC_CHANNEL),
    );
    const text = JSON.stringify(shared.args);
    expect(text).not.toContain('XSA-108');
    expect(text).not.toContain('Improper MSR range');
    expect(text).toContain('Scheduled host maintenance');
  });

  it('never reuses a responder’s full status for an outsider in the same channel and minute', async () => {
    const full = await t.command('status XSA-108', { channel: PUBLIC_CHANNEL });
    expect(replyText(full)).toContain('Improper MSR range');

    // Eve, in the subscribed channel, sees the campaign there under its alias only (rule 2).
    const outsider = await t.command('status', { channel: PUBLIC_CHANNEL, user: EVE });
    expect(replyText(outsider)).toContain('Scheduled host maintenance');
    expect(outsider.text).not.toContain('XSA-108');
    expect(outsider.text).not.toContain('Improper MSR range');
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

describe('coalesced refreshes of one message', () => {
  it('runs one at a time, and a waiting refresh is replaced by a newer one', async () => {
    const cache = new StatusRenderCache();
    const ran: string[] = [];
    let release: () => void = () => {};
    const first = () =>
      new Promise<void>((resolve) => {
        ran.push('first');
        release = resolve;
      });
    const later = (name: string) => async () => {
      ran.push(name);
    };

    const done = [cache.coalesce('m', first), cache.coalesce('other message', later('elsewhere'))];
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['first', 'elsewhere']);
    // While the first runs, two more come: the second waits, and the third replaces it.
    done.push(cache.coalesce('m', later('second')), cache.coalesce('m', later('third')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['first', 'elsewhere']);
    release();
    await Promise.all(done);

    expect(ran).toEqual(['first', 'elsewhere', 'third']);
  });

  it('answers every clicker of a burst, and leaves the message in the last state', async () => {
    for (const region of ['eu-west-1', 'ap-1', 'sa-1'])
      await t.command(`zone add ${region}a region ${region}`);
    const zones = ['us-east-1a', 'eu-west-1a', 'ap-1a', 'sa-1a'];
    const urls = zones.map(() => t.slack.responseUrl());
    const ids = urls.map((url) => decodeURIComponent(new URL(url).pathname.slice('/response-url/'.length)));
    const clicks = zones.map((zone, i) =>
      t.post(
        buttonClickBody({
          user: ALICE,
          channel: WAR_ROOM,
          actionId: 'zone_start',
          value: `XSA-108|${zone}`,
          responseUrl: urls[i] as string,
        }),
      ),
    );
    expect((await Promise.all(clicks)).map((r) => r.status)).toEqual([200, 200, 200, 200]);

    // In arrival order, across the four response_urls.
    const responses = () =>
      t.slack
        .callsTo('response_url')
        .filter((c) => ids.includes(c.args.responseUrlId as string))
        .map((c) => c.args as Record<string, unknown>);
    await eventually(() => responses().filter((r) => r.replace_original === false).length === 4);
    const replaced = responses().filter((r) => r.replace_original === true);
    expect(replaced.length).toBeGreaterThanOrEqual(1);
    expect(replaced.length).toBeLessThanOrEqual(4);
    expect(JSON.stringify(replaced.at(-1))).toContain('4 in progress');
  });
});
