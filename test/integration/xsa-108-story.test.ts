import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  BOB,
  EVE,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
});
afterEach(async () => {
  await t.stop();
});

const zoneRow = (t: TestBot, zone: string) =>
  t.bot.ctx.db
    .prepare('SELECT state, hosts_patched, started_at, done_at FROM zones WHERE name = ?')
    .get(zone) as {
    state: string;
    hosts_patched: number;
    started_at: string | null;
    done_at: string | null;
  };

describe('the XSA-108 story through signed HTTP requests', () => {
  it('runs from creation to every zone done, with status before and after the lift', async () => {
    const created = await t.command(
      'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188 notice 48h',
    );
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ response_type: 'ephemeral' });
    expect(replyText(created)).toContain('Created XSA-108');
    expect(replyText(created)).toContain(
      '<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC>',
    );

    expect(
      replyText(await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 1000')),
    ).toContain('Added 2 zones');
    expect(replyText(await t.command('zone add eu-west-1a region eu-west-1 hosts 500'))).toContain(
      'Added 1 zone',
    );
    expect(replyText(await t.command('notified all'))).toContain('Customers notified for 3 zones');

    // Rule 5: the notice was given at 09:00 on the 24th; 48h later is the 26th 09:00.
    t.clock.set('2014-09-26T02:00:00Z');
    const tooEarly = await t.command('start us-east-1a');
    expect(replyText(tooEarly)).toMatch(/less than the 48h notice/);
    expect(zoneRow(t, 'us-east-1a').state).toBe('pending');

    t.clock.set('2014-09-26T10:00:00Z');
    expect(replyText(await t.command('start us-east-1a'))).toContain('us-east-1a started');
    // Rule 4: one zone per region at a time.
    expect(replyText(await t.command('start us-east-1b'))).toMatch(
      /region us-east-1 already has 1 zone in progress \(us-east-1a\)/,
    );
    expect(replyText(await t.command('start eu-west-1a', { user: BOB }))).toContain('eu-west-1a started');

    t.clock.set('2014-09-27T10:00:00Z');
    expect(replyText(await t.command('progress us-east-1a 600'))).toContain('600/1000 hosts patched');
    const status = await t.command('status');
    expect(status.json).toMatchObject({ response_type: 'ephemeral' });
    const text = replyText(status);
    expect(text).toContain('XSA-108: Improper MSR range used for x2APIC emulation');
    expect(text).toContain('in 4d 2h 0m');
    expect(text).toContain('*Zones:* 0/3 done');
    expect(text).toContain('*Hosts:* 600/2,500 patched (24%)');
    // No zone done yet, and us-east-1b has neither hosts observed nor a window: a guess (rule 6).
    expect(text).toContain('*Projection:* :white_circle: Too early to tell');
    expect(text).toContain('*Plan* (zone times in UTC):');

    expect(replyText(await t.command('done us-east-1a'))).toContain('us-east-1a is done');
    expect(replyText(await t.command('start us-east-1b'))).toContain('us-east-1b started');
    t.clock.set('2014-09-30T23:00:00Z');
    await t.command('done us-east-1b');
    await t.command('done eu-west-1a');

    const before = replyText(await t.command('status'));
    expect(before).toContain('*Zones:* 3/3 done');
    expect(before).toContain('Complete');
    expect(before).toContain('before the lift');

    // Before the lift a share is done from the war room (rule 2): elsewhere it is refused, privately.
    const elsewhere = await t.command('status XSA-108 share', { channel: PUBLIC_CHANNEL });
    expect(elsewhere.json).toMatchObject({ response_type: 'ephemeral' });
    expect(replyText(elsewhere)).toContain('`/xsa status share #channel` posts the redacted form');
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
    const shared = await t.command(`status share <#${PUBLIC_CHANNEL}|general>`);
    expect(shared.json).toMatchObject({ response_type: 'ephemeral' });
    expect(replyText(shared)).toContain(`Shared the status in <#${PUBLIC_CHANNEL}>, under the alias`);
    const [post] = t.slack.callsTo('chat.postMessage');
    expect(post?.args.channel).toBe(PUBLIC_CHANNEL);
    expect(JSON.stringify(post?.args)).not.toMatch(/XSA-108|x2APIC|CVE-2014-7188/);
    expect(JSON.stringify(post?.args)).toContain('Scheduled host maintenance');
    const inWarRoom = await t.command('status share');
    expect(inWarRoom.json).toMatchObject({ response_type: 'in_channel' });
    expect(replyText(inWarRoom)).toContain('XSA-108');

    // After the lift secrecy ends, and exposure is shown.
    t.clock.set('2014-10-01T15:00:00Z');
    const after = await t.command('status XSA-108 share', { channel: PUBLIC_CHANNEL, user: EVE });
    expect(replyText(after)).toContain('XSA-108');
    expect(replyText(after)).toContain('public for 3h 0m');
    expect(replyText(after)).toContain('*Exposure:* none, every zone was done before the lift.');

    const events = t.bot.ctx.db.prepare('SELECT kind FROM events ORDER BY id').pluck().all();
    expect(events).toEqual([
      'campaign.created',
      'zone.added',
      'zone.added',
      'zone.added',
      'zone.notified',
      'zone.notified',
      'zone.notified',
      'zone.started',
      'zone.started',
      'zone.progress',
      'zone.done',
      'zone.started',
      'zone.done',
      'zone.done',
    ]);
    expect(zoneRow(t, 'us-east-1b')).toMatchObject({ state: 'done', hosts_patched: 1000 });
  });

  it('shows the exposure of zones patched after the lift, like SoftLayer', async () => {
    t.clock.set('2014-09-29T09:00:00Z');
    await t.command('new XSA-108 lift 2014-10-01T12:00Z');
    await t.command('zone add dal05,dal06 hosts 100');
    t.clock.set('2014-10-01T15:00:00Z');
    expect(replyText(await t.command('start dal05'))).toContain('dal05 started');
    t.clock.set('2014-10-01T17:30:00Z');
    await t.command('done dal05');
    t.clock.set('2014-10-01T18:00:00Z');
    const text = replyText(await t.command('status'));
    expect(text).toContain('*Exposure:* 2 zones exposed after the lift, 1 still open · 1,150 host-hours');
    expect(text).toContain('was exposed 5h 30m (late start)');
    expect(text).toContain('exposed for 6h 0m');
    const timeline = replyText(await t.command('timeline'));
    expect(timeline).toContain('*dal05*: 5h 30m, 550 host-hours, late start');
  });

  it('a campaign survives closing and reopening the database file', async () => {
    await t.command('new XSA-108 lift 2014-10-01T12:00Z');
    await t.command('zone add us-east-1a');
    await t.command('start us-east-1a');
    await t.restart();
    const text = replyText(await t.command('status'));
    expect(text).toContain('us-east-1a');
    expect(text).toContain('in progress');
    expect(t.bot.ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(3);
  });

  it('refuses a responder removed from the war room within a minute', async () => {
    await t.command('new XSA-108 lift 2014-10-01T12:00Z');
    await t.command('zone add us-east-1a,us-east-1b');
    expect(replyText(await t.command('start us-east-1a', { user: BOB }))).toContain('started');
    t.slack.setChannel(WAR_ROOM, { members: [ALICE, 'UBOT'], name: 'xsa-war-room', isPrivate: true });
    t.clock.advance({ seconds: 59 });
    const refused = await t.command('start us-east-1b force', { user: BOB });
    expect(replyText(refused)).toContain('Only responders');
    expect(zoneRow(t, 'us-east-1b').state).toBe('pending');
  });

  it('refuses an outsider and changes nothing', async () => {
    await t.command('new XSA-108 lift 2014-10-01T12:00Z');
    await t.command('zone add us-east-1a');
    const before = t.bot.ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get();
    const refused = await t.command('start us-east-1a in XSA-108', { user: EVE, channel: PUBLIC_CHANNEL });
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ response_type: 'ephemeral' });
    // Before the lift the outsider may not even learn that XSA-108 exists (rule 2).
    expect(replyText(refused)).toContain('There is no campaign XSA-108 that you can see');
    expect(zoneRow(t, 'us-east-1a').state).toBe('pending');
    expect(t.bot.ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(before);
    // Outsiders see the campaign only where the bot put it: a subscribed channel, under the alias.
    await t.command(`subscribe <#${PUBLIC_CHANNEL}|general>`);
    const status = await t.command('status', { user: EVE, channel: PUBLIC_CHANNEL });
    expect(status.text).not.toContain('XSA-108');
    expect(replyText(status)).toContain('Scheduled host maintenance');
    expect(
      replyText(await t.command('start us-east-1a in XSA-108', { user: ALICE, channel: PUBLIC_CHANNEL })),
    ).toContain('started');
  });
});
