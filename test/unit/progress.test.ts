import { describe, expect, it } from 'vitest';
import {
  AT_RISK_SLACK_SHARE,
  computeExposure,
  patchedHosts,
  projectCompletion,
  summarizeZones,
} from '../../src/domain/progress.js';
import type { Zone } from '../../src/domain/types.js';
import { zoneFixture } from '../support/fixtures.js';
import { plain, utc } from '../support/instants.js';

const at = (iso: string | null) => (iso === null ? null : utc(iso));

interface ZoneSpec {
  name: string;
  region?: string;
  state?: Zone['state'];
  hostsTotal?: number | null;
  hostsPatched?: number;
  startedAt?: string | null;
  doneAt?: string | null;
  blockedReason?: string | null;
}

/** Instants as ISO text, so a table row reads as the zone it describes. */
function zone({ name, startedAt, doneAt, ...rest }: ZoneSpec): Zone {
  return zoneFixture(name, { ...rest, startedAt: at(startedAt ?? null), doneAt: at(doneAt ?? null) });
}

const LIFT = utc('2014-10-01T12:00Z');
const AWS_FIRST_START = '2014-09-26T02:00Z';

describe('patchedHosts', () => {
  it.each([
    { label: 'pending zone', spec: { name: 'a', hostsTotal: 100 }, expected: 0 },
    {
      label: 'in progress, partly patched',
      spec: { name: 'a', state: 'in_progress', hostsTotal: 100, hostsPatched: 30 },
      expected: 30,
    },
    {
      label: 'done counts every host even if progress lagged',
      spec: { name: 'a', state: 'done', hostsTotal: 100, hostsPatched: 30 },
      expected: 100,
    },
    {
      label: 'done with no host count keeps the recorded figure',
      spec: { name: 'a', state: 'done', hostsTotal: null, hostsPatched: 7 },
      expected: 7,
    },
    {
      label: 'blocked part-way keeps what was patched',
      spec: { name: 'a', state: 'blocked', hostsTotal: 100, hostsPatched: 45 },
      expected: 45,
    },
  ] satisfies { label: string; spec: ZoneSpec; expected: number }[])(
    '$label: $expected',
    ({ spec, expected }) => {
      expect(patchedHosts(zone(spec))).toBe(expected);
    },
  );
});

describe('summarizeZones', () => {
  it.each([
    {
      label: 'no zones',
      specs: [],
      expected: {
        zones: 0,
        byState: { pending: 0, in_progress: 0, done: 0, blocked: 0 },
        hostsPatched: 0,
        hostsTotal: 0,
        hostsKnown: false,
      },
    },
    {
      label: 'every state, every host count known',
      specs: [
        { name: 'a', state: 'pending', hostsTotal: 10 },
        { name: 'b', state: 'in_progress', hostsTotal: 20, hostsPatched: 5 },
        { name: 'c', state: 'done', hostsTotal: 30, hostsPatched: 0 },
        { name: 'd', state: 'blocked', hostsTotal: 40, hostsPatched: 4 },
      ],
      expected: {
        zones: 4,
        byState: { pending: 1, in_progress: 1, done: 1, blocked: 1 },
        hostsPatched: 5 + 30 + 4,
        hostsTotal: 100,
        hostsKnown: true,
      },
    },
    {
      label: 'one host count unknown',
      specs: [
        { name: 'a', state: 'done', hostsTotal: 10, hostsPatched: 10 },
        { name: 'b', state: 'in_progress', hostsTotal: null, hostsPatched: 3 },
      ],
      expected: {
        zones: 2,
        byState: { pending: 0, in_progress: 1, done: 1, blocked: 0 },
        hostsPatched: 13,
        hostsTotal: 10,
        hostsKnown: false,
      },
    },
  ] satisfies { label: string; specs: ZoneSpec[]; expected: unknown }[])('$label', ({ specs, expected }) => {
    expect(summarizeZones(specs.map(zone))).toEqual(expected);
  });
});

