-- Console trust rules: at most 5 sign-in codes per coordinator in any hour. The issue times of the codes of the
-- last hour live on the coordinator's code row, which now outlives a used code (it is marked expired instead).
ALTER TABLE console_sign_in_codes ADD COLUMN issued_at timestamptz[] NOT NULL DEFAULT '{}';

-- A new API key ends the coordinator's console sessions: a session lives only while its key generation is the
-- coordinator's. (Revocation already ends them: sessions need an active coordinator.)
ALTER TABLE coordinators ADD COLUMN key_generation integer NOT NULL DEFAULT 0;
ALTER TABLE console_sessions ADD COLUMN key_generation integer NOT NULL DEFAULT 0;
