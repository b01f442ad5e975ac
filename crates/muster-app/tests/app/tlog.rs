//! The transparency log at the application: when checkpoints are due, what
//! signing one writes (the checkpoint and its witnesses' outbox row),
//! consistency proofs that verify, and a checkpoint not signed by this log's
//! key found by verification.

use muster_app::{App, AppError, TlogConfig};
use muster_domain::log::{GENESIS_HASH, format_time};
use muster_domain::vocab::Phase;
use muster_domain::{Event, LogEntry};
use muster_store::{IncidentSummary, Store};
use muster_store_sqlite::SqliteStore;
use muster_tlog::Signer;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

async fn store(dir: &tempfile::TempDir) -> Arc<dyn Store> {
    let path = dir.path().join("muster.db");
    Arc::new(
        SqliteStore::open(path.to_str().expect("utf-8"))
            .await
            .expect("open"),
    )
}

fn app(store: &Arc<dyn Store>, signer: Option<Signer>) -> App {
    App::with_tlog(
        store.clone(),
        muster_domain::Policy::default(),
        TlogConfig {
            origin: "test.example/log".into(),
            signer,
            every_entries: 5,
            every: Duration::from_secs(60),
            ..TlogConfig::default()
        },
    )
}

fn signer() -> Signer {
    Signer::generate("test.example/log").expect("key")
}

/// A new incident whose log is `n` notes, straight into the store.
async fn incident(store: &dyn Store, n: u64) -> Uuid {
    let id = Uuid::now_v7();
    let mut entries: Vec<LogEntry> = Vec::new();
    for seq in 1..=n {
        let prev = entries
            .last()
            .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone());
        entries.push(
            LogEntry {
                incident: id,
                seq,
                recorded_at: format_time(jiff::Timestamp::now()),
                occurred_at: None,
                actor: Uuid::now_v7(),
                actor_name: "Sam".into(),
                kind: "note-added".into(),
                v: Event::VERSION,
                payload: Event::NoteAdded {
                    text: format!("note {seq}"),
                }
                .payload_json(),
                prev_hash: String::new(),
                hash: String::new(),
            }
            .seal(&prev),
        );
    }
    let reference = store.allocate_reference(2026).await.expect("reference");
    let summary = IncidentSummary {
        id,
        reference,
        title: "t".into(),
        severity: "SEV-3".into(),
        category: "c".into(),
        phase: Phase::Hot,
        security: false,
        restricted: false,
        incident_manager: None,
        members: Vec::new(),
        declared_at: 0,
        updated_at: 0,
        seq: n,
        head_hash: entries
            .last()
            .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone()),
    };
    store
        .create_incident(&summary, &entries, None, &Default::default())
        .await
        .expect("create");
    id
}

fn later(secs: i64) -> jiff::Timestamp {
    jiff::Timestamp::now() + jiff::SignedDuration::from_secs(secs)
}

#[tokio::test]
async fn a_checkpoint_is_due_after_n_entries_or_t_seconds_of_growth() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store(&dir).await;
    let app = app(&store, Some(signer()));
    assert_eq!(
        app.checkpoint_if_due(later(3600)).await.expect("empty"),
        None,
        "nothing to sign"
    );
    incident(store.as_ref(), 3).await;
    assert_eq!(
        app.checkpoint_if_due(jiff::Timestamp::now())
            .await
            .expect("due?"),
        None
    );
    let first = app
        .checkpoint_if_due(later(61))
        .await
        .expect("due")
        .expect("after T");
    assert_eq!(first.size, 3);
    assert_eq!(
        app.checkpoint_if_due(later(3600)).await.expect("due?"),
        None,
        "no growth"
    );
    incident(store.as_ref(), 5).await;
    let second = app
        .checkpoint_if_due(jiff::Timestamp::now())
        .await
        .expect("due")
        .expect("N");
    assert_eq!(second.size, 8);
    let opened = muster_tlog::open_checkpoint(&second.note, &[app.log_key().expect("key")])
        .expect("signed by the log's key");
    assert_eq!((opened.size, opened.root), (8, second.root));
    assert_eq!(app.tree_root(8).await.expect("root"), second.root);

    // Its witnesses' row went with it; signing again without growth is the same checkpoint.
    let row = store
        .outbox_by_key("checkpoint:8")
        .await
        .expect("by key")
        .expect("a row");
    assert_eq!(row.channel, muster_app::outbox::CHECKPOINT);
    assert_eq!(row.payload["note"], second.note);
    assert_eq!(app.sign_checkpoint().await.expect("again"), second);
}

#[tokio::test]
async fn without_a_key_the_tree_grows_but_nothing_is_signed() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store(&dir).await;
    let app = app(&store, None);
    incident(store.as_ref(), 6).await;
    assert_eq!(store.tree_size().await.expect("size"), 6);
    assert_eq!(
        app.checkpoint_if_due(later(3600)).await.expect("due?"),
        None
    );
    assert!(
        matches!(app.sign_checkpoint().await, Err(AppError::Conflict(m)) if m.contains("MUSTER_TLOG_KEY"))
    );
    assert!(app.log_key().is_none());
}

#[tokio::test]
async fn consistency_proofs_verify_and_bad_sizes_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store(&dir).await;
    let app = app(&store, Some(signer()));
    incident(store.as_ref(), 3).await;
    let old = app.sign_checkpoint().await.expect("old");
    incident(store.as_ref(), 9).await;
    let new = app.sign_checkpoint().await.expect("new");
    let proof = app
        .consistency_proof(old.size, new.size)
        .await
        .expect("proof");
    let hashes: Vec<muster_tlog::Hash> = proof
        .hashes
        .iter()
        .map(|h| muster_tlog::Hash::from_base64(h).expect("b64"))
        .collect();
    muster_tlog::verify_consistency(old.size, new.size, &old.root, &new.root, &hashes)
        .expect("the newer tree extends the older");
    assert!(matches!(
        app.consistency_proof(12, 3).await,
        Err(AppError::Invalid { .. })
    ));
    assert!(matches!(
        app.consistency_proof(3, 11).await,
        Err(AppError::NotFound(_))
    ));
    let listed = app.checkpoints_after(0, 10).await.expect("list");
    assert_eq!(
        listed.iter().map(|c| c.size).collect::<Vec<_>>(),
        vec![3, 12]
    );
}

#[tokio::test]
async fn a_checkpoint_not_signed_by_this_log_s_key_fails_verification() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store(&dir).await;
    let ours = app(&store, Some(signer()));
    let id = incident(store.as_ref(), 4).await;
    ours.sign_checkpoint().await.expect("sign");
    assert!(ours.verify_log(id).await.expect("verify").is_whole());
    // Someone with the database signs a newer checkpoint with a key of their own.
    let forger = app(&store, Some(signer()));
    incident(store.as_ref(), 1).await;
    forger.sign_checkpoint().await.expect("forged");
    let v = ours.verify_log(id).await.expect("verify");
    let b = v.first_break.expect("refused");
    assert!(
        b.reason.contains("not signed by this log's key"),
        "{}",
        b.reason
    );
}