/**
 * AWS in the XSA-108 week: five availability zones in two regions, 1500 hosts, rebooted one zone
 * per region at a time from 2014-09-26 02:00 UTC.
 */
function aws(
  states: Record<
    'us-east-1a' | 'us-east-1b' | 'us-east-1c' | 'eu-west-1a' | 'eu-west-1b',
    Omit<ZoneSpec, 'name' | 'region' | 'hostsTotal'>
  >,
  hostsOverride: Partial<Record<string, number | null>> = {},
): Zone[] {
  const layout = [
    { name: 'us-east-1a', region: 'us-east-1', hostsTotal: 400 },
    { name: 'us-east-1b', region: 'us-east-1', hostsTotal: 400 },
    { name: 'us-east-1c', region: 'us-east-1', hostsTotal: 200 },
    { name: 'eu-west-1a', region: 'eu-west-1', hostsTotal: 300 },
    { name: 'eu-west-1b', region: 'eu-west-1', hostsTotal: 200 },
  ] as const;
  return layout.map((z) =>
    zone({
      ...z,
      ...states[z.name],
      hostsTotal: z.name in hostsOverride ? (hostsOverride[z.name] ?? null) : z.hostsTotal,
    }),
  );
}

const done = (startedAt: string, doneAt: string, hostsPatched = 0): Omit<ZoneSpec, 'name'> => ({
  state: 'done',
  startedAt,
  doneAt,
  hostsPatched,
});
const running = (startedAt: string, hostsPatched: number): Omit<ZoneSpec, 'name'> => ({
  state: 'in_progress',
  startedAt,
  hostsPatched,
});
const pending: Omit<ZoneSpec, 'name'> = { state: 'pending' };

