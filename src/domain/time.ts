import { DateTime, IANAZone } from 'luxon';
import { XsaError } from './errors.js';
import { clip } from './limits.js';

/** Where the zone used to read a time came from, so replies can say which one was used (rule 1). */
export type ZoneSource = 'explicit' | 'user' | 'utc-default';

/** A time the user typed, resolved to a UTC instant, with the zone that was used to read it. */
export interface ParsedInstant {
  /** The instant, in UTC. */
  instant: DateTime;
  /** IANA zone name, `UTC`, or for an ISO offset the offset as `UTC+02:00`. */
  zone: string;
  source: ZoneSource;
}

/** One-line description of the accepted time forms with examples, for help and error messages. */
export const TIME_FORMS =
  'ISO 8601 with Z or an offset (`2014-10-01T12:00Z`, `2014-10-01T14:00+02:00`), ' +
  '`YYYY-MM-DD HH:mm ZONE` with an IANA zone or UTC (`2014-10-01 14:00 Europe/Berlin`), ' +
  'or `YYYY-MM-DD HH:mm` in your Slack time zone, else UTC (`2014-10-01 12:00`)';

const DURATION_FORMS = 'days, hours and minutes, largest first, e.g. `48h`, `2d`, `90m`, `1d12h` or `2d 6h`';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MAX_DURATION_MINUTES = 366 * 24 * 60;
// Real offsets stay within -12:00..+14:00; ISO 8601 readers commonly allow up to 18 hours.
const MAX_OFFSET_MINUTES = 18 * 60;

const DATE_TIME =
  '(?<date>(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2}))[Tt ]' +
  '(?<time>(?<hour>\\d{2}):(?<minute>\\d{2})(?::(?<second>\\d{2})(?:\\.(?<fraction>\\d{1,9}))?)?)';
const WITH_OFFSET = new RegExp(`^${DATE_TIME}(?<offset>[Zz]|[+-]\\d{2}(?::?\\d{2})?)$`);
const WITH_ZONE = new RegExp(`^${DATE_TIME} (?<zone>\\S+)$`);
const WITHOUT_ZONE = new RegExp(`^${DATE_TIME}$`);
const UTC_ALIASES = new Set(['utc', 'gmt', 'z']);

const DURATION = /^(?:(?<days>\d+)d)? ?(?:(?<hours>\d+)h)? ?(?:(?<minutes>\d+)m)?$/i;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** What the user wrote for the date and time, kept verbatim for messages and suggested offsets. */
interface LocalText {
  date: string;
  time: string;
}

/**
 * Reads a time the way rule 1 accepts it: ISO 8601 with `Z` or an offset, `YYYY-MM-DD HH:mm ZONE`
 * (IANA zone, or UTC/GMT/Z), or `YYYY-MM-DD HH:mm` in `defaultZone` (the invoking user's Slack tz),
 * else UTC. Whitespace is trimmed and collapsed.
 *
 * A `defaultZone` that is not a valid zone name is ignored (UTC is used and reported as
 * `utc-default`): the user did not type it, so an error about it would not help them.
 *
 * @throws XsaError `bad_time` (unreadable or impossible date/time), `bad_zone` (unknown zone name),
 *   `nonexistent_time` (skipped by a DST change), `ambiguous_time` (occurs twice at a DST change).
 */
export function parseInstant(text: string, defaultZone: string | null): ParsedInstant {
  const given = text.trim().replace(/\s+/g, ' ');
  if (given === '') {
    throw new XsaError('bad_time', `Expected a time but got nothing. Use ${TIME_FORMS}.`);
  }

  const withOffset = WITH_OFFSET.exec(given)?.groups;
  if (withOffset) {
    const wall = readWallClock(withOffset, given);
    const offset = readOffset(withOffset.offset ?? '', given);
    const instant = DateTime.fromMillis(wallMillis(wall) - offset * MINUTE_MS, { zone: 'utc' });
    const zone = /^z$/i.test(withOffset.offset ?? '') ? 'UTC' : `UTC${formatOffset(offset)}`;
    return { instant, zone, source: 'explicit' };
  }

  const withZone = WITH_ZONE.exec(given)?.groups;
  if (withZone) {
    const wall = readWallClock(withZone, given);
    const zoneText = withZone.zone ?? '';
    const zone = UTC_ALIASES.has(zoneText.toLowerCase()) ? 'UTC' : zoneText;
    if (!isValidTimeZone(zone)) {
      throw new XsaError(
        'bad_zone',
        `"${clip(zoneText)}" is not a time zone I know. Use an IANA zone name such as Europe/Berlin or ` +
          'America/Chicago, or UTC, e.g. `2014-10-01 14:00 Europe/Berlin`.',
      );
    }
    const name = canonicalZoneName(zone);
    return {
      instant: resolveWallClock(wall, localText(withZone), name, name),
      zone: name,
      source: 'explicit',
    };
  }

  const withoutZone = WITHOUT_ZONE.exec(given)?.groups;
  if (withoutZone) {
    const wall = readWallClock(withoutZone, given);
    if (defaultZone !== null && isValidTimeZone(defaultZone)) {
      const name = canonicalZoneName(defaultZone);
      const label = `${name} (your Slack time zone)`;
      return {
        instant: resolveWallClock(wall, localText(withoutZone), name, label),
        zone: name,
        source: 'user',
      };
    }
    return {
      instant: DateTime.fromMillis(wallMillis(wall), { zone: 'utc' }),
      zone: 'UTC',
      source: 'utc-default',
    };
  }

  throw new XsaError('bad_time', `"${clip(given)}" is not a time I can read. Use ${TIME_FORMS}.`);
}

