import type { DateTime } from 'luxon';
import type { Db } from './database.js';
import { fromStored, toStoredInstant } from './instants.js';

export interface ReminderSettings {
  /** Minutes before the lift; null = the default checkpoints. */
  checkpoints: number[] | null;
  /** Checkpoints due before this were past when the campaign was created or its lift moved. */
  armedAt: DateTime;
  digest: { cron: string; zone: string } | null;
  digestLastRunAt: DateTime | null;
}

/** What the scheduler needs of an open campaign to know when it next has something due. */
export interface ReminderSchedule {
  campaignId: string;
  liftAt: DateTime;
  settings: ReminderSettings;
  /** Some zone is not done (after the lift, the hourly exposure reminders run). */
  exposureOpen: boolean;
  /** The earliest planned window, after `now` and `armedAt`, of a zone not done. */
  nextWindowStart: DateTime | null;
}

interface ScheduleRow extends SettingsRow {
  id: string;
  lift_at: string;
  exposure_open: number;
  next_window: string | null;
}

export interface LiveCountdown {
  campaignId: string;
  channel: string;
  generation: number;
  messageTs: string | null;
  renderedEventId: number;
  renderedAt: DateTime | null;
}

interface SettingsRow {
  checkpoints: string | null;
  reminders_armed_at: string;
  digest_cron: string | null;
  digest_zone: string | null;
  digest_last_run_at: string | null;
}

interface CountdownRow {
  campaign_id: string;
  channel: string;
  generation: number;
  message_ts: string | null;
  rendered_event_id: number;
  rendered_at: string | null;
}

function toSettings(row: SettingsRow): ReminderSettings {
  return {
    checkpoints: row.checkpoints === null ? null : (JSON.parse(row.checkpoints) as number[]),
    armedAt: fromStored(row.reminders_armed_at),
    digest: row.digest_cron && row.digest_zone ? { cron: row.digest_cron, zone: row.digest_zone } : null,
    digestLastRunAt: fromStored(row.digest_last_run_at),
  };
}

