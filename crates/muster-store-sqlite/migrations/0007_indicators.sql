-- Indicators outside the log (issue 11).
--
-- indicator_seen: the index "have we seen this before?" reads, one row per
-- indicator added to an incident (normalised value, type, incident, the
-- indicator's id there). Written from the committed entries in the
-- transaction that writes them; never the source of truth (the log is), so
-- it can always be rebuilt from `indicator-added` entries.
CREATE TABLE indicator_seen (
    value     TEXT NOT NULL,
    ty        TEXT NOT NULL,
    incident  TEXT NOT NULL REFERENCES incidents (id),
    indicator TEXT NOT NULL,
    PRIMARY KEY (incident, indicator)
);
CREATE INDEX indicator_seen_value ON indicator_seen (value);

-- Set while the index still has to be filled from the logs written before
-- this migration; the store does that when it opens (it decodes each entry
-- as the application would, which SQL alone cannot), then deletes the row.
CREATE TABLE indicator_seen_backfill (pending INTEGER PRIMARY KEY CHECK (pending = 1));
INSERT INTO indicator_seen_backfill (pending) VALUES (1);

-- The organisation's ATT&CK catalogue (`muster attack import`): names of
-- tactics and techniques by id. Kept in the store, not in a file, so every
-- instance on one database shows the same names; replaced whole on import.
CREATE TABLE attack_catalogue (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    tactics TEXT NOT NULL -- a JSON array of tactics' short names
);
