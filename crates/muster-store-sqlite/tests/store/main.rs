//! The SQLite store on a real file: the shared conformance suite, then what is
//! particular to SQLite (pragmas, reopening, tampering with the file).

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
