//! Fresh PostgreSQL databases for tests, one per test, so tests run in
//! parallel without seeing each other's rows.
//!
//! Tests that need PostgreSQL read `MUSTER_TEST_DATABASE_URL` (a URL whose
//! user may create databases, e.g.
//! `postgres://postgres:postgres@127.0.0.1:5432/postgres`); when it is unset
//! they print why and pass, so `cargo test` works on a laptop without one.

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};
use std::str::FromStr;
use std::sync::{Arc, LazyLock};
use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard, RwLock};

/// Tests in one process share the server; a test that stops it (the restart
/// fault test) must run alone. Every database holds this shared; such a test
/// holds it exclusively.
static GATE: LazyLock<Arc<RwLock<()>>> = LazyLock::new(|| Arc::new(RwLock::new(())));

enum Gate {
    Shared(#[allow(dead_code)] OwnedRwLockReadGuard<()>),
    Exclusive(#[allow(dead_code)] OwnedRwLockWriteGuard<()>),
}

/// The variable that points the tests at a PostgreSQL server.
pub const ENV: &str = "MUSTER_TEST_DATABASE_URL";

/// The server URL from [`ENV`], or `None` with a message saying the test skips.
pub fn server_url(test: &str) -> Option<String> {
    match std::env::var(ENV) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "skipping {test}: set {ENV}=postgres://postgres:postgres@127.0.0.1:5432/postgres \
                 to run it against PostgreSQL (.ci/postgres.sh starts one)"
            );
            None
        }
    }
}

/// A database made for one test and dropped (with any connections still open
/// to it) when this value is dropped, even if the test panicked.
pub struct TestDatabase {
    pub url: String,
    name: String,
    admin: PgConnectOptions,
    /// Released after the database is dropped (fields drop after `drop`).
    _gate: Gate,
}

impl TestDatabase {
    /// Creates `muster_t_<unix time>_<random>` on the server at [`ENV`]; `None`
    /// (with a message) when the variable is unset.
    pub async fn create(test: &str) -> Option<TestDatabase> {
        let server = server_url(test)?;
        let gate = Gate::Shared(GATE.clone().read_owned().await);
        Some(Self::make(&server, gate).await)
    }

    /// The same, for a test that stops or restarts the server: it waits for
    /// every other test of this process to finish and keeps them out.
    pub async fn create_exclusive(test: &str) -> Option<TestDatabase> {
        let server = server_url(test)?;
        let gate = Gate::Exclusive(GATE.clone().write_owned().await);
        Some(Self::make(&server, gate).await)
    }

    async fn make(server: &str, gate: Gate) -> TestDatabase {
        let admin = PgConnectOptions::from_str(server)
            .unwrap_or_else(|e| panic!("{ENV} is not a PostgreSQL URL: {e}"));
        let name = format!(
            "muster_t_{}_{}",
            jiff::Timestamp::now().as_second(),
            &uuid::Uuid::now_v7().simple().to_string()[20..]
        );
        let mut conn = admin
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connecting to {ENV}: {e}"));
        drop_stale(&mut conn).await;
        // template0 with UTF8, whatever the server's default: Muster refuses
        // any other encoding.
        let sql = format!("CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0");
        sqlx::query(AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
        let _ = conn.close().await;
        let url = with_database(server, &name);
        TestDatabase {
            url,
            name,
            admin,
            _gate: gate,
        }
    }
}

/// `url` with its path (the database name) replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    // The authority ends at the first '/' after "scheme://".
    let start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[start..].find('/') {
        Some(i) => &base[..start + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Drops test databases left by runs that died more than an hour ago.
async fn drop_stale(conn: &mut PgConnection) {
    let cutoff = jiff::Timestamp::now().as_second() - 3600;
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'muster\\_t\\_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for name in names {
        let stamp = name.split('_').nth(2).and_then(|s| s.parse::<i64>().ok());
        if stamp.is_some_and(|s| s < cutoff) {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::query(AssertSqlSafe(sql)).execute(&mut *conn).await;
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop runs in async tests too, where blocking the runtime's thread on
        // its own futures would deadlock: drop the database from a thread with
        // a runtime of its own, and wait for it.
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async move {
                let mut conn = admin.connect().await.ok()?;
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                sqlx::query(AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await
                    .ok()?;
                conn.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced_and_the_query_kept() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres", "x"),
            "postgres://u:p@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgresql://h", "x"), "postgresql://h/x");
    }
}
