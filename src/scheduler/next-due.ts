import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { nextReminderAt, nextWindowOpening } from '../domain/reminders.js';
import { DEFAULT_CHECKPOINTS, nextCronRuns } from '../domain/schedule.js';
import { parseCronSchedule } from './cron.js';

const earlier = (a: DateTime | null, b: DateTime | null) => (a === null || (b !== null && b < a) ? b : a);

/**
 * The next instant at which a scheduler pass has something to do for the campaigns: a checkpoint
 * or an hourly exposure reminder, a planned window opening, a digest run — computed, like the jobs
 * themselves, from the database and `now` only. The outbox's own next attempt is added by the
 * worker (`OutboxWorker.nextDueAt`). A digest run already past (not yet posted) is returned as is:
 * it is due now.
 */
export function nextCampaignDueAt(ctx: AppContext, now: DateTime): DateTime | null {
  let next: DateTime | null = null;
  for (const campaign of ctx.campaigns.openCampaigns()) {
    const settings = ctx.reminders.settings(campaign.id);
    const zones = ctx.campaigns.zones(campaign.id);
    next = earlier(
      next,
      nextReminderAt(
        campaign.liftAt,
        settings.checkpoints ?? DEFAULT_CHECKPOINTS,
        settings.armedAt,
        now,
        zones.some((z) => z.state !== 'done'),
      ),
    );
    next = earlier(next, nextWindowOpening(zones, settings.armedAt, now));
    if (settings.digest) {
      try {
        const schedule = parseCronSchedule(settings.digest.cron);
        const [run] = nextCronRuns(schedule, settings.digest.zone, settings.digestLastRunAt ?? now, 1);
        next = earlier(next, run ?? null);
      } catch {
        // runDigests logs an unreadable schedule; the timer simply has nothing to arm for it.
      }
    }
  }
  return next;
}
