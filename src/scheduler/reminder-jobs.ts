import type { DateTime } from 'luxon';
import { isResponder } from '../campaigns/access.js';
import { buildStatusView, type StatusView } from '../campaigns/queries.js';
import type { AppContext } from '../context.js';
import {
  type DueReminder,
  dueReminders,
  judgeTimeliness,
  openedWindows,
  type Timeliness,
} from '../domain/reminders.js';
import { type CronSchedule, DEFAULT_CHECKPOINTS, nextCronRuns } from '../domain/schedule.js';
import type { Campaign, Zone } from '../domain/types.js';
import type { OutgoingMessage } from '../slack/blocks/kit.js';
import {
  getCatchUpMessage,
  getCountdownMessage,
  getDigestMessage,
  getReminderMessage,
  getWindowMessage,
} from '../slack/blocks/reminder-blocks.js';
import type { SlackPoster } from '../slack/poster.js';
import type { DigestSchedules } from './digest-schedules.js';

const liftKey = (campaign: Campaign) => `${campaign.id}@${campaign.liftAt.toISO()}`;

/**
 * Queues the message for the war room (full) and every broadcast channel (redacted before the
 * lift, rule 2), each under its own dedupe key.
 */
function enqueueEverywhere(
  ctx: AppContext,
  campaign: Campaign,
  key: string,
  render: (redacted: boolean) => OutgoingMessage,
): void {
  const now = ctx.clock.now();
  const secret = now < campaign.liftAt;
  ctx.outbox.enqueue(
    {
      dedupeKey: `${key}#${campaign.warRoomChannel}`,
      campaignId: campaign.id,
      channel: campaign.warRoomChannel,
      message: render(false),
    },
    now,
  );
  const redactedMessage = render(secret);
  for (const channel of ctx.reminders.subscriptions(campaign.id)) {
    ctx.outbox.enqueue(
      { dedupeKey: `${key}#${channel}`, campaignId: campaign.id, channel, message: redactedMessage },
      now,
    );
  }
}

/** A checkpoint or exposure reminder to post now, `lateMinutes` null when it is on time. */
interface ReminderToPost {
  key: string;
  reminder: DueReminder;
  lateMinutes: number | null;
}

/** What becomes of the due reminders not decided before: posted, or folded into one catch-up. */
export interface CheckpointDecisions {
  post: ReminderToPost[];
  missed: DueReminder[];
  decisions: { key: string; dueAt: DateTime; outcome: 'posted' | 'late' | 'missed' }[];
}

const outcomeOf = (timeliness: Timeliness) => (timeliness === 'on_time' ? 'posted' : timeliness);

/**
 * Pure: sorts the due reminders not yet decided (`isDecided`, by key) into those posted — on time
 * or late — and those missed for so long they are only summed up, with the decision to record for each.
 */
export function decideCheckpoints(
  campaign: Campaign,
  due: readonly DueReminder[],
  isDecided: (key: string) => boolean,
  now: DateTime,
): CheckpointDecisions {
  const result: CheckpointDecisions = { post: [], missed: [], decisions: [] };
  for (const reminder of due) {
    const key = `reminder:${liftKey(campaign)}:${reminder.id}`;
    if (isDecided(key)) continue;
    const timeliness = judgeTimeliness(reminder.dueAt, now);
    if (timeliness === 'missed') {
      result.missed.push(reminder);
    } else {
      const lateMinutes = timeliness === 'late' ? now.diff(reminder.dueAt, 'minutes').minutes : null;
      result.post.push({ key, reminder, lateMinutes });
    }
    result.decisions.push({ key, dueAt: reminder.dueAt, outcome: outcomeOf(timeliness) });
  }
  return result;
}

/** Pure: the one catch-up message's key for the reminders missed, keyed by the last of them; null when none was. */
export function catchUpKey(campaign: Campaign, missed: readonly DueReminder[]): string | null {
  const last = missed[missed.length - 1];
  return last ? `catchup:${liftKey(campaign)}:${last.id}` : null;
}

/** A planned window that opened and is not yet decided; announced unless its outcome is `missed`. */
export interface WindowDecision {
  key: string;
  zone: Zone;
  windowStart: DateTime;
  outcome: 'posted' | 'late' | 'missed';
}

