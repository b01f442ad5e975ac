//! Picks and opens the store backend a URL names, once, at start-up: the one
//! place that knows every backend, so that the server and the CLI hold only
//! an `Arc<dyn Store>` and never branch on the backend again.
#![forbid(unsafe_code)]

use muster_store::{Store, StoreResult};
use muster_store_postgres::PgStore;
use muster_store_sqlite::SqliteStore;
use std::sync::Arc;

/// Which backend a database URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; `sqlite:…` and
    /// anything else (a file path) are SQLite.
    pub fn for_url(url: &str) -> Backend {
        let lower = url.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Opens (and migrates) the store at `url`.
pub async fn open_store(url: &str) -> StoreResult<Arc<dyn Store>> {
    Ok(match Backend::for_url(url) {
        Backend::Postgres => Arc::new(PgStore::open(url.trim()).await?),
        Backend::Sqlite => Arc::new(SqliteStore::open(url).await?),
    })
}

/// The URL with any password replaced by `***`, for logs and `muster config`.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match authority.rfind('@') {
        Some(at) => match authority[..at].split_once(':') {
            Some((user, _)) => format!(
                "{}{user}:***{}",
                &url[..scheme_end + 3],
                &url[scheme_end + 3 + at..]
            ),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_picks_the_backend() {
        for url in [
            "postgres://u:p@h/db",
            "postgresql://h/db",
            "POSTGRES://h/db",
        ] {
            assert_eq!(Backend::for_url(url), Backend::Postgres, "{url}");
        }
        for url in [
            "sqlite:muster.db",
            "sqlite://./x.db",
            "muster.db",
            "/var/lib/muster/muster.db",
        ] {
            assert_eq!(Backend::for_url(url), Backend::Sqlite, "{url}");
        }
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://muster:s3cret@db:5432/muster"),
            "postgres://muster:***@db:5432/muster"
        );
        assert_eq!(redact("postgres://db/muster"), "postgres://db/muster");
        assert_eq!(redact("muster.db"), "muster.db");
    }

    #[tokio::test]
    async fn a_path_opens_sqlite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("m.db");
        let store = open_store(path.to_str().expect("utf-8"))
            .await
            .expect("open");
        assert_eq!(store.backend(), "sqlite");
    }

    #[tokio::test]
    async fn a_bad_postgres_url_is_an_error_not_a_panic() {
        let result = open_store("postgres://[not a host/x").await;
        assert!(result.is_err());
    }
}