describe('projectCompletion: XSA-108 (lift 2014-10-01 12:00 UTC)', () => {
  it.each([
    {
      label: 'AWS done by 2014-09-30 23:59: complete, 12h 1m before the lift',
      now: '2014-10-01T09:00Z',
      zones: aws({
        // The latest finish is in the middle of the list, not first or last.
        'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
        'us-east-1b': done('2014-09-27T03:00Z', '2014-09-28T08:00Z'),
        'us-east-1c': done('2014-09-30T12:00Z', '2014-09-30T23:59Z'),
        'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
        'eu-west-1b': done('2014-09-28T00:00Z', '2014-09-29T10:00Z'),
      }),
      expected: { kind: 'complete', finishedAt: '2014-09-30T23:59:00.000Z', marginMinutes: 12 * 60 + 1 },
    },
    {
      label: 'the same finish seen after the lift is still complete, with the same margin',
      now: '2014-10-02T00:00Z',
      zones: aws({
        'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
        'us-east-1b': done('2014-09-27T03:00Z', '2014-09-28T08:00Z'),
        'us-east-1c': done('2014-09-30T12:00Z', '2014-09-30T23:59Z'),
        'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
        'eu-west-1b': done('2014-09-28T00:00Z', '2014-09-29T10:00Z'),
      }),
      expected: { kind: 'complete', finishedAt: '2014-09-30T23:59:00.000Z', marginMinutes: 721 },
    },
    {
      label: 'finished 90m after the lift: complete with a negative margin',
      now: '2014-10-01T14:00Z',
      zones: aws({
        'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
        'us-east-1b': done('2014-09-27T03:00Z', '2014-09-28T08:00Z'),
        'us-east-1c': done('2014-09-30T12:00Z', '2014-10-01T13:30Z'),
        'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
        'eu-west-1b': done('2014-09-28T00:00Z', '2014-09-29T10:00Z'),
      }),
      expected: { kind: 'complete', finishedAt: '2014-10-01T13:30:00.000Z', marginMinutes: -90 },
    },
    {
      // 48h in, 400 + 300 + 160 + 100 = 960 hosts: 20/h. 540 left: 27h, so 2014-09-29 05:00.
      // Margin 55h = 3300m; 82h to the lift, and 3300 ≥ 25% × 4920 = 1230.
      label: 'AWS on 2014-09-28 02:00, 960/1500 hosts: on track, 2d 7h to spare',
      now: '2014-09-28T02:00Z',
      zones: aws({
        'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
        'us-east-1b': running('2014-09-27T03:00Z', 160),
        'us-east-1c': pending,
        'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
        'eu-west-1b': running('2014-09-28T00:00Z', 100),
      }),
      expected: {
        kind: 'projected',
        verdict: 'on_track',
        unit: 'hosts',
        remaining: 540,
        pacePerHour: 20,
        finishAt: '2014-09-29T05:00:00.000Z',
        marginMinutes: 3300,
      },
    },
    {
      // 94h in, 400 + 400 + 300 + 28 = 1128 hosts: 12/h. 372 left: 31h, so 2014-10-01 07:00.
      // Margin 5h = 300m, under 25% of the 36h (2160m) left = 540m.
      label: 'AWS on 2014-09-30 00:00, 1128/1500 hosts: at risk, 5h to spare',
      now: '2014-09-30T00:00Z',
      zones: aws({
        'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
        'us-east-1b': done('2014-09-27T03:00Z', '2014-09-28T08:00Z'),
        'us-east-1c': running('2014-09-29T20:00Z', 28),
        'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
        'eu-west-1b': { state: 'blocked', startedAt: null, blockedReason: 'change freeze' },
      }),
      expected: {
        kind: 'projected',
        verdict: 'at_risk',
        unit: 'hosts',
        remaining: 372,
        pacePerHour: 12,
        finishAt: '2014-10-01T07:00:00.000Z',
        marginMinutes: 300,
      },
    },
    {
      // 94h in, 400 + 300 + 240 = 940 hosts: 10/h. 560 left: 56h, so 2014-10-02 08:00, 20h late.
      label: 'AWS on 2014-09-30 00:00, 940/1500 hosts: late by 20h',
      now: '2014-09-30T00:00Z',
      zones: aws({
        'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
        'us-east-1b': running('2014-09-28T10:00Z', 240),
        'us-east-1c': pending,
        'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
        'eu-west-1b': pending,
      }),
      expected: {
        kind: 'projected',
        verdict: 'late',
        unit: 'hosts',
        remaining: 560,
        pacePerHour: 10,
        finishAt: '2014-10-02T08:00:00.000Z',
        marginMinutes: -1200,
      },
    },
    {
      // us-east-1c has no host count, so the pace is in zones: 2 done in 48h = 1 per 24h.
      // 3 zones left: 72h, so 2014-10-01 02:00; margin 10h = 600m < 25% × 4920m = 1230m.
      label: 'AWS with one zone lacking a host count: paced in zones, at risk',
      now: '2014-09-28T02:00Z',
      zones: aws(
        {
          'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
          'us-east-1b': running('2014-09-27T03:00Z', 399),
          'us-east-1c': pending,
          'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
          'eu-west-1b': running('2014-09-28T00:00Z', 100),
        },
        { 'us-east-1c': null },
      ),
      expected: {
        kind: 'projected',
        verdict: 'at_risk',
        unit: 'zones',
        remaining: 3,
        pacePerHour: 2 / 48,
        finishAt: '2014-10-01T02:00:00.000Z',
        marginMinutes: 600,
      },
    },
    {
      // Told customers on 2014-09-24; at 2014-09-27 08:00, 100h before the lift, nothing started:
      // 1500 hosts need 15 an hour.
      label: 'AWS before any reboot: not started, 15 hosts an hour needed',
      now: '2014-09-27T08:00Z',
      zones: aws({
        'us-east-1a': pending,
        'us-east-1b': pending,
        'us-east-1c': pending,
        'eu-west-1a': pending,
        'eu-west-1b': pending,
      }),
      expected: {
        kind: 'not_started',
        verdict: 'on_track',
        unit: 'hosts',
        remaining: 1500,
        neededPerHour: 15,
      },
    },
    {
      // 5 zones over 100h when a host count is missing: 0.05 zones an hour.
      label: 'not started, a host count missing: pace needed in zones',
      now: '2014-09-27T08:00Z',
      zones: aws(
        {
          'us-east-1a': pending,
          'us-east-1b': pending,
          'us-east-1c': pending,
          'eu-west-1a': pending,
          'eu-west-1b': { state: 'blocked', blockedReason: 'waiting for the patch' },
        },
        { 'eu-west-1b': null },
      ),
      expected: {
        kind: 'not_started',
        verdict: 'on_track',
        unit: 'zones',
        remaining: 5,
        neededPerHour: 0.05,
      },
    },
    {
      label: 'not started at the lift itself: late, no pace can make it',
      now: '2014-10-01T12:00Z',
      zones: aws({
        'us-east-1a': pending,
        'us-east-1b': pending,
        'us-east-1c': pending,
        'eu-west-1a': pending,
        'eu-west-1b': pending,
      }),
      expected: { kind: 'not_started', verdict: 'late', unit: 'hosts', remaining: 1500, neededPerHour: null },
    },
    {
      label: 'SoftLayer-like: nothing started 3h after the lift: late',
      now: '2014-10-01T15:00Z',
      zones: [zone({ name: 'dal05', hostsTotal: 500 }), zone({ name: 'ams01', hostsTotal: 300 })],
      expected: { kind: 'not_started', verdict: 'late', unit: 'hosts', remaining: 800, neededPerHour: null },
    },
    {
      label: 'reboots began 4h ago, nothing patched yet: no pace, at risk',
      now: '2014-09-26T06:00Z',
      zones: aws({
        'us-east-1a': running(AWS_FIRST_START, 0),
        'us-east-1b': pending,
        'us-east-1c': pending,
        'eu-west-1a': running('2014-09-26T03:00Z', 0),
        'eu-west-1b': pending,
      }),
      expected: {
        kind: 'no_pace',
        verdict: 'at_risk',
        unit: 'hosts',
        remaining: 1500,
        since: '2014-09-26T02:00:00.000Z',
      },
    },
    {
      label:
        'Rackspace-like, started 2014-09-28 11:00, no zone done and no host counts, after the lift: late',
      now: '2014-10-01T13:00Z',
      zones: [
        zone({ name: 'ord1', state: 'in_progress', startedAt: '2014-09-28T11:00Z', hostsPatched: 50 }),
        zone({ name: 'dfw1' }),
      ],
      expected: {
        kind: 'no_pace',
        verdict: 'late',
        unit: 'zones',
        remaining: 2,
        since: '2014-09-28T11:00:00.000Z',
      },
    },
  ] satisfies { label: string; now: string; zones: Zone[]; expected: Record<string, unknown> }[])(
    '$label',
    ({ now, zones, expected }) => {
      expect(plain(projectCompletion(zones, LIFT, utc(now)))).toEqual(expected);
    },
  );

  it('says there is nothing to project without zones', () => {
    expect(projectCompletion([], LIFT, utc('2014-09-26T02:00Z'))).toEqual({ kind: 'no_zones' });
  });
});

