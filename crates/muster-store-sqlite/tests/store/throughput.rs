//! Group-commit throughput: batches of 64 entries, each batch one transaction
//! with one fsync. Prints entries/s against a baseline of bare inserts in one
//! transaction each, so a regression shows as a ratio, not a machine speed.

use crate::fresh;
use muster_domain::log::GENESIS_HASH;
use muster_store::conformance::{chain, summary};
use muster_store::{Append, AppendOutcome, CommitBatch, LogStore};
use std::time::Instant;
use uuid::Uuid;

const BATCHES: u64 = 100;
const INCIDENTS: usize = 16;
const PER_APPEND: u64 = 4; // 16 appends x 4 entries = 64 entries a batch

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_commit_throughput() {
    let (_dir, _path, store) = fresh().await;
    let mut heads = Vec::new();
    for i in 0..INCIDENTS {
        let id = Uuid::now_v7();
        let first = chain(id, 0, GENESIS_HASH, 1);
        let s = summary(id, &format!("INC-2099-{:04}", i + 1), &first);
        store
            .create_incident(&s, &first, None)
            .await
            .expect("create");
        heads.push(s);
    }
    // Sealing is the server's work, not the store's: prepare batches first.
    let mut batches = Vec::new();
    for _ in 0..BATCHES {
        let mut appends = Vec::new();
        for head in heads.iter_mut() {
            let entries = chain(head.id, head.seq, &head.head_hash, PER_APPEND);
            let next = summary(head.id, &head.reference, &entries);
            appends.push(Append {
                incident: head.id,
                expected_seq: head.seq,
                entries,
                summary: next.clone(),
            });
            *head = next;
        }
        batches.push(CommitBatch {
            appends,
            audit: Vec::new(),
        });
    }

    let started = Instant::now();
    for batch in &batches {
        let outcomes = store.commit(batch).await.expect("commit");
        assert_eq!(outcomes, vec![AppendOutcome::Committed; INCIDENTS]);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let total = (BATCHES * INCIDENTS as u64 * PER_APPEND) as f64;
    let rate = total / elapsed;
    let written = store
        .entries(heads[0].id, 0, u32::MAX)
        .await
        .expect("entries");
    assert_eq!(written.len() as u64, 1 + BATCHES * PER_APPEND);
    eprintln!(
        "group commit: {total} entries in {BATCHES} batches, {elapsed:.3}s, {rate:.0} entries/s"
    );
    // A floor far below the 20,000/s target, that still fails if batches stop
    // sharing one transaction (one fsync per entry runs well under it).
    assert!(
        rate > 2_000.0,
        "group commit far too slow: {rate:.0} entries/s"
    );
}

/// The same number of rows of the same shape, 64 to a transaction, through one
/// plain connection with the same pragmas: what SQLite itself costs here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn baseline_bare_inserts() {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use sqlx::{ConnectOptions, Connection};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conn = SqliteConnectOptions::new()
        .filename(dir.path().join("baseline.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await
        .expect("connect");
    sqlx::query(
        "CREATE TABLE t (incident TEXT, seq INTEGER, recorded_at TEXT, recorded_at_us INTEGER,
             occurred_at TEXT, actor TEXT, actor_name TEXT, kind TEXT, v INTEGER, payload TEXT,
             prev_hash TEXT, hash TEXT, PRIMARY KEY (incident, seq)) WITHOUT ROWID",
    )
    .execute(&mut conn)
    .await
    .expect("create table");
    let id = Uuid::now_v7();
    let rows = chain(id, 0, GENESIS_HASH, BATCHES * 64);
    let started = Instant::now();
    for batch in rows.chunks(64) {
        let mut tx = conn.begin().await.expect("begin");
        for e in batch {
            sqlx::query("INSERT INTO t VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(e.incident.to_string())
                .bind(e.seq as i64)
                .bind(&e.recorded_at)
                .bind(&e.occurred_at)
                .bind(e.actor.to_string())
                .bind(&e.actor_name)
                .bind(&e.kind)
                .bind(e.v)
                .bind(&e.payload)
                .bind(&e.prev_hash)
                .bind(&e.hash)
                .execute(&mut *tx)
                .await
                .expect("insert");
        }
        tx.commit().await.expect("commit");
    }
    let rate = rows.len() as f64 / started.elapsed().as_secs_f64();
    eprintln!(
        "baseline: {} bare inserts, 64 a transaction: {rate:.0} rows/s",
        rows.len()
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(count as usize, rows.len());
}
