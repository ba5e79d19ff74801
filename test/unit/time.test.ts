import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { XsaError } from '../../src/domain/errors.js';
import {
  formatCountdown,
  formatDuration,
  formatInstant,
  formatSlackDate,
  formatUtc,
  isValidTimeZone,
  parseDuration,
  parseInstant,
  TIME_FORMS,
  type ZoneSource,
} from '../../src/domain/time.js';
import { utc } from '../support/instants.js';
import { xsaErrorOf } from '../support/xsa-error.js';

const LIFT = utc('2014-10-01T12:00Z');

describe('XSA-108 timeline', () => {
  it.each([
    { moment: 'AWS notifies customers', at: '2014-09-24T00:00Z', countdown: 'in 7d 12h 0m' },
    { moment: 'AWS reboots begin', at: '2014-09-26T02:00Z', countdown: 'in 5d 10h 0m' },
    { moment: 'Rackspace starts', at: '2014-09-28T11:00Z', countdown: 'in 3d 1h 0m' },
    { moment: 'SoftLayer added to the list', at: '2014-09-29T00:00Z', countdown: 'in 2d 12h 0m' },
    { moment: 'mid-week status', at: '2014-09-29T12:50Z', countdown: 'in 1d 23h 10m' },
    { moment: 'AWS reboots end', at: '2014-09-30T23:59Z', countdown: 'in 12h 1m' },
    { moment: 'ninety seconds before the lift', at: '2014-10-01T11:58:30Z', countdown: 'in 1m' },
    { moment: 'thirty seconds before the lift', at: '2014-10-01T11:59:30Z', countdown: 'in less than 1m' },
    { moment: 'the lift', at: '2014-10-01T12:00Z', countdown: 'public for 0m' },
    { moment: 'thirty seconds after the lift', at: '2014-10-01T12:00:30Z', countdown: 'public for 0m' },
    { moment: 'SoftLayer starts', at: '2014-10-01T15:00Z', countdown: 'public for 3h 0m' },
    { moment: 'a day and a bit later', at: '2014-10-02T13:05Z', countdown: 'public for 1d 1h 5m' },
  ])('$moment ($at): $countdown', ({ at, countdown }) => {
    expect(formatCountdown(LIFT, utc(at))).toBe(countdown);
  });

  it('shows the lift as a Slack date token and in UTC', () => {
    expect(LIFT.toSeconds()).toBe(1412164800);
    expect(formatUtc(LIFT)).toBe('2014-10-01 12:00 UTC');
    expect(formatSlackDate(LIFT)).toBe('<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC>');
    expect(formatInstant(LIFT)).toBe(
      '<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC> (2014-10-01 12:00 UTC)',
    );
  });

  it.each([
    { text: '2014-10-01T12:00Z', defaultZone: null, zone: 'UTC', source: 'explicit' },
    { text: '2014-10-01 14:00 Europe/Berlin', defaultZone: null, zone: 'Europe/Berlin', source: 'explicit' },
    {
      text: '2014-10-01 07:00 America/Chicago',
      defaultZone: null,
      zone: 'America/Chicago',
      source: 'explicit',
    },
    { text: '2014-10-01 07:00', defaultZone: 'America/Chicago', zone: 'America/Chicago', source: 'user' },
    { text: '2014-10-01 12:00', defaultZone: null, zone: 'UTC', source: 'utc-default' },
  ] satisfies { text: string; defaultZone: string | null; zone: string; source: ZoneSource }[])(
    'reads the lift from $text (default zone $defaultZone)',
    ({ text, defaultZone, zone, source }) => {
      const parsed = parseInstant(text, defaultZone);
      expect(parsed.instant.toMillis()).toBe(LIFT.toMillis());
      expect(parsed.instant.zoneName).toBe('UTC');
      expect(parsed).toMatchObject({ zone, source });
    },
  );
});

