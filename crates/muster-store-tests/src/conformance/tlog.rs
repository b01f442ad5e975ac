//! The transparency log's tree (issue 12): every committed entry is a leaf,
//! in commit order, written with it; an append that does not commit adds no
//! leaf; checkpoints are kept once per size with their witnesses' outbox rows.

use super::fixtures::{all_entries, assert_conflict, assert_not_found, chain, new_incident, now};
use super::outbox::{enqueue, item};
use muster_store::tlog::entry_leaf;
use muster_store::{Append, AppendOutcome, CheckpointRow, CommitBatch, Store};
use muster_tlog::{Hash, MemoryTree, stored_hash_count, stored_hash_index, tree_hash_indexes};
use std::collections::BTreeSet;

/// The leaf hash the store holds for leaf `leaf`.
async fn stored_leaf<S: Store + ?Sized>(store: &S, leaf: u64) -> Hash {
    store
        .stored_hashes(&[stored_hash_index(0, leaf)])
        .await
        .expect("stored_hashes")[0]
}

/// Creating an incident and committing to it make its entries the next
/// leaves, in order; a conflicting append makes none.
pub async fn entries_become_leaves_in_commit_order<S: Store + ?Sized>(store: &S) {
    let before = store.tree_size().await.expect("tree_size");
    let (inc, first) = new_incident(store, 2061, 3).await;
    assert_eq!(store.tree_size().await.expect("tree_size"), before + 3);
    for (i, e) in first.iter().enumerate() {
        let leaf = store.leaf_index(inc.id, e.seq).await.expect("leaf_index");
        assert_eq!(
            leaf,
            Some(before + i as u64),
            "entry {} is the next leaf",
            e.seq
        );
        assert_eq!(
            stored_leaf(store, before + i as u64).await,
            entry_leaf(&e.hash).expect("leaf"),
            "the stored leaf is the entry's hash"
        );
    }
    let more = chain(inc.id, 3, &first[2].hash, 4);
    let mut summary = inc.clone();
    summary.seq = 7;
    summary.head_hash = more[3].hash.clone();
    let stale = Append {
        incident: inc.id,
        expected_seq: 1,
        entries: chain(inc.id, 1, &first[0].hash, 2),
        summary: summary.clone(),
        outbox: Default::default(),
    };
    let good = Append {
        incident: inc.id,
        expected_seq: 3,
        entries: more.clone(),
        summary,
        outbox: Default::default(),
    };
    let batch = CommitBatch {
        appends: vec![stale, good],
        ..CommitBatch::default()
    };
    let outcomes = store.commit(&batch).await.expect("commit");
    assert!(matches!(outcomes[0], AppendOutcome::Conflict { .. }));
    assert_eq!(outcomes[1], AppendOutcome::Committed);
    assert_eq!(
        store.tree_size().await.expect("tree_size"),
        before + 7,
        "only the committed append's entries are leaves"
    );
    let leaves = store
        .leaf_indexes(inc.id, 2, 10)
        .await
        .expect("leaf_indexes");
    let expected: Vec<(u64, u64)> = (3..=7).map(|seq| (seq, before + seq - 1)).collect();
    assert_eq!(leaves, expected, "seq 3 onwards, in order, after seq 2");
    assert_eq!(
        store.leaf_indexes(inc.id, 0, 2).await.expect("limit").len(),
        2
    );
    assert_eq!(store.leaf_index(inc.id, 8).await.expect("none"), None);
    let missing = store.stored_hashes(&[stored_hash_count(before + 7)]).await;
    super::fixtures::assert_not_found(missing, "a stored hash past the tree's end");
}

/// The whole tree against the whole store: its leaves are exactly the
/// entries, each once, each holding its entry's leaf hash, and the stored
/// interior hashes are those the leaves give (as an in-memory tree computes
/// them). Run last, after concurrent commits.
pub async fn the_tree_holds_every_entry_once<S: Store + ?Sized>(store: &S) {
    let size = store.tree_size().await.expect("tree_size");
    let mut seen = BTreeSet::new();
    let mut leaves = vec![Hash::default(); size as usize];
    for inc in store.list_incidents().await.expect("list_incidents") {
        let entries = all_entries(store, inc.id).await;
        let indexes = store
            .leaf_indexes(inc.id, 0, u32::MAX)
            .await
            .expect("leaf_indexes");
        assert_eq!(
            indexes.len(),
            entries.len(),
            "every entry of {} is a leaf",
            inc.reference
        );
        let mut last = None;
        for (e, (seq, leaf)) in entries.iter().zip(indexes) {
            assert_eq!(e.seq, seq);
            assert!(leaf < size, "leaf {leaf} inside the tree of {size}");
            assert!(seen.insert(leaf), "leaf {leaf} is one entry's only");
            assert!(
                last < Some(leaf),
                "an incident's entries are leaves in its order"
            );
            last = Some(leaf);
            leaves[leaf as usize] = entry_leaf(&e.hash).expect("leaf");
        }
    }
    assert_eq!(seen.len() as u64, size, "no leaf without an entry");
    let mut memory = MemoryTree::new();
    for leaf in &leaves {
        memory.append_leaf_hash(*leaf);
    }
    let all: Vec<u64> = (0..stored_hash_count(size)).collect();
    let stored = store.stored_hashes(&all).await.expect("stored_hashes");
    assert_eq!(
        stored,
        memory.stored_hashes(),
        "the stored hashes are the tree's"
    );
    let root = store
        .stored_hashes(&tree_hash_indexes(size).expect("indexes"))
        .await
        .expect("root hashes");
    assert_eq!(
        muster_tlog::tree_hash_from(size, &root).expect("root"),
        memory.root()
    );
}

