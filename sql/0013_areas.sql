-- Areas (issue 17): a network serves named areas, each a set of ZIP codes given as whole counties, ZIPs, or both.
-- Areas may overlap, across networks and within one, so a county is no longer served by at most one network.
-- Every network_counties row becomes a county area whose slug is the county's slug: deep links (?start=<slug>),
-- API bodies ("counties":[slug]) and alerts from before keep naming the same place.

CREATE TABLE areas (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id               bigint NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    slug                     text NOT NULL,
    name                     text NOT NULL,
    -- As the operator gave them (whole counties, extra ZIPs); zips is their union, which everything else reads.
    counties                 text[] NOT NULL DEFAULT '{}',
    given_zips               text[] NOT NULL DEFAULT '{}',
    zips                     text[] NOT NULL CHECK (cardinality(zips) > 0),
    -- Derived from zips when they are written: the counties the area lies in, and the county it is exactly (every
    -- ZIP of that county and no other), which texts name as "Napa County" in the reader's language.
    in_counties              text[] NOT NULL,
    whole_county             text REFERENCES counties (slug),
    telegram_channel_chat_id bigint,
    created_at               timestamptz NOT NULL DEFAULT now(),
    -- A removed area is kept (never joinable or listed again) so that its alerts' follow-ups still find their place.
    removed_at               timestamptz
);
-- Slugs are unique deployment-wide: a deep link or a JOIN by slug names one area of one network.
CREATE UNIQUE INDEX areas_slug ON areas (slug) WHERE removed_at IS NULL;
CREATE INDEX areas_network ON areas (network_id) WHERE removed_at IS NULL;
-- "Which areas hold this ZIP" (JOIN 90802) and "which homes share a ZIP with these targets" (recipients).
CREATE INDEX areas_zips ON areas USING gin (zips);

INSERT INTO areas (network_id, slug, name, counties, zips, in_counties, whole_county, telegram_channel_chat_id, created_at)
SELECT nc.network_id, nc.county_slug, c.name || ' County', ARRAY[nc.county_slug],
       ARRAY(SELECT z.zip::text FROM zip_counties z WHERE z.county_slug = nc.county_slug ORDER BY z.zip),
       ARRAY[nc.county_slug], nc.county_slug, nc.telegram_channel_chat_id, n.created_at
FROM network_counties nc
JOIN counties c ON c.slug = nc.county_slug
JOIN networks n ON n.id = nc.network_id
ORDER BY nc.network_id, nc.county_slug;

-- Subscriptions move from a county to an area (a home is an area, never a ZIP). 'offered' rows are the choices of a
-- numbered menu (JOIN at the default number, a place several networks serve): choice is the number the person
-- answers with; they lapse with the pending join, and never receive anything.
ALTER TABLE subscriptions ADD COLUMN area_id bigint REFERENCES areas (id) ON DELETE CASCADE;
UPDATE subscriptions s SET area_id = a.id FROM areas a WHERE a.slug = s.county_slug;
-- A county no network served: nothing could ever reach these rows.
DELETE FROM subscriptions WHERE area_id IS NULL;
ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_pkey;
DROP INDEX subscriptions_county;
ALTER TABLE subscriptions DROP COLUMN county_slug;
ALTER TABLE subscriptions ALTER COLUMN area_id SET NOT NULL;
ALTER TABLE subscriptions ADD PRIMARY KEY (subscriber_id, area_id);
ALTER TABLE subscriptions ADD COLUMN choice smallint;
ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_status_check;
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_status_check CHECK (status IN ('offered', 'pending', 'active'));
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_choice CHECK ((status = 'offered') = (choice IS NOT NULL));
CREATE INDEX subscriptions_area ON subscriptions (area_id, subscriber_id) WHERE status = 'active';
-- The lapsed-join sweep looks for old pending and offered rows.
CREATE INDEX subscriptions_unconfirmed ON subscriptions (created_at) WHERE status <> 'active';

-- Alerts target areas of their network (ids: a slug may be reused after an area is removed).
ALTER TABLE alerts ADD COLUMN areas bigint[];
UPDATE alerts a SET areas = ARRAY(
    SELECT ar.id FROM unnest(a.counties) WITH ORDINALITY AS u(slug, n)
    JOIN areas ar ON ar.slug = u.slug AND ar.network_id = a.network_id
    ORDER BY u.n);
ALTER TABLE alerts ALTER COLUMN areas SET NOT NULL;
ALTER TABLE alerts DROP COLUMN counties;

DROP TABLE network_counties;
