-- Muster's PostgreSQL schema. The same tables as the SQLite store, in native
-- types: ids are uuid, lists are arrays, times are Unix microseconds (bigint)
-- so that no time zone or precision rule of either database leaks into Muster.

-- The people directory. Email and chat handle are unique regardless of case,
-- because lookups by contact ignore case and must find one person.
CREATE TABLE people (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    email       text NOT NULL,
    chat_handle text,
    slack_id    text,
    expertise   text[] NOT NULL,
    team        text,
    created_at  bigint NOT NULL
);
CREATE UNIQUE INDEX people_email_key ON people (lower(email));
CREATE UNIQUE INDEX people_chat_handle_key ON people (lower(chat_handle));

-- A login belongs to an existing person.
CREATE TABLE users (
    person        uuid PRIMARY KEY REFERENCES people (id),
    admin         boolean NOT NULL,
    password_hash text,
    created_at    bigint NOT NULL
);

CREATE TABLE api_tokens (
    id         uuid PRIMARY KEY,
    person     uuid NOT NULL REFERENCES people (id),
    name       text NOT NULL,
    hash       text NOT NULL,
    created_at bigint NOT NULL,
    revoked_at bigint,
    CONSTRAINT api_tokens_hash_key UNIQUE (hash)
);
CREATE INDEX api_tokens_person ON api_tokens (person, created_at);

-- Per-(kind, year) counters behind REP-YYYY-NNNN and INC-YYYY-NNNN. The
-- upsert that bumps one holds its row lock to commit, so two instances never
-- hand out the same reference.
CREATE TABLE reference_counters (
    kind text NOT NULL,
    year smallint NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (kind, year)
);

CREATE TABLE reports (
    id          uuid PRIMARY KEY,
    reference   text NOT NULL UNIQUE,
    title       text NOT NULL,
    description text NOT NULL,
    source      text NOT NULL,
    reported_by uuid NOT NULL,
    reported_at bigint NOT NULL,
    status      text NOT NULL,
    triaged_by  uuid,
    triaged_at  bigint,
    triage_note text,
    incident    uuid
);
CREATE INDEX reports_status ON reports (status, reported_at);

CREATE TABLE shifts (
    id        uuid PRIMARY KEY,
    person    uuid NOT NULL,
    starts_at bigint NOT NULL,
    ends_at   bigint NOT NULL
);
CREATE INDEX shifts_ends_at ON shifts (ends_at);

-- One row per incident, rewritten by every commit. `seq` and `head_hash` always
-- describe the last entry in log_entries. commit() locks this row
-- (SELECT ... FOR UPDATE) before checking `seq` against the writer's expected
-- sequence: writers on several instances queue on it, one incident at a time.
CREATE TABLE incidents (
    id               uuid PRIMARY KEY,
    reference        text NOT NULL,
    title            text NOT NULL,
    severity         text NOT NULL,
    category         text NOT NULL,
    phase            text NOT NULL,
    security         boolean NOT NULL,
    restricted       boolean NOT NULL,
    incident_manager uuid,
    members          uuid[] NOT NULL,
    declared_at      bigint NOT NULL,
    updated_at       bigint NOT NULL,
    seq              bigint NOT NULL,
    head_hash        text NOT NULL,
    CONSTRAINT incidents_reference_key UNIQUE (reference)
);
CREATE INDEX incidents_declared_at ON incidents (declared_at);

-- The hash-chained log. Every text column is stored byte for byte as the entry
-- carried it, because verification recomputes each hash from these strings.
-- The primary key (incident, seq) makes a forked chain impossible even if the
-- row lock above were bypassed.
CREATE TABLE log_entries (
    incident       uuid NOT NULL REFERENCES incidents (id),
    seq            bigint NOT NULL,
    recorded_at    text NOT NULL,
    recorded_at_us bigint NOT NULL, -- recorded_at as microseconds, for time queries
    occurred_at    text,
    actor          uuid NOT NULL,
    actor_name     text NOT NULL,
    kind           text NOT NULL,
    v              bigint NOT NULL,
    payload        text NOT NULL,
    prev_hash      text NOT NULL,
    hash           text NOT NULL,
    PRIMARY KEY (incident, seq)
);

-- Rule 9: the log is never edited. The hash chain detects tampering; these
-- triggers stop the application (or a slip in psql) from doing it.
CREATE FUNCTION muster_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the log is append-only: entries cannot be changed or deleted';
END;
$$;
CREATE TRIGGER log_entries_no_update BEFORE UPDATE OR DELETE ON log_entries
    FOR EACH ROW EXECUTE FUNCTION muster_log_is_append_only();
CREATE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries
    FOR EACH STATEMENT EXECUTE FUNCTION muster_log_is_append_only();

-- Reads of restricted incidents (rule 10).
CREATE TABLE audit (
    id       uuid PRIMARY KEY,
    at       bigint NOT NULL,
    person   uuid NOT NULL,
    incident uuid NOT NULL,
    what     text NOT NULL
);
CREATE INDEX audit_incident_at ON audit (incident, at);
CREATE INDEX audit_person_at ON audit (person, at);
CREATE INDEX audit_at ON audit (at);
