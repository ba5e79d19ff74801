import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseCronSchedule } from '../../src/domain/cron.js';
import {
  type CronSchedule,
  DEFAULT_CHECKPOINTS,
  formatCheckpoint,
  nextCronRuns,
  parseCheckpoints,
} from '../../src/domain/schedule.js';
import { utc } from '../support/instants.js';
import { xsaErrorOf } from '../support/xsa-error.js';

/** The next runs as ISO strings in UTC, so failures show readable instants. */
function runs(expression: string, zone: string, after: string, count: number): string[] {
  return nextCronRuns(parseCronSchedule(expression), zone, utc(after), count).map((run) => run.toISO() ?? '');
}

const EVERY_MINUTE_OF_THE_HOUR = Array.from({ length: 60 }, (_, i) => i);

describe('DEFAULT_CHECKPOINTS', () => {
  it('are the PRODUCT.md defaults, latest-before-the-lift last', () => {
    expect(DEFAULT_CHECKPOINTS.map(formatCheckpoint)).toEqual([
      'T-72h',
      'T-24h',
      'T-12h',
      'T-6h',
      'T-2h',
      'T-1h',
      'T-30m',
      'T-10m',
      'T-0',
    ]);
    expect(parseCheckpoints(DEFAULT_CHECKPOINTS.map(formatCheckpoint).join(','))).toEqual([
      ...DEFAULT_CHECKPOINTS,
    ]);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(DEFAULT_CHECKPOINTS)).toBe(true);
  });
});

describe('parseCheckpoints', () => {
  it.each([
    { text: 'T-48h,T-24h,T-1h', minutes: [2880, 1440, 60] },
    { text: 'T-1h, T-24h,  T-48h', minutes: [2880, 1440, 60] },
    { text: 't-48H,t-1D', minutes: [2880, 1440] },
    { text: 'T-0', minutes: [0] },
    { text: 'T-0m', minutes: [0] },
    { text: 'T-1d12h', minutes: [2160] },
    { text: 'T-2d 6h', minutes: [3240] },
    { text: 'T-90m', minutes: [90] },
    { text: 'T-1h 30m', minutes: [90] },
    { text: 'T-1h30m', minutes: [90] },
    { text: 'T-24h,T-1d,T-1440m', minutes: [1440] },
    { text: '  T-30m ,T-7d  ', minutes: [10080, 30] },
    { text: 'T - 10m', minutes: [10] },
    { text: 'T–10m', minutes: [10] },
    { text: 'T-30d', minutes: [43200] },
    { text: 'T-720h', minutes: [43200] },
  ])('$text → $minutes', ({ text, minutes }) => {
    expect(parseCheckpoints(text)).toEqual(minutes);
  });

  it('accepts 30 checkpoints', () => {
    const text = Array.from({ length: 30 }, (_, i) => `T-${i}m`).join(',');
    expect(parseCheckpoints(text)).toHaveLength(30);
  });

  it.each([
    { text: '', says: ['got nothing', 'T-48h,T-24h,T-1h,T-0'] },
    { text: '   ', says: ['got nothing'] },
    { text: 'T-48x', says: ['"T-48x" is not a checkpoint', 'T-48h,T-24h,T-1h,T-0'] },
    { text: 'T-', says: ['"T-" is not a checkpoint'] },
    { text: 'T-1m1h', says: ['"T-1m1h" is not a checkpoint', 'largest first'] },
    { text: 'T-1.5h', says: ['"T-1.5h" is not a checkpoint'] },
    { text: 'T-24h,soon', says: ['"soon" is not a checkpoint'] },
    { text: 'default', says: ['"default" is not a checkpoint'] },
    { text: '48h', says: ['needs `T-` in front: `T-48h`'] },
    { text: 'T-48h,1h', says: ['`T-1h`'] },
    { text: 'T+1h', says: ['"T+1h" is after the lift', 'every hour'] },
    { text: 'T-48h T-24h', says: ['several checkpoints', 'commas'] },
    { text: 'T-31d', says: ['"T-31d" is more than 30 days', '`T-30d`'] },
    { text: 'T-720h1m', says: ['more than 30 days'] },
    { text: 'T-99999999999999999999h', says: ['more than 30 days'] },
    { text: 'T-1h,,T-2h', says: ['empty item'] },
    { text: 'T-1h,', says: ['empty item'] },
    {
      text: Array.from({ length: 31 }, (_, i) => `T-${i}m`).join(','),
      says: ['more than 30 checkpoints'],
    },
  ])('refuses "$text"', ({ text, says }) => {
    const error = xsaErrorOf(() => parseCheckpoints(text));
    expect(error.code).toBe('bad_checkpoints');
    for (const words of says) expect(error.message).toContain(words);
  });

  it('counts duplicates once towards the limit of 30', () => {
    const text = [...Array.from({ length: 30 }, (_, i) => `T-${i}m`), 'T-0', 'T-1m'].join(',');
    expect(parseCheckpoints(text)).toHaveLength(30);
  });
});

