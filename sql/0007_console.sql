-- Coordinator console: sign-in codes, sessions, and the keys that protect its cookies.

-- One pending code per coordinator; a new request replaces it. Six digits are guessable offline, so the
-- hash is keyed (HMAC with the blind-index key), and a code dies after 5 wrong tries or 10 minutes.
CREATE TABLE console_sign_in_codes (
    coordinator_id bigint PRIMARY KEY REFERENCES coordinators (id) ON DELETE CASCADE,
    code_hash      bytea NOT NULL,
    attempts       smallint NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. Sign-out deletes the
-- row, and a revoked coordinator's sessions stop working at once (checked on every request).
CREATE TABLE console_sessions (
    token_hash     bytea PRIMARY KEY,
    coordinator_id bigint NOT NULL REFERENCES coordinators (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL
);
CREATE INDEX console_sessions_coordinator ON console_sessions (coordinator_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- ASP.NET Core Data Protection keys (cookie and antiforgery encryption), shared by every web process.
CREATE TABLE data_protection_keys (
    name       text PRIMARY KEY,
    xml        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
