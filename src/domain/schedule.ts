import { DateTime, IANAZone } from 'luxon';
import { XsaError } from './errors.js';
import { clip } from './limits.js';
import { isValidTimeZone } from './time.js';

/** Minutes before the lift. PRODUCT.md default: T-72h, T-24h, T-12h, T-6h, T-2h, T-1h, T-30m, T-10m, T-0. */
export const DEFAULT_CHECKPOINTS: readonly number[] = Object.freeze([
  4320, 1440, 720, 360, 120, 60, 30, 10, 0,
]);

/** One-line description of the checkpoint form with an example, for help and error messages. */
export const CHECKPOINT_FORMS =
  '`T-` and the time before the lift in days, hours and minutes, largest first (`T-72h`, `T-1d12h`, ' +
  '`T-90m`), or `T-0` for the lift itself, separated by commas, e.g. `T-48h,T-24h,T-1h,T-0`';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;
const MAX_CHECKPOINTS = 30;
const MAX_CHECKPOINT_MINUTES = 30 * DAY_MINUTES;
// Up to 72h a checkpoint reads in hours (T-72h, as PRODUCT.md writes it); beyond, in days.
const HOURS_UP_TO_MINUTES = 72 * HOUR_MINUTES;
// The longest gap a satisfiable schedule can have is 29 February across a century that skips its
// leap day (2096-02-29 → 2104-02-29, 2921 days), so 8 × 366 days finds every run there is.
const MAX_GAP_DAYS = 8 * 366;

// Dashes: ASCII, en dash and minus sign, since some keyboards and paste sources turn one into another.
const CHECKPOINT =
  /^t ?[-–−] ?(?:(?<zero>0)|(?:(?<days>\d+)d)? ?(?:(?<hours>\d+)h)? ?(?:(?<minutes>\d+)m)?)$/i;
const BARE_DURATION = /^(?:\d+d)? ?(?:\d+h)? ?(?:\d+m)?$/i;

/**
 * Reads checkpoints such as `T-48h,T-24h,T-1h`, `T-0`, `T-1d12h`, `T-90m` or `T-1h 30m` (units d, h,
 * m, largest first, case-insensitive, spaces allowed after commas) and returns the minutes before
 * the lift, without duplicates, latest-before-the-lift last (sorted descending).
 *
 * @throws XsaError `bad_checkpoints` naming the item that is wrong: unreadable, more than 30 days
 *   before the lift, an empty item, or more than 30 checkpoints.
 */
export function parseCheckpoints(text: string): number[] {
  const given = text.trim().replace(/\s+/g, ' ');
  if (given === '') {
    throw new XsaError('bad_checkpoints', `Expected checkpoints but got nothing. Write ${CHECKPOINT_FORMS}.`);
  }
  const minutes = new Set<number>();
  for (const item of given.split(',')) {
    minutes.add(readCheckpoint(item.trim(), given));
    if (minutes.size > MAX_CHECKPOINTS) {
      throw new XsaError(
        'bad_checkpoints',
        `That is more than ${MAX_CHECKPOINTS} checkpoints; keep at most ${MAX_CHECKPOINTS}. Write ${CHECKPOINT_FORMS}.`,
      );
    }
  }
  return [...minutes].sort((a, b) => b - a);
}

/**
 * Writes minutes before the lift the way PRODUCT.md does: `T-0`, `T-30m`, `T-1h 30m`, `T-24h`, `T-72h`
 * (hours and minutes up to 72h), then days: `T-7d`, `T-3d 1h`, `T-3d 10m`. Zero units are left out.
 * The result reads back through `parseCheckpoints` to the same number.
 *
 * @throws RangeError when `minutesBefore` is not a whole number ≥ 0 (a programming error).
 */
export function formatCheckpoint(minutesBefore: number): string {
  if (!Number.isSafeInteger(minutesBefore) || minutesBefore < 0) {
    throw new RangeError(`formatCheckpoint: not a whole number of minutes ≥ 0: ${minutesBefore}`);
  }
  if (minutesBefore === 0) return 'T-0';
  const days = minutesBefore > HOURS_UP_TO_MINUTES ? Math.floor(minutesBefore / DAY_MINUTES) : 0;
  const rest = minutesBefore - days * DAY_MINUTES;
  const hours = Math.floor(rest / HOUR_MINUTES);
  const minutes = rest % HOUR_MINUTES;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0) parts.push(`${minutes}m`);
  return `T-${parts.join(' ')}`;
}

/**
 * A cron schedule already validated, as plain data (minute 0-59, hour 0-23, dayOfMonth 1-31,
 * month 1-12, dayOfWeek 0-6 with 0 = Sunday).
 */
export interface CronSchedule {
  /** The expression as the user wrote it, whitespace collapsed. */
  expression: string;
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
  /**
   * Whether the day fields restrict anything. When both do, a day matches if EITHER matches
   * (classic cron); otherwise both must (which then means only the restricted one counts).
   */
  domRestricted: boolean;
  dowRestricted: boolean;
}

/**
 * The next `count` run instants strictly after `after`, in UTC, for the schedule read as wall-clock
 * time in the IANA zone `zone`. A local time that does not exist that day (clocks jump forward) is
 * skipped; a local time that happens twice (clocks go back) runs once, at its first occurrence.
 *
 * Walks calendar days, not minutes, and gives up 8 years after the last run found (or `after`), so
 * a schedule that can never run again returns fewer than `count` instants, possibly none.
 *
 * @throws XsaError `bad_zone` for a zone name that is not an IANA zone or UTC.
 * @throws RangeError for an invalid `after` or a `count` that is not a whole number ≥ 0.
 */
