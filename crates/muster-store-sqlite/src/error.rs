//! sqlx errors as the store's small error vocabulary.

use muster_store::StoreError;
pub(crate) use muster_store::column::corrupt;
use sqlx::error::ErrorKind;

/// SQLite primary result codes that mean "try again later" rather than "wrong":
/// BUSY, LOCKED, IOERR, FULL, CANTOPEN.
const TRANSIENT_CODES: &[i64] = &[5, 6, 10, 13, 14];

pub(crate) fn from_sqlx(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Database(db) => {
            if db.kind() == ErrorKind::UniqueViolation {
                return StoreError::Conflict(db.message().to_owned());
            }
            // Extended result codes carry the primary code in the low byte.
            let primary = db
                .code()
                .and_then(|c| c.parse::<i64>().ok())
                .map(|c| c & 0xff);
            if primary.is_some_and(|c| TRANSIENT_CODES.contains(&c)) {
                StoreError::Unavailable(err.to_string())
            } else {
                StoreError::Other(err.to_string())
            }
        }
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::WorkerCrashed => StoreError::Unavailable(err.to_string()),
        _ => StoreError::Other(err.to_string()),
    }
}

/// A unique violation, for mapping it to a message that names the field.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> Option<&str> {
    match err {
        sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation => Some(db.message()),
        _ => None,
    }
}
