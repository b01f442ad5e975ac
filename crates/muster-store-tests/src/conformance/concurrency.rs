//! Many writers on one incident: the expected-seq check must leave one chain.

use super::fixtures::{all_entries, entry, new_incident};
use muster_domain::log::verify;
use muster_store::{Append, AppendOutcome, CommitBatch, Store};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::Barrier;

const WRITERS: u64 = 8;
const ENTRIES_EACH: u64 = 12;

/// Each task re-reads the head, seals an entry on it and commits, retrying on
/// Conflict. The first round is forced to collide: every task reads the same
/// head before any commits, so exactly one wins it and the rest must conflict.
/// The result is a gap-free chain that verifies, and a summary at its head.
pub async fn concurrent_commits_keep_one_chain<S: Store + ?Sized + 'static>(store: Arc<S>) {
    let (inc, _) = new_incident(&*store, 2056, 1).await;
    let conflicts = Arc::new(AtomicU64::new(0));
    let barrier = Arc::new(Barrier::new(WRITERS as usize));
    let mut tasks = Vec::new();
    for writer in 0..WRITERS {
        let (store, conflicts, barrier, inc) = (
            store.clone(),
            conflicts.clone(),
            barrier.clone(),
            inc.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut first_round = true;
            let mut written = 0;
            while written < ENTRIES_EACH {
                let head = store
                    .incident(inc.id)
                    .await
                    .expect("incident")
                    .expect("there");
                if first_round {
                    barrier.wait().await;
                    first_round = false;
                }
                let text = format!("writer {writer} entry {written}");
                let e = entry(inc.id, head.seq + 1, &head.head_hash, &text);
                let mut summary = head.clone();
                summary.seq = e.seq;
                summary.head_hash = e.hash.clone();
                let batch = CommitBatch {
                    appends: vec![Append {
                        incident: inc.id,
                        expected_seq: head.seq,
                        entries: vec![e],
                        summary,
                        outbox: Default::default(),
                    }],
                    audit: Vec::new(),
                    outbox: Default::default(),
                };
                match store.commit(&batch).await.expect("commit").as_slice() {
                    [AppendOutcome::Committed] => written += 1,
                    [AppendOutcome::Conflict { actual_seq }] => {
                        assert!(*actual_seq > head.seq, "a conflict reports a newer head");
                        conflicts.fetch_add(1, Ordering::Relaxed);
                    }
                    other => panic!("one append, one outcome: got {other:?}"),
                }
            }
        }));
    }
    for task in tasks {
        task.await.expect("a writer task panicked");
    }

    let total = 1 + WRITERS * ENTRIES_EACH;
    let entries = all_entries(&*store, inc.id).await;
    let seqs: Vec<u64> = entries.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=total).collect::<Vec<_>>(),
        "gap-free, no duplicates"
    );
    let verification = verify(&entries);
    assert!(
        verification.is_whole(),
        "the chain verifies: {:?}",
        verification.first_break
    );
    let head = store
        .incident(inc.id)
        .await
        .expect("incident")
        .expect("there");
    assert_eq!(
        (head.seq, &head.head_hash),
        (total, &verification.head_hash)
    );
    let conflicts = conflicts.load(Ordering::Relaxed);
    assert!(
        conflicts >= WRITERS - 1,
        "the forced first round must conflict {} times; saw {conflicts}",
        WRITERS - 1
    );
}
