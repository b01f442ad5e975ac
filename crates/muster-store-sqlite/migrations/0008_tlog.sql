-- The transparency log (issue 12): one RFC 6962 Merkle tree over every entry
-- of every incident, in commit order, kept as the Go checksum database's
-- stored hashes (index → 32 bytes, never rewritten); which leaf each entry
-- is; and the checkpoints signed over the tree. The per-incident chain in
-- log_entries stays as it is. (0008: 0006 and 0007 are taken by work on
-- other branches.)

CREATE TABLE tlog_hashes (
    idx  INTEGER PRIMARY KEY NOT NULL,
    hash BLOB NOT NULL CHECK (length(hash) = 32)
);

-- Leaf `leaf` is the entry (incident, seq): its leaf hash is stored at the
-- leaf's own index in tlog_hashes. An (incident, seq) may have been a leaf
-- before: a log cut outside Muster takes an acknowledgement at a seq whose
-- old entry stays in the tree for good. The entry is its latest leaf.
CREATE TABLE tlog_leaves (
    leaf     INTEGER PRIMARY KEY NOT NULL,
    incident TEXT NOT NULL,
    seq      INTEGER NOT NULL
);
CREATE INDEX tlog_leaves_entry ON tlog_leaves (incident, seq, leaf);

-- The tree's size, in one row every append updates. `backfilled` is 0 until
-- the entries written before this migration have been made leaves (once, on
-- the first open after it), so that later entries without a leaf are found
-- by verification instead of being quietly added.
CREATE TABLE tlog_head (
    id         INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    size       INTEGER NOT NULL,
    backfilled INTEGER NOT NULL
);
INSERT INTO tlog_head (id, size, backfilled) VALUES (1, 0, 0);

CREATE TABLE tlog_checkpoints (
    size            INTEGER PRIMARY KEY NOT NULL,
    root            BLOB NOT NULL CHECK (length(root) = 32),
    note            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    timestamp_token BLOB
);

-- Like the log, the tree is append-only.
CREATE TRIGGER tlog_hashes_no_update BEFORE UPDATE ON tlog_hashes
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only: stored hashes cannot be changed');
END;
CREATE TRIGGER tlog_hashes_no_delete BEFORE DELETE ON tlog_hashes
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only: stored hashes cannot be deleted');
END;
CREATE TRIGGER tlog_leaves_no_update BEFORE UPDATE ON tlog_leaves
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only: leaves cannot be changed');
END;
CREATE TRIGGER tlog_leaves_no_delete BEFORE DELETE ON tlog_leaves
BEGIN
    SELECT RAISE(ABORT, 'the transparency log is append-only: leaves cannot be deleted');
END;