describe('formatCheckpoint', () => {
  it.each([
    { minutes: 0, text: 'T-0' },
    { minutes: 1, text: 'T-1m' },
    { minutes: 10, text: 'T-10m' },
    { minutes: 30, text: 'T-30m' },
    { minutes: 60, text: 'T-1h' },
    { minutes: 90, text: 'T-1h 30m' },
    { minutes: 720, text: 'T-12h' },
    { minutes: 1440, text: 'T-24h' },
    { minutes: 1441, text: 'T-24h 1m' },
    { minutes: 2880, text: 'T-48h' },
    { minutes: 4320, text: 'T-72h' },
    { minutes: 4330, text: 'T-3d 10m' },
    { minutes: 4380, text: 'T-3d 1h' },
    { minutes: 5760, text: 'T-4d' },
    { minutes: 10080, text: 'T-7d' },
    { minutes: 10111, text: 'T-7d 31m' },
    { minutes: 43200, text: 'T-30d' },
  ])('$minutes → $text', ({ minutes, text }) => {
    expect(formatCheckpoint(minutes)).toBe(text);
  });

  it('reads back through parseCheckpoints for every minute up to 30 days', () => {
    for (let minutes = 0; minutes <= 30 * 24 * 60; minutes += 1) {
      const [back] = parseCheckpoints(formatCheckpoint(minutes));
      if (back !== minutes) expect.fail(`${minutes} → ${formatCheckpoint(minutes)} → ${back}`);
    }
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws a RangeError for %s', (minutes) => {
    expect(() => formatCheckpoint(minutes)).toThrow(RangeError);
  });
});

