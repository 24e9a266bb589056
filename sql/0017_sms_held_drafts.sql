-- Caller ID can be forged: an ALERT by text is held until its author confirms it with the code sent to their
-- real phone (CONFIRM <id> <code>). A held draft notifies nobody and cannot be verified.
ALTER TABLE alerts ADD COLUMN held boolean NOT NULL DEFAULT false;

-- Wrong codes counted per alert AND coordinator: a forged number locks only itself, never the alert for others.
DROP TABLE sms_command_failures;
CREATE TABLE sms_command_failures (
    alert_id       bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    coordinator_id bigint NOT NULL REFERENCES coordinators (id) ON DELETE CASCADE,
    failures       integer NOT NULL,
    PRIMARY KEY (alert_id, coordinator_id)
);
