//! Rule 9 against a log changed outside Muster: every backend keeps each
//! incident's head (seq and hash) in its row, written with every append, and
//! refuses to append to a log whose last entry is not that head. The one
//! thing it takes then is a `break-acknowledged` entry sealed onto the log as
//! it stands.

use super::fixtures::{all_entries, chain, new_incident, summary};
use muster_domain::log::{ACKNOWLEDGED_KIND, verify_against};
use muster_store::{Append, AppendOutcome, CommitBatch, Store};
use std::future::Future;
use uuid::Uuid;

fn append(
    id: Uuid,
    reference: &str,
    after: u64,
    entries: Vec<muster_domain::LogEntry>,
) -> CommitBatch {
    CommitBatch {
        appends: vec![Append {
            incident: id,
            expected_seq: after,
            summary: summary(id, reference, &entries),
            entries,
            outbox: Default::default(),
        }],
        ..Default::default()
    }
}

/// `cut(incident, after)` deletes the incident's entries after `after` the
/// way someone with the database could: behind the store's back.
pub async fn a_cut_log_takes_only_an_acknowledgement<S, F, Fut>(store: &S, cut: F)
where
    S: Store + ?Sized,
    F: FnOnce(Uuid, u64) -> Fut,
    Fut: Future<Output = ()>,
{
    let (inc, entries) = new_incident(store, 2061, 7).await;
    cut(inc.id, 5).await;
    let left = all_entries(store, inc.id).await;
    assert_eq!(left.len(), 5, "the cut took entries 6 and 7");
    let row = store
        .incident(inc.id)
        .await
        .expect("incident")
        .expect("row");
    assert_eq!(
        (row.seq, &row.head_hash),
        (7, &entries[6].hash),
        "the row keeps the head"
    );
    let v = verify_against(&left, (row.seq, &row.head_hash));
    let brk = v
        .first_break
        .expect("the cut shows against the recorded head");
    assert_eq!(brk.seq, 6, "{}", brk.reason);

    // Neither after the recorded head nor after the log's real end.
    for (after, prev) in [(7, &entries[6].hash), (5, &entries[4].hash)] {
        let batch = append(inc.id, &inc.reference, after, chain(inc.id, after, prev, 1));
        let outcomes = store.commit(&batch).await.expect("commit");
        match &outcomes[0] {
            AppendOutcome::Broken(b) => assert_eq!(b, &brk, "after {after}"),
            other => panic!("after {after}: expected Broken, got {other:?}"),
        }
        assert_eq!(all_entries(store, inc.id).await, left, "nothing written");
    }

    // The acknowledgement goes onto the log as it stands, and moves the head.
    let mut ack = chain(inc.id, 5, &entries[4].hash, 1);
    ack[0].kind = ACKNOWLEDGED_KIND.to_owned();
    ack[0] = ack[0].clone().seal(&entries[4].hash);
    let outcomes = store
        .commit(&append(inc.id, &inc.reference, 5, ack.clone()))
        .await
        .expect("commit");
    assert_eq!(outcomes, vec![AppendOutcome::Committed]);
    let row = store
        .incident(inc.id)
        .await
        .expect("incident")
        .expect("row");
    assert_eq!((row.seq, &row.head_hash), (6, &ack[0].hash));

    // After which the log takes entries again.
    let next = chain(inc.id, 6, &ack[0].hash, 1);
    let outcomes = store
        .commit(&append(inc.id, &inc.reference, 6, next))
        .await
        .expect("commit");
    assert_eq!(outcomes, vec![AppendOutcome::Committed]);
    assert_eq!(all_entries(store, inc.id).await.len(), 7);
}
