import { describe, expect, it } from 'vitest';
import { dueReminders, judgeTimeliness, nextReminderAt, openedWindows } from '../../src/domain/reminders.js';
import { DEFAULT_CHECKPOINTS } from '../../src/domain/schedule.js';
import type { Zone } from '../../src/domain/types.js';
import { utc } from '../support/instants.js';

const LIFT = utc('2014-10-01T12:00:00Z');
const ids = (due: { id: string }[]) => due.map((d) => d.id);

describe('dueReminders (XSA-108, lift 2014-10-01 12:00 UTC)', () => {
  it.each([
    ['created at T-49h, now T-49h', '2014-09-29T11:00:00Z', '2014-09-29T11:00:00Z', []],
    ['created at T-49h, now T-24h exactly', '2014-09-29T11:00:00Z', '2014-09-30T12:00:00Z', ['T-1440']],
    ['created at T-49h, now T-23h59m', '2014-09-29T11:00:00Z', '2014-09-30T12:01:00Z', ['T-1440']],
    [
      'created at T-80h, now T-11h',
      '2014-09-28T04:00:00Z',
      '2014-10-01T01:00:00Z',
      ['T-4320', 'T-1440', 'T-720'],
    ],
    ['created at T-10m, now the lift', '2014-10-01T11:50:00Z', '2014-10-01T12:00:00Z', ['T-10', 'T-0']],
    [
      'created after the lift, now +2h',
      '2014-10-01T12:30:00Z',
      '2014-10-01T14:00:00Z',
      ['exposure-1', 'exposure-2'],
    ],
  ])('%s', (_, armed, now, expected) => {
    expect(ids(dueReminders(LIFT, DEFAULT_CHECKPOINTS, utc(armed), utc(now), true))).toEqual(expected);
  });

  it('posts exposure reminders hourly after the lift only while zones are unpatched', () => {
    const now = utc('2014-10-01T15:30:00Z');
    const armed = utc('2014-09-24T00:00:00Z');
    expect(ids(dueReminders(LIFT, [], armed, now, true))).toEqual(['exposure-1', 'exposure-2', 'exposure-3']);
    expect(ids(dueReminders(LIFT, [], armed, now, false))).toEqual([]);
  });

  it('looks back at most a day of hourly exposure reminders', () => {
    const due = dueReminders(LIFT, [], utc('2014-09-24T00:00:00Z'), LIFT.plus({ days: 10 }), true);
    expect(due).toHaveLength(25);
    expect(due[0]?.id).toBe('exposure-216');
  });
});

describe('judgeTimeliness', () => {
  it.each([
    [0, 'on_time'],
    [1, 'on_time'],
    [1.5, 'late'],
    [15, 'late'],
    [15.5, 'missed'],
    [600, 'missed'],
  ])('%s minutes after its time: %s', (minutes, expected) => {
    expect(judgeTimeliness(LIFT, LIFT.plus({ minutes }))).toBe(expected);
  });
});

describe('openedWindows', () => {
  const zone = (name: string, start: string | null, state: Zone['state'] = 'pending'): Zone => ({
    campaignId: 'XSA-108',
    name,
    region: name,
    hostsTotal: null,
    hostsPatched: 0,
    windowStart: start ? utc(start) : null,
    windowEnd: null,
    state,
    blockedReason: null,
    startedAt: null,
    doneAt: null,
    owner: null,
    notifiedAt: null,
  });

  it('finds windows opened since reminders were armed, for zones not done', () => {
    const zones = [
      zone('before-arming', '2014-09-25T00:00:00Z'),
      zone('opened', '2014-09-26T02:00:00Z'),
      zone('done', '2014-09-26T02:00:00Z', 'done'),
      zone('future', '2014-09-27T02:00:00Z'),
      zone('no-window', null),
    ];
    expect(
      openedWindows(zones, utc('2014-09-25T12:00:00Z'), utc('2014-09-26T03:00:00Z')).map((z) => z.name),
    ).toEqual(['opened']);
  });
});

describe('nextReminderAt: the instant the scheduler arms its timer for', () => {
  it.each([
    ['before T-72h', '2014-09-28T04:00:00Z', '2014-09-28T04:00:00Z', true, '2014-09-28T12:00:00.000Z'],
    [
      'exactly at T-24h: the next one, T-12h',
      '2014-09-29T11:00:00Z',
      '2014-09-30T12:00:00Z',
      true,
      '2014-10-01T00:00:00.000Z',
    ],
    [
      'a millisecond before T-0',
      '2014-09-29T11:00:00Z',
      '2014-10-01T11:59:59.999Z',
      true,
      '2014-10-01T12:00:00.000Z',
    ],
    [
      'at the lift, zones exposed: +1h',
      '2014-09-29T11:00:00Z',
      '2014-10-01T12:00:00Z',
      true,
      '2014-10-01T13:00:00.000Z',
    ],
    [
      '+2h30m, zones exposed: +3h',
      '2014-09-29T11:00:00Z',
      '2014-10-01T14:30:00Z',
      true,
      '2014-10-01T15:00:00.000Z',
    ],
    ['at the lift, every zone done: nothing', '2014-09-29T11:00:00Z', '2014-10-01T12:00:00Z', false, null],
    [
      'armed after T-10m: T-0 is the next',
      '2014-10-01T11:55:00Z',
      '2014-10-01T11:55:00Z',
      false,
      '2014-10-01T12:00:00.000Z',
    ],
  ])('%s', (_, armed, now, exposureOpen, expected) => {
    const next = nextReminderAt(LIFT, DEFAULT_CHECKPOINTS, utc(armed), utc(now), exposureOpen);
    expect(next?.toISO() ?? null).toBe(expected);
  });

  it('is never a reminder dueReminders already returns at that instant', () => {
    for (const minutes of [0, 1, 59, 60, 61, 600, 4319, 4320, 4400]) {
      const now = LIFT.minus({ minutes: 4400 }).plus({ minutes });
      const next = nextReminderAt(LIFT, DEFAULT_CHECKPOINTS, LIFT.minus({ days: 5 }), now, true);
      expect(next && next > now).toBe(true);
      const dueThen = dueReminders(LIFT, DEFAULT_CHECKPOINTS, LIFT.minus({ days: 5 }), next ?? now, true);
      expect(dueThen.at(-1)?.dueAt.toMillis()).toBe(next?.toMillis());
    }
  });
});
