//! The outbox: idempotent enqueue, slots, claims with leases, finishing a
//! claim, the delivery log, and rows written with the change that caused them.
//!
//! Checks share the outbox, so each ends by draining what it left pending
//! ([`drain`]): a later check's claim must only ever see its own rows.

use super::fixtures::{assert_conflict, assert_not_found, chain, new_incident, now, summary};
use muster_domain::log::GENESIS_HASH;
use muster_store::{
    Append, AppendOutcome, CommitBatch, OutboxCancel, OutboxChanges, OutboxItem, OutboxQuery,
    OutboxStatus, Store,
};
use serde_json::json;
use uuid::Uuid;

/// A time after anything a check enqueues and before any far-future row.
pub(crate) const LATE: i64 = 4_000_000_000_000_000;

pub(crate) fn item(key: &str, due_at: i64) -> OutboxItem {
    OutboxItem::new(
        key,
        "conformance",
        json!({"text": "Zoë's «reminder» \"quoted\"\n🔔", "n": 1}),
        due_at,
        now(),
    )
}

pub(crate) fn enqueue(items: Vec<OutboxItem>) -> OutboxChanges {
    OutboxChanges {
        enqueue: items,
        cancel: Vec::new(),
        if_subscribed: Vec::new(),
    }
}

/// Claims and completes everything pending, so the next check starts clean.
pub(crate) async fn drain<S: Store + ?Sized>(store: &S) {
    loop {
        let claimed = store
            .claim("drain", LATE, 500, 1)
            .await
            .expect("claim to drain");
        if claimed.is_empty() {
            return;
        }
        for i in claimed {
            store.complete(i.id, "drain", LATE).await.expect("complete");
        }
    }
}

async fn by_key<S: Store + ?Sized>(store: &S, key: &str) -> OutboxItem {
    store
        .outbox_by_key(key)
        .await
        .expect("outbox_by_key")
        .unwrap_or_else(|| panic!("no outbox row {key}"))
}

/// A key is written once; a slot holds one pending row; a cancelled row is
/// revived by enqueueing its key again; payloads come back byte for byte.
pub async fn outbox_enqueue_keys_and_slots<S: Store + ?Sized>(store: &S) {
    let t = 1_000_000;
    let first = item("c1:a", t).in_slot("c1:slot");
    assert_eq!(
        store
            .enqueue(&enqueue(vec![first.clone()]))
            .await
            .expect("enqueue"),
        1
    );
    let again = item("c1:a", t + 99);
    assert_eq!(
        store.enqueue(&enqueue(vec![again])).await.expect("enqueue"),
        0,
        "an existing key is left alone"
    );
    let a = by_key(store, "c1:a").await;
    assert_eq!(a.id, first.id);
    assert_eq!(
        (a.due_at, a.status, a.attempts),
        (t, OutboxStatus::Pending, 0)
    );
    assert_eq!(a.payload, first.payload, "payload round trip");
    assert_eq!(a.slot.as_deref(), Some("c1:slot"));
    assert_eq!(
        store.outbox_item(a.id).await.expect("item"),
        Some(a.clone())
    );

    let moved = item("c1:b", t + 10).in_slot("c1:slot");
    store.enqueue(&enqueue(vec![moved])).await.expect("enqueue");
    assert_eq!(by_key(store, "c1:a").await.status, OutboxStatus::Cancelled);
    assert_eq!(by_key(store, "c1:b").await.status, OutboxStatus::Pending);

    let cancel = OutboxChanges {
        enqueue: Vec::new(),
        cancel: vec![OutboxCancel {
            slot: "c1:slot".into(),
            at: t + 20,
        }],
        if_subscribed: Vec::new(),
    };
    store.enqueue(&cancel).await.expect("cancel");
    let b = by_key(store, "c1:b").await;
    assert_eq!(
        (b.status, b.finished_at),
        (OutboxStatus::Cancelled, Some(t + 20))
    );

    let revived = store
        .enqueue(&enqueue(vec![item("c1:a", t + 30).in_slot("c1:slot")]))
        .await
        .expect("revive");
    assert_eq!(revived, 1, "a cancelled key is revived");
    let a = by_key(store, "c1:a").await;
    assert_eq!(
        (a.status, a.due_at, a.finished_at),
        (OutboxStatus::Pending, t + 30, None)
    );
    assert_eq!(a.id, first.id, "reviving keeps the row");
    drain(store).await;
    let delivered = store
        .enqueue(&enqueue(vec![item("c1:a", t + 40)]))
        .await
        .expect("enqueue");
    assert_eq!(delivered, 0, "a delivered key is never delivered again");
    assert_eq!(by_key(store, "c1:a").await.status, OutboxStatus::Delivered);
}

