-- The zone the console shows a network's times in (IANA id). California's networks are all on Pacific time.
ALTER TABLE networks ADD COLUMN time_zone text NOT NULL DEFAULT 'America/Los_Angeles';
