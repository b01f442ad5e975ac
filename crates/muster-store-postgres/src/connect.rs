//! Opening the database: one set of connection options for every pooled
//! connection, the embedded migrations that run on connect, and the start-up
//! checks that refuse a database Muster cannot trust.

use crate::error::from_sqlx;
use muster_store::{StoreError, StoreResult};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Executor, SqlSafeStr};
use std::str::FromStr;
use std::time::Duration;

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
        10,
        "evidence_blobs",
        include_str!("../migrations/0010_evidence_blobs.sql"),
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

/// How a store's pool is sized and how long a request waits for PostgreSQL.
#[derive(Debug, Clone)]
pub struct PgSettings {
    /// Connections per instance. The committer writes on one at a time; the
    /// rest serve reads that miss the state cache. Several instances share the
    /// server's `max_connections`, so keep instances x this well below it.
    pub max_connections: u32,
    /// How long a request waits for a connection before it is answered 503.
    /// While PostgreSQL is down or restarting, this is how long each request
    /// hangs before it fails; keep it short.
    pub acquire_timeout: Duration,
    /// Any one statement running longer than this is cancelled (and answered
    /// 503), so a stuck lock or a dead network path cannot hold a request
    /// forever.
    pub statement_timeout: Duration,
}

impl Default for PgSettings {
    fn default() -> Self {
        PgSettings {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(3),
            statement_timeout: Duration::from_secs(30),
        }
    }
}

pub(crate) fn options(url: &str, settings: &PgSettings) -> StoreResult<PgConnectOptions> {
    let timeout = format!("{}ms", settings.statement_timeout.as_millis());
    Ok(PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Other(format!("invalid PostgreSQL URL: {e}")))?
        .application_name("muster")
        .options([("statement_timeout", timeout.as_str())]))
}

/// Opens the pool lazily-reconnecting: a connection that died with a
/// PostgreSQL restart is pinged and replaced before it is handed out
/// (`test_before_acquire`), so service resumes without restarting Muster.
pub(crate) async fn open_pool(
    options: PgConnectOptions,
    settings: &PgSettings,
) -> StoreResult<PgPool> {
    PgPoolOptions::new()
        .max_connections(settings.max_connections)
        .min_connections(0)
        .acquire_timeout(settings.acquire_timeout)
        .test_before_acquire(true)
        .connect_with(options)
        .await
        .map_err(from_sqlx)
}

/// Brings the schema up to date. sqlx takes a PostgreSQL advisory lock around
/// the run, so instances starting together migrate one after the other and
/// the later ones find nothing to do.
pub(crate) async fn migrate(pool: &PgPool) -> StoreResult<()> {
    let mut conn = pool.acquire().await.map_err(from_sqlx)?;
    migrator()
        .run(&mut *conn)
        .await
        .map_err(|e| StoreError::Other(format!("migrating the PostgreSQL database: {e}")))
}

/// Refuses a database that cannot hold log entries byte for byte, and warns
/// about settings that would let an acknowledged entry vanish in a crash.
pub(crate) async fn check(pool: &PgPool) -> StoreResult<()> {
    let mut conn = pool.acquire().await.map_err(from_sqlx)?;
    let encoding: String = sqlx::query_scalar("SHOW server_encoding")
        .fetch_one(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    if encoding != "UTF8" {
        return Err(StoreError::Other(format!(
            "the database's encoding is {encoding}, not UTF8: log entries could not be \
             stored byte for byte; create it with ENCODING 'UTF8'"
        )));
    }
    for setting in ["fsync", "synchronous_commit"] {
        let value: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SHOW {setting}")))
            .fetch_one(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        if value == "off" {
            tracing::warn!(
                setting,
                "PostgreSQL runs with {setting}=off: an acknowledged log entry can be lost in a crash"
            );
        }
    }
    conn.execute("SELECT 1").await.map_err(from_sqlx)?;
    Ok(())
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
    use super::MIGRATIONS;

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
