//! The PostgreSQL store, for several Muster instances behind a load balancer
//! on one database.
//!
//! Every instance keeps its own group commit: a [`CommitBatch`] is one
//! transaction that locks the summary rows of the incidents it touches
//! (`SELECT … FOR UPDATE`, in id order so two instances never deadlock), checks
//! each append's expected sequence against the locked head, and writes. Writers
//! on different instances therefore queue per incident and can never fork a
//! chain; the primary key `(incident, seq)` stands behind the lock. Each commit
//! also sends `NOTIFY muster_log, '<incident>:<head seq>:<origin>'`, delivered
//! when it commits, which [`PgStore::change_feed`](muster_store::Store::change_feed)
//! turns into [`Change`](muster_store::Change)s for the other instances.
//!
//! [`CommitBatch`]: muster_store::CommitBatch
#![forbid(unsafe_code)]

mod audit;
mod auth;
mod blobs;
mod connect;
mod delivery;
mod error;
mod feed;
mod indicators;
mod log_read;
mod log_sql;
mod log_write;
mod outbox;
mod outbox_rows;
mod people;
mod reports;
mod rota;
mod rows;
mod signin;
mod sso;
/// Fresh databases for tests (the `testing` feature, for dev-dependencies only).
#[cfg(feature = "testing")]
pub mod testing;
mod tlog;
mod tlog_write;

pub use blobs::PgBlobStore;
pub use connect::PgSettings;
pub use feed::{CHANNEL, PgFeed};

use muster_store::{BlobStore, ChangeFeed, Store, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::{Postgres, Transaction};
use std::sync::Arc;
use uuid::Uuid;

use crate::error::from_sqlx;

/// Muster's store in a PostgreSQL database.
pub struct PgStore {
    pool: PgPool,
    /// For the change feed's own connection, outside the pool: a listener
    /// holds its connection for good and must not starve requests.
    options: PgConnectOptions,
    /// Names this handle in its notifications, so that its own feed can tell
    /// its own commits (already known to its server) from other instances'.
    origin: Uuid,
}

impl PgStore {
    /// Connects to `url` (`postgres://user:pass@host:5432/db`) with the default
    /// [`PgSettings`], and migrates the database to the current schema.
    pub async fn open(url: &str) -> StoreResult<Self> {
        Self::open_with(url, &PgSettings::default()).await
    }

    pub async fn open_with(url: &str, settings: &PgSettings) -> StoreResult<Self> {
        let options = connect::options(url, settings)?;
        let pool = connect::open_pool(options.clone(), settings).await?;
        connect::migrate(&pool).await?;
        tlog_write::backfill(&pool).await?;
        indicators::backfill_seen(&pool).await?;
        connect::check(&pool).await?;
        tracing::info!(
            host = options.get_host(),
            database = options.get_database().unwrap_or_default(),
            "opened PostgreSQL store"
        );
        Ok(PgStore {
            pool,
            options,
            origin: Uuid::now_v7(),
        })
    }

    /// The pool, for tests and diagnostics that need raw SQL beside the store.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Closes every pooled connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn begin(pool: &PgPool) -> StoreResult<Transaction<'static, Postgres>> {
    pool.begin().await.map_err(from_sqlx)
}

impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn change_feed(&self) -> Option<Arc<dyn ChangeFeed>> {
        Some(Arc::new(PgFeed::new(self.options.clone(), self.origin)))
    }

    fn blobs(&self) -> Arc<dyn BlobStore> {
        Arc::new(PgBlobStore::new(self.pool.clone()))
    }
}
