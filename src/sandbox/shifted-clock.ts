import type { DateTime } from 'luxon';
import { type CancelWake, type Clock, wakeOnTimers } from '../clock.js';

/**
 * A clock running `offset` behind or ahead of another. The demo plays a campaign's last hours on it
 * — the bot sees the commands arrive hours apart — and ends back at the real time, so the history
 * it leaves (starts, paces, a projection) reads as it would in a real campaign. The bot's scheduler
 * is paused while the clock is shifted (see `startSandbox`), so no reminder, countdown or digest is
 * rendered at a replayed instant.
 */
export class ShiftedClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): DateTime {
    return this.base.now().plus({ milliseconds: this.offsetMs });
  }

  wakeAt(at: DateTime, wake: () => void): CancelWake {
    // At offset 0 the base clock decides (a fake one in tests); shifted, real time passes.
    return this.offsetMs === 0 ? this.base.wakeAt(at, wake) : wakeOnTimers(this, at, wake);
  }

  /** The underlying clock's time, where the shifted one catches up. */
  baseNow(): DateTime {
    return this.base.now();
  }

  /** Runs on `base` plus `offsetMs` (negative: in the past) from now on; 0 is the base clock again. */
  shift(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