/** Pure: the opened windows not yet decided, each with whether it is still worth announcing. */
export function decideWindows(
  campaign: Campaign,
  opened: readonly Zone[],
  isDecided: (key: string) => boolean,
  now: DateTime,
): WindowDecision[] {
  const decisions: WindowDecision[] = [];
  for (const zone of opened) {
    const key = `window:${campaign.id}:${zone.name}@${zone.windowStart?.toISO()}`;
    if (isDecided(key) || !zone.windowStart) continue;
    const outcome = outcomeOf(judgeTimeliness(zone.windowStart, now));
    decisions.push({ key, zone, windowStart: zone.windowStart, outcome });
  }
  return decisions;
}

/**
 * Decides every reminder that has come due — posted (late if need be), or folded with the other
 * long-missed ones into one catch-up summary — and queues the posts in the same transaction as
 * the decision, so a restart neither repeats nor loses one.
 */
export async function runReminders(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  for (const campaign of ctx.campaigns.openCampaigns()) {
    const owners = await ownersToTellInFull(ctx, campaign, now);
    ctx.campaigns.transaction(() => {
      const settings = ctx.reminders.settings(campaign.id);
      const zones = ctx.campaigns.zones(campaign.id);
      const view = (redacted: boolean) => buildStatusView(campaign, zones, now, redacted, false);
      const isDecided = (key: string) => ctx.reminders.isDecided(key);
      const due = dueReminders(
        campaign.liftAt,
        settings.checkpoints ?? DEFAULT_CHECKPOINTS,
        settings.armedAt,
        now,
        zones.some((z) => z.state !== 'done'),
      );

      const checkpoints = decideCheckpoints(campaign, due, isDecided, now);
      for (const { key, reminder, lateMinutes } of checkpoints.post) {
        enqueueEverywhere(ctx, campaign, key, (redacted) =>
          getReminderMessage(view(redacted), reminder, lateMinutes),
        );
      }
      for (const { key, dueAt, outcome } of checkpoints.decisions) {
        ctx.reminders.recordDecision(key, campaign.id, dueAt, outcome, now);
      }

      const catchUp = catchUpKey(campaign, checkpoints.missed);
      if (catchUp) {
        enqueueEverywhere(ctx, campaign, catchUp, (redacted) =>
          getCatchUpMessage(view(redacted), checkpoints.missed),
        );
      }

      for (const window of decideWindows(
        campaign,
        openedWindows(zones, settings.armedAt, now),
        isDecided,
        now,
      )) {
        ctx.reminders.recordDecision(window.key, campaign.id, window.windowStart, window.outcome, now);
        if (window.outcome !== 'missed') queueWindow(ctx, campaign, window, owners, view, now);
      }
    });
  }
}

/**
 * A window's opening to the war room and to its owner by DM: the advisory in full only for an
 * owner who is a responder now (rule 2), redacted before the lift otherwise.
 */
function queueWindow(
  ctx: AppContext,
  campaign: Campaign,
  { key, zone }: WindowDecision,
  owners: ReadonlySet<string>,
  view: (redacted: boolean) => StatusView,
  now: DateTime,
): void {
  const message = getWindowMessage(view(false), zone);
  ctx.outbox.enqueue(
    {
      dedupeKey: `${key}#${campaign.warRoomChannel}`,
      campaignId: campaign.id,
      channel: campaign.warRoomChannel,
      message,
    },
    now,
  );
  if (!zone.owner) return;
  const toOwner = owners.has(zone.owner) ? message : getWindowMessage(view(now < campaign.liftAt), zone);
  ctx.outbox.enqueue(
    { dedupeKey: `${key}#${zone.owner}`, campaignId: campaign.id, channel: zone.owner, message: toOwner },
    now,
  );
}

/**
 * The zone owners who are responders now, for the window reminders about to go out: asked before
 * the transaction (it cannot wait on Slack). Slack not answering counts as "not a responder".
 */
async function ownersToTellInFull(ctx: AppContext, campaign: Campaign, now: DateTime): Promise<Set<string>> {
  const settings = ctx.reminders.settings(campaign.id);
  const owners = new Set<string>();
  for (const zone of openedWindows(ctx.campaigns.zones(campaign.id), settings.armedAt, now)) {
    if (
      zone.owner &&
      !owners.has(zone.owner) &&
      (await isResponder(ctx, campaign, zone.owner).catch(() => false))
    )
      owners.add(zone.owner);
  }
  return owners;
}

