//! Appending entries to the transparency log's tree inside the transaction
//! that writes them (issue 12), so that the tree and the logs never disagree:
//! the tree's size from its head row, the few stored hashes the new leaves
//! need, then the new hashes, the leaves and the new size. SQLite has one
//! writer, so appends are already serialised in commit order.

use crate::batch_sql::MultiRow;
use crate::error::{corrupt, from_sqlx};
use crate::rows::{seq_from_db, seq_to_db};
use muster_domain::LogEntry;
use muster_store::StoreResult;
use muster_store::tlog::TreeAppend;
use muster_tlog::Hash;
use sqlx::SqliteConnection;

static HASHES: MultiRow = MultiRow::new("INSERT INTO tlog_hashes (idx, hash) VALUES", "(?, ?)", "");
static LEAVES: MultiRow = MultiRow::new(
    "INSERT INTO tlog_leaves (leaf, incident, seq) VALUES",
    "(?, ?, ?)",
    "",
);

fn index_to_db(index: u64) -> StoreResult<i64> {
    seq_to_db(index)
}

pub(crate) use muster_store::tlog::hash_from_db;

/// The stored hashes at `indexes`, in the order asked, read on `conn`.
pub(crate) async fn read_hashes(
    conn: &mut SqliteConnection,
    indexes: &[u64],
) -> StoreResult<Vec<Hash>> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let list = serde_json::to_string(indexes).map_err(|e| corrupt("index list", "", e))?;
    let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
        "SELECT idx, hash FROM tlog_hashes WHERE idx IN (SELECT value FROM json_each(?))",
    )
    .bind(list)
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

pub(crate) async fn tree_size(conn: &mut SqliteConnection) -> StoreResult<u64> {
    let size: i64 = sqlx::query_scalar("SELECT size FROM tlog_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    seq_from_db(size)
}

/// Makes `entries` the next leaves of the tree, in order, on `conn` (inside
/// the transaction that writes them).
pub(crate) async fn append<'a>(
    conn: &mut SqliteConnection,
    entries: impl IntoIterator<Item = &'a LogEntry>,
) -> StoreResult<()> {
    let entries: Vec<&LogEntry> = entries.into_iter().collect();
    if entries.is_empty() {
        return Ok(());
    }
    let size = tree_size(conn).await?;
    let append = TreeAppend::new(size, entries.iter().map(|e| e.hash.as_str()))?;
    let fetched = read_hashes(conn, &append.needed()).await?;
    let hashes = append.hashes(&fetched)?;
    HASHES
        .run(conn, &hashes, |q, (index, hash)| {
            Ok(q.bind(index_to_db(*index)?).bind(hash.0.to_vec()))
        })
        .await?;
    let leaves: Vec<(u64, &LogEntry)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (append.leaf_index(i), *e))
        .collect();
    LEAVES
        .run(conn, &leaves, |q, (leaf, e)| {
            Ok(q.bind(index_to_db(*leaf)?)
                .bind(e.incident.to_string())
                .bind(seq_to_db(e.seq)?))
        })
        .await?;
    sqlx::query("UPDATE tlog_head SET size = ? WHERE id = 1")
        .bind(index_to_db(append.end())?)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

/// Once, on the first open after the tree's migration: the entries written
/// before it become leaves, oldest first (by recorded time, then incident and
/// seq: their commit order is not kept, but each incident's is). After that,
/// an entry without a leaf is one written outside Muster, and verification
/// says so; it is never quietly added.
pub(crate) async fn backfill(conn: &mut SqliteConnection) -> StoreResult<()> {
    let done: i64 = sqlx::query_scalar("SELECT backfilled FROM tlog_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    if done != 0 {
        return Ok(());
    }
    let mut tx = crate::begin(conn).await?;
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
    append(&mut tx, &entries).await?;
    sqlx::query("UPDATE tlog_head SET backfilled = 1 WHERE id = 1")
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
