-- A person's Microsoft Entra object id, for adding them to an incident's
-- Teams channel and knowing them when they message the bot (issue 14).
-- (0014: the numbers between 0009 and 0014 are taken by work on other branches.)

ALTER TABLE people ADD COLUMN teams_id TEXT;
