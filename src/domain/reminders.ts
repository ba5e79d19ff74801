import type { DateTime } from 'luxon';
import type { Zone } from './types.js';

export type ReminderKind = 'checkpoint' | 'exposure';

/** A reminder whose time has come: a checkpoint before the lift, or an hourly "exposure open" after it. */
export interface DueReminder {
  /** Unique within the campaign and its lift, e.g. `T-1440` or `exposure-3`. */
  id: string;
  kind: ReminderKind;
  dueAt: DateTime;
  /** Minutes before the lift (checkpoint) or whole hours after it (exposure). */
  offset: number;
}

/** A reminder missed by more than this while the bot was down is folded into one catch-up summary. */
export const CATCH_UP_GRACE_MINUTES = 15;
/** A reminder posted later than this says it is late. */
export const LATE_AFTER_MINUTES = 1;
// Hourly exposure reminders further back than this are not even considered: they could only be missed.
const EXPOSURE_LOOKBACK_HOURS = 24;

/**
 * The reminders due by `now` that were still ahead when reminders were armed (campaign created or
 * lift moved): checkpoints at lift − offset, and after the lift one per hour while `exposureOpen`.
 */
export function dueReminders(
  liftAt: DateTime,
  checkpoints: readonly number[],
  armedAt: DateTime,
  now: DateTime,
  exposureOpen: boolean,
): DueReminder[] {
  const due: DueReminder[] = [];
  for (const offset of checkpoints) {
    const dueAt = liftAt.minus({ minutes: offset });
    if (dueAt >= armedAt && dueAt <= now) due.push({ id: `T-${offset}`, kind: 'checkpoint', dueAt, offset });
  }
  if (exposureOpen && now > liftAt) {
    const hoursPublic = Math.floor(now.diff(liftAt, 'hours').hours);
    for (let hour = Math.max(1, hoursPublic - EXPOSURE_LOOKBACK_HOURS); hour <= hoursPublic; hour += 1) {
      const dueAt = liftAt.plus({ hours: hour });
      if (dueAt >= armedAt) due.push({ id: `exposure-${hour}`, kind: 'exposure', dueAt, offset: hour });
    }
  }
  return due.sort((a, b) => a.dueAt.toMillis() - b.dueAt.toMillis());
}

export type Timeliness = 'on_time' | 'late' | 'missed';

/** Whether a due reminder is posted as is, posted saying it is late, or folded into a catch-up. */
export function judgeTimeliness(dueAt: DateTime, now: DateTime): Timeliness {
  const lateBy = now.diff(dueAt, 'minutes').minutes;
  if (lateBy > CATCH_UP_GRACE_MINUTES) return 'missed';
  return lateBy > LATE_AFTER_MINUTES ? 'late' : 'on_time';
}

/** Zones whose planned window opened between `armedAt` and `now`, and that are not done. */
export function openedWindows(zones: readonly Zone[], armedAt: DateTime, now: DateTime): Zone[] {
  return zones.filter(
    (z) => z.windowStart !== null && z.state !== 'done' && z.windowStart >= armedAt && z.windowStart <= now,
  );
}

/**
 * The earliest reminder `dueReminders` would return after `now`: the next checkpoint still ahead
 * of `armedAt`, or after the lift the next hourly exposure reminder while `exposureOpen`. The
 * scheduler arms its timer for it. Null when none is ahead.
 */
export function nextReminderAt(
  liftAt: DateTime,
  checkpoints: readonly number[],
  armedAt: DateTime,
  now: DateTime,
  exposureOpen: boolean,
): DateTime | null {
  let next: DateTime | null = null;
  for (const offset of checkpoints) {
    const dueAt = liftAt.minus({ minutes: offset });
    if (dueAt > now && dueAt >= armedAt && (next === null || dueAt < next)) next = dueAt;
  }
  if (exposureOpen) {
    const hoursPublic = now < liftAt ? 0 : Math.floor(now.diff(liftAt, 'hours').hours);
    const exposure = liftAt.plus({ hours: hoursPublic + 1 });
    if (exposure >= armedAt && (next === null || exposure < next)) next = exposure;
  }
  return next;
}

/** The earliest planned window that opens after `now` (and after `armedAt`) on a zone not done. */
export function nextWindowOpening(zones: readonly Zone[], armedAt: DateTime, now: DateTime): DateTime | null {
  let next: DateTime | null = null;
  for (const z of zones) {
    const start = z.windowStart;
    if (start === null || z.state === 'done' || start <= now || start < armedAt) continue;
    if (next === null || start < next) next = start;
  }
  return next;
}
