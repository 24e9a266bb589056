-- Spoof-proof commands by SMS: caller ID can be forged, so VERIFY and ABORT by text need the one-time code
-- that reached the coordinator's real phone (in the draft notice, or the author's draft reply). Stored hashed.
CREATE TABLE sms_command_codes (
    alert_id       bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    coordinator_id bigint NOT NULL REFERENCES coordinators (id) ON DELETE CASCADE,
    code_hash      bytea NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (alert_id, coordinator_id)
);

-- Wrong codes per alert; at 5, that alert can no longer be verified or aborted by text (console and API still can).
CREATE TABLE sms_command_failures (
    alert_id bigint PRIMARY KEY REFERENCES alerts (id) ON DELETE CASCADE,
    failures integer NOT NULL
);

-- A check value of the blind-index key: start-up refuses a different key, which would silently stop
-- STOP and JOIN from finding anyone already stored.
CREATE TABLE privacy_keys (
    singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    blind_index_check bytea NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
