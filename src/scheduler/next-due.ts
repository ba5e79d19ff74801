import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { nextReminderAt } from '../domain/reminders.js';
import { DEFAULT_CHECKPOINTS, nextCronRuns } from '../domain/schedule.js';
import type { DigestSchedules } from './digest-schedules.js';

const earlier = (a: DateTime | null, b: DateTime | null) => (a === null || (b !== null && b < a) ? b : a);

/**
 * The next instant at which a scheduler pass has something to do for the campaigns: a checkpoint
 * or an hourly exposure reminder, a planned window opening, a digest run — computed, like the jobs
 * themselves, from the database and `now` only (one query, no zone read into memory: it runs after
 * every commit). The outbox's own next attempt is added by the worker (`OutboxWorker.nextDueAt`).
 * A digest run already past (not yet posted) is returned as is: it is due now.
 */
export function nextCampaignDueAt(
  ctx: AppContext,
  now: DateTime,
  schedules: DigestSchedules,
): DateTime | null {
  let next: DateTime | null = null;
  for (const { liftAt, settings, exposureOpen, nextWindowStart } of ctx.reminders.schedules(now)) {
    next = earlier(
      next,
      nextReminderAt(
        liftAt,
        settings.checkpoints ?? DEFAULT_CHECKPOINTS,
        settings.armedAt,
        now,
        exposureOpen,
      ),
    );
    next = earlier(next, nextWindowStart);
    if (settings.digest) {
      try {
        const schedule = schedules.get(settings.digest.cron);
        const [run] = nextCronRuns(schedule, settings.digest.zone, settings.digestLastRunAt ?? now, 1);
        next = earlier(next, run ?? null);
      } catch {
        // runDigests logs an unreadable schedule; the timer simply has nothing to arm for it.
      }
    }
  }
  return next;
}
