import type { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Zone } from '../../src/domain/types.js';
import {
  blockZone,
  checkNotice,
  checkWave,
  markNotified,
  markZoneDone,
  recordProgress,
  startZone,
  unblockZone,
  type ZoneChange,
} from '../../src/domain/zone-rules.js';
import { campaignFixture, zoneFixture } from '../support/fixtures.js';
import { utc } from '../support/instants.js';
import { xsaErrorOf } from '../support/xsa-error.js';

const NOW = utc('2014-09-26T02:00Z');
const EARLIER = utc('2014-09-25T20:00Z');
const NOTICE_48H = 48 * 60;

/** A zone of 400 hosts in the region its name ends with, less the letter: us-east-1a is in us-east-1. */
function zone(name: string, overrides: Partial<Zone> = {}): Zone {
  return zoneFixture(name, { region: name.replace(/[a-z]$/, ''), hostsTotal: 400, ...overrides });
}

/** One zone in each state the rules can meet; `blocked` means blocked before it ever started. */
const STATES = {
  pending: zone('us-east-1a'),
  in_progress: zone('us-east-1a', {
    state: 'in_progress',
    startedAt: EARLIER,
    hostsPatched: 120,
    owner: 'U0OPS',
  }),
  done: zone('us-east-1a', {
    state: 'done',
    startedAt: EARLIER,
    doneAt: NOW.minus({ hours: 1 }),
    hostsPatched: 400,
    owner: 'U0OPS',
  }),
  blocked: zone('us-east-1a', { state: 'blocked', blockedReason: 'change freeze' }),
  blocked_started: zone('us-east-1a', {
    state: 'blocked',
    blockedReason: 'BMC firmware',
    startedAt: EARLIER,
    hostsPatched: 120,
    owner: 'U0OPS',
  }),
} satisfies Record<string, Zone>;
type StateName = keyof typeof STATES;

type Outcome =
  | { changed: true; kind: string; zone: Partial<Zone>; details?: unknown }
  | { changed: false }
  | string;

function named<T extends { outcome: Outcome }>(rows: T[]): (T & { expected: string })[] {
  return rows.map((row) => ({
    ...row,
    expected:
      typeof row.outcome === 'string'
        ? `throws ${row.outcome}`
        : row.outcome.changed
          ? row.outcome.kind
          : 'no change',
  }));
}

function expectOutcome(run: (z: Zone) => ZoneChange, from: Zone, outcome: Outcome): void {
  if (typeof outcome === 'string') {
    const error = xsaErrorOf(() => run(from));
    expect(error.code).toBe(outcome);
    expect(error.message).toContain(from.name);
    return;
  }
  // Luxon instants are immutable, so a shallow copy is enough to notice a mutated input.
  const before = { ...from };
  const change = run(from);
  expect(change.changed).toBe(outcome.changed);
  if (!outcome.changed) {
    expect(change.zone).toBe(from);
    expect(change).not.toHaveProperty('kind');
    expect(change).not.toHaveProperty('details');
    return;
  }
  if (!change.changed) throw new Error('expected a change');
  expect(change.kind).toBe(outcome.kind);
  expect(change.zone).toEqual({ ...from, ...outcome.zone });
  if (outcome.details !== undefined) expect(change.details).toEqual(outcome.details);
  expect(change.summary).toContain(from.name);
  // The input is never mutated: stores compare old and new.
  expect(from).toEqual(before);
}

function expectIdempotent(run: (z: Zone) => ZoneChange, from: Zone): void {
  const first = run(from);
  if (!first.changed) throw new Error('expected the first request to change something');
  const repeat = run(first.zone);
  expect(repeat).toEqual({ changed: false, zone: first.zone, summary: expect.any(String) });
}

describe('startZone', () => {
  const start = (z: Zone) =>
    startZone(z, { campaign: campaignFixture(), zones: [z], now: NOW, actor: 'U0ALICE', force: false });

  it.each(
    named([
      {
        from: 'pending',
        outcome: {
          changed: true,
          kind: 'zone.started',
          zone: { state: 'in_progress', startedAt: NOW, owner: 'U0ALICE' },
          details: {},
        },
      },
      { from: 'in_progress', outcome: { changed: false } },
      { from: 'done', outcome: 'zone_done' },
      { from: 'blocked', outcome: 'zone_blocked' },
      { from: 'blocked_started', outcome: 'zone_blocked' },
    ] satisfies { from: StateName; outcome: Outcome }[]),
  )('$from → $expected', ({ from, outcome }) => {
    expectOutcome(start, STATES[from], outcome);
  });

  it('keeps an owner the zone already has', () => {
    const change = start(zone('us-east-1a', { owner: 'U0BOB' }));
    expect(change.zone.owner).toBe('U0BOB');
  });

  it('a repeated start (a Slack retry) changes nothing the second time', () => {
    expectIdempotent(start, STATES.pending);
  });

  it('names the blocker when refusing a blocked zone', () => {
    expect(xsaErrorOf(() => start(STATES.blocked)).message).toContain('change freeze');
  });
});

