import { DateTime } from 'luxon';

/** The only source of "now" in the bot: the real one in production, a settable one in tests. */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = {
  now: () => DateTime.utc(),
};

/** A clock that stands still until told to move; tests use it to run on fixed instants. */
export class ManualClock implements Clock {
  private current: DateTime;

  constructor(start: DateTime | string) {
    this.current = typeof start === 'string' ? DateTime.fromISO(start, { zone: 'utc' }) : start.toUTC();
    if (!this.current.isValid) throw new Error(`invalid start instant: ${String(start)}`);
  }

  now(): DateTime {
    return this.current;
  }

  set(instant: DateTime | string): void {
    this.current = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'utc' }) : instant.toUTC();
  }

  advance(duration: { days?: number; hours?: number; minutes?: number; seconds?: number }): void {
    this.current = this.current.plus(duration);
  }
}
