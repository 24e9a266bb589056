-- The phone simulator and drills (issue 9).

-- A subscriber who joined through the simulator: a fictional 555 number whose messages are recorded in a
-- simulator thread instead of reaching a provider. Drills reach these subscribers (and coordinators) only.
ALTER TABLE subscribers ADD COLUMN simulated boolean NOT NULL DEFAULT false;
CREATE INDEX subscribers_simulated ON subscribers (id) WHERE simulated;

-- A drill is verified as usual, then sent only to the network's coordinators and simulated numbers.
ALTER TABLE alerts ADD COLUMN drill boolean NOT NULL DEFAULT false;

-- What a simulated phone shows: texts typed in the simulator and what the service sent back. The number is
-- held only as the subscribers' blind index; threads keep their last 50 messages and nothing older than a day.
CREATE TABLE simulator_messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address_index bytea NOT NULL,
    direction     text NOT NULL CHECK (direction IN ('in', 'out')),
    body          text NOT NULL,
    at            timestamptz NOT NULL
);
CREATE INDEX simulator_messages_thread ON simulator_messages (address_index, id);
CREATE INDEX simulator_messages_at ON simulator_messages (at);
