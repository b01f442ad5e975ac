-- Rule 10's audit records refused looks too: a probe for a restricted
-- incident, or for a reference that does not exist (incident NULL), so that an
-- administrator can see who probed, and from where. SQLite cannot drop a NOT
-- NULL constraint, so the table is rebuilt; its rows keep their ids.
CREATE TABLE audit_new (
    id       TEXT PRIMARY KEY NOT NULL,
    at       INTEGER NOT NULL,
    person   TEXT NOT NULL,
    incident TEXT,
    what     TEXT NOT NULL,
    source   TEXT,
    refused  INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1))
);
INSERT INTO audit_new (id, at, person, incident, what)
    SELECT id, at, person, incident, what FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_incident_at ON audit(incident, at);
CREATE INDEX audit_person_at ON audit(person, at);
CREATE INDEX audit_at ON audit(at);
