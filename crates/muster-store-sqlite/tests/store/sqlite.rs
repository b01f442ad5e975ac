//! What only SQLite has to show: durability pragmas on every connection, data
//! surviving a reopen, and tampering with the file being caught by `verify`.

use crate::fresh;
use muster_domain::log::{GENESIS_HASH, verify};
use muster_store::{Append, AppendOutcome, CommitBatch, LogStore, PeopleStore, Person};
use muster_store_sqlite::SqliteStore;
use muster_store_tests::conformance::{chain, summary};
use sqlx::{Connection, SqliteConnection};
use uuid::Uuid;

fn assert_durable(p: &muster_store_sqlite::ConnectionPragmas, which: &str) {
    assert_eq!(p.journal_mode, "wal", "{which}: journal_mode");
    assert_eq!(p.synchronous, 2, "{which}: synchronous must be FULL (2)");
    assert!(p.foreign_keys, "{which}: foreign_keys");
    assert_eq!(p.busy_timeout_ms, 5000, "{which}: busy_timeout");
}

#[tokio::test]
async fn every_connection_is_wal_and_synchronous_full() {
    let (_dir, path, store) = fresh().await;
    let (reader, writer) = store.pragmas().await.expect("pragmas");
    assert_durable(&reader, "pooled reader");
    assert_durable(&writer, "writer");
    store.close().await.expect("close");

    // Opened by URL, the connections get the same pragmas.
    let url = format!("sqlite://{path}?mode=rw");
    let store = SqliteStore::open(&url).await.expect("open by URL");
    let (reader, writer) = store.pragmas().await.expect("pragmas");
    assert_durable(&reader, "reader opened by URL");
    assert_durable(&writer, "writer opened by URL");

    // The read pool cannot write, so no write can bypass the single writer
    // (the unit test `connect::tests::pooled_readers_refuse_writes` tries one).
    assert!(reader.query_only, "a pooled reader must be query_only");
    assert!(!writer.query_only, "the writer must not be query_only");
}

#[tokio::test]
async fn open_creates_missing_file_and_refuses_bad_urls() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("new.db");
    assert!(!path.exists());
    let store = SqliteStore::open(path.to_str().expect("utf-8"))
        .await
        .expect("open");
    assert!(path.exists(), "open creates the file");
    store.close().await.expect("close");

    let missing_dir = dir.path().join("no/such/dir/x.db");
    let result = SqliteStore::open(missing_dir.to_str().expect("utf-8")).await;
    assert!(
        result.is_err(),
        "a path in a missing directory cannot be opened"
    );
}

fn one_person() -> Person {
    Person {
        id: Uuid::now_v7(),
        name: "Hana Persist".to_owned(),
        email: "hana@example.org".to_owned(),
        chat_handle: Some("@hana".to_owned()),
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: vec!["legal".to_owned()],
        team: None,
        created_at: 1_700_000_000_000_000,
    }
}

#[tokio::test]
async fn data_survives_reopen() {
    let (_dir, path, store) = fresh().await;
    let hana = one_person();
    store.create_person(&hana).await.expect("create_person");
    let id = Uuid::now_v7();
    let first = chain(id, 0, GENESIS_HASH, 2);
    let s = summary(id, "INC-2026-0001", &first);
    store
        .create_incident(&s, &first, None, &Default::default())
        .await
        .expect("create");
    let more = chain(id, 2, &s.head_hash, 3);
    let batch = CommitBatch {
        appends: vec![Append {
            incident: id,
            expected_seq: 2,
            entries: more.clone(),
            summary: summary(id, "INC-2026-0001", &more),
            outbox: Default::default(),
        }],
        audit: Vec::new(),
        outbox: Default::default(),
    };
    assert_eq!(
        store.commit(&batch).await.expect("commit"),
        vec![AppendOutcome::Committed]
    );
    // Dropped, not closed: a commit that returned is on disk, even if the
    // process never shuts down cleanly.
    drop(store);

    let store = SqliteStore::open(&path).await.expect("reopen");
    assert_eq!(store.person(hana.id).await.expect("person"), Some(hana));
    let entries = store.entries(id, 0, 100).await.expect("entries");
    assert_eq!(entries, [first, more].concat());
    assert!(verify(&entries).is_whole());
    let head = store.incident(id).await.expect("incident").expect("there");
    assert_eq!(head.seq, 5);
    // Reopening ran the migrations again as a no-op: the schema still works.
    assert_eq!(
        store.allocate_reference(2026).await.expect("allocate"),
        "INC-2026-0001"
    );
}

#[tokio::test]
async fn tampering_with_the_file_is_caught_by_verify() {
    let (_dir, path, store) = fresh().await;
    let id = Uuid::now_v7();
    let entries = chain(id, 0, GENESIS_HASH, 5);
    let s = summary(id, "INC-2026-0042", &entries);
    store
        .create_incident(&s, &entries, None, &Default::default())
        .await
        .expect("create");

    // Someone with the file opens it with the plain SQLite library.
    let mut plain = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .expect("plain connection");
    let change = "UPDATE log_entries SET payload = replace(payload, 'observation', 'observatioN')
                  WHERE incident = ? AND seq = 3";
    let refused = sqlx::query(change)
        .bind(id.to_string())
        .execute(&mut plain)
        .await;
    let message = refused.expect_err("the trigger refuses edits").to_string();
    assert!(
        message.contains("append-only"),
        "refusal says why: {message}"
    );

    // A determined attacker drops the trigger first; the chain still tells.
    sqlx::query("DROP TRIGGER log_entries_no_update")
        .execute(&mut plain)
        .await
        .expect("drop trigger");
    let done = sqlx::query(change)
        .bind(id.to_string())
        .execute(&mut plain)
        .await
        .expect("tamper");
    assert_eq!(done.rows_affected(), 1, "exactly one entry was altered");
    plain.close().await.expect("close plain connection");

    let stored = store.entries(id, 0, 100).await.expect("entries");
    assert_eq!(stored.len(), 5);
    assert_ne!(
        stored[2].payload, entries[2].payload,
        "the byte really changed"
    );
    let verification = verify(&stored);
    let broken = verification.first_break.expect("verify must notice");
    assert_eq!(
        broken.seq, 3,
        "verify names the altered entry: {}",
        broken.reason
    );
    assert!(broken.reason.contains("altered"), "{}", broken.reason);
}
