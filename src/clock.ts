import { DateTime } from 'luxon';

/** Cancels a wake-up that has not fired yet; calling it after it fired does nothing. */
export type CancelWake = () => void;

/** The only source of "now" in the bot: the real one in production, a settable one in tests. */
export interface Clock {
  now(): DateTime;
  /**
   * Calls `wake` once this clock reads `at` or later — never before, and never synchronously.
   * The scheduler arms its next due instant with it, so a fake clock fires it when moved.
   */
  wakeAt(at: DateTime, wake: () => void): CancelWake;
}

// setTimeout takes at most 2^31 − 1 ms (about 24.8 days); a longer wait is taken in steps.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A wake-up on the process's timers for a clock that runs at real speed (the system clock, or one
 * shifted from it). Timers run on a monotonic clock and may fire a millisecond before the wall
 * clock reads `at`; then it waits again, so `wake` never runs early by `clock`.
 */
export function wakeOnTimers(clock: Pick<Clock, 'now'>, at: DateTime, wake: () => void): CancelWake {
  let timer: NodeJS.Timeout | undefined;
  const wait = () => {
    const ms = at.toMillis() - clock.now().toMillis();
    if (ms <= 0 && timer !== undefined) {
      timer = undefined;
      wake();
      return;
    }
    timer = setTimeout(wait, Math.min(Math.max(ms, 0), MAX_TIMEOUT_MS));
  };
  wait();
  return () => {
    clearTimeout(timer);
    timer = undefined;
  };
}

export const systemClock: Clock = {
  now: () => DateTime.utc(),
  wakeAt: (at, wake) => wakeOnTimers(systemClock, at, wake),
};

/**
 * A clock that stands still until told to move; tests use it to run on fixed instants. Wake-ups
 * fire (each on its own macrotask, in instant order) when `set` or `advance` reaches them.
 */
export class ManualClock implements Clock {
  private current: DateTime;
  private readonly wakes = new Set<{ at: DateTime; wake: () => void }>();

  constructor(start: DateTime | string) {
    this.current = typeof start === 'string' ? DateTime.fromISO(start, { zone: 'utc' }) : start.toUTC();
    if (!this.current.isValid) throw new Error(`invalid start instant: ${String(start)}`);
  }

  now(): DateTime {
    return this.current;
  }

  wakeAt(at: DateTime, wake: () => void): CancelWake {
    const entry = { at, wake };
    this.wakes.add(entry);
    this.fireDue();
    return () => {
      this.wakes.delete(entry);
    };
  }

  set(instant: DateTime | string): void {
    this.current = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'utc' }) : instant.toUTC();
    this.fireDue();
  }

  advance(duration: {
    days?: number;
    hours?: number;
    minutes?: number;
    seconds?: number;
    milliseconds?: number;
  }): void {
    this.current = this.current.plus(duration);
    this.fireDue();
  }

  private fireDue(): void {
    const due = [...this.wakes]
      .filter((entry) => entry.at <= this.current)
      .sort((a, b) => a.at.toMillis() - b.at.toMillis());
    for (const entry of due) {
      this.wakes.delete(entry);
      setImmediate(entry.wake);
    }
  }
}
