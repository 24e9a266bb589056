-- Broadcaster schema. Migrations are applied in order, each once, and never edited once landed.

CREATE TABLE counties (
    slug    text PRIMARY KEY,
    fips    char(5) NOT NULL UNIQUE,
    name    text NOT NULL,
    aliases text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE zip_counties (
    zip         char(5) PRIMARY KEY,
    county_slug text NOT NULL REFERENCES counties (slug)
);

CREATE TABLE networks (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug       text NOT NULL UNIQUE,
    name       text NOT NULL,
    hotline    text,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A county is served by at most one network, so every subscriber has one hotline
-- and every alert one responsible network.
CREATE TABLE network_counties (
    network_id               bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    county_slug              text NOT NULL UNIQUE REFERENCES counties (slug),
    telegram_channel_chat_id bigint,
    PRIMARY KEY (network_id, county_slug)
);

-- Coordinators are staff, but their phones are protected like subscribers' (cipher + blind index).
-- API keys are 256-bit random secrets, so a plain SHA-256 is the right hash (no stretching needed).
CREATE TABLE coordinators (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id       bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    name             text NOT NULL,
    phone_index      bytea UNIQUE,
    phone_cipher     bytea,
    phone_key_id     integer,
    telegram_user_id bigint UNIQUE,
    api_key_hash     bytea NOT NULL UNIQUE,
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Subscribers: no names, no message bodies, no location beyond county.
-- address_cipher is AES-GCM under key address_key_id; STOP sets it to NULL and only the
-- HMAC blind index stays, so the opt-out is honoured without keeping the number.
CREATE TABLE subscribers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel        text NOT NULL CHECK (channel IN ('sms', 'telegram')),
    address_index  bytea NOT NULL,
    address_cipher bytea,
    address_key_id integer,
    language       text NOT NULL DEFAULT 'en',
    status         text NOT NULL CHECK (status IN ('pending', 'active', 'stopped')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel, address_index),
    CHECK (status = 'stopped' OR address_cipher IS NOT NULL),
    CHECK (status <> 'stopped' OR address_cipher IS NULL)
);

-- status 'pending' = asked to join, not yet confirmed with YES (double opt-in, lapses after 24 h).
CREATE TABLE subscriptions (
    subscriber_id bigint NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    county_slug   text NOT NULL REFERENCES counties (slug),
    status        text NOT NULL CHECK (status IN ('pending', 'active')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber_id, county_slug)
);
CREATE INDEX subscriptions_county ON subscriptions (county_slug, subscriber_id) WHERE status = 'active';

CREATE TABLE alerts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id      bigint NOT NULL REFERENCES networks (id),
    kind            text NOT NULL CHECK (kind IN ('confirmed', 'update', 'all-clear', 'retraction')),
    reply_to        bigint REFERENCES alerts (id),
    counties        text[] NOT NULL,
    texts           jsonb NOT NULL,
    status          text NOT NULL CHECK (status IN ('draft', 'verified', 'sending', 'sent', 'aborted', 'expired')),
    author_id       bigint NOT NULL REFERENCES coordinators (id),
    verifier_id     bigint REFERENCES coordinators (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    verified_at     timestamptz,
    completed_at    timestamptz,
    -- Final counts, kept after the per-recipient rows are reduced.
    count_sent      integer NOT NULL DEFAULT 0,
    count_delivered integer NOT NULL DEFAULT 0,
    count_failed    integer NOT NULL DEFAULT 0,
    count_skipped   integer NOT NULL DEFAULT 0,
    count_resent    integer NOT NULL DEFAULT 0,
    reduced_at      timestamptz
);
CREATE INDEX alerts_network_created ON alerts (network_id, created_at DESC);

-- Who drafted, verified, aborted, and when. Never subscriber data.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    network_id     bigint NOT NULL REFERENCES networks (id),
    coordinator_id bigint REFERENCES coordinators (id),
    alert_id       bigint REFERENCES alerts (id),
    action         text NOT NULL,
    detail         jsonb
);

-- Per-recipient delivery rows: exist while an alert is in flight (and a retention period
-- after, so follow-ups reach the same people), then are reduced to the counts on alerts.
CREATE TABLE deliveries (
    alert_id        bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    subscriber_id   bigint NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    channel         text NOT NULL CHECK (channel IN ('sms', 'telegram')),
    status          text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'skipped')),
    attempts        smallint NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    provider_id     text,
    error           text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (alert_id, subscriber_id)
);
CREATE INDEX deliveries_claim ON deliveries (channel, next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_lease ON deliveries (lease_until) WHERE status = 'sending';
CREATE INDEX deliveries_provider_id ON deliveries (provider_id) WHERE provider_id IS NOT NULL;

-- One token bucket per channel, shared by every process on this database.
CREATE TABLE channel_rate (
    channel      text PRIMARY KEY,
    tokens       double precision NOT NULL,
    refreshed_at timestamptz NOT NULL,
    paused_until timestamptz
);
