-- Rule 10's audit records refused looks too: a probe for a restricted
-- incident, or for a reference that does not exist (incident NULL), so that an
-- administrator can see who probed, and from where.
ALTER TABLE audit ALTER COLUMN incident DROP NOT NULL;
ALTER TABLE audit ADD COLUMN source text;
ALTER TABLE audit ADD COLUMN refused boolean NOT NULL DEFAULT false;
