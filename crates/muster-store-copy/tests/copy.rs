//! `copy` between two SQLite files (the PostgreSQL crate's tests copy SQLite
//! into PostgreSQL with the same sample): everything arrives, chains verify,
//! and a non-empty destination is refused.

use muster_store::{
    AuditQuery, AuditStore, LogStore, OutboxQuery, OutboxStatus, OutboxStore, ReportStore, Store,
    TlogStore,
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

/// `n` more entries on `id`'s log, in a commit of their own.
async fn grow(store: &SqliteStore, id: uuid::Uuid, n: u64) {
    use muster_store::{Append, AppendOutcome, CommitBatch, IncidentSummary};
    let s = store.incident(id).await.expect("incident").expect("row");
    let more = muster_store_tests::conformance::chain(id, s.seq, &s.head_hash, n);
    let last = more.last().expect("entries").clone();
    let next = IncidentSummary {
        seq: last.seq,
        head_hash: last.hash,
        ..s.clone()
    };
    let out = store
        .commit(&CommitBatch {
            appends: vec![Append {
                incident: id,
                expected_seq: s.seq,
                entries: more,
                summary: next,
                outbox: Default::default(),
            }],
            audit: Vec::new(),
            outbox: Default::default(),
        })
        .await
        .expect("commit");
    assert_eq!(out, [AppendOutcome::Committed]);
}

async fn root(store: &SqliteStore, size: u64) -> muster_tlog::Hash {
    let indexes = muster_tlog::tree_hash_indexes(size).expect("indexes");
    let hashes = store.stored_hashes(&indexes).await.expect("hashes");
    muster_tlog::tree_hash_from(size, &hashes).expect("root")
}

/// Entries committed to two incidents in turn are leaves in that turn; the
/// copy writes them in the same order, so its tree is the source's and the
/// source's signed checkpoints, timestamp token and all, hold there.
#[tokio::test]
async fn the_tree_is_rebuilt_leaf_for_leaf_and_the_checkpoints_travel_and_verify() {
    use muster_store::CheckpointRow;
    use muster_tlog::{Checkpoint, Signer, open_checkpoint, sign_checkpoint};
    let dir = tempfile::tempdir().expect("tempdir");
    let from = sqlite(&dir, "from.db").await;
    let to = sqlite(&dir, "to.db").await;
    let incidents = sample::populate(&from).await.expect("populate");
    let signer = Signer::generate("copy.example/log").expect("key");
    let mut signed = Vec::new();
    for (round, id) in [incidents[0], incidents[1], incidents[0], incidents[1]]
        .into_iter()
        .enumerate()
    {
        grow(&from, id, 2 + round as u64).await;
        if round % 2 == 1 {
            let size = from.tree_size().await.expect("size");
            let r = root(&from, size).await;
            let note = sign_checkpoint(&Checkpoint::new("copy.example/log", size, r), &[&signer])
                .expect("sign");
            let row = CheckpointRow {
                size,
                root: r,
                note,
                created_at: 1_700_000_000_000_000 + size as i64,
                timestamp_token: None,
            };
            assert!(
                from.record_checkpoint(&row, &Default::default())
                    .await
                    .expect("record")
            );
            signed.push(size);
        }
    }
    let tsr = vec![0x30, 0x03, 0x02, 0x01, 0x00];
    assert!(from.record_timestamp(signed[0], &tsr).await.expect("token"));

    let report = copy(&from, &to).await.expect("copy");
    assert_eq!(
        (
            report.checkpoints,
            report.timestamps,
            report.checkpoints_skipped
        ),
        (2, 1, 0),
        "{report:?}"
    );
    let size = from.tree_size().await.expect("size");
    assert_eq!(to.tree_size().await.expect("size"), size);
    for n in 1..=size {
        assert_eq!(
            root(&to, n).await,
            root(&from, n).await,
            "the tree of {n} leaves"
        );
    }
    assert_eq!(
        to.checkpoints_after(0, 10).await.expect("to"),
        from.checkpoints_after(0, 10).await.expect("from"),
        "the checkpoints arrive byte for byte, token and all"
    );
    for s in signed {
        let c = to.checkpoint(s).await.expect("get").expect("copied");
        let opened = open_checkpoint(&c.note, &[signer.verifier()]).expect("still signed");
        assert_eq!(
            opened.root,
            root(&to, s).await,
            "the copy verifies against it"
        );
    }
    for id in incidents {
        let entries = to.entries(id, 0, 1000).await.expect("entries");
        for e in &entries {
            let leaf = to.leaf_index(id, e.seq).await.expect("leaf");
            assert_eq!(
                leaf,
                from.leaf_index(id, e.seq).await.expect("leaf"),
                "entry {}",
                e.seq
            );
        }
    }
}
