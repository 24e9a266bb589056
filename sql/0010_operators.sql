-- Operators run the service (Hangfire dashboard, metrics); coordinators only run their network.
-- An operator key is 256 random bits, stored as SHA-256 like coordinator keys.
CREATE TABLE operators (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL,
    api_key_hash bytea NOT NULL UNIQUE,
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- A network admin manages their own network's coordinators (console admin pages).
ALTER TABLE coordinators ADD COLUMN is_admin boolean NOT NULL DEFAULT false;