describe('projectCompletion: verdict boundaries', () => {
  // One zone of 100 hosts started 10h before `now` with 50 patched: 5 an hour, 10h to go, so the
  // projected finish is now + 600m and the margin is (minutes to the lift) − 600.
  const now = utc('2014-09-30T00:00Z');
  const zones = [
    zone({
      name: 'lon02',
      state: 'in_progress',
      hostsTotal: 100,
      hostsPatched: 50,
      startedAt: '2014-09-29T14:00Z',
    }),
  ];

  it.each([
    // 800m to the lift: margin 200m is exactly the at-risk share (25%), which is still on track.
    { minutesToLift: 800, verdict: 'on_track', margin: 200 },
    { minutesToLift: 799, verdict: 'at_risk', margin: 199 },
    { minutesToLift: 600, verdict: 'at_risk', margin: 0 },
    { minutesToLift: 599, verdict: 'late', margin: -1 },
    { minutesToLift: -60, verdict: 'late', margin: -660 },
  ])('$minutesToLift m to the lift: $verdict, margin $margin m', ({ minutesToLift, verdict, margin }) => {
    expect(AT_RISK_SLACK_SHARE).toBe(0.25);
    const projection = projectCompletion(zones, now.plus({ minutes: minutesToLift }), now);
    expect(projection).toMatchObject({ kind: 'projected', verdict, pacePerHour: 5, remaining: 50 });
    if (projection.kind !== 'projected') throw new Error('expected a projection');
    expect(projection.marginMinutes).toBeCloseTo(margin, 9);
    expect(projection.finishAt.toUTC().toISO()).toBe('2014-09-30T10:00:00.000Z');
  });

  it('counts at least one minute of elapsed time, so a start seconds ago gives a finite pace', () => {
    const start = utc('2014-09-30T00:00Z');
    const projection = projectCompletion(
      [
        zone({
          name: 'a',
          state: 'in_progress',
          hostsTotal: 100,
          hostsPatched: 10,
          startedAt: start.toISO(),
        }),
      ],
      LIFT,
      start.plus({ seconds: 30 }),
    );
    // 10 hosts in (at least) one minute: 600 an hour; 90 left take 9 minutes.
    expect(projection).toMatchObject({ kind: 'projected', pacePerHour: 600, verdict: 'on_track' });
    if (projection.kind !== 'projected') throw new Error('expected a projection');
    expect(projection.finishAt.toUTC().toISO()).toBe('2014-09-30T00:09:30.000Z');
  });
});

