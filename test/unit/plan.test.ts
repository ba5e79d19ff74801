import { describe, expect, it } from 'vitest';
import { type PlanSettings, projectPlan } from '../../src/domain/plan.js';
import type { Zone } from '../../src/domain/types.js';
import { zoneFixture } from '../support/fixtures.js';
import { utc } from '../support/instants.js';

const LIFT = utc('2014-10-01T12:00Z');
const at = (iso: string | null | undefined) => (iso ? utc(iso) : null);

interface ZoneSpec {
  region?: string;
  state?: Zone['state'];
  hosts?: number;
  patched?: number;
  started?: string;
  done?: string;
  notified?: string;
  window?: [string, string];
  reason?: string;
}

function fleet(specs: Record<string, ZoneSpec>): Zone[] {
  return Object.entries(specs).map(([name, s]) =>
    zoneFixture(name, {
      region: s.region ?? name,
      state: s.state ?? (s.done ? 'done' : s.started ? 'in_progress' : 'pending'),
      hostsTotal: s.hosts ?? null,
      hostsPatched: s.patched ?? 0,
      startedAt: at(s.started),
      doneAt: at(s.done),
      notifiedAt: at(s.notified),
      windowStart: at(s.window?.[0]),
      windowEnd: at(s.window?.[1]),
      blockedReason: s.reason ?? null,
    }),
  );
}

const settings = (overrides: Partial<PlanSettings> = {}): PlanSettings => ({
  liftAt: LIFT,
  waveSize: 1,
  noticeLeadMinutes: null,
  defaultZoneMinutes: 120,
  ...overrides,
});

/** Each planned zone as `name start–finish` in UTC, to compare with a hand-made schedule. */
function schedule(zones: Zone[], s: PlanSettings, now: string): Record<string, string> {
  const plan = projectPlan(zones, s, utc(now));
  return Object.fromEntries(
    plan.zones.map((p) => [
      p.zone,
      `${p.start?.toUTC().toFormat("MM-dd'T'HH:mm") ?? '—'}–${p.finish?.toUTC().toFormat("MM-dd'T'HH:mm") ?? '—'}`,
    ]),
  );
}

/*
 * AWS-like: three regions, wave 1, notice 48h given on 09-24. Done so far: us-east-1a 1000 hosts in
 * 4h, us-west-2a 500 in 2h, eu-west-1a 500 in 3h: minutes per host 0.24, 0.24, 0.36 → median 0.24,
 * so 1000 hosts take 4h, 500 take 2h, 1500 take 6h, 2000 take 8h.
 */
const AWS_DONE: Record<string, ZoneSpec> = {
  'us-east-1a': {
    region: 'us-east-1',
    hosts: 1000,
    started: '2014-09-26T02:00Z',
    done: '2014-09-26T06:00Z',
    notified: '2014-09-24T00:00Z',
  },
  'us-west-2a': {
    region: 'us-west-2',
    hosts: 500,
    started: '2014-09-26T02:00Z',
    done: '2014-09-26T04:00Z',
    notified: '2014-09-24T00:00Z',
  },
  'eu-west-1a': {
    region: 'eu-west-1',
    hosts: 500,
    started: '2014-09-26T02:00Z',
    done: '2014-09-26T05:00Z',
    notified: '2014-09-24T00:00Z',
  },
};
const NOTIFIED = '2014-09-24T00:00Z';
const AWS: Record<string, ZoneSpec> = {
  ...AWS_DONE,
  // 500 of 1000 hosts in its first 2h: the rest take 2h more at its own pace.
  'us-east-1b': {
    region: 'us-east-1',
    hosts: 1000,
    patched: 500,
    started: '2014-09-27T22:00Z',
    notified: NOTIFIED,
  },
  'us-east-1c': { region: 'us-east-1', hosts: 1000, notified: NOTIFIED },
  'us-east-1d': { region: 'us-east-1', hosts: 2000, notified: NOTIFIED },
  // Nothing reported yet: its start + 2h.
  'us-west-2b': { region: 'us-west-2', hosts: 500, started: '2014-09-27T23:00Z', notified: NOTIFIED },
  'us-west-2c': { region: 'us-west-2', hosts: 500, notified: NOTIFIED },
  'eu-west-1b': { region: 'eu-west-1', hosts: 1500, notified: NOTIFIED },
};
const AWS_SETTINGS = settings({ noticeLeadMinutes: 48 * 60 });
const AWS_NOW = '2014-09-28T00:00Z';

