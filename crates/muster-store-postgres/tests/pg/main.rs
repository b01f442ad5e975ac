//! The PostgreSQL store against a real server: the shared conformance suite,
//! what is particular to PostgreSQL (several pools racing on one incident, the
//! change feed), and whole Muster servers sharing one database (live updates
//! across instances, write races, a reminder fired once, a PostgreSQL restart
//! mid-write).
//!
//! Every test makes its own database from `MUSTER_TEST_DATABASE_URL` and drops
//! it afterwards; without the variable each test says so and passes.

mod cluster;
mod copy;
mod fault;
mod feed;
mod instances;
mod reminders;
mod store;

use muster_store_postgres::testing::TestDatabase;
use muster_store_postgres::{PgSettings, PgStore};
use std::sync::Arc;

/// A fresh database and a store on it, or `None` (skip) without a server.
pub async fn fresh(test: &str) -> Option<(TestDatabase, Arc<PgStore>)> {
    let db = TestDatabase::create(test).await?;
    let store = open(&db).await;
    Some((db, store))
}

/// Another store (its own pool) on the same database: a second instance.
pub async fn open(db: &TestDatabase) -> Arc<PgStore> {
    let settings = PgSettings {
        max_connections: 6,
        ..PgSettings::default()
    };
    Arc::new(
        PgStore::open_with(&db.url, &settings)
            .await
            .expect("open the PostgreSQL store"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_suite() {
    let Some((_db, store)) = fresh("conformance_suite").await else {
        return;
    };
    muster_store_tests::conformance::run_all(store).await;
}
