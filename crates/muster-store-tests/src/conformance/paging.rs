//! Reading the log forwards (`entries`) and backwards (`entries_before`).

use super::fixtures::{chain, new_incident};
use muster_store::{Append, AppendOutcome, CommitBatch, Store};
use uuid::Uuid;

fn seqs(entries: &[muster_domain::LogEntry]) -> Vec<u64> {
    entries.iter().map(|e| e.seq).collect()
}

/// Pages are contiguous, ascending and bounded by the limit from either end.
pub async fn entries_paging<S: Store + ?Sized>(store: &S) {
    let (inc, first) = new_incident(store, 2055, 5).await;
    // Grow the log to 25 entries over several commits.
    let mut head = (inc.seq, inc.head_hash.clone());
    let mut all = first;
    for _ in 0..4 {
        let more = chain(inc.id, head.0, &head.1, 5);
        let mut s = inc.clone();
        s.seq = head.0 + 5;
        s.head_hash = more[4].hash.clone();
        let batch = CommitBatch {
            appends: vec![Append {
                incident: inc.id,
                expected_seq: head.0,
                entries: more.clone(),
                summary: s,
                outbox: Default::default(),
            }],
            audit: Vec::new(),
            outbox: Default::default(),
        };
        let outcomes = store.commit(&batch).await.expect("commit");
        assert_eq!(outcomes, vec![AppendOutcome::Committed]);
        head = (head.0 + 5, more[4].hash.clone());
        all.extend(more);
    }
    let range = |a: u64, b: u64| (a..=b).collect::<Vec<u64>>();

    let page = |after, limit| store.entries(inc.id, after, limit);
    assert_eq!(seqs(&page(0, 10).await.expect("entries")), range(1, 10));
    assert_eq!(seqs(&page(10, 10).await.expect("entries")), range(11, 20));
    assert_eq!(seqs(&page(20, 10).await.expect("entries")), range(21, 25));
    assert!(
        page(25, 10).await.expect("entries").is_empty(),
        "past the head"
    );
    assert!(page(u64::MAX, 10).await.expect("entries").is_empty());
    assert!(
        page(0, 0).await.expect("entries").is_empty(),
        "limit 0 is none"
    );
    assert_eq!(
        page(0, 100).await.expect("entries"),
        all,
        "whole log, exact"
    );

    let back = |before, limit| store.entries_before(inc.id, before, limit);
    assert_eq!(seqs(&back(26, 10).await.expect("before")), range(16, 25));
    assert_eq!(seqs(&back(16, 10).await.expect("before")), range(6, 15));
    assert_eq!(seqs(&back(6, 10).await.expect("before")), range(1, 5));
    assert!(
        back(1, 10).await.expect("before").is_empty(),
        "nothing before 1"
    );
    assert_eq!(
        seqs(&back(u64::MAX, 3).await.expect("before")),
        range(23, 25),
        "u64::MAX reads back from the head"
    );
    assert_eq!(back(26, 25).await.expect("before"), all);

    let nothing = store.entries(Uuid::now_v7(), 0, 10).await.expect("entries");
    assert!(nothing.is_empty(), "an unknown incident has no entries");
    let nothing = store
        .entries_before(Uuid::now_v7(), 10, 10)
        .await
        .expect("before");
    assert!(nothing.is_empty());
}
