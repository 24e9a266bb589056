-- A sender's circuit breaker, shared by every process: after consecutive provider failures the sender is
-- paused (paused_until) and half open; the next take after the pause gets a single token (the probe) and
-- pauses the sender again until the probe's answer closes the breaker or opens it anew.
ALTER TABLE channel_rate ADD COLUMN half_open boolean NOT NULL DEFAULT false;
