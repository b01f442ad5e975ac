-- RFC 3161 timestamp tokens for checkpoints (issue 12). A checkpoint is
-- signed and recorded first; its token comes later, from a timestamp
-- authority reached through the outbox, and is written into the checkpoint's
-- own row once. Beyond that one change a checkpoint is never rewritten nor
-- removed: a witness compares what it kept with what is served.
CREATE FUNCTION muster_checkpoint_takes_only_a_token() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.size = OLD.size AND NEW.root = OLD.root AND NEW.note = OLD.note
       AND NEW.created_at = OLD.created_at AND OLD.timestamp_token IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'checkpoints are append-only: only a missing timestamp token can be added';
END;
$$;
CREATE TRIGGER tlog_checkpoints_no_update BEFORE UPDATE OR DELETE ON tlog_checkpoints
    FOR EACH ROW EXECUTE FUNCTION muster_checkpoint_takes_only_a_token();
CREATE TRIGGER tlog_checkpoints_no_truncate BEFORE TRUNCATE ON tlog_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION muster_checkpoint_takes_only_a_token();
