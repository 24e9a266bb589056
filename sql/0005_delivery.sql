-- Fan-out: claiming, dispatcher liveness, author notice, and the shared token buckets.

-- Dispatchers claim the due rows of one alert and channel; without this index every claim would
-- walk past the rows already sent (quadratic over a large broadcast).
CREATE INDEX deliveries_due ON deliveries (alert_id, channel, next_attempt_at) WHERE status = 'pending';

-- One row per (alert, channel) while a dispatcher works on it, refreshed every few seconds. The
-- sweeper re-enqueues a dispatcher when the beat goes stale (its job was lost or failed for good).
CREATE TABLE dispatch_heartbeats (
    alert_id bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel  text NOT NULL CHECK (channel IN ('sms', 'telegram')),
    beat_at  timestamptz NOT NULL,
    PRIMARY KEY (alert_id, channel)
);

-- Set when the author's summary has been handed to the provider, so a rerun of that job sends nothing.
ALTER TABLE alerts ADD COLUMN notified_at timestamptz;

-- The buckets start full (one token: see Delivery/RateBucket for why the capacity is one).
INSERT INTO channel_rate (channel, tokens, refreshed_at) VALUES ('sms', 1, now()), ('telegram', 1, now())
ON CONFLICT (channel) DO NOTHING;
