//! REP-YYYY-NNNN and INC-YYYY-NNNN references, from a per-(kind, year) counter.

use crate::error::from_sqlx;
use muster_store::StoreResult;
use sqlx::SqliteConnection;

/// Increments the counter for `(kind, year)` and formats the new reference.
/// Callers run this inside their write transaction, so a reference is taken
/// only if what it names is stored, and two writers never get the same one.
pub(crate) async fn next(
    conn: &mut SqliteConnection,
    kind: &str,
    year: i16,
) -> StoreResult<String> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO reference_counters (kind, year, last) VALUES (?, ?, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last = last + 1
         RETURNING last",
    )
    .bind(kind)
    .bind(year)
    .fetch_one(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    Ok(format!("{kind}-{year:04}-{n:04}"))
}
