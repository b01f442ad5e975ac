-- Failed sign-in guesses per (source, account), so that a throttle slows the
-- guesser, never the account's owner signing in from somewhere else, and every
-- instance on this database counts the same guesses. Rows are forgotten an
-- hour after their last guess. Times are Unix microseconds.
-- (0004: 0003 is the log heads' migration, made on another branch; the
-- migrator applies whichever is missing.)

CREATE TABLE signin_throttle (
    source   text NOT NULL,
    account  text NOT NULL,
    failures integer NOT NULL CHECK (failures >= 0),
    last_at  bigint NOT NULL,
    PRIMARY KEY (source, account)
);

CREATE INDEX signin_throttle_last ON signin_throttle (last_at);
