import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, EVE, PUBLIC_CHANNEL, replyText, startTestBot, type TestBot } from '../support/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  await t.command('new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range" cve CVE-2014-7188');
});
afterEach(async () => {
  await t.stop();
});

const events = (kind: string) =>
  t.bot.ctx.db.prepare('SELECT zone, actor, details FROM events WHERE kind = ? ORDER BY id').all(kind) as {
    zone: string | null;
    actor: string;
    details: string;
  }[];
const campaignRow = () =>
  t.bot.ctx.db
    .prepare(
      'SELECT title, alias, notice_lead_minutes, wave_size, zone_duration_minutes, closed_at FROM campaigns WHERE id = ?',
    )
    .get('XSA-108') as Record<string, unknown>;
const zoneNames = () =>
  t.bot.ctx.db.prepare('SELECT name FROM zones ORDER BY position').pluck().all() as string[];

describe('/xsa set', () => {
  it('changes notice, title, alias, wave and zone duration, each with one audit event', async () => {
    expect(replyText(await t.command('set zone-duration 3h'))).toContain(
      'The zone-duration is now 3h 0m (was 2h 0m)',
    );
    expect(replyText(await t.command('set wave 2'))).toContain('The wave is now 2 (was 1)');
    expect(replyText(await t.command('set notice 24h'))).toContain('The notice is now 24h (was off)');
    expect(replyText(await t.command('set title "x2APIC MSR range"'))).toContain('now "x2APIC MSR range"');
    expect(replyText(await t.command('set alias "Hypervisor reboots, week 40"'))).toContain(
      'The alias is now "Hypervisor reboots, week 40"',
    );
    expect(campaignRow()).toMatchObject({
      title: 'x2APIC MSR range',
      alias: 'Hypervisor reboots, week 40',
      notice_lead_minutes: 24 * 60,
      wave_size: 2,
      zone_duration_minutes: 180,
    });
    expect(events('campaign.setting_changed').map((e) => JSON.parse(e.details).setting)).toEqual([
      'zone-duration',
      'wave',
      'notice',
      'title',
      'alias',
    ]);
    // The same value again changes nothing and writes no event (rule 8).
    expect(replyText(await t.command('set wave 2'))).toContain('already 2; nothing changed');
    expect(events('campaign.setting_changed')).toHaveLength(5);
    expect(replyText(await t.command('set notice off'))).toContain('The notice is now off (was 24h)');
  });

  it('refuses an alias that names the advisory, after normalising (rule 2), and bad values', async () => {
    for (const alias of ['xsa108 reboots', 'Patch for cve 2014 7188', 'improper-msr-range']) {
      expect(replyText(await t.command(`set alias "${alias}"`))).toContain('must not contain');
    }
    // A new title may not turn the current alias into a leak either.
    await t.command('set alias "Host reboots"');
    expect(replyText(await t.command('set title "Host reboots"'))).toContain('must not contain');
    expect(replyText(await t.command('set wave 0'))).toContain('1 to 100');
    expect(replyText(await t.command('set zone-duration soon'))).toContain('not a duration');
    expect(replyText(await t.command('set wav 2'))).toContain('did you mean `wave`?');
    expect(campaignRow()).toMatchObject({ alias: 'Host reboots', title: 'Improper MSR range', wave_size: 1 });
  });

  it('is for responders only: an outsider changes nothing', async () => {
    const reply = replyText(await t.command('set wave 5 in XSA-108', { user: EVE, channel: PUBLIC_CHANNEL }));
    expect(reply).not.toContain('now 5');
    expect(campaignRow()).toMatchObject({ wave_size: 1 });
    expect(events('campaign.setting_changed')).toHaveLength(0);
  });

  it('warns when the notice lead time makes the lift unreachable, at creation and on change', async () => {
    t.clock.set('2014-10-01T00:00:00Z');
    const created = replyText(
      await t.command('new XSA-109 lift 2014-10-01T12:00Z notice 48h', { channel: 'CWAR' }),
    );
    expect(created).toContain('With 48h notice, customers told now allow a start at');
    expect(created).toContain('after the lift');
    expect(replyText(await t.command('zone add lon02 in XSA-108'))).toContain('Added 1 zone');
    expect(replyText(await t.command('set notice 24h in XSA-108'))).toMatch(
      /:warning: With 24h notice \(customers not notified yet counted as told now\), lon02 may not start before .*2014-10-02 00:00 UTC.*, after the lift: the last zone finishes ~.*, 14h 0m after the lift\./,
    );
  });
});

