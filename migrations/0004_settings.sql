-- A zone's projected duration when no zone is done yet and it has no planned window (rule 6);
-- `/xsa set zone-duration` changes it.
ALTER TABLE campaigns ADD COLUMN zone_duration_minutes INTEGER NOT NULL DEFAULT 120
  CHECK (zone_duration_minutes > 0);