describe('projectPlan: AWS-like fleet, many zones per region, wave 1', () => {
  it('schedules each region one zone at a time, durations from hosts × the median minutes per host', () => {
    expect(schedule(fleet(AWS), AWS_SETTINGS, AWS_NOW)).toEqual({
      'us-east-1b': '09-27T22:00–09-28T02:00',
      'us-east-1c': '09-28T02:00–09-28T06:00',
      'us-east-1d': '09-28T06:00–09-28T14:00',
      'us-west-2b': '09-27T23:00–09-28T01:00',
      'us-west-2c': '09-28T01:00–09-28T03:00',
      'eu-west-1b': '09-28T00:00–09-28T06:00',
    });
  });

  it('is on track, us-east-1 is critical, finishing 09-28 14:00 with 2d 22h to spare', () => {
    const plan = projectPlan(fleet(AWS), AWS_SETTINGS, utc(AWS_NOW));
    expect(plan.regions.map((r) => r.region)).toEqual(['us-east-1', 'eu-west-1', 'us-west-2']);
    expect(plan.verdict).toMatchObject({ kind: 'on_track', marginMinutes: (2 * 24 + 22) * 60 });
    expect(plan.observations).toBe(3);
  });

  it('with wave 2 a region runs two zones at once', () => {
    expect(schedule(fleet(AWS), { ...AWS_SETTINGS, waveSize: 2 }, AWS_NOW)).toMatchObject({
      'us-east-1c': '09-28T00:00–09-28T04:00',
      'us-east-1d': '09-28T02:00–09-28T10:00',
    });
  });

  it('a blocked zone makes it "blocked on" that zone, never on track, and holds its wave slot', () => {
    const zones = fleet({
      ...AWS,
      'us-east-1b': { ...AWS['us-east-1b'], state: 'blocked', reason: 'BMC hangs' },
    });
    const plan = projectPlan(zones, AWS_SETTINGS, utc(AWS_NOW));
    expect(plan.verdict).toMatchObject({ kind: 'blocked', blocked: ['us-east-1b'] });
    expect(plan.regions[0]?.region).toBe('us-east-1');
    expect(schedule(zones, AWS_SETTINGS, AWS_NOW)).toMatchObject({
      'us-east-1b': '09-27T22:00–—',
      'us-east-1c': '—–—',
      'eu-west-1b': '09-28T00:00–09-28T06:00',
    });
  });

  it('the issue: customers not notified with notice 48h, on 09-30: unreachable, not on track', () => {
    const zones = fleet({ ...AWS, 'eu-west-1b': { region: 'eu-west-1', hosts: 1500 } });
    const plan = projectPlan(zones, AWS_SETTINGS, utc('2014-09-30T00:00Z'));
    // Told at best now: 10-02 00:00 is the earliest start, 6h of work.
    expect(plan.verdict).toMatchObject({ kind: 'unreachable', zones: ['eu-west-1b'] });
    expect(plan.notNotified).toEqual(['eu-west-1b']);
    expect(schedule(zones, AWS_SETTINGS, '2014-09-30T00:00Z')['eu-west-1b']).toBe('10-02T00:00–10-02T06:00');
  });
});

/*
 * SoftLayer-like: one datacenter at a time (one region for all three), no host counts, no windows:
 * the default 2h per zone until one is done. Told of the bug on 09-29.
 */
const SOFTLAYER = (notified: string, extra: Record<string, ZoneSpec> = {}) =>
  fleet({
    dal05: { region: 'softlayer', notified },
    ams01: { region: 'softlayer', notified },
    sjc01: { region: 'softlayer', notified },
    ...extra,
  });

