-- Matrix (issue 14): a person's Matrix user id (`@ana:example.org`), kept
-- like `slack_id`, for inviting them to an incident's room; and the places a
-- chat platform's feed was read up to (Matrix's /sync `next_batch`), so a
-- restarted instance takes up where the last one stopped instead of reading
-- the rooms' messages again.
-- (0013: the number issue 14's Matrix work was given.)

ALTER TABLE people ADD COLUMN matrix_id TEXT;

CREATE TABLE chat_cursors (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
