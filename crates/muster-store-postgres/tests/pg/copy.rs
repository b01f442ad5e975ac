//! `muster store copy` from SQLite into PostgreSQL: what the migration to
//! several instances actually runs.

use muster_domain::log::verify;
use muster_store::{AuditQuery, AuditStore, LogStore, PeopleStore, ReportStore, Store};
use muster_store_copy::copy;
use muster_store_sqlite::SqliteStore;
use muster_store_tests::sample;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_into_postgres_arrives_whole() {
    let Some((_db, pg)) = crate::fresh("sqlite_into_postgres_arrives_whole").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("muster.db");
    let sqlite = SqliteStore::open(path.to_str().expect("utf-8"))
        .await
        .expect("open SQLite");
    let incidents = sample::populate(&sqlite).await.expect("populate");

    let report = copy(&sqlite, &*pg).await.expect("copy");
    assert_eq!(
        (report.people, report.incidents, report.entries),
        (4, 2, 22)
    );
    assert_eq!(
        report.evidence_files, 1,
        "the evidence file moves into PostgreSQL"
    );
    assert_eq!(
        pg.blobs().list_blobs().await.expect("blobs"),
        sqlite.blobs().list_blobs().await.expect("blobs")
    );

    for id in incidents {
        let copied = pg.entries(id, 0, 1000).await.expect("entries");
        assert_eq!(
            copied,
            sqlite.entries(id, 0, 1000).await.expect("entries"),
            "byte for byte"
        );
        assert!(verify(&copied).is_whole());
        assert_eq!(
            pg.incident(id).await.expect("incident"),
            sqlite.incident(id).await.expect("incident")
        );
    }
    assert_eq!(
        pg.list_people().await.expect("people"),
        sqlite.list_people().await.expect("people")
    );
    assert_eq!(
        pg.list_reports(None).await.expect("reports"),
        sqlite.list_reports(None).await.expect("reports")
    );
    let all = AuditQuery::default();
    assert_eq!(
        pg.audit(&all).await.expect("audit"),
        sqlite.audit(&all).await.expect("audit")
    );
    assert_eq!(
        pg.allocate_reference(2026).await.expect("allocate"),
        "INC-2026-0003",
        "new incidents on PostgreSQL get new references"
    );
}