describe('parseInstant', () => {
  it.each([
    { text: '2014-10-01T12:00Z', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01T12:00:00Z', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01T12:00:00.000Z', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01T12:00:05.1234Z', iso: '2014-10-01T12:00:05.123Z', zone: 'UTC' },
    { text: '2014-10-01t12:00z', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01T14:00+02:00', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC+02:00' },
    { text: '2014-10-01T14:00+0200', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC+02:00' },
    { text: '2014-10-01T17:30+05:30', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC+05:30' },
    { text: '2014-10-01T07:00-05:00', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC-05:00' },
    { text: '2014-10-01T12:00+00:00', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC+00:00' },
    { text: '2014-10-01T23:30-14:00', iso: '2014-10-02T13:30:00.000Z', zone: 'UTC-14:00' },
    { text: '  2014-10-01T12:00Z \n', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-11-02T01:30-05:00', iso: '2014-11-02T06:30:00.000Z', zone: 'UTC-05:00' },
    { text: '2014-11-02T01:30-06:00', iso: '2014-11-02T07:30:00.000Z', zone: 'UTC-06:00' },
  ])('reads ISO 8601 $text as $iso ($zone)', ({ text, iso, zone }) => {
    const parsed = parseInstant(text, 'Europe/Berlin');
    expect(parsed.instant.toISO()).toBe(iso);
    expect(parsed).toMatchObject({ zone, source: 'explicit' });
  });

  it.each([
    { text: '2014-10-01 14:00 Europe/Berlin', iso: '2014-10-01T12:00:00.000Z', zone: 'Europe/Berlin' },
    { text: '2014-10-01T14:00 Europe/Berlin', iso: '2014-10-01T12:00:00.000Z', zone: 'Europe/Berlin' },
    { text: '2014-10-01   14:00\tEurope/Berlin', iso: '2014-10-01T12:00:00.000Z', zone: 'Europe/Berlin' },
    { text: '2014-10-01 14:00 europe/berlin', iso: '2014-10-01T12:00:00.000Z', zone: 'Europe/Berlin' },
    { text: '2014-10-01 07:00 America/Chicago', iso: '2014-10-01T12:00:00.000Z', zone: 'America/Chicago' },
    { text: '2014-10-01 21:00 Asia/Tokyo', iso: '2014-10-01T12:00:00.000Z', zone: 'Asia/Tokyo' },
    { text: '2014-10-01 17:30 Asia/Kolkata', iso: '2014-10-01T12:00:00.000Z', zone: 'Asia/Kolkata' },
    { text: '2014-10-01 12:00 UTC', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01 12:00 utc', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01 12:00 GMT', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01 12:00 gmt', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01 12:00 Z', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01 12:00 z', iso: '2014-10-01T12:00:00.000Z', zone: 'UTC' },
    { text: '2014-10-01 12:00:30 UTC', iso: '2014-10-01T12:00:30.000Z', zone: 'UTC' },
  ])('reads $text as $iso in $zone', ({ text, iso, zone }) => {
    const parsed = parseInstant(text, 'America/Chicago');
    expect(parsed.instant.toISO()).toBe(iso);
    expect(parsed).toMatchObject({ zone, source: 'explicit' });
  });

  it.each([
    { text: '2014-10-01 07:00', defaultZone: 'America/Chicago', iso: '2014-10-01T12:00:00.000Z' },
    { text: '2014-10-01T07:00', defaultZone: 'America/Chicago', iso: '2014-10-01T12:00:00.000Z' },
    { text: '2014-10-01 14:00', defaultZone: 'Europe/Berlin', iso: '2014-10-01T12:00:00.000Z' },
    { text: '2014-01-15 14:00', defaultZone: 'Europe/Berlin', iso: '2014-01-15T13:00:00.000Z' },
    { text: '2014-10-01 07:00', defaultZone: 'america/chicago', iso: '2014-10-01T12:00:00.000Z' },
  ])('reads $text in the user zone $defaultZone', ({ text, defaultZone, iso }) => {
    const parsed = parseInstant(text, defaultZone);
    expect(parsed.instant.toISO()).toBe(iso);
    expect(parsed.source).toBe('user');
    expect(parsed.zone.toLowerCase()).toBe(defaultZone.toLowerCase());
  });

  it.each([{ defaultZone: null }, { defaultZone: '' }, { defaultZone: 'Not/AZone' }])(
    'falls back to UTC without a usable user zone ($defaultZone)',
    ({ defaultZone }) => {
      const parsed = parseInstant('2014-10-01T12:00', defaultZone);
      expect(parsed.instant.toISO()).toBe('2014-10-01T12:00:00.000Z');
      expect(parsed).toMatchObject({ zone: 'UTC', source: 'utc-default' });
    },
  );

  it.each([
    { text: '' },
    { text: '   ' },
    { text: 'tomorrow' },
    { text: 'T-24h' },
    { text: '1412164800' },
    { text: '2014-10-01' },
    { text: '12:00' },
    { text: '2014-10-01 12' },
    { text: '2014-10-1 12:00 UTC' },
    { text: '14-10-01 12:00 UTC' },
    { text: '2014-10-01 12:00 UTC extra' },
    { text: '01/10/2014 12:00' },
    { text: '2014-10-01T12:00:00.0000000000Z' },
    { text: '2014-10-01T12:00+2:00' },
    { text: '2014-02-30 12:00 UTC' },
    { text: '2014-02-29T12:00Z' },
    { text: '2014-13-01T12:00Z' },
    { text: '2014-00-01T12:00Z' },
    { text: '2014-10-00T12:00Z' },
    { text: '2014-10-01 25:00' },
    { text: '2014-10-01T24:00Z' },
    { text: '2014-10-01T12:60Z' },
    { text: '2014-10-01T12:00:60Z' },
    { text: '2014-10-01T12:00+19:00' },
    { text: '2014-10-01T12:00+02:60' },
    { text: '2014-02-30 12:00 Not/AZone' },
  ])('refuses $text as bad_time, naming the accepted forms', ({ text }) => {
    const error = xsaErrorOf(() => parseInstant(text, 'America/Chicago'));
    expect(error.code).toBe('bad_time');
    expect(error.message).toContain(text.trim() === '' ? 'nothing' : `"${text.trim()}"`);
    expect(error.message).toContain('2014-10-01T12:00Z');
    expect(error.message).toContain('2014-10-01 14:00 Europe/Berlin');
  });

  it.each([
    { text: '2014-10-01 12:00 Mars/Olympus_Mons', zone: 'Mars/Olympus_Mons' },
    { text: '2014-10-01 12:00 Europe/Berln', zone: 'Europe/Berln' },
    { text: '2014-10-01 12:00 CEST', zone: 'CEST' },
    { text: '2014-10-01 12:00 +02:00', zone: '+02:00' },
    { text: '2014-10-01 12:00 PM', zone: 'PM' },
  ])('refuses the unknown zone in $text as bad_zone', ({ text, zone }) => {
    const error = xsaErrorOf(() => parseInstant(text, null));
    expect(error.code).toBe('bad_zone');
    expect(error.message).toContain(`"${zone}"`);
    expect(error.message).toContain('Europe/Berlin');
  });

  it('cuts a long echoed input short', () => {
    const error = xsaErrorOf(() => parseInstant('x'.repeat(500), null));
    expect(error.code).toBe('bad_time');
    expect(error.message.length).toBeLessThan(500);
  });
});

describe('parseInstant across DST changes', () => {
  type Outcome = { iso: string } | { code: 'nonexistent_time' | 'ambiguous_time' };
  const cases: { text: string; outcome: Outcome }[] = [
    // America/Chicago springs forward 2014-03-09 02:00 CST -> 03:00 CDT.
    { text: '2014-03-09 01:59 America/Chicago', outcome: { iso: '2014-03-09T07:59:00.000Z' } },
    { text: '2014-03-09 02:00 America/Chicago', outcome: { code: 'nonexistent_time' } },
    { text: '2014-03-09 02:30 America/Chicago', outcome: { code: 'nonexistent_time' } },
    { text: '2014-03-09 02:59 America/Chicago', outcome: { code: 'nonexistent_time' } },
    { text: '2014-03-09 03:00 America/Chicago', outcome: { iso: '2014-03-09T08:00:00.000Z' } },
    { text: '2014-03-08 02:30 America/Chicago', outcome: { iso: '2014-03-08T08:30:00.000Z' } },
    { text: '2014-03-10 02:30 America/Chicago', outcome: { iso: '2014-03-10T07:30:00.000Z' } },
    // America/Chicago falls back 2014-11-02 02:00 CDT -> 01:00 CST.
    { text: '2014-11-02 00:59 America/Chicago', outcome: { iso: '2014-11-02T05:59:00.000Z' } },
    { text: '2014-11-02 01:00 America/Chicago', outcome: { code: 'ambiguous_time' } },
    { text: '2014-11-02 01:30 America/Chicago', outcome: { code: 'ambiguous_time' } },
    { text: '2014-11-02 01:59 America/Chicago', outcome: { code: 'ambiguous_time' } },
    { text: '2014-11-02 02:00 America/Chicago', outcome: { iso: '2014-11-02T08:00:00.000Z' } },
    { text: '2014-11-01 01:30 America/Chicago', outcome: { iso: '2014-11-01T06:30:00.000Z' } },
    { text: '2014-11-03 01:30 America/Chicago', outcome: { iso: '2014-11-03T07:30:00.000Z' } },
    // Europe/Berlin springs forward 2014-03-30 02:00 CET -> 03:00 CEST.
    { text: '2014-03-30 01:59 Europe/Berlin', outcome: { iso: '2014-03-30T00:59:00.000Z' } },
    { text: '2014-03-30 02:00 Europe/Berlin', outcome: { code: 'nonexistent_time' } },
    { text: '2014-03-30 02:30 Europe/Berlin', outcome: { code: 'nonexistent_time' } },
    { text: '2014-03-30 02:59 Europe/Berlin', outcome: { code: 'nonexistent_time' } },
    { text: '2014-03-30 03:00 Europe/Berlin', outcome: { iso: '2014-03-30T01:00:00.000Z' } },
    // Europe/Berlin falls back 2014-10-26 03:00 CEST -> 02:00 CET.
    { text: '2014-10-26 01:59 Europe/Berlin', outcome: { iso: '2014-10-25T23:59:00.000Z' } },
    { text: '2014-10-26 02:00 Europe/Berlin', outcome: { code: 'ambiguous_time' } },
    { text: '2014-10-26 02:30 Europe/Berlin', outcome: { code: 'ambiguous_time' } },
    { text: '2014-10-26 02:59 Europe/Berlin', outcome: { code: 'ambiguous_time' } },
    { text: '2014-10-26 03:00 Europe/Berlin', outcome: { iso: '2014-10-26T02:00:00.000Z' } },
    // The instant itself is never ambiguous: UTC and offsets read straight through the change.
    { text: '2014-11-02 01:30 UTC', outcome: { iso: '2014-11-02T01:30:00.000Z' } },
    { text: '2014-10-26T02:30+01:00', outcome: { iso: '2014-10-26T01:30:00.000Z' } },
    { text: '2014-10-26T02:30+02:00', outcome: { iso: '2014-10-26T00:30:00.000Z' } },
  ];

  it.each(cases)('$text → $outcome', ({ text, outcome }) => {
    if ('iso' in outcome) {
      expect(parseInstant(text, null).instant.toISO()).toBe(outcome.iso);
    } else {
      expect(xsaErrorOf(() => parseInstant(text, null)).code).toBe(outcome.code);
    }
  });

  it.each([
    { text: '2014-03-09 02:30', defaultZone: 'America/Chicago', code: 'nonexistent_time' },
    { text: '2014-11-02 01:30', defaultZone: 'America/Chicago', code: 'ambiguous_time' },
    { text: '2014-03-30 02:30', defaultZone: 'Europe/Berlin', code: 'nonexistent_time' },
    { text: '2014-10-26 02:30', defaultZone: 'Europe/Berlin', code: 'ambiguous_time' },
  ])('refuses $text in the user zone $defaultZone as $code', ({ text, defaultZone, code }) => {
    const error = xsaErrorOf(() => parseInstant(text, defaultZone));
    expect(error.code).toBe(code);
    expect(error.message).toContain('your Slack time zone');
  });

  it.each([
    {
      text: '2014-03-09 02:30 America/Chicago',
      says: ['does not exist in America/Chicago', 'forward from 02:00 to 03:00'],
      suggests: ['2014-03-09 01:59 America/Chicago', '2014-03-09 03:00 America/Chicago'],
    },
    {
      text: '2014-03-30 02:30 Europe/Berlin',
      says: ['does not exist in Europe/Berlin', 'forward from 02:00 to 03:00'],
      suggests: ['2014-03-30 01:59 Europe/Berlin', '2014-03-30 03:00 Europe/Berlin'],
    },
  ])('explains the skipped time $text and offers the nearest valid ones', ({ text, says, suggests }) => {
    const { message } = xsaErrorOf(() => parseInstant(text, null));
    for (const part of [...says, ...suggests]) expect(message).toContain(part);
  });

  it.each([
    {
      text: '2014-11-02 01:30 America/Chicago',
      says: ['happens twice in America/Chicago', 'back from 02:00 to 01:00'],
      suggests: ['2014-11-02T01:30-05:00', '2014-11-02T01:30-06:00'],
    },
    {
      text: '2014-10-26 02:30 Europe/Berlin',
      says: ['happens twice in Europe/Berlin', 'back from 03:00 to 02:00'],
      suggests: ['2014-10-26T02:30+02:00', '2014-10-26T02:30+01:00'],
    },
  ])('explains the repeated time $text and offers explicit offsets', ({ text, says, suggests }) => {
    const { message } = xsaErrorOf(() => parseInstant(text, null));
    for (const part of [...says, ...suggests]) expect(message).toContain(part);
    for (const offset of suggests) expect(() => parseInstant(offset, null)).not.toThrow();
  });

  it.each([
    { zone: 'America/Chicago', day: '2014-03-09', skipped: 60, repeated: 0 },
    { zone: 'America/Chicago', day: '2014-11-02', skipped: 0, repeated: 60 },
    { zone: 'Europe/Berlin', day: '2014-03-30', skipped: 60, repeated: 0 },
    { zone: 'Europe/Berlin', day: '2014-10-26', skipped: 0, repeated: 60 },
    { zone: 'Europe/Berlin', day: '2014-07-01', skipped: 0, repeated: 0 },
  ])('$zone on $day: every minute maps back to its own wall clock', ({ zone, day, skipped, repeated }) => {
    let nonexistent = 0;
    let ambiguous = 0;
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      const wall = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      try {
        const { instant } = parseInstant(`${day} ${wall} ${zone}`, null);
        expect(instant.setZone(zone).toFormat('yyyy-MM-dd HH:mm')).toBe(`${day} ${wall}`);
      } catch (error) {
        if (!(error instanceof XsaError)) throw error;
        if (error.code === 'nonexistent_time') nonexistent += 1;
        else if (error.code === 'ambiguous_time') ambiguous += 1;
        else throw error;
      }
    }
    expect({ nonexistent, ambiguous }).toEqual({ nonexistent: skipped, ambiguous: repeated });
  });
});

describe('parseDuration', () => {
  it.each([
    { text: '48h', minutes: 48 * 60 },
    { text: '2d', minutes: 2 * 24 * 60 },
    { text: '30m', minutes: 30 },
    { text: '90m', minutes: 90 },
    { text: '1d12h', minutes: 36 * 60 },
    { text: '1h30m', minutes: 90 },
    { text: '2d 6h', minutes: 54 * 60 },
    { text: '1d 2h 3m', minutes: 24 * 60 + 2 * 60 + 3 },
    { text: '1d3m', minutes: 24 * 60 + 3 },
    { text: '2D 6H', minutes: 54 * 60 },
    { text: '  72H ', minutes: 72 * 60 },
    { text: '0d12h', minutes: 12 * 60 },
    { text: '1m', minutes: 1 },
    { text: '366d', minutes: 366 * 24 * 60 },
    { text: '365d24h', minutes: 366 * 24 * 60 },
  ])('reads $text as $minutes minutes', ({ text, minutes }) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each([
    { text: '' },
    { text: '48' },
    { text: 'h' },
    { text: '1w' },
    { text: '1.5h' },
    { text: '-1h' },
    { text: '+1h' },
    { text: '1h2d' },
    { text: '30m1h' },
    { text: '2d2d' },
    { text: '1h 1h' },
    { text: '48 h' },
    { text: '2 days' },
    { text: 'PT48H' },
    { text: '0m' },
    { text: '0d0h0m' },
    { text: '366d1m' },
    { text: '367d' },
    { text: '9999999999999999999999d' },
  ])('refuses $text as bad_duration with the expected form', ({ text }) => {
    const error = xsaErrorOf(() => parseDuration(text));
    expect(error.code).toBe('bad_duration');
    expect(error.message).toContain(text === '' ? 'nothing' : `"${text}"`);
    expect(error.message).toContain('48h');
  });
});

describe('formatDuration', () => {
  it.each([
    { minutes: 0, text: '0m' },
    { minutes: 10, text: '10m' },
    { minutes: 59.99, text: '59m' },
    { minutes: 60, text: '1h 0m' },
    { minutes: 180, text: '3h 0m' },
    { minutes: 1439, text: '23h 59m' },
    { minutes: 1440, text: '1d 0h 0m' },
    { minutes: 2880, text: '2d 0h 0m' },
    { minutes: 1440 + 23 * 60 + 10, text: '1d 23h 10m' },
    { minutes: 1440 + 5, text: '1d 0h 5m' },
    { minutes: 366 * 1440, text: '366d 0h 0m' },
    { minutes: -180, text: '3h 0m' },
    { minutes: -0.5, text: '0m' },
    { minutes: -0, text: '0m' },
  ])('writes $minutes minutes as $text', ({ minutes, text }) => {
    expect(formatDuration(minutes)).toBe(text);
  });

  it.each([{ minutes: Number.NaN }, { minutes: Number.POSITIVE_INFINITY }])(
    'refuses $minutes as a programming error',
    ({ minutes }) => {
      expect(() => formatDuration(minutes)).toThrow(RangeError);
    },
  );
});

describe('formatUtc, formatSlackDate and formatInstant', () => {
  it.each([
    {
      instant: utc('2014-10-01T12:00Z'),
      text: '2014-10-01 12:00 UTC',
      token: '<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC>',
    },
    {
      instant: utc('2014-10-01T12:00:59.999Z'),
      text: '2014-10-01 12:00 UTC',
      token: '<!date^1412164859^{date_short_pretty} {time}|2014-10-01 12:00 UTC>',
    },
    {
      instant: DateTime.fromISO('2014-10-01T14:00', { zone: 'Europe/Berlin' }).setLocale('ar-EG'),
      text: '2014-10-01 12:00 UTC',
      token: '<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC>',
    },
    {
      instant: DateTime.fromISO('2014-09-30T21:30', { zone: 'America/Chicago' }),
      text: '2014-10-01 02:30 UTC',
      token: '<!date^1412130600^{date_short_pretty} {time}|2014-10-01 02:30 UTC>',
    },
    {
      instant: utc('1969-12-31T23:59:59.5Z'),
      text: '1969-12-31 23:59 UTC',
      token: '<!date^-1^{date_short_pretty} {time}|1969-12-31 23:59 UTC>',
    },
  ])('shows $instant as $text', ({ instant, text, token }) => {
    expect(formatUtc(instant)).toBe(text);
    expect(formatSlackDate(instant)).toBe(token);
    expect(formatInstant(instant)).toBe(`${token} (${text})`);
  });

  it('refuses an invalid DateTime instead of printing NaN', () => {
    const invalid = DateTime.invalid('test fixture');
    expect(() => formatUtc(invalid)).toThrow(RangeError);
    expect(() => formatCountdown(LIFT, invalid)).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    { name: 'UTC', valid: true },
    { name: 'Europe/Berlin', valid: true },
    { name: 'America/Chicago', valid: true },
    { name: 'Asia/Kolkata', valid: true },
    { name: 'Etc/GMT+2', valid: true },
    { name: 'Mars/Olympus_Mons', valid: false },
    { name: 'CEST', valid: false },
    { name: '+02:00', valid: false },
    { name: 'Z', valid: false },
    { name: '', valid: false },
    { name: ' Europe/Berlin', valid: false },
  ])('"$name" → $valid', ({ name, valid }) => {
    expect(isValidTimeZone(name)).toBe(valid);
  });
});

describe('TIME_FORMS', () => {
  it('is one line naming every accepted form with an example', () => {
    expect(TIME_FORMS).not.toContain('\n');
    for (const example of ['2014-10-01T12:00Z', '2014-10-01T14:00+02:00', '2014-10-01 14:00 Europe/Berlin']) {
      expect(TIME_FORMS).toContain(example);
      expect(() => parseInstant(example, null)).not.toThrow();
    }
  });
});
