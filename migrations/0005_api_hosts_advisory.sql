-- Campaign tokens for the HTTP API, stored idempotent answers, named hosts, and what an imported
-- advisory says about deploying fixes before the lift.

-- A token is shown once; only its SHA-256 is kept. Revoked tokens stay for the audit trail.
CREATE TABLE api_tokens (
  token_hash    TEXT PRIMARY KEY,              -- hex SHA-256 of the token
  campaign_id   TEXT NOT NULL COLLATE NOCASE REFERENCES campaigns (id),
  name          TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  revoked_at    TEXT
);
-- One live token per name in a campaign; a revoked name may be reused.
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (campaign_id, name) WHERE revoked_at IS NULL;

-- The answer given to a request with an Idempotency-Key, replayed to its retries (rule 8).
CREATE TABLE idempotent_requests (
  campaign_id      TEXT NOT NULL COLLATE NOCASE,
  token_name       TEXT NOT NULL,
  key              TEXT NOT NULL,
  request_hash     TEXT NOT NULL,             -- method, path and body: the same key on another request is a 422
  status           INTEGER NOT NULL,
  body             TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  PRIMARY KEY (campaign_id, token_name, key)
);

-- A zone's hosts by name, when it was given a list; zones.hosts_total and hosts_patched follow it.
CREATE TABLE zone_hosts (
  campaign_id  TEXT NOT NULL COLLATE NOCASE,
  zone         TEXT NOT NULL COLLATE NOCASE,
  host         TEXT NOT NULL COLLATE NOCASE,
  patched_at   TEXT,
  patched_by   TEXT,
  PRIMARY KEY (campaign_id, zone, host),
  FOREIGN KEY (campaign_id, zone) REFERENCES zones (campaign_id, name) ON UPDATE CASCADE ON DELETE CASCADE
);

-- NULL: the advisory said nothing (or none was imported). Otherwise the reason deployment before
-- the lift is not permitted, from its DEPLOYMENT DURING EMBARGO section.
ALTER TABLE campaigns ADD COLUMN deployment_restriction TEXT;
