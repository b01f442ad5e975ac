-- Muster's SQLite schema. Ids are UUID text (hyphenated, lower case) so that rows
-- read the same in the sqlite3 shell as in the API; times are Unix microseconds.

-- The people directory. Email and chat handle are unique regardless of case,
-- because lookups by contact ignore case and must find one person.
CREATE TABLE people (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    chat_handle TEXT COLLATE NOCASE UNIQUE,
    slack_id    TEXT,
    expertise   TEXT NOT NULL, -- JSON array of tags
    team        TEXT,
    created_at  INTEGER NOT NULL
);

-- A login belongs to an existing person.
CREATE TABLE users (
    person        TEXT PRIMARY KEY NOT NULL REFERENCES people(id),
    admin         INTEGER NOT NULL,
    password_hash TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY NOT NULL,
    person     TEXT NOT NULL REFERENCES people(id),
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens(person, created_at);

-- Per-(kind, year) counters behind REP-YYYY-NNNN and INC-YYYY-NNNN.
CREATE TABLE reference_counters (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
) WITHOUT ROWID;

CREATE TABLE reports (
    id          TEXT PRIMARY KEY NOT NULL,
    reference   TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    source      TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    reported_at INTEGER NOT NULL,
    status      TEXT NOT NULL,
    triaged_by  TEXT,
    triaged_at  INTEGER,
    triage_note TEXT,
    incident    TEXT
);
CREATE INDEX reports_status ON reports(status, reported_at);

CREATE TABLE shifts (
    id        TEXT PRIMARY KEY NOT NULL,
    person    TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at   INTEGER NOT NULL
);
CREATE INDEX shifts_ends_at ON shifts(ends_at);

-- One row per incident, rewritten by every commit. `seq` and `head_hash` always
-- describe the last entry in log_entries: commit() checks `seq` against the
-- writer's expected sequence instead of scanning the log.
CREATE TABLE incidents (
    id               TEXT PRIMARY KEY NOT NULL,
    reference        TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    severity         TEXT NOT NULL,
    category         TEXT NOT NULL,
    phase            TEXT NOT NULL,
    security         INTEGER NOT NULL,
    restricted       INTEGER NOT NULL,
    incident_manager TEXT,
    members          TEXT NOT NULL, -- JSON array of person ids
    declared_at      INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    head_hash        TEXT NOT NULL
);
CREATE INDEX incidents_declared_at ON incidents(declared_at);

-- The hash-chained log. Every text column is stored byte for byte as the entry
-- carried it, because verification recomputes each hash from these strings.
-- Clustered on (incident, seq): the key makes a forked chain impossible and
-- keeps one incident's entries together for reading in order.
CREATE TABLE log_entries (
    incident       TEXT NOT NULL REFERENCES incidents(id),
    seq            INTEGER NOT NULL,
    recorded_at    TEXT NOT NULL,
    recorded_at_us INTEGER NOT NULL, -- recorded_at as microseconds, for time queries
    occurred_at    TEXT,
    actor          TEXT NOT NULL,
    actor_name     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    v              INTEGER NOT NULL,
    payload        TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    PRIMARY KEY (incident, seq)
) WITHOUT ROWID;

-- Rule 9: the log is never edited. The hash chain detects tampering; these
-- triggers stop the application (or a slip in the sqlite3 shell) from doing it.
CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: entries cannot be changed');
END;
CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only: entries cannot be deleted');
END;

-- Reads of restricted incidents (rule 10).
CREATE TABLE audit (
    id       TEXT PRIMARY KEY NOT NULL,
    at       INTEGER NOT NULL,
    person   TEXT NOT NULL,
    incident TEXT NOT NULL,
    what     TEXT NOT NULL
);
CREATE INDEX audit_incident_at ON audit(incident, at);
CREATE INDEX audit_person_at ON audit(person, at);
CREATE INDEX audit_at ON audit(at);
