import { parseCronSchedule } from '../domain/cron.js';
import type { CronSchedule } from '../domain/schedule.js';

// Distinct digest expressions are few (one per campaign at most); past this the memo starts over.
const MAX_KEPT = 1000;

/**
 * The digests' cron schedules, parsed once per expression for the scheduler's life instead of on
 * every pass and every re-arm. An expression that does not parse throws its `bad_cron` each time,
 * as parsing it afresh would.
 */
export class DigestSchedules {
  private readonly parsed = new Map<string, { schedule: CronSchedule } | { error: unknown }>();

  /** @throws XsaError `bad_cron`, as `parseCronSchedule` does. */
  get(expression: string): CronSchedule {
    let entry = this.parsed.get(expression);
    if (!entry) {
      try {
        entry = { schedule: parseCronSchedule(expression) };
      } catch (error) {
        entry = { error };
      }
      if (this.parsed.size >= MAX_KEPT) this.parsed.clear();
      this.parsed.set(expression, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry.schedule;
  }
}