export function nextCronRuns(
  schedule: CronSchedule,
  zone: string,
  after: DateTime,
  count: number,
): DateTime[] {
  if (!after.isValid)
    throw new RangeError(`nextCronRuns: after is an invalid DateTime: ${after.invalidExplanation}`);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`nextCronRuns: count must be a whole number ≥ 0: ${count}`);
  }
  if (!isValidTimeZone(zone)) {
    throw new XsaError(
      'bad_zone',
      `"${clip(zone)}" is not a time zone I know. Use an IANA zone name such as Europe/Berlin or ` +
        'America/Chicago, or UTC.',
    );
  }

  const tz = IANAZone.create(zone);
  const afterMs = after.toMillis();
  const minutes = sortedUnique(schedule.minute);
  const hours = sortedUnique(schedule.hour);
  const months = new Set(schedule.month);
  const daysOfMonth = new Set(schedule.dayOfMonth);
  const daysOfWeek = new Set(schedule.dayOfWeek);
  const eitherDay = schedule.domRestricted && schedule.dowRestricted;

  // Days are civil dates held as the millisecond count of their midnight read as UTC, so stepping
  // a day is exact. Start the day before `after`'s local date: a zone that falls back at midnight
  // repeats the end of the previous day after `after`'s local midnight.
  const local = DateTime.fromMillis(afterMs, { zone: tz });
  let day = Date.UTC(local.year, local.month - 1, local.day) - DAY_MS;
  let giveUpAfter = day + (MAX_GAP_DAYS + 2) * DAY_MS;
  let latest = afterMs;
  const runs: DateTime[] = [];

  for (; runs.length < count && day <= giveUpAfter; day += DAY_MS) {
    const date = new Date(day);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const domMatches = daysOfMonth.has(date.getUTCDate());
    const dowMatches = daysOfWeek.has(date.getUTCDay());
    if (eitherDay ? !domMatches && !dowMatches : !domMatches || !dowMatches) continue;

    const instantOf = wallClockResolver(tz, day);
    const before = runs.length;
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = instantOf(day + (hour * HOUR_MINUTES + minute) * MINUTE_MS);
        if (at === null || at <= latest) continue;
        runs.push(DateTime.fromMillis(at, { zone: 'utc' }));
        latest = at;
        if (runs.length === count) return runs;
      }
    }
    if (runs.length > before) giveUpAfter = day + MAX_GAP_DAYS * DAY_MS;
  }
  return runs;
}

/**
 * Returns a function from a wall-clock time on the civil day `day` (both as millis read as UTC) to
 * the first instant the zone shows it, or null when the zone skips it. Assumes, like Temporal and
 * `resolveWallClock` in time.ts, that a zone never changes offset twice within a few days.
 */
function wallClockResolver(zone: IANAZone, day: number): (wall: number) => number | null {
  const offsetBefore = zone.offset(day - DAY_MS);
  const offsetAfter = zone.offset(day + 2 * DAY_MS);
  // Most days have no offset change: plain arithmetic, no Intl look-ups per run time.
  if (offsetBefore === offsetAfter) return (wall) => wall - offsetBefore * MINUTE_MS;

  return (wall) => {
    let first: number | null = null;
    for (const offset of [offsetBefore, offsetAfter]) {
      const at = wall - offset * MINUTE_MS;
      if (zone.offset(at) === offset && (first === null || at < first)) first = at;
    }
    return first;
  };
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function readCheckpoint(item: string, given: string): number {
  if (item === '') {
    throw new XsaError(
      'bad_checkpoints',
      `"${clip(given)}" has an empty item (two commas in a row, or one at the start or end). ` +
        `Write ${CHECKPOINT_FORMS}.`,
    );
  }
  const parts = CHECKPOINT.exec(item)?.groups;
  if (!parts || (!parts.zero && !parts.days && !parts.hours && !parts.minutes)) {
    throw new XsaError('bad_checkpoints', `${describeBadCheckpoint(item)} Write ${CHECKPOINT_FORMS}.`);
  }
  const minutes =
    Number(parts.days ?? 0) * DAY_MINUTES +
    Number(parts.hours ?? 0) * HOUR_MINUTES +
    Number(parts.minutes ?? 0);
  if (minutes > MAX_CHECKPOINT_MINUTES) {
    throw new XsaError(
      'bad_checkpoints',
      `"${clip(item)}" is more than 30 days (\`T-30d\`) before the lift. Write ${CHECKPOINT_FORMS}.`,
    );
  }
  return minutes;
}

function describeBadCheckpoint(item: string): string {
  if ((item.match(/t ?[-–−]/gi) ?? []).length > 1) {
    return `"${clip(item)}" looks like several checkpoints: separate them with commas.`;
  }
  if (/^t ?\+/i.test(item)) {
    return (
      `"${clip(item)}" is after the lift: checkpoints count down to it, and after the lift ` +
      'reminders go out every hour while zones remain unpatched.'
    );
  }
  if (BARE_DURATION.test(item)) {
    return `"${clip(item)}" needs \`T-\` in front: \`T-${item}\`.`;
  }
  return `"${clip(item)}" is not a checkpoint I can read.`;
}