/// Claims take due rows in due order under a lease; a lapsed lease is claimed
/// again by another worker, after which the first may no longer finish it.
pub async fn outbox_claims_and_leases<S: Store + ?Sized>(store: &S) {
    let t = 2_000_000;
    let lease = 60_000_000;
    // Due long after every lease below has run out.
    const FUTURE: i64 = 1_000_000_000_000;
    assert_eq!(store.next_due().await.expect("next_due"), None, "drained");
    let rows = vec![
        item("c2:late", t + 5),
        item("c2:early", t + 1),
        item("c2:future", t + FUTURE),
    ];
    store.enqueue(&enqueue(rows)).await.expect("enqueue");
    assert_eq!(store.next_due().await.expect("next_due"), Some(t + 1));

    let got = store.claim("w1", t + 10, 10, lease).await.expect("claim");
    let keys: Vec<&str> = got.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        ["c2:early", "c2:late"],
        "due rows only, earliest first"
    );
    for i in &got {
        assert_eq!(i.claimed_by.as_deref(), Some("w1"));
        assert_eq!((i.lease_until, i.attempts), (Some(t + 10 + lease), 1));
    }
    assert!(
        store
            .claim("w2", t + 10, 10, lease)
            .await
            .expect("claim")
            .is_empty(),
        "a live lease keeps others off"
    );
    assert_eq!(
        store.next_due().await.expect("next_due"),
        Some(t + 10 + lease),
        "a claimed row may become claimable again when its lease runs out"
    );

    let (early, late) = (&got[0], &got[1]);
    let after = t + 10 + lease;
    let again = store.claim("w2", after, 10, lease).await.expect("reclaim");
    let keys: Vec<&str> = again.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["c2:early", "c2:late"], "lapsed leases are reclaimed");
    assert_eq!(again[0].attempts, 2, "every claim counts as an attempt");
    assert_conflict(
        store.complete(early.id, "w1", after).await,
        None,
        "a stale worker completing",
    );
    store
        .complete(early.id, "w2", after)
        .await
        .expect("complete");
    let done = by_key(store, "c2:early").await;
    assert_eq!(
        (done.status, done.finished_at),
        (OutboxStatus::Delivered, Some(after))
    );
    assert_eq!(done.lease_until, None);
    assert_conflict(
        store.complete(early.id, "w2", after).await,
        None,
        "completing twice",
    );
    assert_not_found(
        store.complete(Uuid::now_v7(), "w2", after).await,
        "unknown row",
    );

    store
        .retry(late.id, "w2", after + 500, "HTTP 503")
        .await
        .expect("retry");
    let waiting = by_key(store, "c2:late").await;
    assert_eq!(waiting.status, OutboxStatus::Pending);
    assert_eq!((waiting.due_at, waiting.lease_until), (after + 500, None));
    assert_eq!(waiting.last_error.as_deref(), Some("HTTP 503"));
    assert!(
        store
            .claim("w3", after + 499, 10, lease)
            .await
            .expect("claim")
            .is_empty()
    );
    let third = store
        .claim("w3", after + 500, 1, lease)
        .await
        .expect("claim");
    assert_eq!(third.len(), 1, "limit respected");
    assert_eq!((third[0].key.as_str(), third[0].attempts), ("c2:late", 3));
    store
        .dead_letter(late.id, "w3", after + 501, "gave up")
        .await
        .expect("dead");
    let dead = by_key(store, "c2:late").await;
    assert_eq!(dead.status, OutboxStatus::Dead);
    assert_eq!(dead.last_error.as_deref(), Some("gave up"));
    assert_conflict(
        store.retry(late.id, "w3", after, "x").await,
        None,
        "retrying a dead row",
    );

    let future = store
        .claim("w4", t + FUTURE, 10, lease)
        .await
        .expect("claim");
    assert_eq!(future.len(), 1);
    store
        .cancel(future[0].id, "w4", t + FUTURE, "no longer applies")
        .await
        .expect("cancel");
    let cancelled = by_key(store, "c2:future").await;
    assert_eq!(cancelled.status, OutboxStatus::Cancelled);
    assert_eq!(cancelled.last_error.as_deref(), Some("no longer applies"));
    assert_eq!(store.next_due().await.expect("next_due"), None);
    assert!(
        store
            .claim("w0", 0, 0, lease)
            .await
            .expect("limit 0")
            .is_empty()
    );
}

/// Rows travel with the change that caused them: with an incident's creation,
/// with an append only if it commits, and with the batch always.
pub async fn outbox_written_with_commits<S: Store + ?Sized>(store: &S) {
    let reference = store.allocate_reference(2058).await.expect("allocate");
    let id = Uuid::now_v7();
    let first = chain(id, 0, GENESIS_HASH, 1);
    let created = summary(id, &reference, &first);
    let declared = enqueue(vec![item("c3:declared", 1).for_incident(id)]);
    store
        .create_incident(&created, &first, None, &declared)
        .await
        .expect("create_incident");
    assert_eq!(by_key(store, "c3:declared").await.incident, Some(id));

    let (other, _) = new_incident(store, 2058, 1).await;
    let next = chain(id, 1, &first[0].hash, 1);
    let stale = chain(other.id, 5, "f00", 1);
    let batch = CommitBatch {
        appends: vec![
            Append {
                incident: id,
                expected_seq: 1,
                summary: summary(id, &reference, &next),
                entries: next,
                outbox: enqueue(vec![item("c3:committed", 1)]),
            },
            Append {
                incident: other.id,
                expected_seq: 5,
                summary: summary(other.id, &other.reference, &stale),
                entries: stale,
                outbox: enqueue(vec![item("c3:conflicted", 1)]),
            },
        ],
        audit: Vec::new(),
        outbox: enqueue(vec![item("c3:batch", 1)]),
    };
    let outcomes = store.commit(&batch).await.expect("commit");
    assert_eq!(outcomes[0], AppendOutcome::Committed);
    assert!(matches!(outcomes[1], AppendOutcome::Conflict { .. }));
    by_key(store, "c3:committed").await;
    by_key(store, "c3:batch").await;
    assert_eq!(
        store.outbox_by_key("c3:conflicted").await.expect("by key"),
        None,
        "a conflicted append's rows are not written"
    );

    // An outbox-only batch is still a commit.
    let only = CommitBatch {
        outbox: enqueue(vec![item("c3:only", 1)]),
        ..CommitBatch::default()
    };
    assert!(store.commit(&only).await.expect("commit").is_empty());
    by_key(store, "c3:only").await;

    let log = store
        .list_outbox(&OutboxQuery {
            incident: Some(id),
            ..OutboxQuery::default()
        })
        .await
        .expect("list_outbox");
    let keys: Vec<&str> = log.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["c3:declared"], "filtered by incident");
    drain(store).await;
}