/** Reminder settings, broadcast subscriptions, decided reminders and the live countdown of each campaign. */
export class ReminderStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      settings: db.prepare<[string], SettingsRow>(
        'SELECT checkpoints, reminders_armed_at, digest_cron, digest_zone, digest_last_run_at FROM campaigns WHERE id = ?',
      ),
      // One query for every open campaign, run after each commit: no zone is read into memory.
      schedules: db.prepare<[{ now: string }], ScheduleRow>(
        `SELECT c.id, c.lift_at, c.checkpoints, c.reminders_armed_at, c.digest_cron, c.digest_zone, c.digest_last_run_at,
           EXISTS (SELECT 1 FROM zones z WHERE z.campaign_id = c.id AND z.state != 'done') AS exposure_open,
           (SELECT MIN(z.window_start) FROM zones z
             WHERE z.campaign_id = c.id AND z.state != 'done' AND z.window_start > @now
               AND z.window_start >= c.reminders_armed_at) AS next_window
         FROM campaigns c WHERE c.closed_at IS NULL`,
      ),
      setCheckpoints: db.prepare('UPDATE campaigns SET checkpoints = ? WHERE id = ?'),
      rearm: db.prepare('UPDATE campaigns SET reminders_armed_at = ? WHERE id = ?'),
      setDigest: db.prepare(
        'UPDATE campaigns SET digest_cron = ?, digest_zone = ?, digest_last_run_at = ? WHERE id = ?',
      ),
      setDigestRun: db.prepare('UPDATE campaigns SET digest_last_run_at = ? WHERE id = ?'),
      subscriptions: db.prepare<[string], string>(
        'SELECT channel FROM subscriptions WHERE campaign_id = ? ORDER BY created_at, channel',
      ),
      subscribedTo: db.prepare<[string], string>(
        'SELECT campaign_id FROM subscriptions WHERE channel = ? ORDER BY created_at, campaign_id',
      ),
      subscribe: db.prepare(
        'INSERT OR IGNORE INTO subscriptions (campaign_id, channel, created_by, created_at) VALUES (?, ?, ?, ?)',
      ),
      unsubscribe: db.prepare('DELETE FROM subscriptions WHERE campaign_id = ? AND channel = ?'),
      decided: db.prepare<[string], number>('SELECT 1 FROM reminder_log WHERE key = ?'),
      decidedDueAt: db.prepare<[string], string>('SELECT due_at FROM reminder_log WHERE key = ?'),
      decide: db.prepare(
        'INSERT INTO reminder_log (key, campaign_id, due_at, outcome, decided_at) VALUES (?, ?, ?, ?, ?)',
      ),
      countdown: db.prepare<[string], CountdownRow>('SELECT * FROM live_countdowns WHERE campaign_id = ?'),
      createCountdown: db.prepare(
        'INSERT OR IGNORE INTO live_countdowns (campaign_id, channel) VALUES (?, ?)',
      ),
      countdownPosted: db.prepare(
        'UPDATE live_countdowns SET message_ts = ? WHERE campaign_id = ? AND generation = ?',
      ),
      countdownRendered: db.prepare(
        'UPDATE live_countdowns SET rendered_event_id = ?, rendered_at = ? WHERE campaign_id = ?',
      ),
      countdownLost: db.prepare(
        'UPDATE live_countdowns SET generation = generation + 1, message_ts = NULL WHERE campaign_id = ?',
      ),
      latestEventId: db.prepare<[string], number>(
        'SELECT COALESCE(MAX(id), 0) FROM events WHERE campaign_id = ?',
      ),
    };
    this.statements.subscriptions.pluck();
    this.statements.subscribedTo.pluck();
    this.statements.decided.pluck();
    this.statements.decidedDueAt.pluck();
    this.statements.latestEventId.pluck();
  }

  settings(campaignId: string): ReminderSettings {
    const row = this.statements.settings.get(campaignId);
    if (!row) throw new Error(`no campaign ${campaignId}`);
    return toSettings(row);
  }

  /** The reminder schedule of every open campaign, as of `now`. */
  schedules(now: DateTime): ReminderSchedule[] {
    return this.statements.schedules.all({ now: toStoredInstant(now) }).map((row) => ({
      campaignId: row.id,
      liftAt: fromStored(row.lift_at),
      settings: toSettings(row),
      exposureOpen: row.exposure_open === 1,
      nextWindowStart: fromStored(row.next_window),
    }));
  }

  setCheckpoints(campaignId: string, checkpoints: number[] | null): void {
    this.statements.setCheckpoints.run(checkpoints === null ? null : JSON.stringify(checkpoints), campaignId);
  }

  /** From now on, only checkpoints due at or after `at` are posted (a moved lift). */
  rearm(campaignId: string, at: DateTime): void {
    this.statements.rearm.run(toStoredInstant(at), campaignId);
  }

  /** Sets (or with null clears) the digest; runs are counted from `from`. */
  setDigest(campaignId: string, digest: { cron: string; zone: string } | null, from: DateTime): void {
    this.statements.setDigest.run(
      digest?.cron ?? null,
      digest?.zone ?? null,
      toStoredInstant(from),
      campaignId,
    );
  }

  digestRan(campaignId: string, runAt: DateTime): void {
    this.statements.setDigestRun.run(toStoredInstant(runAt), campaignId);
  }

  subscriptions(campaignId: string): string[] {
    return this.statements.subscriptions.all(campaignId) as unknown as string[];
  }

  /** Ids of the campaigns whose reminders the channel gets. */
  subscribedTo(channel: string): string[] {
    return this.statements.subscribedTo.all(channel) as unknown as string[];
  }

  /** True when the channel was not subscribed yet. */
  subscribe(campaignId: string, channel: string, by: string, at: DateTime): boolean {
    return this.statements.subscribe.run(campaignId, channel, by, toStoredInstant(at)).changes > 0;
  }

  /** True when the channel was subscribed. */
  unsubscribe(campaignId: string, channel: string): boolean {
    return this.statements.unsubscribe.run(campaignId, channel).changes > 0;
  }

  isDecided(key: string): boolean {
    return this.statements.decided.get(key) !== undefined;
  }

  /** The due instant of a decided reminder (its key as `recordDecision` got it). */
  dueAtOf(key: string): DateTime | null {
    const at = this.statements.decidedDueAt.get(key) as string | undefined;
    return at ? fromStored(at) : null;
  }

  recordDecision(
    key: string,
    campaignId: string,
    dueAt: DateTime,
    outcome: 'posted' | 'late' | 'missed',
    at: DateTime,
  ): void {
    this.statements.decide.run(key, campaignId, toStoredInstant(dueAt), outcome, toStoredInstant(at));
  }

  /** The campaign's live countdown, created (not yet posted) on first use. */
  countdown(campaignId: string, warRoom: string): LiveCountdown {
    this.statements.createCountdown.run(campaignId, warRoom);
    const row = this.statements.countdown.get(campaignId) as CountdownRow;
    return {
      campaignId: row.campaign_id,
      channel: row.channel,
      generation: row.generation,
      messageTs: row.message_ts,
      renderedEventId: row.rendered_event_id,
      renderedAt: fromStored(row.rendered_at),
    };
  }

  countdownPosted(campaignId: string, generation: number, messageTs: string): void {
    this.statements.countdownPosted.run(messageTs, campaignId, generation);
  }

  countdownRendered(campaignId: string, eventId: number, at: DateTime): void {
    this.statements.countdownRendered.run(eventId, toStoredInstant(at), campaignId);
  }

  /** The pinned message was deleted: the next one is a new post. */
  countdownLost(campaignId: string): void {
    this.statements.countdownLost.run(campaignId);
  }

  latestEventId(campaignId: string): number {
    return this.statements.latestEventId.get(campaignId) as number;
  }
}
