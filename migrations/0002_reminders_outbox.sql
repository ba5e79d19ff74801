-- Reminders, broadcast channels, digests, the live countdown, and the durable outbox that
-- delivers everything the bot posts on its own.

ALTER TABLE campaigns ADD COLUMN checkpoints TEXT;        -- JSON minutes before the lift; NULL = the default list
-- Checkpoints due before this instant were already past when the campaign was created or its
-- lift last moved: they are never posted.
ALTER TABLE campaigns ADD COLUMN reminders_armed_at TEXT;
ALTER TABLE campaigns ADD COLUMN digest_cron TEXT;
ALTER TABLE campaigns ADD COLUMN digest_zone TEXT;
-- The digest run last handled (posted, or skipped as superseded); the next is computed after it.
ALTER TABLE campaigns ADD COLUMN digest_last_run_at TEXT;
UPDATE campaigns SET reminders_armed_at = created_at;

CREATE TABLE subscriptions (
  campaign_id  TEXT NOT NULL COLLATE NOCASE REFERENCES campaigns (id),
  channel      TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (campaign_id, channel)
);

-- One row per scheduled reminder decided on (posted, or folded into a catch-up summary), so a
-- restart never decides twice.
CREATE TABLE reminder_log (
  key          TEXT PRIMARY KEY,
  campaign_id  TEXT NOT NULL COLLATE NOCASE REFERENCES campaigns (id),
  due_at       TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('posted', 'late', 'missed')),
  decided_at   TEXT NOT NULL
);

-- Written in the same transaction as the decision to post; delivered by the worker. `sending`
-- means a post may have reached Slack: before trying again the worker looks for it there.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  dedupe_key       TEXT NOT NULL UNIQUE,
  campaign_id      TEXT COLLATE NOCASE,
  channel          TEXT NOT NULL,
  message          TEXT NOT NULL,             -- JSON { text, blocks }
  created_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_error       TEXT,
  sent_at          TEXT,
  message_ts       TEXT
);
CREATE INDEX outbox_undelivered ON outbox (channel, id) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_campaign ON outbox (campaign_id, state);

-- The pinned message in the war room that the bot keeps current.
CREATE TABLE live_countdowns (
  campaign_id        TEXT PRIMARY KEY COLLATE NOCASE REFERENCES campaigns (id),
  channel            TEXT NOT NULL,
  generation         INTEGER NOT NULL DEFAULT 1,   -- bumped when the message was deleted and is posted anew
  message_ts         TEXT,                         -- NULL until the post is delivered
  rendered_event_id  INTEGER NOT NULL DEFAULT 0,   -- the last audit event the message reflects
  rendered_at        TEXT
);
