-- Deliveries already received from a chat platform (a Slack event's id, a
-- signed slash command's signature, a message already copied into a log), so
-- that a repeated delivery is logged once on every instance. Each key is kept
-- until `keep_until` (Unix microseconds), when its repeats can no longer come.
-- (0009: 0006 to 0008 are taken by work on other branches.)

CREATE TABLE chat_deliveries (
    key        TEXT PRIMARY KEY,
    at         BIGINT NOT NULL,
    keep_until BIGINT NOT NULL
);

CREATE INDEX chat_deliveries_keep_until ON chat_deliveries (keep_until);
