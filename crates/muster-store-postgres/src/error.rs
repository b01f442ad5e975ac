//! sqlx errors as the store's small error vocabulary.
//!
//! The line that matters here is between "wrong" and "try again": a server
//! answers `Unavailable` with 503 and nothing written, so every error that means
//! PostgreSQL is down, restarting, failing over or overloaded must land there,
//! never in `Other` (a 500).

use muster_store::StoreError;
pub(crate) use muster_store::column::corrupt;
use sqlx::error::ErrorKind;

/// SQLSTATE classes and codes that mean "the database cannot serve this now":
/// connection exceptions (08), insufficient resources (53), operator
/// intervention (57: shutdown, restart, cannot connect now), system errors
/// (58), a write sent to a read-only standby (25006), a transaction killed to
/// break a deadlock or a serialisation failure (40001, 40P01), and a lock that
/// could not be had in time (55P03).
const TRANSIENT_CLASSES: &[&str] = &["08", "53", "57", "58"];
const TRANSIENT_CODES: &[&str] = &["25006", "40001", "40P01", "55P03"];

pub(crate) fn from_sqlx(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Database(db) => {
            if db.kind() == ErrorKind::UniqueViolation {
                return StoreError::Conflict(db.message().to_owned());
            }
            let code = db.code().unwrap_or_default();
            if TRANSIENT_CODES.contains(&code.as_ref())
                || TRANSIENT_CLASSES.iter().any(|c| code.starts_with(c))
            {
                StoreError::Unavailable(err.to_string())
            } else {
                StoreError::Other(err.to_string())
            }
        }
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(err.to_string()),
        _ => StoreError::Other(err.to_string()),
    }
}

/// The constraint (or unique index) a unique violation names, if it is one.
pub(crate) fn unique_violation(err: &sqlx::Error) -> Option<&str> {
    match err {
        sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation => {
            Some(db.constraint().unwrap_or_default())
        }
        _ => None,
    }
}

pub(crate) fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::ForeignKeyViolation)
}