// A per-minute digest missed for a long outage is still found in bounded work.
const MAX_DIGEST_RUNS_SCANNED = 100_000;

/** Posts each campaign's status digest when its cron schedule comes due (only the latest, after an outage). */
export function runDigests(ctx: AppContext, schedules: DigestSchedules): void {
  const now = ctx.clock.now();
  for (const campaign of ctx.campaigns.openCampaigns()) {
    const settings = ctx.reminders.settings(campaign.id);
    if (!settings.digest) continue;
    let schedule: CronSchedule;
    try {
      schedule = schedules.get(settings.digest.cron);
    } catch (error) {
      ctx.logger.warn(`digest of ${campaign.id} has an unreadable schedule`, error);
      continue;
    }
    let cursor = settings.digestLastRunAt ?? now;
    let latest = null;
    for (let i = 0; i < MAX_DIGEST_RUNS_SCANNED; i += 1) {
      const [next] = nextCronRuns(schedule, settings.digest.zone, cursor, 1);
      if (!next || next > now) break;
      latest = next;
      cursor = next;
    }
    if (!latest) continue;
    const runAt = latest;
    ctx.campaigns.transaction(() => {
      const zones = ctx.campaigns.zones(campaign.id);
      const message = getDigestMessage(buildStatusView(campaign, zones, now, false, false));
      ctx.outbox.enqueue(
        {
          dedupeKey: `digest:${campaign.id}@${runAt.toISO()}#${campaign.warRoomChannel}`,
          campaignId: campaign.id,
          channel: campaign.warRoomChannel,
          message,
        },
        now,
      );
      ctx.reminders.digestRan(campaign.id, runAt);
    });
  }
}

/** How often the live countdown is refreshed: every minute in the last hour, else every 10 minutes. */
function refreshIntervalMinutes(campaign: Campaign, now: DateTime): number {
  const minutesToLift = campaign.liftAt.diff(now, 'minutes').minutes;
  return minutesToLift > 0 && minutesToLift <= 60 ? 1 : 10;
}

/**
 * Keeps one pinned countdown message per open campaign current in its war room: posted through
 * the outbox, then edited in place on schedule and as soon as anything changes; posted anew if
 * it was deleted.
 */
export async function runLiveCountdowns(ctx: AppContext, poster: SlackPoster): Promise<void> {
  const now = ctx.clock.now();
  const edits: Array<() => Promise<void>> = [];
  for (const campaign of ctx.campaigns.openCampaigns()) {
    const countdown = ctx.reminders.countdown(campaign.id, campaign.warRoomChannel);
    const render = () =>
      getCountdownMessage(buildStatusView(campaign, ctx.campaigns.zones(campaign.id), now, false, false));
    const latestEvent = ctx.reminders.latestEventId(campaign.id);
    if (!countdown.messageTs) {
      const key = `countdown:${campaign.id}:${countdown.generation}`;
      const queued = ctx.outbox.find(key);
      if (!queued) {
        ctx.campaigns.transaction(() => {
          ctx.outbox.enqueue(
            { dedupeKey: key, campaignId: campaign.id, channel: countdown.channel, message: render() },
            now,
          );
          ctx.reminders.countdownRendered(campaign.id, latestEvent, now);
        });
      } else if (queued.state === 'sent' && queued.messageTs) {
        ctx.reminders.countdownPosted(campaign.id, countdown.generation, queued.messageTs);
        await poster
          .pin(countdown.channel, queued.messageTs)
          .catch((error: unknown) => ctx.logger.warn('could not pin the countdown', error));
      }
      continue;
    }
    const stale =
      latestEvent > countdown.renderedEventId ||
      !countdown.renderedAt ||
      now.diff(countdown.renderedAt, 'minutes').minutes >= refreshIntervalMinutes(campaign, now);
    if (!stale) continue;
    const { messageTs } = countdown;
    edits.push(async () => {
      try {
        const result = await poster.update(countdown.channel, messageTs, render());
        if (result === 'gone') ctx.reminders.countdownLost(campaign.id);
        else ctx.reminders.countdownRendered(campaign.id, latestEvent, now);
      } catch (error) {
        ctx.logger.warn(`could not update the countdown of ${campaign.id}`, error);
      }
    });
  }
  // Each campaign's pinned message is its own: the edits go out side by side, not one by one.
  await Promise.all(edits.map((edit) => edit()));
}
