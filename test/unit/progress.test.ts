import { describe, expect, it } from 'vitest';
import { computeExposure, patchedHosts, summarizeZones } from '../../src/domain/progress.js';
import type { Zone } from '../../src/domain/types.js';
import { zoneFixture } from '../support/fixtures.js';
import { utc } from '../support/instants.js';

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
