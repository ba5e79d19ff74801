import type { DateTime } from 'luxon';
import type { Clock } from '../clock.js';

/**
 * A clock running `offset` behind or ahead of another. The demo plays a campaign's last hours on it
 * — the bot sees the commands arrive hours apart — and ends back at the real time, so the history
 * it leaves (starts, paces, a projection) reads as it would in a real campaign.
 */
export class ShiftedClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): DateTime {
    return this.base.now().plus({ milliseconds: this.offsetMs });
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
