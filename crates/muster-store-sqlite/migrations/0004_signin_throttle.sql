-- Failed sign-in guesses per (source, account), so that a throttle slows the
-- guesser, never the account's owner signing in from somewhere else. Rows
-- are forgotten an hour after their last guess. Times are Unix microseconds.
-- (0004: 0003 is the log heads' migration, made on another branch; the
-- migrator applies whichever is missing.)

CREATE TABLE signin_throttle (
    source   TEXT NOT NULL,
    account  TEXT NOT NULL,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    last_at  INTEGER NOT NULL,
    PRIMARY KEY (source, account)
);

CREATE INDEX signin_throttle_last ON signin_throttle (last_at);
