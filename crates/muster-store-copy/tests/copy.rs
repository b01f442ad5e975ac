//! `copy` between two SQLite files (the PostgreSQL crate's tests copy SQLite
//! into PostgreSQL with the same sample): everything arrives, chains verify,
//! and a non-empty destination is refused.

use muster_store::{
    AuditQuery, AuditStore, LogStore, OutboxQuery, OutboxStatus, OutboxStore, ReportStore, Store,
};
use muster_store_copy::{CopyError, copy};
use muster_store_sqlite::SqliteStore;
use muster_store_tests::sample;

async fn sqlite(dir: &tempfile::TempDir, name: &str) -> SqliteStore {
    let path = dir.path().join(name);
    SqliteStore::open(path.to_str().expect("utf-8"))
        .await
        .expect("open")
}

#[tokio::test]
async fn sqlite_to_sqlite_copies_everything_and_refuses_a_second_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = sqlite(&dir, "from.db").await;
    let to = sqlite(&dir, "to.db").await;
    let incidents = sample::populate(&from).await.expect("populate");

    let report = copy(&from, &to).await.expect("copy");
    assert_eq!(
        (report.people, report.users, report.tokens, report.shifts),
        (4, 2, 2, 1)
    );
    assert_eq!(
        (report.reports, report.incidents, report.entries),
        (3, 2, 22)
    );
    assert_eq!((report.audit_records, report.subscriptions), (4, 1));
    assert_eq!(
        (report.outbox_pending, report.outbox_finished_skipped),
        (1, 1)
    );
    assert_eq!(
        (report.evidence_files, report.evidence_bytes),
        (1, sample::SAMPLE_FILE.len() as u64)
    );
    let blobs = to.blobs().list_blobs().await.expect("blobs");
    assert_eq!(blobs, from.blobs().list_blobs().await.expect("blobs"));
    assert_eq!(
        muster_store::blob::check(to.blobs().as_ref(), &blobs[0].sha256)
            .await
            .expect("check"),
        muster_store::blob::Check::Intact,
        "the file arrives byte for byte"
    );
    for id in incidents {
        assert_eq!(
            to.entries(id, 0, 1000).await.expect("to"),
            from.entries(id, 0, 1000).await.expect("from"),
            "entries arrive byte for byte"
        );
    }
    assert_eq!(
        to.list_reports(None).await.expect("to"),
        from.list_reports(None).await.expect("from")
    );
    let all = AuditQuery::default();
    assert_eq!(
        to.audit(&all).await.expect("to"),
        from.audit(&all).await.expect("from")
    );
    // The counter moved past the copied incidents: the next one is new.
    assert_eq!(
        to.allocate_reference(2026).await.expect("allocate"),
        "INC-2026-0003"
    );
    let pending = to
        .list_outbox(&OutboxQuery {
            status: Some(OutboxStatus::Pending),
            ..OutboxQuery::default()
        })
        .await
        .expect("outbox");
    assert_eq!(pending.len(), 1, "the pending reminder travels");

    match copy(&from, &to).await {
        Err(CopyError::DestinationNotEmpty(what)) => assert!(what.contains("people"), "{what}"),
        other => panic!("a second copy must be refused, got {other:?}"),
    }
}

/// A source log cut short behind the store's back is still a chain; only the
/// head its row records shows it, and the copy refuses it by name instead of
/// carrying it over as if whole.
#[tokio::test]
async fn a_source_log_cut_short_is_refused_by_name() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().expect("tempdir");
    let from = sqlite(&dir, "from.db").await;
    let to = sqlite(&dir, "to.db").await;
    let incidents = sample::populate(&from).await.expect("populate");
    let cut = incidents[0];
    let last = from
        .incident(cut)
        .await
        .expect("incident")
        .expect("row")
        .seq;
    let url = format!("sqlite://{}", dir.path().join("from.db").display());
    let mut plain = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("connect");
    sqlx::query("DROP TRIGGER log_entries_no_delete")
        .execute(&mut plain)
        .await
        .expect("drop trigger");
    sqlx::query("DELETE FROM log_entries WHERE incident = ? AND seq = ?")
        .bind(cut.to_string())
        .bind(last as i64)
        .execute(&mut plain)
        .await
        .expect("cut");
    plain.close().await.expect("close");

    match copy(&from, &to).await {
        Err(CopyError::BrokenChain {
            incident,
            seq,
            reason,
            ..
        }) => {
            assert_eq!((incident, seq), (cut, last), "{reason}");
            assert!(reason.contains("missing"), "{reason}");
        }
        other => panic!("expected BrokenChain, got {other:?}"),
    }
}