interface ExposureRow {
  zone: string;
  minutes: number;
  open: boolean;
  lateStart: boolean;
  hostHours: number | null;
}

describe('computeExposure: XSA-108 (lift 2014-10-01 12:00 UTC)', () => {
  // SoftLayer, on the list two days before, began three hours after the advisory was public and
  // went one datacenter at a time; seen at 2014-10-01 21:30, 9h 30m after the lift.
  const softLayer = [
    zone({
      name: 'wdc01',
      state: 'done',
      hostsTotal: 200,
      startedAt: '2014-09-30T20:00Z',
      doneAt: '2014-10-01T11:00Z',
    }),
    zone({
      name: 'sea01',
      state: 'done',
      hostsTotal: 80,
      startedAt: '2014-10-01T09:00Z',
      doneAt: '2014-10-01T12:00Z',
    }),
    zone({
      name: 'hou02',
      state: 'done',
      hostsTotal: 100,
      startedAt: '2014-10-01T10:00Z',
      doneAt: '2014-10-01T13:30Z',
    }),
    zone({
      name: 'dal05',
      state: 'done',
      hostsTotal: 500,
      startedAt: '2014-10-01T15:00Z',
      doneAt: '2014-10-01T18:00Z',
    }),
    zone({
      name: 'ams01',
      state: 'in_progress',
      hostsTotal: 300,
      hostsPatched: 120,
      startedAt: '2014-10-01T18:00Z',
    }),
    zone({
      name: 'lon02',
      state: 'blocked',
      hostsTotal: 40,
      startedAt: '2014-10-01T16:00Z',
      blockedReason: 'BMC firmware',
    }),
    zone({ name: 'sjc01', state: 'pending', hostsTotal: null }),
    zone({ name: 'fra02', state: 'in_progress', hostsTotal: 60, startedAt: '2014-10-01T12:00Z' }),
  ];
  const now = utc('2014-10-01T21:30Z');
  const exposure = computeExposure(softLayer, LIFT, now);

  it.each([
    // Done 18:00, 6h after the lift: 500 hosts × 6h.
    { zone: 'dal05', minutes: 360, open: false, lateStart: true, hostHours: 3000 },
    // Started before the lift, done 13:30: 90m exposed, not a late start.
    { zone: 'hou02', minutes: 90, open: false, lateStart: false, hostHours: 150 },
    // Still open at 21:30: 9h 30m so far, every host counted, patched or not.
    { zone: 'ams01', minutes: 570, open: true, lateStart: true, hostHours: 2850 },
    { zone: 'lon02', minutes: 570, open: true, lateStart: true, hostHours: 380 },
    // Never started: exposed and open, but not (yet) a late start; no host count, no host-hours.
    { zone: 'sjc01', minutes: 570, open: true, lateStart: false, hostHours: null },
    // Started at the lift instant itself: not after it.
    { zone: 'fra02', minutes: 570, open: true, lateStart: false, hostHours: 570 },
  ] satisfies ExposureRow[])('$zone: $minutes m exposed, open $open, late start $lateStart', (row) => {
    expect(exposure.zones.find((z) => z.zone === row.zone)).toEqual(row);
  });

  it('leaves out zones done before or at the lift', () => {
    expect(exposure.zones.map((z) => z.zone)).toEqual(['hou02', 'dal05', 'ams01', 'lon02', 'sjc01', 'fra02']);
  });

  it('totals open zones and host-hours, and counts exposed zones without a host count', () => {
    expect(exposure).toMatchObject({
      afterLift: true,
      openZones: 4,
      totalHostHours: 3000 + 150 + 2850 + 380 + 570,
      zonesWithoutHostCount: 1,
    });
  });

  it.each([
    { label: 'one minute before the lift', now: '2014-10-01T11:59Z' },
    { label: 'AWS at the end of its reboots', now: '2014-09-30T23:59Z' },
  ])('before the lift ($label) nothing is exposed yet', ({ now: before }) => {
    expect(computeExposure(softLayer, LIFT, utc(before))).toEqual({
      afterLift: false,
      zones: [],
      openZones: 0,
      totalHostHours: 0,
      zonesWithoutHostCount: 0,
    });
  });

  it('at the lift instant every unfinished zone is exposed, for 0 minutes so far', () => {
    const atLift = [
      zone({
        name: 'wdc01',
        state: 'done',
        hostsTotal: 200,
        startedAt: '2014-09-30T20:00Z',
        doneAt: '2014-10-01T11:00Z',
      }),
      zone({ name: 'hou02', state: 'in_progress', hostsTotal: 100, startedAt: '2014-10-01T10:00Z' }),
      zone({ name: 'sjc01', state: 'pending', hostsTotal: null }),
    ];
    expect(computeExposure(atLift, LIFT, LIFT)).toEqual({
      afterLift: true,
      zones: [
        { zone: 'hou02', minutes: 0, open: true, lateStart: false, hostHours: 0 },
        { zone: 'sjc01', minutes: 0, open: true, lateStart: false, hostHours: null },
      ],
      openZones: 2,
      totalHostHours: 0,
      zonesWithoutHostCount: 1,
    });
  });

  it('AWS, done 12h 1m before the lift, has no exposure after it', () => {
    const zones = aws({
      'us-east-1a': done(AWS_FIRST_START, '2014-09-27T02:00Z'),
      'us-east-1b': done('2014-09-27T03:00Z', '2014-09-28T08:00Z'),
      'us-east-1c': done('2014-09-30T12:00Z', '2014-09-30T23:59Z'),
      'eu-west-1a': done(AWS_FIRST_START, '2014-09-27T20:00Z'),
      'eu-west-1b': done('2014-09-28T00:00Z', '2014-09-29T10:00Z'),
    });
    expect(computeExposure(zones, LIFT, utc('2014-10-02T12:00Z'))).toEqual({
      afterLift: true,
      zones: [],
      openZones: 0,
      totalHostHours: 0,
      zonesWithoutHostCount: 0,
    });
  });
});
