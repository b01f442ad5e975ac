//! Appending entries to the transparency log's tree inside the transaction
//! that writes them (issue 12), so that the tree and the logs never disagree.
//!
//! Several instances commit at once: each append locks the one `tlog_head`
//! row `FOR UPDATE` until its transaction ends, so appends to the tree are
//! serialised in commit order. The lock is taken last, after the incidents'
//! row locks and every other write of the commit, so every transaction takes
//! its locks in the same order (no deadlock) and holds the tree's lock only
//! for the few statements that append to it.

use crate::error::from_sqlx;
use crate::rows::{seq_from_db, seq_to_db};
use muster_domain::LogEntry;
use muster_store::StoreResult;
use muster_store::tlog::TreeAppend;
use muster_tlog::Hash;
use sqlx::PgConnection;

pub(crate) use muster_store::tlog::hash_from_db;

fn indexes_to_db(indexes: &[u64]) -> StoreResult<Vec<i64>> {
    indexes.iter().map(|&i| seq_to_db(i)).collect()
}

/// The stored hashes at `indexes`, in the order asked, read on `conn`.
pub(crate) async fn read_hashes(
    conn: &mut PgConnection,
    indexes: &[u64],
) -> StoreResult<Vec<Hash>> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT idx, hash FROM tlog_hashes WHERE idx = ANY($1)")
            .bind(indexes_to_db(indexes)?)
            .fetch_all(&mut *conn)
            .await
            .map_err(from_sqlx)?;
    muster_store::tlog::in_order(
        indexes,
        rows.into_iter()
            .map(|(i, h)| Ok((seq_from_db(i)?, hash_from_db("stored hash", &h)?)))
            .collect::<StoreResult<Vec<_>>>()?,
    )
}

/// Makes `entries` the next leaves of the tree, in order, on `conn` (inside
/// the transaction that writes them, as its last lock).
pub(crate) async fn append<'a>(
    conn: &mut PgConnection,
    entries: impl IntoIterator<Item = &'a LogEntry>,
) -> StoreResult<()> {
    let entries: Vec<&LogEntry> = entries.into_iter().collect();
    if entries.is_empty() {
        return Ok(());
    }
    let size: i64 = sqlx::query_scalar("SELECT size FROM tlog_head WHERE id = 1 FOR UPDATE")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    let append = TreeAppend::new(seq_from_db(size)?, entries.iter().map(|e| e.hash.as_str()))?;
    let fetched = read_hashes(conn, &append.needed()).await?;
    let hashes = append.hashes(&fetched)?;
    let (indexes, values): (Vec<u64>, Vec<Vec<u8>>) =
        hashes.into_iter().map(|(i, h)| (i, h.0.to_vec())).unzip();
    sqlx::query(
        "INSERT INTO tlog_hashes (idx, hash) SELECT * FROM UNNEST($1::int8[], $2::bytea[])",
    )
    .bind(indexes_to_db(&indexes)?)
    .bind(values)
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    let leaves: Vec<u64> = (0..entries.len()).map(|i| append.leaf_index(i)).collect();
    let seqs = entries
        .iter()
        .map(|e| seq_to_db(e.seq))
        .collect::<StoreResult<Vec<i64>>>()?;
    let incidents: Vec<uuid::Uuid> = entries.iter().map(|e| e.incident).collect();
    sqlx::query(
        "INSERT INTO tlog_leaves (leaf, incident, seq)
         SELECT * FROM UNNEST($1::int8[], $2::uuid[], $3::int8[])",
    )
    .bind(indexes_to_db(&leaves)?)
    .bind(incidents)
    .bind(seqs)
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    sqlx::query("UPDATE tlog_head SET size = $1 WHERE id = 1")
        .bind(seq_to_db(append.end())?)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

/// Once, on the first open after the tree's migration: the entries written
/// before it become leaves, oldest first (by recorded time, then incident and
/// seq: their commit order is not kept, but each incident's is). Instances
/// opening at once wait on the head's lock; the first does it. After that,
/// an entry without a leaf is one written outside Muster, and verification
/// says so; it is never quietly added.
pub(crate) async fn backfill(pool: &sqlx::PgPool) -> StoreResult<()> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let done: bool = sqlx::query_scalar("SELECT backfilled FROM tlog_head WHERE id = 1 FOR UPDATE")
        .fetch_one(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    if done {
        return Ok(());
    }
    let rows: Vec<crate::rows::EntryRow> = sqlx::query_as(
        "SELECT incident, seq, recorded_at, occurred_at, actor, actor_name, kind, v, payload,
                prev_hash, hash
         FROM log_entries e
         WHERE NOT EXISTS (SELECT 1 FROM tlog_leaves l WHERE l.incident = e.incident AND l.seq = e.seq)
         ORDER BY recorded_at_us, incident, seq",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(from_sqlx)?;
    let entries = crate::rows::all(rows, crate::rows::EntryRow::into_entry)?;
    // The head row is already locked by this transaction; locking it again
    // in `append` is a no-op.
    append(&mut tx, &entries).await?;
    sqlx::query("UPDATE tlog_head SET backfilled = true WHERE id = 1")
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    if !entries.is_empty() {
        tracing::info!(
            leaves = entries.len(),
            "the entries written before the transparency log are now its first leaves"
        );
    }
    Ok(())
}
