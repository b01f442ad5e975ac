//! A database from before the seen index (migration 0007, applied after the
//! later ones it was numbered before): opening it creates the index and
//! fills it from the logs' `indicator-added` entries, once.

use crate::fresh;
use muster_domain::log::GENESIS_HASH;
use muster_store::{IndicatorStore, LogStore, SeenRow};
use muster_store_sqlite::SqliteStore;
use muster_store_tests::conformance::{entry, indicator_entry, summary};
use sqlx::{Connection, SqliteConnection};
use uuid::Uuid;

#[tokio::test]
async fn an_older_database_gets_its_seen_index_filled_when_opened() {
    let (_dir, path, store) = fresh().await;
    let id = Uuid::now_v7();
    let first = entry(id, 1, GENESIS_HASH, "declared");
    let second = indicator_entry(id, 2, &first.hash, "I1", "domain", "old.example");
    let third = indicator_entry(id, 3, &second.hash, "I2", "ipv4", "203.0.113.7");
    let log = vec![first, second, third];
    store
        .create_incident(
            &summary(id, "INC-2026-0001", &log),
            &log,
            None,
            &Default::default(),
        )
        .await
        .expect("create");
    store.close().await.expect("close");

    // Take the database back to before migration 0007, as a file from the
    // previous release would be (migrations 0008 and 0009 applied).
    let mut raw = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .expect("raw");
    for sql in [
        "DROP TABLE indicator_seen",
        "DROP TABLE indicator_seen_backfill",
        "DROP TABLE attack_catalogue",
        "DELETE FROM _sqlx_migrations WHERE version = 7",
    ] {
        sqlx::query(sql)
            .execute(&mut raw)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    raw.close().await.expect("close raw");

    let store = SqliteStore::open(&path).await.expect("reopen migrates");
    assert_eq!(
        store.seen("203.0.113.7").await.expect("seen"),
        [SeenRow {
            value: "203.0.113.7".into(),
            ty: "ipv4".into(),
            incident: id,
            indicator: "I2".into(),
        }],
        "the earlier log's indicators are in the index"
    );
    assert_eq!(store.seen("old.example").await.expect("seen").len(), 1);
    store.close().await.expect("close");
    // Filled once: opening again changes nothing.
    let store = SqliteStore::open(&path).await.expect("reopen");
    assert_eq!(store.seen("old.example").await.expect("seen").len(), 1);
}
