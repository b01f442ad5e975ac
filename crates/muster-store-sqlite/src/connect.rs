//! Opening the database: one set of connection options (so every connection,
//! pooled or writer, gets the same durability pragmas), and the embedded
//! migrations that run on connect.

use crate::error::from_sqlx;
use muster_store::{StoreError, StoreResult};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, SqlSafeStr};
use std::str::FromStr;
use std::time::Duration;

/// How long a connection waits on another process's lock before giving up with
/// `Unavailable`; our own writes never wait on each other (one writer).
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Readers run in parallel under WAL; a handful covers a busy server on small
/// hardware without holding many file descriptors.
const READ_POOL_SIZE: u32 = 4;

/// Every migration, embedded at compile time so that a deployed binary needs no
/// files beside it. Versions follow the file names in `migrations/`.
pub(crate) const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../migrations/0001_init.sql")),
    (2, "outbox", include_str!("../migrations/0002_outbox.sql")),
    (
        4,
        "signin_throttle",
        include_str!("../migrations/0004_signin_throttle.sql"),
    ),
    (
        5,
        "audit_probes",
        include_str!("../migrations/0005_audit_probes.sql"),
    ),
    (
        7,
        "indicators",
        include_str!("../migrations/0007_indicators.sql"),
    ),
    (8, "tlog", include_str!("../migrations/0008_tlog.sql")),
    (
        9,
        "chat_deliveries",
        include_str!("../migrations/0009_chat_deliveries.sql"),
    ),
    (
        11,
        "tlog_timestamps",
        include_str!("../migrations/0011_tlog_timestamps.sql"),
    ),
    (12, "sso", include_str!("../migrations/0012_sso.sql")),
    (13, "matrix", include_str!("../migrations/0013_matrix.sql")),
    (
        14,
        "teams_id",
        include_str!("../migrations/0014_teams_id.sql"),
    ),
];

/// Builds the options from a plain path or a `sqlite:` URL, forcing the pragmas
/// that make a commit durable: WAL with synchronous=FULL fsyncs the WAL on every
/// commit, so a committed entry survives power loss. Nothing here can weaken
/// that, even if the URL asks for it.
pub(crate) fn options(path_or_url: &str) -> StoreResult<SqliteConnectOptions> {
    let base = if path_or_url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(path_or_url)
            .map_err(|e| StoreError::Other(format!("invalid SQLite URL {path_or_url}: {e}")))?
    } else {
        SqliteConnectOptions::new().filename(path_or_url)
    };
    Ok(base
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT))
}

/// Opens the single writer connection and brings the schema up to date on it,
/// before any reader exists.
pub(crate) async fn open_writer(options: &SqliteConnectOptions) -> StoreResult<SqliteConnection> {
    let mut conn = options.connect().await.map_err(from_sqlx)?;
    migrator()
        .run(&mut conn)
        .await
        .map_err(|e| StoreError::Other(format!("migrating the SQLite database: {e}")))?;
    crate::tlog_write::backfill(&mut conn).await?;
    crate::indicators::backfill_seen(&mut conn).await?;
    Ok(conn)
}

/// Opens the read pool. Its connections are `query_only`, so a write that
/// strays onto one fails loudly instead of racing the writer for the lock.
pub(crate) async fn open_readers(options: SqliteConnectOptions) -> StoreResult<SqlitePool> {
    let options = options.pragma("query_only", "ON");
    SqlitePoolOptions::new()
        .max_connections(READ_POOL_SIZE)
        .min_connections(1)
        .acquire_timeout(BUSY_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(from_sqlx)
}

fn migrator() -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|&(version, description, sql)| {
            Migration::new(
                version,
                description.into(),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

#[cfg(test)]
mod tests {
    use super::{MIGRATIONS, open_readers, open_writer, options};

    /// A write that strays onto a pooled reader fails instead of bypassing the
    /// single writer.
    #[tokio::test]
    async fn pooled_readers_refuse_writes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("muster.db");
        let options = options(path.to_str().expect("utf-8 temp path")).expect("options");
        let _writer = open_writer(&options).await.expect("writer");
        let readers = open_readers(options).await.expect("readers");
        let stray = sqlx::query("DELETE FROM shifts")
            .execute(&readers)
            .await
            .expect_err("a pooled reader refuses writes");
        assert!(stray.to_string().contains("readonly"), "{stray}");
        readers.close().await;
    }

    /// A migration file that is not listed would silently never run.
    #[test]
    fn every_migration_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations dir")
            .map(|f| {
                f.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|(version, description, _)| format!("{version:04}_{description}.sql"))
            .collect();
        assert_eq!(files, listed, "migrations/ and MIGRATIONS must match");
    }
}
