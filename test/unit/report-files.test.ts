import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { buildZonesCsv, csvField } from '../../src/domain/report/csv.js';
import { buildCalendar, escapeIcsText, foldIcsLine } from '../../src/domain/report/ics.js';
import { buildJsonReport, buildReportJson } from '../../src/domain/report/json.js';
import { buildMarkdownReport, escapeMarkdown } from '../../src/domain/report/markdown.js';
import { projectAtLift } from '../../src/domain/report/projection-at-lift.js';
import { collectBlockedSpans, zonesAt } from '../../src/domain/report/record.js';
import { utc } from '../support/instants.js';
import { AFTER_LIFT, xsa108Record } from '../support/xsa-108-record.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the record, read for the post-mortem', () => {
  it('finds each blocked span with its reason and end', () => {
    const spans = collectBlockedSpans(xsa108Record().events);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.zone).toBe('us-east-1b');
    expect(spans[0]?.from.toISO()).toBe(utc('2014-09-28T14:00Z').toISO());
    expect(spans[0]?.to?.toISO()).toBe(utc('2014-09-29T02:00Z').toISO());
  });

  it('rebuilds the zones as they stood at an instant', () => {
    const record = xsa108Record();
    const atLift = zonesAt(record, record.campaign.liftAt);
    expect(atLift.map((z) => [z.name, z.state, z.hostsPatched])).toEqual([
      ['us-east-1a', 'done', 1000],
      ['us-east-1b', 'in_progress', 300],
      ['eu-west-1a', 'pending', 0],
    ]);
    const sunday = zonesAt(record, utc('2014-09-28T20:00Z'));
    // eu-west-1a was added on the 29th.
    expect(sunday.map((z) => [z.name, z.state, z.blockedReason])).toEqual([
      ['us-east-1a', 'done', null],
      ['us-east-1b', 'blocked', 'BMC firmware hangs on reboot | vendor case #4711'],
    ]);
  });

  it('projects from the zones at the lift, not from how they ended', () => {
    const { at, text: projection } = projectAtLift(xsa108Record(), AFTER_LIFT);
    expect(at.toISO()).toBe(utc('2014-10-01T12:00Z').toISO());
    // At the lift 1,300 of 2,500 hosts were patched: not complete, and late.
    expect(projection).toMatch(/^Late/);
    expect(projection).not.toMatch(/Complete/);
  });

  it('before the lift, projects as of now', () => {
    const now = utc('2014-09-30T00:00Z');
    expect(projectAtLift(xsa108Record(), now).at.toISO()).toBe(now.toISO());
  });
});

