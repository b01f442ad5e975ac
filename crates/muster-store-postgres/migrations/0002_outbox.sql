-- The durable outbox of reminders and notifications, and outbound webhook
-- subscriptions. Times are Unix microseconds, like every other table.

CREATE TABLE outbox (
    id          uuid PRIMARY KEY,
    -- Unique: planning the same reminder again, on any instance, never makes
    -- a second row.
    key         text NOT NULL,
    slot        text,
    incident    uuid,
    channel     text NOT NULL,
    -- The JSON as text, not jsonb: read back exactly as written.
    payload     text NOT NULL,
    due_at      bigint NOT NULL,
    created_at  bigint NOT NULL,
    status      text NOT NULL CHECK (status IN ('pending', 'delivered', 'cancelled', 'dead')),
    attempts    integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error  text,
    claimed_by  text,
    lease_until bigint,
    finished_at bigint,
    CONSTRAINT outbox_key_key UNIQUE (key)
);

-- The claim scans pending rows by due time; delivered rows pile up and must
-- not slow it down, hence partial indexes.
CREATE INDEX outbox_pending_due ON outbox (due_at, id) WHERE status = 'pending';
CREATE INDEX outbox_pending_slot ON outbox (slot) WHERE status = 'pending' AND slot IS NOT NULL;
CREATE INDEX outbox_created ON outbox (created_at, id);
CREATE INDEX outbox_incident ON outbox (incident, created_at);

CREATE TABLE webhook_subscriptions (
    id          uuid PRIMARY KEY,
    url         text NOT NULL,
    secret      text NOT NULL,
    kinds       text[] NOT NULL, -- event kinds, or {*}
    active      boolean NOT NULL,
    description text,
    created_by  uuid NOT NULL,
    created_at  bigint NOT NULL
);
