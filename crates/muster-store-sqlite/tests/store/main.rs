//! The SQLite store on a real file: the shared conformance suite, then what is
//! particular to SQLite (pragmas, reopening, tampering with the file).

mod seen_backfill;
mod sqlite;

use muster_store_sqlite::SqliteStore;
use std::sync::Arc;
use tempfile::TempDir;

/// A fresh database file in its own directory (WAL adds `-wal` and `-shm`
/// files beside it), kept alive as long as the returned `TempDir`.
pub async fn fresh() -> (TempDir, String, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("muster.db");
    let path = path.to_str().expect("utf-8 temp path").to_owned();
    let store = SqliteStore::open(&path).await.expect("open store");
    (dir, path, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_suite() {
    let (_dir, _path, store) = fresh().await;
    muster_store_tests::conformance::run_all(Arc::new(store)).await;
}

/// Someone with the file deletes the log's last entries (dropping the
/// append-only trigger first): the row's recorded head shows it, and the log
/// takes only an acknowledgement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_log_takes_only_an_acknowledgement() {
    let (_dir, path, store) = fresh().await;
    muster_store_tests::conformance::a_cut_log_takes_only_an_acknowledgement(
        &store,
        |incident, after| async move {
            use sqlx::Connection;
            let url = format!("sqlite://{path}");
            let mut plain = sqlx::SqliteConnection::connect(&url)
                .await
                .expect("connect");
            sqlx::query("DROP TRIGGER log_entries_no_delete")
                .execute(&mut plain)
                .await
                .expect("drop the trigger");
            sqlx::query("DELETE FROM log_entries WHERE incident = ? AND seq > ?")
                .bind(incident.to_string())
                .bind(after as i64)
                .execute(&mut plain)
                .await
                .expect("cut");
            plain.close().await.expect("close");
        },
    )
    .await;
}