describe('<ID>-report.md', () => {
  const file = buildMarkdownReport(xsa108Record(), AFTER_LIFT);
  const md = text(file.bytes);

  it('is named for the campaign and typed as Markdown', () => {
    expect(file.filename).toBe('XSA-108-report.md');
    expect(file.contentType).toBe('text/markdown; charset=utf-8');
  });

  it('has the summary, totals and the projection at the lift', () => {
    expect(md).toContain('# XSA-108: Improper MSR range used for x2APIC emulation — post-mortem');
    expect(md).toContain('- **CVEs:** CVE-2014-7188');
    expect(md).toContain('- **Lift (public disclosure):** 2014-10-01 12:00 UTC');
    expect(md).toContain('- **Alias:** Scheduled host maintenance');
    expect(md).toContain('- **Phase:** after lift');
    expect(md).toContain('- **Zones:** 3 (3 done, 0 in progress, 0 blocked, 0 pending)');
    expect(md).toContain('- **Done before the lift:** 1 of 3 zones');
    expect(md).toContain('- **Exposed after the lift:** 2 zones, 0 still open, 5,500 host-hours');
    expect(md).toContain('- **Late starts (after the lift):** 1');
    expect(md).toContain('## Projection at the lift');
    expect(md).toMatch(/As of 2014-10-01 12:00 UTC: Late/);
  });

  it('has a row per zone with notice lead time, late start and exposure', () => {
    expect(md).toContain(
      '| Zone | Region | State | Hosts | Customers notified | Notice lead time | Started | Done | Late start | Exposure |',
    );
    expect(md).toContain(
      '| us-east-1a | us-east-1 | done | 1,000/1,000 | 2014-09-24 09:00 UTC | 2d 1h 0m | 2014-09-26 10:00 UTC | 2014-09-27 08:00 UTC | no | none |',
    );
    expect(md).toContain(
      '| us-east-1b | us-east-1 | done | 1,000/1,000 | 2014-09-24 09:00 UTC | 4d 2h 0m | 2014-09-28 11:00 UTC | 2014-10-01 14:00 UTC | no | 2h 0m, 2,000 host-hours |',
    );
    expect(md).toContain(
      '| eu-west-1a | eu-west-1 | done | 500/500 | 2014-09-29 15:00 UTC | 2d 0h 0m | 2014-10-01 15:00 UTC | 2014-10-01 19:00 UTC | yes | 7h 0m, 3,500 host-hours |',
    );
  });

  it('lists blockers with their reason (escaped for a table) and duration', () => {
    expect(md).toContain(
      '| us-east-1b | BMC firmware hangs on reboot \\| vendor case #4711 | 2014-09-28 14:00 UTC | 2014-09-29 02:00 UTC | 12h 0m | UBOB |',
    );
  });

  it('has the notices and the whole timeline with full UTC dates and who did what', () => {
    expect(md).toContain('- 2014-09-29 15:00 UTC — eu-west-1a, recorded by UBOB');
    expect(md).toContain('All times UTC. 16 events.');
    expect(md).toContain('- 2014-09-24 08:00 UTC — U0SEC opened the campaign (lift 2014-10-01 12:00 UTC)');
    expect(md).toContain('- 2014-09-28 11:00 UTC — UBOB started us-east-1b');
    expect(md).toContain('- 2014-10-01 19:00 UTC — UBOB marked eu-west-1a done');
    expect(md.match(/^- \d{4}-\d\d-\d\d \d\d:\d\d UTC — U/gm)).toHaveLength(16);
  });

  it('names people where their names are known, by id otherwise', () => {
    const named = text(
      buildMarkdownReport({ ...xsa108Record(), people: new Map([['UBOB', 'bob_*the*_sre']]) }, AFTER_LIFT)
        .bytes,
    );
    expect(named).toContain('- 2014-09-28 11:00 UTC — bob\\_\\*the\\*\\_sre (UBOB) started us-east-1b');
    expect(named).toContain('- 2014-09-26 10:00 UTC — UALICE started us-east-1a');
    expect(named).toContain('| 12h 0m | bob\\_\\*the\\*\\_sre (UBOB) |');
  });

  it('keeps what people typed from becoming Markdown or HTML', () => {
    expect(escapeMarkdown('a|b *c* [x](http://e) <script>\nnext')).toBe(
      'a\\|b \\*c\\* \\[x\\](http://e) &lt;script&gt; next',
    );
  });

  it('before the lift says there is no exposure yet and projects as of now', () => {
    const before = text(buildMarkdownReport(xsa108Record(), utc('2014-09-30T00:00Z')).bytes);
    expect(before).toContain('- **Phase:** before lift');
    expect(before).toContain('- **Exposure:** none yet; the advisory is not public.');
    expect(before).toContain('## Projection now (before the lift)');
  });
});