describe('nextCronRuns', () => {
  it.each([
    {
      name: 'weekdays 09:00 Berlin into summer time (2014-03-30): 08:00Z, then 07:00Z',
      expression: '0 9 * * 1-5',
      zone: 'Europe/Berlin',
      after: '2014-03-27T12:00:00.000Z',
      expected: [
        '2014-03-28T08:00:00.000Z',
        '2014-03-31T07:00:00.000Z',
        '2014-04-01T07:00:00.000Z',
        '2014-04-02T07:00:00.000Z',
      ],
    },
    {
      name: 'weekdays 09:00 Berlin into winter time (2014-10-26): 07:00Z, then 08:00Z',
      expression: '0 9 * * 1-5',
      zone: 'Europe/Berlin',
      after: '2014-10-23T12:00:00.000Z',
      expected: [
        '2014-10-24T07:00:00.000Z',
        '2014-10-27T08:00:00.000Z',
        '2014-10-28T08:00:00.000Z',
        '2014-10-29T08:00:00.000Z',
      ],
    },
    {
      name: '02:30 Chicago is skipped on 2014-03-09, when 02:00-03:00 does not exist',
      expression: '30 2 * * *',
      zone: 'America/Chicago',
      after: '2014-03-07T12:00:00.000Z',
      expected: ['2014-03-08T08:30:00.000Z', '2014-03-10T07:30:00.000Z', '2014-03-11T07:30:00.000Z'],
    },
    {
      name: '02:30 Chicago happens once on 2014-11-02 (after the repeated hour)',
      expression: '30 2 * * *',
      zone: 'America/Chicago',
      after: '2014-11-01T12:00:00.000Z',
      expected: ['2014-11-02T08:30:00.000Z', '2014-11-03T08:30:00.000Z'],
    },
    {
      name: '01:30 Chicago runs once on 2014-11-02, at its first occurrence (CDT, 06:30Z)',
      expression: '30 1 * * *',
      zone: 'America/Chicago',
      after: '2014-11-01T12:00:00.000Z',
      expected: ['2014-11-02T06:30:00.000Z', '2014-11-03T07:30:00.000Z'],
    },
    {
      name: 'between the two 01:30s of 2014-11-02 the next run is the next day',
      expression: '30 1 * * *',
      zone: 'America/Chicago',
      after: '2014-11-02T06:45:00.000Z',
      expected: ['2014-11-03T07:30:00.000Z'],
    },
    {
      name: 'half-hourly through the repeated hour in Chicago: 01:00-01:59 runs once',
      expression: '*/30 * * * *',
      zone: 'America/Chicago',
      after: '2014-11-02T05:50:00.000Z',
      expected: [
        '2014-11-02T06:00:00.000Z',
        '2014-11-02T06:30:00.000Z',
        '2014-11-02T08:00:00.000Z',
        '2014-11-02T08:30:00.000Z',
      ],
    },
    {
      name: 'half-hourly through the skipped hour in Chicago: 01:30 CST is followed by 03:00 CDT',
      expression: '*/30 * * * *',
      zone: 'America/Chicago',
      after: '2014-03-09T07:10:00.000Z',
      expected: ['2014-03-09T07:30:00.000Z', '2014-03-09T08:00:00.000Z', '2014-03-09T08:30:00.000Z'],
    },
    {
      name: 'monthly at noon on the 1st',
      expression: '0 12 1 * *',
      zone: 'UTC',
      after: '2014-01-15T00:00:00.000Z',
      expected: ['2014-02-01T12:00:00.000Z', '2014-03-01T12:00:00.000Z', '2014-04-01T12:00:00.000Z'],
    },
    {
      name: 'monthly at noon on the 1st in Tokyo (03:00Z)',
      expression: '0 12 1 * *',
      zone: 'Asia/Tokyo',
      after: '2014-09-30T12:00:00.000Z',
      expected: ['2014-10-01T03:00:00.000Z', '2014-11-01T03:00:00.000Z'],
    },
    {
      name: 'leap day only',
      expression: '0 9 29 2 *',
      zone: 'UTC',
      after: '2014-10-01T12:00:00.000Z',
      expected: ['2016-02-29T09:00:00.000Z', '2020-02-29T09:00:00.000Z', '2024-02-29T09:00:00.000Z'],
    },
    {
      name: 'leap day across 2100, which has none: an 8-year gap',
      expression: '0 9 29 2 *',
      zone: 'UTC',
      after: '2096-03-01T00:00:00.000Z',
      expected: ['2104-02-29T09:00:00.000Z'],
    },
    {
      name: 'day 13 OR Friday when both day fields are given (2014-06-13 is a Friday: once)',
      expression: '0 0 13 * 5',
      zone: 'UTC',
      after: '2014-06-01T00:00:00.000Z',
      expected: [
        '2014-06-06T00:00:00.000Z',
        '2014-06-13T00:00:00.000Z',
        '2014-06-20T00:00:00.000Z',
        '2014-06-27T00:00:00.000Z',
        '2014-07-04T00:00:00.000Z',
        '2014-07-11T00:00:00.000Z',
        '2014-07-13T00:00:00.000Z',
      ],
    },
    {
      name: 'only Fridays when the day of month is *',
      expression: '0 0 * * 5',
      zone: 'UTC',
      after: '2014-06-01T00:00:00.000Z',
      expected: ['2014-06-06T00:00:00.000Z', '2014-06-13T00:00:00.000Z', '2014-06-20T00:00:00.000Z'],
    },
    {
      name: 'only the 13th when the day of week is *',
      expression: '0 0 13 * *',
      zone: 'UTC',
      after: '2014-06-01T00:00:00.000Z',
      expected: ['2014-06-13T00:00:00.000Z', '2014-07-13T00:00:00.000Z'],
    },
    {
      name: 'a day field spelled to allow every day restricts nothing (1-31 → only weekdays count)',
      expression: '0 0 1-31 * 1',
      zone: 'UTC',
      after: '2014-06-01T00:00:00.000Z',
      expected: ['2014-06-02T00:00:00.000Z', '2014-06-09T00:00:00.000Z'],
    },
    {
      name: 'consecutive quarter hours, across midnight',
      expression: '*/15 * * * *',
      zone: 'UTC',
      after: '2014-09-30T23:20:00.000Z',
      expected: [
        '2014-09-30T23:30:00.000Z',
        '2014-09-30T23:45:00.000Z',
        '2014-10-01T00:00:00.000Z',
        '2014-10-01T00:15:00.000Z',
        '2014-10-01T00:30:00.000Z',
      ],
    },
    {
      name: '`after` exactly on a run time is excluded',
      expression: '0 9 * * *',
      zone: 'UTC',
      after: '2014-10-01T09:00:00.000Z',
      expected: ['2014-10-02T09:00:00.000Z'],
    },
    {
      name: 'a millisecond before a run time includes it',
      expression: '0 9 * * *',
      zone: 'UTC',
      after: '2014-10-01T08:59:59.999Z',
      expected: ['2014-10-01T09:00:00.000Z'],
    },
    {
      name: 'a millisecond after a run time excludes it',
      expression: '0 9 * * *',
      zone: 'UTC',
      after: '2014-10-01T09:00:00.001Z',
      expected: ['2014-10-02T09:00:00.000Z'],
    },
    {
      name: 'the lift of XSA-108, daily at 12:00 UTC, from the day AWS told customers',
      expression: '0 12 * * *',
      zone: 'UTC',
      after: '2014-09-24T00:00:00.000Z',
      expected: ['2014-09-24T12:00:00.000Z', '2014-09-25T12:00:00.000Z'],
    },
    {
      name: 'late evening in Los Angeles is the next day in UTC',
      expression: '0 23 * * *',
      zone: 'America/Los_Angeles',
      after: '2014-10-01T00:00:00.000Z',
      expected: ['2014-10-01T06:00:00.000Z', '2014-10-02T06:00:00.000Z'],
    },
  ])('$name', ({ expression, zone, after, expected }) => {
    expect(runs(expression, zone, after, expected.length)).toEqual(expected);
  });

  it('reads `after` as an instant, whatever zone it is given in, and answers in UTC', () => {
    // 14:00 in Berlin is 12:00Z, so 13:00 UTC the same day is still ahead.
    const after = DateTime.fromISO('2014-10-01T14:00', { zone: 'Europe/Berlin' });
    const [next] = nextCronRuns(parseCronSchedule('0 13 * * *'), 'UTC', after, 1);
    expect(next?.zoneName).toBe('UTC');
    expect(next?.toISO()).toBe('2014-10-01T13:00:00.000Z');
  });

  it('returns nothing for count 0', () => {
    expect(nextCronRuns(parseCronSchedule('* * * * *'), 'UTC', utc('2014-10-01T12:00Z'), 0)).toEqual([]);
  });

  it('finds a yearly schedule within milliseconds', () => {
    const started = performance.now();
    expect(runs('0 9 29 2 *', 'Europe/Berlin', '2014-10-01T12:00:00.000Z', 5)).toHaveLength(5);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('gives up on a schedule that never runs, quickly, with fewer runs than asked', () => {
    const never: CronSchedule = {
      expression: '0 0 30 2 *',
      minute: [0],
      hour: [0],
      dayOfMonth: [30],
      month: [2],
      dayOfWeek: [0, 1, 2, 3, 4, 5, 6],
      domRestricted: true,
      dowRestricted: false,
    };
    const started = performance.now();
    expect(nextCronRuns(never, 'UTC', utc('2014-10-01T12:00Z'), 3)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('gives every minute of an every-minute schedule across a DST change', () => {
    const found = nextCronRuns(
      parseCronSchedule('* * * * *'),
      'Europe/Berlin',
      utc('2014-10-26T00:30Z'),
      180,
    );
    expect(found[0]?.toISO()).toBe('2014-10-26T00:31:00.000Z');
    // 02:00-02:59 local happens twice; only the first pass (00:00-00:59Z) runs, then 03:00 CET = 02:00Z.
    const minutes = found.map((run) => run.toUTC().toFormat('HH:mm'));
    expect(minutes).not.toContain('01:30');
    expect(minutes.slice(28, 30)).toEqual(['00:59', '02:00']);
    expect(found.filter((run) => run.hour === 2).map((run) => run.minute)).toEqual(EVERY_MINUTE_OF_THE_HOUR);
  });

  it('refuses an unknown zone', () => {
    const error = xsaErrorOf(() =>
      nextCronRuns(parseCronSchedule('0 9 * * *'), 'Mars/Olympus', utc('2014-10-01T12:00Z'), 1),
    );
    expect(error.code).toBe('bad_zone');
    expect(error.message).toContain('Mars/Olympus');
  });

  it('throws a RangeError for an invalid `after` or count', () => {
    const schedule = parseCronSchedule('0 9 * * *');
    expect(() => nextCronRuns(schedule, 'UTC', DateTime.invalid('test'), 1)).toThrow(RangeError);
    expect(() => nextCronRuns(schedule, 'UTC', utc('2014-10-01T12:00Z'), -1)).toThrow(RangeError);
    expect(() => nextCronRuns(schedule, 'UTC', utc('2014-10-01T12:00Z'), 1.5)).toThrow(RangeError);
  });
});