fn checkpoint(size: u64, note: &str) -> CheckpointRow {
    CheckpointRow {
        size,
        root: muster_tlog::leaf_hash(note.as_bytes()),
        note: note.to_owned(),
        created_at: now(),
        timestamp_token: None,
    }
}

/// One checkpoint per size, its outbox rows only with it; none past the
/// tree's end; the latest, one by size and those after a size.
pub async fn checkpoints_once_per_size<S: Store + ?Sized>(store: &S) {
    assert_eq!(store.latest_checkpoint().await.expect("latest"), None);
    new_incident(store, 2062, 3).await;
    let size = store.tree_size().await.expect("tree_size");
    let first = checkpoint(size - 2, "first\n\n— sig\n");
    let witnesses = enqueue(vec![item("tlog:checkpoint:first", now())]);
    assert!(
        store
            .record_checkpoint(&first, &witnesses)
            .await
            .expect("record")
    );
    assert!(
        store
            .outbox_by_key("tlog:checkpoint:first")
            .await
            .expect("by key")
            .is_some()
    );
    let again = checkpoint(size - 2, "another note at the same size");
    let late = enqueue(vec![item("tlog:checkpoint:again", now())]);
    assert!(!store.record_checkpoint(&again, &late).await.expect("again"));
    assert!(
        store
            .outbox_by_key("tlog:checkpoint:again")
            .await
            .expect("by key")
            .is_none(),
        "a checkpoint not recorded sends nothing"
    );
    assert_conflict(
        store
            .record_checkpoint(&checkpoint(size + 1, "future"), &Default::default())
            .await,
        None,
        "a checkpoint past the tree's end",
    );
    let second = CheckpointRow {
        timestamp_token: Some(vec![0x30, 0x82, 0, 1]),
        ..checkpoint(size, "second")
    };
    assert!(
        store
            .record_checkpoint(&second, &Default::default())
            .await
            .expect("record")
    );
    assert_eq!(
        store.latest_checkpoint().await.expect("latest"),
        Some(second.clone())
    );
    assert_eq!(
        store.checkpoint(size - 2).await.expect("get"),
        Some(first.clone())
    );
    assert_eq!(store.checkpoint(size - 1).await.expect("get"), None);
    assert_eq!(store.checkpoint(u64::MAX).await.expect("huge"), None);
    assert_eq!(
        store.checkpoints_after(0, 10).await.expect("after"),
        vec![first.clone(), second.clone()]
    );
    assert_eq!(
        store.checkpoints_after(size - 2, 10).await.expect("after"),
        vec![second]
    );
    assert_eq!(
        store.checkpoints_after(0, 1).await.expect("limit"),
        vec![first]
    );
}

/// A checkpoint's RFC 3161 token is added once, after the checkpoint; a
/// second token does not replace the first; no checkpoint, no token.
pub async fn checkpoint_timestamps_are_added_once<S: Store + ?Sized>(store: &S) {
    new_incident(store, 2063, 2).await;
    let size = store.tree_size().await.expect("tree_size");
    let row = checkpoint(size, "timestamped\n\n— sig\n");
    assert!(
        store
            .record_checkpoint(&row, &Default::default())
            .await
            .expect("record")
    );
    let token = vec![0x30, 0x03, 0x02, 0x01, 0x07];
    assert!(store.record_timestamp(size, &token).await.expect("token"));
    let kept = store.checkpoint(size).await.expect("get").expect("there");
    assert_eq!(kept.timestamp_token.as_deref(), Some(&token[..]));
    assert_eq!(
        (kept.note.as_str(), kept.root),
        (row.note.as_str(), row.root),
        "the token changes nothing else"
    );
    assert!(
        !store
            .record_timestamp(size, &[0x30, 0x00])
            .await
            .expect("again"),
        "a second token is not written"
    );
    assert_eq!(
        store
            .checkpoint(size)
            .await
            .expect("get")
            .and_then(|c| c.timestamp_token),
        Some(token),
        "the first token stands"
    );
    assert_not_found(
        store.record_timestamp(size + 1, &[0x30, 0x00]).await,
        "a token for a checkpoint that was never signed",
    );
    assert_not_found(
        store.record_timestamp(u64::MAX, &[0x30, 0x00]).await,
        "a size past any the store can hold",
    );
}
