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

/// Someone with the database deletes the log's last entries (dropping the
/// append-only trigger first): the row's recorded head shows it, and the log
/// takes only an acknowledgement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_log_takes_only_an_acknowledgement() {
    let Some((db, store)) = fresh("a_cut_log_takes_only_an_acknowledgement").await else {
        return;
    };
    let url = db.url.clone();
    muster_store_tests::conformance::a_cut_log_takes_only_an_acknowledgement(
        store.as_ref(),
        |incident, after| async move {
            use sqlx::Connection;
            let mut plain = sqlx::PgConnection::connect(&url).await.expect("connect");
            sqlx::query("ALTER TABLE log_entries DISABLE TRIGGER log_entries_no_update")
                .execute(&mut plain)
                .await
                .expect("disable the trigger");
            sqlx::query("DELETE FROM log_entries WHERE incident = $1 AND seq > $2")
                .bind(incident)
                .bind(after as i64)
                .execute(&mut plain)
                .await
                .expect("cut");
            plain.close().await.expect("close");
        },
    )
    .await;
}
