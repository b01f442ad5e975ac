//! The embedded SQLite store: one file, WAL with synchronous=FULL, and its own
//! migrations run on connect.
//!
//! Reads go through a small pool; every write goes through one dedicated writer
//! connection behind an async mutex, so our writes never meet SQLITE_BUSY among
//! themselves, and a [`CommitBatch`](muster_store::CommitBatch) is one
//! `BEGIN IMMEDIATE` transaction: one fsync for the many requests the server
//! grouped into it.
#![forbid(unsafe_code)]

mod audit;
mod auth;
mod batch_sql;
mod connect;
mod delivery;
mod error;
mod indicators;
mod log_read;
mod log_write;
mod outbox;
mod outbox_rows;
mod people;
mod references;
mod reports;
mod rota;
mod rows;
mod signin;
mod sso;
mod tlog;
mod tlog_write;

use muster_store::{BlobStore, FsBlobStore, Store, StoreResult};
use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::{Connection, Sqlite, Transaction};
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard};

use crate::error::from_sqlx;

/// Muster's store in one SQLite file.
pub struct SqliteStore {
    readers: SqlitePool,
    writer: Mutex<SqliteConnection>,
    /// Evidence files, in `<database>.blobs` beside the file.
    blobs: Arc<FsBlobStore>,
}

/// The settings a connection actually runs with, read back from SQLite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionPragmas {
    /// `"wal"` when the log is durable and readers do not block the writer.
    pub journal_mode: String,
    /// 2 is FULL: the WAL is fsynced on every commit.
    pub synchronous: i64,
    pub foreign_keys: bool,
    pub busy_timeout_ms: i64,
    /// True on pooled readers, so that no write can bypass the single writer.
    pub query_only: bool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at a file path or a `sqlite:`
    /// URL, and migrates it to the current schema.
    pub async fn open(path_or_url: &str) -> StoreResult<Self> {
        let options = connect::options(path_or_url)?;
        let blobs = Arc::new(blob_dir(&options));
        // The writer migrates before any reader opens, so readers never see a
        // half-built schema.
        let writer = connect::open_writer(&options).await?;
        let readers = connect::open_readers(options).await?;
        tracing::info!(database = path_or_url, "opened SQLite store");
        Ok(SqliteStore {
            readers,
            writer: Mutex::new(writer),
            blobs,
        })
    }

    /// Closes every connection, checkpointing the WAL into the main file.
    pub async fn close(self) -> StoreResult<()> {
        self.readers.close().await;
        self.writer.into_inner().close().await.map_err(from_sqlx)
    }

    /// The durability settings as SQLite reports them on a pooled reader and on
    /// the writer, for start-up checks and diagnostics.
    pub async fn pragmas(&self) -> StoreResult<(ConnectionPragmas, ConnectionPragmas)> {
        let mut reader = self.readers.acquire().await.map_err(from_sqlx)?;
        let read = read_pragmas(&mut reader).await?;
        drop(reader);
        let mut writer = self.writer.lock().await;
        let write = read_pragmas(&mut writer).await?;
        Ok((read, write))
    }

    /// Locks the writer; callers then open their transaction on it.
    async fn writer(&self) -> MutexGuard<'_, SqliteConnection> {
        self.writer.lock().await
    }
}

/// Starts a write transaction that takes the write lock at once (rather than on
/// its first write), so that it never fails half-way with SQLITE_BUSY when
/// another process holds the file.
async fn begin(conn: &mut SqliteConnection) -> StoreResult<Transaction<'_, Sqlite>> {
    conn.begin_with("BEGIN IMMEDIATE").await.map_err(from_sqlx)
}

async fn read_pragmas(conn: &mut SqliteConnection) -> StoreResult<ConnectionPragmas> {
    let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    let foreign_keys: bool = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    let busy_timeout_ms: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    let query_only: bool = sqlx::query_scalar("PRAGMA query_only")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Ok(ConnectionPragmas {
        journal_mode,
        synchronous,
        foreign_keys,
        busy_timeout_ms,
        query_only,
    })
}

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn blobs(&self) -> Arc<dyn BlobStore> {
        self.blobs.clone()
    }
}

/// `<database>.blobs` beside the file; an in-memory database (tests) gets a
/// fresh directory under the system's temporary directory instead.
fn blob_dir(options: &sqlx::sqlite::SqliteConnectOptions) -> FsBlobStore {
    let file = options.get_filename();
    if file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:") {
        let name = format!("muster-memory-{}.blobs", uuid::Uuid::now_v7());
        return FsBlobStore::new(std::env::temp_dir().join(name));
    }
    FsBlobStore::beside(file)
}