describe('<ID>-zones.csv', () => {
  const file = buildZonesCsv(xsa108Record(), AFTER_LIFT);
  const csv = text(file.bytes);

  it('is RFC 4180: a header, one CRLF-ended row per zone, ISO 8601 UTC times', () => {
    expect(file.filename).toBe('XSA-108-zones.csv');
    const rows = csv.split('\r\n');
    expect(rows).toHaveLength(5);
    expect(rows[4]).toBe('');
    expect(rows[0]).toBe(
      'zone,region,state,hosts_total,hosts_patched,window_start,window_end,customers_notified_at,started_at,done_at,notice_lead_minutes,late_start,exposure_minutes,exposure_open,exposure_host_hours,blocked_minutes,blocked_reason,owner',
    );
    expect(rows[2]).toBe(
      'us-east-1b,us-east-1,done,1000,1000,,,2014-09-24T09:00:00Z,2014-09-28T11:00:00Z,2014-10-01T14:00:00Z,5880,false,120,false,2000,720,,UBOB',
    );
    expect(rows[3]).toBe(
      'eu-west-1a,eu-west-1,done,500,500,2014-10-01T15:00:00Z,2014-10-01T20:00:00Z,2014-09-29T15:00:00Z,2014-10-01T15:00:00Z,2014-10-01T19:00:00Z,2880,true,420,false,3500,0,,UBOB',
    );
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('<ID>.ics', () => {
  const file = buildCalendar(xsa108Record(), AFTER_LIFT);
  const ics = text(file.bytes);

  it('is RFC 5545 with CRLF lines of at most 75 octets', () => {
    expect(file.filename).toBe('XSA-108.ics');
    expect(file.contentType).toBe('text/calendar; charset=utf-8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('parses with node-ical: the lift and the planned zone window, in UTC', () => {
    const parsed = Object.values(ical.sync.parseICS(ics)).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(parsed.map((e) => [e.uid, e.start.toISOString(), e.end?.toISOString(), e.summary])).toEqual([
      [
        'xsa-108.lift@xsa-bot',
        '2014-10-01T12:00:00.000Z',
        '2014-10-01T12:30:00.000Z',
        'XSA-108 is public (embargo lift)',
      ],
      [
        'xsa-108.zone.eu-west-1a@xsa-bot',
        '2014-10-01T15:00:00.000Z',
        '2014-10-01T20:00:00.000Z',
        'XSA-108: reboot eu-west-1a (eu-west-1)',
      ],
    ]);
    const lift = parsed[0];
    expect(lift?.description).toContain('Improper MSR range used for x2APIC emulation');
  });

  it('keeps its UIDs from one export to the next, and bumps the lift on a move', () => {
    const record = xsa108Record();
    const moved = {
      ...record,
      campaign: { ...record.campaign, liftAt: utc('2014-10-01T14:00Z') },
      events: [
        ...record.events,
        {
          ...record.events[0],
          id: 99,
          kind: 'campaign.lift_moved',
          details: {},
        } as (typeof record.events)[0],
      ],
    };
    const later = text(buildCalendar(moved, utc('2014-10-03T00:00Z')).bytes);
    const uids = (s: string) => s.match(/^UID:.*$/gm);
    expect(uids(later)).toEqual(uids(ics));
    expect(later).toContain('SEQUENCE:1');
    expect(later).toContain('DTSTART:20141001T140000Z');
  });

  it('escapes text and folds long lines without splitting a character', () => {
    expect(escapeIcsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const long = `SUMMARY:${'é'.repeat(80)}`;
    const folded = foldIcsLine(long);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
  });
});

describe('report.json', () => {
  const report = buildReportJson({ ...xsa108Record(), people: new Map([['UBOB', 'bob']]) }, AFTER_LIFT);

  it('is a file typed as JSON, whose bytes are the same data', () => {
    const file = buildJsonReport(xsa108Record(), AFTER_LIFT);
    expect(file.filename).toBe('XSA-108-report.json');
    expect(file.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(text(file.bytes))).toEqual(buildReportJson(xsa108Record(), AFTER_LIFT));
  });

  it('has the summary and totals the Markdown has', () => {
    expect(report.generated_at).toBe('2014-10-02T00:00:00.000Z');
    expect(report.summary).toMatchObject({
      id: 'XSA-108',
      title: 'Improper MSR range used for x2APIC emulation',
      cves: ['CVE-2014-7188'],
      lift: '2014-10-01T12:00:00.000Z',
      alias: 'Scheduled host maintenance',
      phase: 'after_lift',
      opened_at: '2014-09-24T08:00:00.000Z',
      closed_at: null,
      notice_lead_minutes: 48 * 60,
    });
    expect(report.totals).toEqual({
      zones: 3,
      by_state: { pending: 0, in_progress: 0, done: 3, blocked: 0 },
      hosts_patched: 2500,
      hosts_total: 2500,
      hosts_known: true,
      done_before_lift: 1,
      late_starts: 1,
      exposure: { zones: 2, open_zones: 0, host_hours: 5500, zones_without_host_count: 0 },
    });
  });

  it('has the projection as it stood at the lift, as the Markdown words it', () => {
    const md = text(buildMarkdownReport(xsa108Record(), AFTER_LIFT).bytes);
    expect(report.projection).toMatchObject({ as_of: '2014-10-01T12:00:00.000Z', at_lift: true });
    expect(report.projection.verdict).not.toBe('complete');
    expect(md).toContain(`As of 2014-10-01 12:00 UTC: ${report.projection.text}`);
    expect(report.projection.regions.map((r) => r.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('has each zone with its exposure, notice lead time and late start', () => {
    expect(report.zones.map((z) => z.name)).toEqual(['us-east-1a', 'us-east-1b', 'eu-west-1a']);
    expect(report.zones[1]).toMatchObject({
      region: 'us-east-1',
      state: 'done',
      owner: { id: 'UBOB', name: 'bob' },
      notified_at: '2014-09-24T09:00:00.000Z',
      started_at: '2014-09-28T11:00:00.000Z',
      done_at: '2014-10-01T14:00:00.000Z',
      notice_lead_minutes: 4 * 24 * 60 + 120,
      late_start: false,
      exposure: { minutes: 120, open: false, host_hours: 2000 },
      blocked_minutes: 12 * 60,
    });
    expect(report.zones[0]).toMatchObject({
      exposure: null,
      late_start: false,
      owner: { id: 'UALICE', name: null },
    });
    expect(report.zones[2]).toMatchObject({
      late_start: true,
      window: { start: '2014-10-01T15:00:00.000Z', end: '2014-10-01T20:00:00.000Z' },
      exposure: { minutes: 7 * 60, open: false, host_hours: 3500 },
    });
  });

  it('has the blockers with their durations and the timeline with UTC times and actors', () => {
    expect(report.blockers).toEqual([
      {
        zone: 'us-east-1b',
        reason: 'BMC firmware hangs on reboot | vendor case #4711',
        blocked_at: '2014-09-28T14:00:00.000Z',
        unblocked_at: '2014-09-29T02:00:00.000Z',
        duration_minutes: 12 * 60,
        ongoing: false,
        by: { id: 'UBOB', name: 'bob' },
      },
    ]);
    expect(report.timeline).toHaveLength(16);
    expect(report.timeline[0]).toEqual({
      at: '2014-09-24T08:00:00.000Z',
      actor: { id: 'U0SEC', name: null },
      kind: 'campaign.created',
      zone: null,
      text: 'opened the campaign (lift 2014-10-01 12:00 UTC)',
      details: { liftAt: '2014-10-01T12:00:00.000Z' },
    });
    expect(report.timeline.find((e) => e.kind === 'zone.started' && e.zone === 'us-east-1b')).toMatchObject({
      at: '2014-09-28T11:00:00.000Z',
      actor: { id: 'UBOB', name: 'bob' },
      text: 'started us-east-1b',
    });
  });

  it('before the lift has no exposure yet and projects as of now; an open blocker is ongoing', () => {
    // The record as it was read that evening: us-east-1b blocked since 14:00.
    const evening = utc('2014-09-28T20:00Z');
    const full = xsa108Record();
    const before = buildReportJson(
      { ...full, zones: zonesAt(full, evening), events: full.events.filter((e) => e.at <= evening) },
      evening,
    );
    expect(before.summary.phase).toBe('before_lift');
    expect(before.totals.exposure).toBeNull();
    expect(before.projection).toMatchObject({ as_of: '2014-09-28T20:00:00.000Z', at_lift: false });
    expect(before.blockers[0]).toMatchObject({ unblocked_at: null, ongoing: true, duration_minutes: 6 * 60 });
  });
});