describe('undoing mistakes', () => {
  it('`zone add us-west-2a hots 100` is an error suggesting `hosts`, and adds nothing', async () => {
    const reply = replyText(await t.command('zone add us-west-2a hots 100'));
    expect(reply).toContain('Unexpected `hots` after the zone name: did you mean `hosts`?');
    expect(zoneNames()).toEqual([]);
    expect(replyText(await t.command('zone add a, b,c region r hosts 10'))).toContain('Added 3 zones');
    expect(replyText(await t.command('zone add d region r reigon s'))).toContain('did you mean `region`?');
    expect(zoneNames()).toEqual(['a', 'b', 'c']);
  });

  it('zone remove: at once when pending, with `confirm` once it has progress; audited', async () => {
    await t.command('zone add a,b hosts 10');
    expect(replyText(await t.command('zone remove a'))).toContain('Removed a.');
    await t.command('start b');
    const asked = replyText(await t.command('zone remove b'));
    expect(asked).toContain('b has progress (in progress)');
    expect(asked).toContain('`/xsa zone remove b confirm`');
    expect(zoneNames()).toEqual(['b']);
    expect(replyText(await t.command('zone remove b confirm'))).toContain('Removed b.');
    expect(zoneNames()).toEqual([]);
    expect(events('zone.removed').map((e) => [e.zone, e.actor])).toEqual([
      ['a', ALICE],
      ['b', ALICE],
    ]);
    expect(replyText(await t.command('zone remove b'))).toContain('There is no zone `b`');
  });

  it('zone rename keeps state and history; refuses a taken or malformed name', async () => {
    await t.command('zone add us-west-2,eu-west-1a');
    await t.command('start us-west-2');
    expect(replyText(await t.command('zone rename us-west-2 us-west-2a'))).toContain(
      'Renamed us-west-2 to us-west-2a.',
    );
    const row = t.bot.ctx.db
      .prepare('SELECT name, region, state FROM zones WHERE name = ?')
      .get('us-west-2a') as Record<string, unknown>;
    expect(row).toEqual({ name: 'us-west-2a', region: 'us-west-2a', state: 'in_progress' });
    expect(replyText(await t.command('zone rename us-west-2a eu-west-1a'))).toContain('already a zone');
    expect(replyText(await t.command('zone rename us-west-2a "bad name"'))).toContain('not a zone name');
    expect(events('zone.renamed').map((e) => JSON.parse(e.details))).toEqual([
      { from: 'us-west-2', to: 'us-west-2a' },
    ]);
    expect(replyText(await t.command('timeline'))).toContain(
      'zone.renamed *us-west-2a*: us-west-2 → us-west-2a',
    );
    await t.command('set zone-duration 90m');
    expect(replyText(await t.command('timeline'))).toContain(
      'campaign.setting_changed: zone-duration 120 → 90',
    );
  });

  it('close needs `confirm` and the war room; reopen undoes it', async () => {
    const asked = replyText(await t.command('close'));
    expect(asked).toContain('Run `/xsa close confirm` to close it.');
    expect(campaignRow().closed_at).toBeNull();
    const elsewhere = replyText(await t.command('close XSA-108 confirm', { channel: PUBLIC_CHANNEL }));
    expect(elsewhere).toContain('from its war room');
    expect(campaignRow().closed_at).toBeNull();
    expect(replyText(await t.command('close confirm'))).toContain('Closed XSA-108');
    expect(campaignRow().closed_at).not.toBeNull();
    expect(replyText(await t.command('set wave 2'))).not.toContain('now 2');
    expect(replyText(await t.command('reopen'))).toContain('Reopened XSA-108');
    expect(campaignRow().closed_at).toBeNull();
    expect(replyText(await t.command('reopen'))).toContain('XSA-108 is open.');
    expect(events('campaign.closed')).toHaveLength(1);
    expect(events('campaign.reopened')).toHaveLength(1);
  });
});

describe('default aliases', () => {
  it('numbers the default alias from the second campaign on, so broadcasts differ', async () => {
    await t.command('new XSA-109 lift 2014-10-01T12:00Z');
    await t.command('new XSA-110 lift 2014-10-01T12:00Z alias "Network maintenance"');
    await t.command('new XSA-111 lift 2014-10-01T12:00Z');
    const aliases = t.bot.ctx.db.prepare('SELECT id, alias FROM campaigns ORDER BY id').all();
    expect(aliases).toEqual([
      { id: 'XSA-108', alias: 'Scheduled host maintenance' },
      { id: 'XSA-109', alias: 'Scheduled host maintenance #2' },
      { id: 'XSA-110', alias: 'Network maintenance' },
      { id: 'XSA-111', alias: 'Scheduled host maintenance #3' },
    ]);
  });
});

describe('the projection in the status, as the issue found it', () => {
  it('is never on track with a zone blocked, or with the notice rule past the lift', async () => {
    t.clock.set('2014-09-30T00:00:00Z');
    await t.command('set notice 48h');
    await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 1000');
    await t.command('zone add us-west-2a region us-west-2 hosts 800');
    await t.command('start us-east-1a force');
    await t.command('start us-west-2a force');
    t.clock.set('2014-09-30T00:01:00Z');
    await t.command('progress us-east-1a 600');
    await t.command('progress us-west-2a 200');
    await t.command('block us-west-2a BMC firmware hangs');
    const blocked = replyText(await t.command('status'));
    expect(blocked).toContain('*Projection:* :no_entry: Blocked on us-west-2a');
    expect(blocked).not.toContain('On track');

    await t.command('unblock us-west-2a');
    const unreachable = replyText(await t.command('status'));
    // us-east-1b's customers, told at best now, allow a start on 10-02 00:01: after the lift.
    expect(unreachable).toMatch(
      /\*Projection:\* :red_circle: Can't finish before the lift: us-east-1b may not start before .*2014-10-02 00:01 UTC/,
    );
    expect(unreachable).toContain('Customers of 1 zone are not notified yet.');
    expect(unreachable).toMatch(/:dart: \*us-east-1\* \(critical\)/);
    expect(unreachable).not.toContain('On track');
  });
});
