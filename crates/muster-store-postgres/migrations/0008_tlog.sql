-- The transparency log (issue 12): one RFC 6962 Merkle tree over every entry
-- of every incident, in commit order, kept as the Go checksum database's
-- stored hashes (index → 32 bytes, never rewritten); which leaf each entry
-- is; and the checkpoints signed over the tree. The per-incident chain in
-- log_entries stays as it is. (0008: 0006 and 0007 are taken by work on
-- other branches.)

CREATE TABLE tlog_hashes (
    idx  bigint PRIMARY KEY,
    hash bytea NOT NULL CHECK (length(hash) = 32)
);

-- Leaf `leaf` is the entry (incident, seq): its leaf hash is stored at the
-- leaf's own index in tlog_hashes. An (incident, seq) may have been a leaf
-- before: a log cut outside Muster takes an acknowledgement at a seq whose
-- old entry stays in the tree for good. The entry is its latest leaf.
CREATE TABLE tlog_leaves (
    leaf     bigint PRIMARY KEY,
    incident uuid NOT NULL,
    seq      bigint NOT NULL
);
CREATE INDEX tlog_leaves_entry ON tlog_leaves (incident, seq, leaf);

-- The tree's size, in one row. Every commit that appends locks it (after its
-- incidents' rows), so instances append to the tree one at a time, in commit
-- order. `backfilled` is false until the entries written before this
-- migration have been made leaves (once, on the first open after it).
CREATE TABLE tlog_head (
    id         integer PRIMARY KEY CHECK (id = 1),
    size       bigint NOT NULL,
    backfilled boolean NOT NULL
);
INSERT INTO tlog_head (id, size, backfilled) VALUES (1, 0, false);

CREATE TABLE tlog_checkpoints (
    size            bigint PRIMARY KEY,
    root            bytea NOT NULL CHECK (length(root) = 32),
    note            text NOT NULL,
    created_at      bigint NOT NULL,
    timestamp_token bytea
);

-- Like the log, the tree is append-only.
CREATE TRIGGER tlog_hashes_no_update BEFORE UPDATE OR DELETE ON tlog_hashes
    FOR EACH ROW EXECUTE FUNCTION muster_log_is_append_only();
CREATE TRIGGER tlog_hashes_no_truncate BEFORE TRUNCATE ON tlog_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION muster_log_is_append_only();
CREATE TRIGGER tlog_leaves_no_update BEFORE UPDATE OR DELETE ON tlog_leaves
    FOR EACH ROW EXECUTE FUNCTION muster_log_is_append_only();
CREATE TRIGGER tlog_leaves_no_truncate BEFORE TRUNCATE ON tlog_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION muster_log_is_append_only();
