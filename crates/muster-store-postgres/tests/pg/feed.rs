//! The change feed: a commit through one store is heard, after it commits, by
//! the feed of another store on the same database, and told apart from the
//! feed's own store's commits.

use muster_domain::log::GENESIS_HASH;
use muster_store::{Append, AppendOutcome, Change, CommitBatch, LogStore, OutboxChanges, Store};
use muster_store_tests::conformance::{chain, summary};
use std::time::Duration;
use tokio::sync::mpsc::Receiver;
use uuid::Uuid;

async fn next(rx: &mut Receiver<Change>) -> Change {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a change within 10 s")
        .expect("the feed is open")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commits_are_heard_by_every_feed_and_marked_local_or_not() {
    let Some((db, a)) = crate::fresh("commits_are_heard_by_every_feed").await else {
        return;
    };
    let b = crate::open(&db).await;
    let mut heard_by_b = b.change_feed().expect("PostgreSQL has a feed").subscribe();
    let mut heard_by_a = a.change_feed().expect("feed").subscribe();
    assert_eq!(
        next(&mut heard_by_b).await,
        Change::Resync,
        "first, a resync"
    );
    assert_eq!(next(&mut heard_by_a).await, Change::Resync);

    let id = Uuid::now_v7();
    let first = chain(id, 0, GENESIS_HASH, 2);
    let s = summary(id, "INC-2026-0001", &first);
    a.create_incident(&s, &first, None, &OutboxChanges::default())
        .await
        .expect("create");
    let more = chain(id, 2, &first[1].hash, 3);
    let batch = CommitBatch {
        appends: vec![Append {
            incident: id,
            expected_seq: 2,
            entries: more.clone(),
            summary: summary(id, "INC-2026-0001", &more),
            outbox: OutboxChanges::default(),
        }],
        ..CommitBatch::default()
    };
    a.commit(&batch).await.expect("commit");

    let appended = |seq, local| Change::Appended {
        incident: id,
        seq,
        local,
    };
    assert_eq!(next(&mut heard_by_b).await, appended(2, false));
    assert_eq!(next(&mut heard_by_b).await, appended(5, false));
    assert_eq!(next(&mut heard_by_a).await, appended(2, true));
    assert_eq!(next(&mut heard_by_a).await, appended(5, true));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolled_back_commit_is_never_heard() {
    let Some((_db, a)) = crate::fresh("a_rolled_back_commit_is_never_heard").await else {
        return;
    };
    let mut feed = a.change_feed().expect("feed").subscribe();
    assert_eq!(next(&mut feed).await, Change::Resync);
    let id = Uuid::now_v7();
    let first = chain(id, 0, GENESIS_HASH, 1);
    let s = summary(id, "INC-2026-0001", &first);
    a.create_incident(&s, &first, None, &OutboxChanges::default())
        .await
        .expect("create");
    assert!(matches!(
        next(&mut feed).await,
        Change::Appended { seq: 1, .. }
    ));
    // A chain that does not continue the head is refused inside the
    // transaction (`Broken`): nothing is written, so nothing may be announced.
    let wrong = chain(id, 1, GENESIS_HASH, 1);
    let batch = CommitBatch {
        appends: vec![Append {
            incident: id,
            expected_seq: 1,
            summary: summary(id, "INC-2026-0001", &wrong),
            entries: wrong,
            outbox: OutboxChanges::default(),
        }],
        ..CommitBatch::default()
    };
    let outcomes = a.commit(&batch).await.expect("commit");
    assert!(
        matches!(outcomes[..], [AppendOutcome::Broken(_)]),
        "{outcomes:?}"
    );
    // A later, good commit is the next thing heard.
    let good = chain(id, 1, &first[0].hash, 1);
    let batch = CommitBatch {
        appends: vec![Append {
            incident: id,
            expected_seq: 1,
            summary: summary(id, "INC-2026-0001", &good),
            entries: good,
            outbox: OutboxChanges::default(),
        }],
        ..CommitBatch::default()
    };
    a.commit(&batch).await.expect("commit");
    assert!(matches!(
        next(&mut feed).await,
        Change::Appended { seq: 2, .. }
    ));
}