describe('checkWave (rule 4) with a wave size of 2', () => {
  const candidate = zone('us-east-1c', { region: 'us-east-1' });
  const inProgress = (name: string, region = 'us-east-1') =>
    zone(name, { region, state: 'in_progress', startedAt: EARLIER });

  it.each([
    { label: 'nothing running', others: [], refused: false },
    { label: 'one of two slots taken', others: [inProgress('us-east-1a')], refused: false },
    {
      label: 'both slots taken',
      others: [inProgress('us-east-1a'), inProgress('us-east-1b')],
      refused: true,
    },
    {
      label: 'other regions do not count',
      others: [
        inProgress('us-east-1a'),
        inProgress('eu-west-1a', 'eu-west-1'),
        inProgress('eu-west-1b', 'eu-west-1'),
      ],
      refused: false,
    },
    {
      label: 'done and pending zones of the region do not count',
      others: [
        inProgress('us-east-1a'),
        zone('us-east-1b', { region: 'us-east-1', state: 'done', startedAt: EARLIER, doneAt: EARLIER }),
        zone('us-east-1d', { region: 'us-east-1' }),
      ],
      refused: false,
    },
    {
      label: 'a zone blocked before it started does not count',
      others: [inProgress('us-east-1a'), zone('us-east-1b', { region: 'us-east-1', state: 'blocked' })],
      refused: false,
    },
    {
      label: 'the zone itself does not count (a repeated start)',
      others: [inProgress('us-east-1a'), inProgress('us-east-1c')],
      refused: false,
    },
  ])('$label: refused $refused', ({ others, refused }) => {
    const reason = checkWave(candidate, [candidate, ...others], 2);
    if (!refused) {
      expect(reason).toBeNull();
      return;
    }
    expect(reason).toContain('region us-east-1 already has 2 zones in progress (us-east-1a, us-east-1b)');
    expect(reason).toContain('wave limit is 2');
    expect(reason).toContain('`force`');
  });

  it('a zone blocked part-way keeps its place in the wave, so unblocking it cannot overfill the region', () => {
    const halfDone = zone('us-east-1a', {
      region: 'us-east-1',
      state: 'blocked',
      blockedReason: 'BMC firmware',
      startedAt: EARLIER,
    });
    const reason = checkWave(candidate, [halfDone, inProgress('us-east-1b'), candidate], 2);
    expect(reason).toContain('already has 2 zones in progress (us-east-1a — blocked part-way, us-east-1b)');
    expect(reason).toContain('us-east-1b');
  });
});

describe('checkNotice (rule 5) with a 48h lead', () => {
  it.each([
    { label: 'no lead time set, never notified', lead: null, notifiedAt: null, refused: false },
    { label: 'never notified', lead: NOTICE_48H, notifiedAt: null, refused: true },
    {
      label: 'notified 47h 59m before',
      lead: NOTICE_48H,
      notifiedAt: NOW.minus({ hours: 47, minutes: 59 }),
      refused: true,
    },
    {
      label: 'notified exactly 48h before',
      lead: NOTICE_48H,
      notifiedAt: NOW.minus({ hours: 48 }),
      refused: false,
    },
    {
      label: 'notified 2 days 1 minute before',
      lead: NOTICE_48H,
      notifiedAt: NOW.minus({ days: 2, minutes: 1 }),
      refused: false,
    },
  ])('$label: refused $refused', ({ lead, notifiedAt, refused }) => {
    const reason = checkNotice(zone('us-east-1a', { notifiedAt }), lead, NOW);
    if (!refused) {
      expect(reason).toBeNull();
      return;
    }
    expect(reason).toContain('us-east-1a');
    expect(reason).toContain('48h');
    expect(reason).toContain('`force`');
  });

  it('says when the earliest start is', () => {
    const reason = checkNotice(
      zone('us-east-1a', { notifiedAt: NOW.minus({ hours: 47, minutes: 59 }) }),
      NOTICE_48H,
      NOW,
    );
    expect(reason).toContain('Earliest start: <!date^1411696860^');
    expect(reason).toContain('(2014-09-26 02:01 UTC)');
  });
});

