-- A random secret of this installation, made once at first start-up: identifiers the bot puts on
-- messages outside the war room (message metadata) are keyed with it, so nobody can compute them
-- from a campaign id, its lift and a channel (rule 2, nothing derivable).
CREATE TABLE installation_secrets (
  name    TEXT PRIMARY KEY,
  secret  TEXT NOT NULL
);
