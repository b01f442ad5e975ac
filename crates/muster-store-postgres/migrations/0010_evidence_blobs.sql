-- Evidence files' bytes (issue 11), so that every instance on this database
-- serves every file. A file is chunked rows of 1 MiB (`evidence_chunks`) under
-- the upload that wrote them, and named by its SHA-256 in `evidence_blobs`
-- once it has all arrived; both are written in the upload's one transaction,
-- so an upload that is refused, too large or cut off leaves nothing. Chunked
-- bytea rather than large objects: plain rows travel with the ordinary
-- queries, backups and `muster store copy`, need no `lo_*` privileges, and
-- cannot be orphaned (a large object outlives the row that points at it).
-- (0010: 0006 and 0007 are taken by work on other branches.)

CREATE TABLE evidence_blobs (
    sha256    TEXT PRIMARY KEY,
    size      BIGINT NOT NULL,
    upload    UUID NOT NULL UNIQUE,
    stored_at BIGINT NOT NULL
);

CREATE TABLE evidence_chunks (
    upload UUID NOT NULL,
    n      INTEGER NOT NULL,
    data   BYTEA NOT NULL,
    PRIMARY KEY (upload, n)
);
-- Files are mostly compressed already (images, archives): store the chunks
-- out of line without trying to compress them again.
ALTER TABLE evidence_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Evidence is never edited: `muster evidence verify` re-hashes what is held,
-- and these keep anyone but a database owner dropping them from changing it.
CREATE FUNCTION muster_evidence_is_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence files are write-once: they cannot be changed or deleted';
END;
$$;
CREATE TRIGGER evidence_blobs_write_once BEFORE UPDATE OR DELETE ON evidence_blobs
    FOR EACH ROW EXECUTE FUNCTION muster_evidence_is_write_once();
CREATE TRIGGER evidence_chunks_write_once BEFORE UPDATE OR DELETE ON evidence_chunks
    FOR EACH ROW EXECUTE FUNCTION muster_evidence_is_write_once();