describe('startZone with the wave and notice rules', () => {
  const busy = zone('us-east-1a', { region: 'us-east-1', state: 'in_progress', startedAt: EARLIER });
  const busy2 = zone('us-east-1b', { region: 'us-east-1', state: 'in_progress', startedAt: EARLIER });
  const target = (notifiedAt: DateTime | null) => zone('us-east-1c', { region: 'us-east-1', notifiedAt });
  const notifiedLongAgo = NOW.minus({ hours: 48 });
  const notifiedJustNow = NOW.minus({ hours: 47, minutes: 59 });

  function run(options: { others: Zone[]; notifiedAt: DateTime | null; force: boolean }): ZoneChange {
    const z = target(options.notifiedAt);
    return startZone(z, {
      campaign: campaignFixture({ waveSize: 2, noticeLeadMinutes: NOTICE_48H }),
      zones: [...options.others, z],
      now: NOW,
      actor: 'U0ALICE',
      force: options.force,
    });
  }

  it.each([
    { label: 'wave full', others: [busy, busy2], notifiedAt: notifiedLongAgo, code: 'wave_limit' },
    { label: 'notified 47h 59m ago', others: [busy], notifiedAt: notifiedJustNow, code: 'notice_required' },
    { label: 'never notified', others: [], notifiedAt: null, code: 'notice_required' },
    {
      label: 'both broken: the wave is reported',
      others: [busy, busy2],
      notifiedAt: null,
      code: 'wave_limit',
    },
  ])('refuses without force: $label → $code', ({ others, notifiedAt, code }) => {
    const error = xsaErrorOf(() => run({ others, notifiedAt, force: false }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^Can't start us-east-1c: /);
  });

  it('starts with one wave slot free and 48h of notice, recording no override', () => {
    const change = run({ others: [busy], notifiedAt: notifiedLongAgo, force: false });
    expect(change).toMatchObject({ changed: true, kind: 'zone.started', details: {} });
    expect(change.summary).toBe('us-east-1c started.');
  });

  it('force with nothing to override records no override', () => {
    const change = run({ others: [], notifiedAt: notifiedLongAgo, force: true });
    expect(change).toMatchObject({ changed: true, details: {} });
  });

  it.each([
    {
      label: 'the wave',
      others: [busy, busy2],
      notifiedAt: notifiedLongAgo,
      overrode: ['wave'],
      rules: 'wave rule',
    },
    {
      label: 'the notice',
      others: [],
      notifiedAt: notifiedJustNow,
      overrode: ['notice'],
      rules: 'notice rule',
    },
    {
      label: 'both',
      others: [busy, busy2],
      notifiedAt: null,
      overrode: ['wave', 'notice'],
      rules: 'wave and notice rules',
    },
  ])('force overrides $label and the audit records it', ({ others, notifiedAt, overrode, rules }) => {
    const change = run({ others, notifiedAt, force: true });
    if (!change.changed) throw new Error('expected a change');
    expect(change.zone).toMatchObject({ state: 'in_progress', startedAt: NOW, owner: 'U0ALICE' });
    expect(change.details).toEqual({ force: true, overrode, reasons: expect.any(Array) });
    expect(change.details.reasons).toHaveLength(overrode.length);
    expect(change.summary).toBe(`us-east-1c started (forced past the ${rules}).`);
  });

  it('block, start another, unblock: the wave limit still holds unless forced, and force is recorded', () => {
    const wave1 = campaignFixture({ waveSize: 1 });
    const a = zone('us-east-1a', { region: 'us-east-1', state: 'in_progress', startedAt: EARLIER });
    const b = zone('us-east-1b', { region: 'us-east-1' });
    const blockedA = blockZone(a, 'BMC firmware').zone;
    const context = { campaign: wave1, zones: [blockedA, b], now: NOW, actor: 'U0ALICE' };
    expect(xsaErrorOf(() => startZone(b, { ...context, force: false })).code).toBe('wave_limit');

    const forced = startZone(b, { ...context, force: true });
    expect(forced).toMatchObject({ changed: true, details: { force: true, overrode: ['wave'] } });
    // Only after an audited override can unblocking put a second zone of the region in progress.
    expect(unblockZone(blockedA).zone.state).toBe('in_progress');
  });
});

describe('markZoneDone', () => {
  const finish = (z: Zone) => markZoneDone(z, NOW);

  it.each(
    named([
      { from: 'pending', outcome: 'not_started' },
      {
        from: 'in_progress',
        outcome: {
          changed: true,
          kind: 'zone.done',
          zone: { state: 'done', doneAt: NOW, hostsPatched: 400 },
          details: {},
        },
      },
      { from: 'done', outcome: { changed: false } },
      { from: 'blocked', outcome: 'zone_blocked' },
      { from: 'blocked_started', outcome: 'zone_blocked' },
    ] satisfies { from: StateName; outcome: Outcome }[]),
  )('$from → $expected', ({ from, outcome }) => {
    expectOutcome(finish, STATES[from], outcome);
  });

  it('keeps the recorded figure when the host count is unknown', () => {
    const change = finish(
      zone('lon02', { state: 'in_progress', startedAt: EARLIER, hostsTotal: null, hostsPatched: 7 }),
    );
    expect(change.zone).toMatchObject({ state: 'done', hostsPatched: 7, hostsTotal: null });
  });

  it('a double click on Done changes nothing the second time', () => {
    expectIdempotent(finish, STATES.in_progress);
  });
});

describe('recordProgress', () => {
  it.each(
    named([
      { from: 'pending', patched: 10, total: null, outcome: 'not_started' },
      { from: 'done', patched: 10, total: null, outcome: 'zone_done' },
      // Blocked before it ever started: patching hosts there would be a start the audit never saw.
      { from: 'blocked', patched: 10, total: null, outcome: 'not_started' },
      {
        from: 'in_progress',
        patched: 200,
        total: null,
        outcome: {
          changed: true,
          kind: 'zone.progress',
          zone: { hostsPatched: 200 },
          details: { from: 120, to: 200 },
        },
      },
      {
        from: 'in_progress',
        patched: 200,
        total: 500,
        outcome: {
          changed: true,
          kind: 'zone.progress',
          zone: { hostsPatched: 200, hostsTotal: 500 },
          details: { from: 120, to: 200, hostsTotal: 500 },
        },
      },
      {
        from: 'in_progress',
        patched: 120,
        total: 450,
        outcome: {
          changed: true,
          kind: 'zone.progress',
          zone: { hostsTotal: 450 },
          details: { from: 120, to: 120, hostsTotal: 450 },
        },
      },
      {
        label: 'a correction downwards',
        from: 'in_progress',
        patched: 100,
        total: null,
        outcome: {
          changed: true,
          kind: 'zone.progress',
          zone: { hostsPatched: 100 },
          details: { from: 120, to: 100 },
        },
      },
      {
        from: 'in_progress',
        patched: 400,
        total: null,
        outcome: { changed: true, kind: 'zone.progress', zone: { hostsPatched: 400, state: 'in_progress' } },
      },
      { from: 'in_progress', patched: 120, total: null, outcome: { changed: false } },
      { from: 'in_progress', patched: 120, total: 400, outcome: { changed: false } },
      { from: 'in_progress', patched: 401, total: null, outcome: 'bad_progress' },
      { from: 'in_progress', patched: 300, total: 250, outcome: 'bad_progress' },
      {
        from: 'blocked_started',
        patched: 150,
        total: null,
        outcome: {
          changed: true,
          kind: 'zone.progress',
          zone: { hostsPatched: 150 },
          details: { from: 120, to: 150 },
        },
      },
    ] satisfies {
      from: StateName;
      patched: number;
      total: number | null;
      outcome: Outcome;
      label?: string;
    }[]),
  )('$from, $patched/$total → $expected', ({ from, patched, total, outcome }) => {
    expectOutcome((z) => recordProgress(z, patched, total), STATES[from], outcome);
  });

  it('tells how to get a zone blocked before it started going', () => {
    expect(xsaErrorOf(() => recordProgress(STATES.blocked, 10, null)).message).toBe(
      'us-east-1a has not started. It is blocked; run `/xsa unblock us-east-1a`, then `/xsa start us-east-1a`.',
    );
  });

  it('accepts any count when the host count is unknown', () => {
    const z = zone('lon02', { state: 'in_progress', startedAt: EARLIER, hostsTotal: null });
    expect(recordProgress(z, 5000, null)).toMatchObject({
      changed: true,
      zone: { hostsPatched: 5000, hostsTotal: null },
    });
  });

  it('suggests the `<N>/<TOTAL>` form when the count is over the total', () => {
    expect(xsaErrorOf(() => recordProgress(STATES.in_progress, 401, null)).message).toContain(
      '`/xsa progress us-east-1a 401/401`',
    );
  });

  it('a repeated progress report changes nothing the second time', () => {
    expectIdempotent((z) => recordProgress(z, 300, 420), STATES.in_progress);
  });
});

describe('blockZone', () => {
  it.each(
    named([
      {
        from: 'pending',
        outcome: {
          changed: true,
          kind: 'zone.blocked',
          zone: { state: 'blocked', blockedReason: 'waiting for the patch' },
          details: { reason: 'waiting for the patch' },
        },
      },
      {
        from: 'in_progress',
        outcome: {
          changed: true,
          kind: 'zone.blocked',
          zone: { state: 'blocked', blockedReason: 'waiting for the patch' },
          details: { reason: 'waiting for the patch' },
        },
      },
      { from: 'done', outcome: 'zone_done' },
      {
        from: 'blocked',
        outcome: {
          changed: true,
          kind: 'zone.blocked',
          zone: { blockedReason: 'waiting for the patch' },
          details: { reason: 'waiting for the patch', previousReason: 'change freeze' },
        },
      },
    ] satisfies { from: StateName; outcome: Outcome }[]),
  )('$from → $expected', ({ from, outcome }) => {
    expectOutcome((z) => blockZone(z, 'waiting for the patch'), STATES[from], outcome);
  });

  it('the same reason again changes nothing', () => {
    expectOutcome((z) => blockZone(z, 'change freeze'), STATES.blocked, { changed: false });
    expectIdempotent((z) => blockZone(z, 'BMC firmware'), STATES.in_progress);
  });

  it('keeps when the zone started, so unblocking can resume it', () => {
    expect(blockZone(STATES.in_progress, 'BMC firmware').zone.startedAt).toBe(EARLIER);
  });
});

describe('unblockZone', () => {
  it.each(
    named([
      { from: 'pending', outcome: { changed: false } },
      { from: 'in_progress', outcome: { changed: false } },
      { from: 'done', outcome: { changed: false } },
      {
        from: 'blocked',
        outcome: {
          changed: true,
          kind: 'zone.unblocked',
          zone: { state: 'pending', blockedReason: null },
          details: { reason: 'change freeze' },
        },
      },
      {
        from: 'blocked_started',
        outcome: {
          changed: true,
          kind: 'zone.unblocked',
          zone: { state: 'in_progress', blockedReason: null },
          details: { reason: 'BMC firmware' },
        },
      },
    ] satisfies { from: StateName; outcome: Outcome }[]),
  )('$from → $expected', ({ from, outcome }) => {
    expectOutcome(unblockZone, STATES[from], outcome);
  });

  it.each([
    { from: 'blocked', summary: 'us-east-1a is unblocked (pending).' },
    { from: 'blocked_started', summary: 'us-east-1a is unblocked (in progress).' },
  ] satisfies { from: StateName; summary: string }[])(
    '$from: says where the zone went back to',
    ({ from, summary }) => {
      expect(unblockZone(STATES[from]).summary).toBe(summary);
    },
  );

  it('a repeated unblock changes nothing the second time', () => {
    expectIdempotent(unblockZone, STATES.blocked_started);
  });
});

describe('markNotified', () => {
  it.each(Object.keys(STATES).map((from) => ({ from: from as StateName })))(
    '$from, not yet notified → notified now',
    ({ from }) => {
      expectOutcome((z) => markNotified(z, NOW), STATES[from], {
        changed: true,
        kind: 'zone.notified',
        zone: { notifiedAt: NOW },
        details: {},
      });
    },
  );

  it('notifying again keeps the first time, which is the one the notice rule counts from', () => {
    const first = markNotified(STATES.pending, EARLIER);
    const again = markNotified(first.zone, NOW);
    expect(again).toMatchObject({ changed: false });
    expect(again.zone.notifiedAt).toBe(EARLIER);
    expect(again.summary).toContain('already notified');
    expectIdempotent((z) => markNotified(z, NOW), STATES.in_progress);
  });
});