describe('projectPlan: SoftLayer-like fleet, one datacenter at a time, late notice', () => {
  it('notice 48h given 09-29 18:00: the first start is 10-01 18:00, after the lift: unreachable', () => {
    const s = settings({ noticeLeadMinutes: 48 * 60 });
    const zones = SOFTLAYER('2014-09-29T18:00Z');
    expect(schedule(zones, s, '2014-09-29T18:00Z')).toEqual({
      dal05: '10-01T18:00–10-01T20:00',
      ams01: '10-01T20:00–10-01T22:00',
      sjc01: '10-01T22:00–10-02T00:00',
    });
    expect(projectPlan(zones, s, utc('2014-09-29T18:00Z')).verdict).toMatchObject({
      kind: 'unreachable',
      zones: ['dal05', 'ams01', 'sjc01'],
    });
  });

  it('notice 24h: finish 10-01 00:00 on the default duration alone is too early to tell', () => {
    const s = settings({ noticeLeadMinutes: 24 * 60 });
    const plan = projectPlan(SOFTLAYER('2014-09-29T18:00Z'), s, utc('2014-09-29T18:00Z'));
    expect(plan.verdict).toMatchObject({ kind: 'too_early', marginMinutes: 12 * 60 });
  });

  // dal05 ran 09-30 18:00 → done after N hours; the two left take N hours each, from its finish.
  it.each([
    { hours: 3, now: '2014-09-30T21:00Z', finish: '2014-10-01T03:00Z', kind: 'on_track', margin: 540 },
    // Margin 0: under an hour (and under 10% of the 12h left) is at risk.
    { hours: 6, now: '2014-10-01T00:00Z', finish: '2014-10-01T12:00Z', kind: 'at_risk', margin: 0 },
    { hours: 7, now: '2014-10-01T01:00Z', finish: '2014-10-01T15:00Z', kind: 'late', margin: -180 },
  ])('dal05 took $hours h: $kind, finish $finish', ({ hours, now, finish, kind, margin }) => {
    const s = settings({ noticeLeadMinutes: 24 * 60 });
    const zones = SOFTLAYER('2014-09-29T18:00Z', {
      dal05: {
        region: 'softlayer',
        notified: '2014-09-29T18:00Z',
        started: '2014-09-30T18:00Z',
        done: utc('2014-09-30T18:00Z').plus({ hours }).toISO() as string,
      },
    });
    const plan = projectPlan(zones, s, utc(now));
    expect(plan.verdict.kind).toBe(kind);
    if (!('finishAt' in plan.verdict) || !plan.verdict.finishAt) throw new Error('expected a finish');
    expect(plan.verdict.finishAt.toUTC().toISO()).toBe(utc(finish).toISO());
    if (plan.verdict.kind === 'late') expect(plan.verdict.lateMinutes).toBe(-margin);
    else if ('marginMinutes' in plan.verdict) expect(plan.verdict.marginMinutes).toBe(margin);
  });
});

describe('projectPlan: windows, the default duration and edges', () => {
  it('a zone starts no earlier than its window and lasts the window when nothing is done yet', () => {
    const zones = fleet({
      lon02: { window: ['2014-09-30T22:00Z', '2014-10-01T02:00Z'] },
      ams03: {},
    });
    expect(schedule(zones, settings({ defaultZoneMinutes: 90 }), '2014-09-30T12:00Z')).toEqual({
      lon02: '09-30T22:00–10-01T02:00',
      ams03: '09-30T12:00–09-30T13:30',
    });
  });

  it('the at-risk line is max(1h, 10% of the time left)', () => {
    // One zone observed at 2h, so the next takes 2h.
    const zones = (bWindow?: [string, string]) =>
      fleet({
        a: { region: 'r', started: '2014-09-30T10:00Z', done: '2014-09-30T12:00Z' },
        b: { region: 'r', ...(bWindow ? { window: bWindow } : {}) },
      });
    expect(projectPlan(zones(), settings(), utc('2014-09-30T12:00Z')).verdict).toMatchObject({
      kind: 'on_track',
      marginMinutes: 22 * 60,
    });
    // 24h left: 10% is 2h 24m, so a 1h 30m margin (b's window opens 10-01 08:30) is at risk.
    const late = zones(['2014-10-01T08:30Z', '2014-10-01T09:00Z']);
    expect(projectPlan(late, settings(), utc('2014-09-30T12:00Z')).verdict).toMatchObject({
      kind: 'at_risk',
      marginMinutes: 90,
    });
    // 3h 30m left: 10% is 21m, so the one-hour floor decides: 90m is on track, 30m at risk.
    expect(projectPlan(zones(), settings(), utc('2014-10-01T08:30Z')).verdict).toMatchObject({
      kind: 'on_track',
      marginMinutes: 90,
    });
    expect(projectPlan(zones(), settings(), utc('2014-10-01T09:30Z')).verdict).toMatchObject({
      kind: 'at_risk',
      marginMinutes: 30,
    });
  });

  it('an overrunning zone is projected to finish now, not in the past', () => {
    const zones = fleet({ a: { started: '2014-09-30T00:00Z' } });
    expect(schedule(zones, settings(), '2014-09-30T05:00Z')).toEqual({ a: '09-30T00:00–09-30T05:00' });
  });

  it('no zones, and every zone done', () => {
    expect(projectPlan([], settings(), LIFT).verdict).toEqual({ kind: 'no_zones' });
    const done = fleet({ a: { started: '2014-09-30T00:00Z', done: '2014-09-30T23:00Z' } });
    expect(projectPlan(done, settings(), LIFT).verdict).toMatchObject({
      kind: 'complete',
      marginMinutes: 13 * 60,
    });
  });
});
