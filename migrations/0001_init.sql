-- Instants are ISO 8601 UTC text ('2014-10-01T12:00:00.000Z'): sortable, and readable in a post-mortem.

CREATE TABLE campaigns (
  id                   TEXT PRIMARY KEY COLLATE NOCASE,
  title                TEXT,
  cves                 TEXT NOT NULL DEFAULT '[]',   -- JSON array of CVE ids
  lift_at              TEXT NOT NULL,
  alias                TEXT NOT NULL,
  war_room_channel     TEXT NOT NULL,
  notice_lead_minutes  INTEGER,
  wave_size            INTEGER NOT NULL DEFAULT 1 CHECK (wave_size >= 1),
  created_by           TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  closed_at            TEXT
);
CREATE INDEX campaigns_war_room ON campaigns (war_room_channel) WHERE closed_at IS NULL;

CREATE TABLE zones (
  campaign_id     TEXT NOT NULL COLLATE NOCASE REFERENCES campaigns (id),
  name            TEXT NOT NULL COLLATE NOCASE,
  position        INTEGER NOT NULL,
  region          TEXT NOT NULL,
  hosts_total     INTEGER CHECK (hosts_total IS NULL OR hosts_total >= 0),
  hosts_patched   INTEGER NOT NULL DEFAULT 0 CHECK (hosts_patched >= 0),
  window_start    TEXT,
  window_end      TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_progress', 'done', 'blocked')),
  blocked_reason  TEXT,
  started_at      TEXT,
  done_at         TEXT,
  owner           TEXT,
  notified_at     TEXT,
  PRIMARY KEY (campaign_id, name)
);

-- The audit trail: append-only, written in the same transaction as the change it records.
CREATE TABLE events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign_id  TEXT NOT NULL COLLATE NOCASE REFERENCES campaigns (id),
  zone         TEXT,
  kind         TEXT NOT NULL,
  actor        TEXT NOT NULL,
  at           TEXT NOT NULL,
  details      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_campaign ON events (campaign_id, id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
