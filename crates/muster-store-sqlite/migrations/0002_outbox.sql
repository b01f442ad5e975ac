-- The durable outbox of reminders and notifications, and outbound webhook
-- subscriptions. Times are Unix microseconds, like every other table.

CREATE TABLE outbox (
    id          TEXT PRIMARY KEY,
    -- Unique: planning the same reminder again never makes a second row.
    key         TEXT NOT NULL UNIQUE,
    slot        TEXT,
    incident    TEXT,
    channel     TEXT NOT NULL,
    payload     TEXT NOT NULL,
    due_at      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'cancelled', 'dead')),
    attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error  TEXT,
    claimed_by  TEXT,
    lease_until INTEGER,
    finished_at INTEGER
);

-- The claim scans pending rows by due time; delivered rows pile up and must
-- not slow it down, hence partial indexes.
CREATE INDEX outbox_pending_due ON outbox (due_at, id) WHERE status = 'pending';
CREATE INDEX outbox_pending_slot ON outbox (slot) WHERE status = 'pending' AND slot IS NOT NULL;
CREATE INDEX outbox_created ON outbox (created_at, id);
CREATE INDEX outbox_incident ON outbox (incident, created_at);

CREATE TABLE webhook_subscriptions (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    -- JSON list of event kinds, or ["*"].
    kinds       TEXT NOT NULL,
    active      INTEGER NOT NULL,
    description TEXT,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