/**
 * Reads a duration such as `48h`, `2d`, `90m`, `1d12h`, `1h30m` or `2d 6h` (units d, h, m, largest
 * first, each at most once, case-insensitive) and returns it in minutes.
 *
 * @throws XsaError `bad_duration` when the form is wrong, or the total is zero or over 366 days.
 */
export function parseDuration(text: string): number {
  const given = text.trim().replace(/\s+/g, ' ');
  const parts = DURATION.exec(given)?.groups;
  if (!parts || (parts.days === undefined && parts.hours === undefined && parts.minutes === undefined)) {
    throw new XsaError(
      'bad_duration',
      given === ''
        ? `Expected a duration but got nothing. Use ${DURATION_FORMS}.`
        : `"${clip(given)}" is not a duration I can read. Use ${DURATION_FORMS}.`,
    );
  }
  const minutes =
    Number(parts.days ?? 0) * 24 * 60 + Number(parts.hours ?? 0) * 60 + Number(parts.minutes ?? 0);
  if (minutes <= 0) {
    throw new XsaError('bad_duration', `"${clip(given)}" is no time at all. Use ${DURATION_FORMS}.`);
  }
  if (minutes > MAX_DURATION_MINUTES) {
    throw new XsaError(
      'bad_duration',
      `"${clip(given)}" is longer than 366 days (\`366d\`). Use ${DURATION_FORMS}.`,
    );
  }
  return minutes;
}

/**
 * Writes minutes as `1d 23h 10m`, `3h 0m` or `10m`: leading zero units are left out, and once a
 * larger unit appears every smaller one is shown. Fractions are dropped and the sign is ignored.
 *
 * @throws RangeError when `minutes` is not a finite number (a programming error, not user input).
 */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) throw new RangeError(`formatDuration: not a finite number: ${minutes}`);
  const whole = Math.floor(Math.abs(minutes));
  const days = Math.floor(whole / (24 * 60));
  const hours = Math.floor((whole % (24 * 60)) / 60);
  const rest = whole % 60;
  if (days > 0) return `${days}d ${hours}h ${rest}m`;
  if (hours > 0) return `${hours}h ${rest}m`;
  return `${rest}m`;
}

/**
 * Countdown to the lift as seen at `now`: `in 1d 23h 10m` before it (`in less than 1m` in the last
 * minute), `public for 3h 0m` from the lift on. Both round down to whole minutes, so a countdown
 * never claims more time is left than there is.
 */
export function formatCountdown(lift: DateTime, now: DateTime): string {
  const remaining = millisOf(lift, 'lift') - millisOf(now, 'now');
  if (remaining > 0) {
    return remaining < MINUTE_MS ? 'in less than 1m' : `in ${formatDuration(remaining / MINUTE_MS)}`;
  }
  return `public for ${formatDuration(-remaining / MINUTE_MS)}`;
}

/** The instant in UTC to the minute, e.g. `2014-10-01 12:00 UTC`. */
export function formatUtc(instant: DateTime): string {
  return `${formatWallClock(millisOf(instant, 'instant'))} UTC`;
}

/**
 * A Slack date token, which every viewer sees in their own zone, with the UTC text as the fallback
 * for clients that cannot render it: `<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC>`.
 */
