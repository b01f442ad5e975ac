-- RFC 3161 timestamp tokens for checkpoints (issue 12). A checkpoint is
-- signed and recorded first; its token comes later, from a timestamp
-- authority reached through the outbox, and is written into the checkpoint's
-- own row once. Beyond that one change a checkpoint is never rewritten nor
-- removed: a witness compares what it kept with what is served.
CREATE TRIGGER tlog_checkpoints_no_update BEFORE UPDATE ON tlog_checkpoints
WHEN NEW.size IS NOT OLD.size
  OR NEW.root IS NOT OLD.root
  OR NEW.note IS NOT OLD.note
  OR NEW.created_at IS NOT OLD.created_at
  OR OLD.timestamp_token IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: only a missing timestamp token can be added');
END;
CREATE TRIGGER tlog_checkpoints_no_delete BEFORE DELETE ON tlog_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only: a checkpoint cannot be deleted');
END;