export function formatSlackDate(instant: DateTime): string {
  const seconds = Math.floor(millisOf(instant, 'instant') / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${formatUtc(instant)}>`;
}

/** How rule 1 shows a time: the Slack date token followed by the UTC time in parentheses. */
export function formatInstant(instant: DateTime): string {
  return `${formatSlackDate(instant)} (${formatUtc(instant)})`;
}

/** True for zone names luxon (i.e. this Node's Intl) accepts as IANA zones, and for `UTC`. */
export function isValidTimeZone(name: string): boolean {
  return name === 'UTC' || IANAZone.isValidZone(name);
}

function readWallClock(groups: Record<string, string | undefined>, given: string): WallClock {
  const wall: WallClock = {
    year: Number(groups.year),
    month: Number(groups.month),
    day: Number(groups.day),
    hour: Number(groups.hour),
    minute: Number(groups.minute),
    second: Number(groups.second ?? 0),
    millisecond: Number((groups.fraction ?? '').padEnd(3, '0').slice(0, 3)),
  };
  // Checked by hand because luxon rolls hour 24 over into the next day instead of refusing it.
  const valid =
    wall.month >= 1 &&
    wall.month <= 12 &&
    wall.day >= 1 &&
    wall.day <= (DateTime.utc(wall.year, wall.month).daysInMonth ?? 0) &&
    wall.hour <= 23 &&
    wall.minute <= 59 &&
    wall.second <= 59;
  if (!valid) {
    throw new XsaError(
      'bad_time',
      `"${clip(given)}" is not a real date and time (month 01-12, day within the month, ` +
        `hour 00-23, minute 00-59). Use ${TIME_FORMS}.`,
    );
  }
  return wall;
}

/** Offset in minutes east of UTC. */
function readOffset(text: string, given: string): number {
  if (/^z$/i.test(text)) return 0;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || 0);
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > MAX_OFFSET_MINUTES) {
    throw new XsaError(
      'bad_time',
      `"${clip(given)}" has an offset outside -18:00..+18:00. Use ${TIME_FORMS}.`,
    );
  }
  return text.startsWith('-') ? -total : total;
}

function localText(groups: Record<string, string | undefined>): LocalText {
  return { date: groups.date ?? '', time: groups.time ?? '' };
}

/** The wall-clock fields read as if they were UTC; zone offsets are then subtracted from this. */
function wallMillis(wall: WallClock): number {
  return DateTime.fromObject(wall, { zone: 'utc' }).toMillis();
}

/**
 * Finds the instant(s) at which `zoneName` shows this wall-clock time. Luxon silently moves a
 * skipped time forward and picks one side of a repeated time, so both are detected here: each
 * offset in force a day either side is tried, and kept if the zone really has that offset then.
 * Like Temporal, this assumes a zone never changes offset twice within two days.
 */
function resolveWallClock(wall: WallClock, text: LocalText, zoneName: string, label: string): DateTime {
  const zone = IANAZone.create(zoneName);
  const local = wallMillis(wall);
  const offsetBefore = zone.offset(local - DAY_MS);
  const offsetAfter = zone.offset(local + DAY_MS);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => ({ offset, at: local - offset * MINUTE_MS }))
    .filter(({ offset, at }) => zone.offset(at) === offset)
    .sort((a, b) => a.at - b.at);

  const [first, second] = candidates;
  if (first && !second) return DateTime.fromMillis(first.at, { zone: 'utc' });

  const change = findOffsetChange(zone, local - DAY_MS, local + DAY_MS, offsetBefore);
  const fromWall = formatWallClock(change + offsetBefore * MINUTE_MS).slice(11);
  const toWall = formatWallClock(change + offsetAfter * MINUTE_MS).slice(11);
  const asked = `${text.date} ${text.time}`;

  if (first && second) {
    const option = (c: { offset: number; at: number }, which: string) =>
      `\`${text.date}T${text.time}${formatOffset(c.offset)}\` (the ${which}, ${formatUtc(DateTime.fromMillis(c.at))})`;
    throw new XsaError(
      'ambiguous_time',
      `${asked} happens twice in ${label}: clocks go back from ${fromWall} to ${toWall} that day. ` +
        `Say which one with an explicit offset: ${option(first, 'first')} or ${option(second, 'second')}.`,
    );
  }

  const lastBefore = DateTime.fromMillis(change - MINUTE_MS);
  const firstAfter = DateTime.fromMillis(change);
  const suggest = (at: DateTime, offset: number) =>
    `\`${formatWallClock(at.toMillis() + offset * MINUTE_MS)} ${zoneName}\` (${formatUtc(at)})`;
  throw new XsaError(
    'nonexistent_time',
    `${asked} does not exist in ${label}: clocks jump forward from ${fromWall} to ${toWall} that day. ` +
      `The nearest valid times are ${suggest(lastBefore, offsetBefore)} and ${suggest(firstAfter, offsetAfter)}.`,
  );
}

/** First millisecond in (from, to] at which the zone's offset is no longer `offsetAtFrom`. */
function findOffsetChange(zone: IANAZone, from: number, to: number, offsetAtFrom: number): number {
  let low = from;
  let high = to;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === offsetAtFrom) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Keeps the user's spelling of a zone unless only its case differs from the canonical name:
 * ICU canonicalises some names to older or different ones (Asia/Kolkata → Asia/Calcutta,
 * CET → Europe/Brussels), which would confuse the person who typed them.
 */
function canonicalZoneName(name: string): string {
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

/**
 * `yyyy-MM-dd HH:mm` of a millisecond count read in UTC. Built by hand rather than with
 * `toFormat`, so a DateTime carrying another locale or calendar cannot change the digits.
 */
function formatWallClock(millis: number): string {
  const t = DateTime.fromMillis(millis, { zone: 'utc' });
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function millisOf(instant: DateTime, what: string): number {
  if (!instant.isValid) throw new RangeError(`${what} is an invalid DateTime: ${instant.invalidExplanation}`);
  return instant.toMillis();
}
