//! The outbox under concurrent claimers, the delivery log's filters,
//! webhook subscriptions, and rows written only for subscribers.

use super::fixtures::{assert_conflict, assert_not_found, now};
use super::outbox::{LATE, drain, enqueue, item};
use muster_store::{OutboxChanges, OutboxQuery, OutboxStatus, Store, WebhookSubscription};
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::Barrier;
use uuid::Uuid;

const CLAIMERS: usize = 8;
const ROWS: usize = 240;

/// Eight workers claim from one pile at once, in small bites: every row is
/// claimed by exactly one of them.
pub async fn outbox_concurrent_claimers_never_share<S: Store + ?Sized + 'static>(store: Arc<S>) {
    let t = 3_000_000;
    let rows = (0..ROWS)
        .map(|n| item(&format!("c4:{n}"), t + n as i64))
        .collect();
    store.enqueue(&enqueue(rows)).await.expect("enqueue");
    let barrier = Arc::new(Barrier::new(CLAIMERS));
    let mut tasks = Vec::new();
    for w in 0..CLAIMERS {
        let (store, barrier) = (store.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            let worker = format!("claimer-{w}");
            barrier.wait().await;
            let mut mine = Vec::new();
            loop {
                let got = store
                    .claim(&worker, LATE, 7, 3_600_000_000)
                    .await
                    .expect("claim");
                if got.is_empty() {
                    return mine;
                }
                for i in got {
                    store
                        .complete(i.id, &worker, LATE)
                        .await
                        .expect("complete own claim");
                    mine.push(i.key);
                }
            }
        }));
    }
    let mut seen = HashSet::new();
    for task in tasks {
        for key in task.await.expect("a claimer panicked") {
            assert!(seen.insert(key.clone()), "{key} was claimed twice");
        }
    }
    assert_eq!(seen.len(), ROWS, "every row claimed once");
}

/// The delivery log: newest first, filtered by status and channel, limited.
pub async fn outbox_delivery_log<S: Store + ?Sized>(store: &S) {
    let mut rows = Vec::new();
    for n in 0..4 {
        let mut i = item(&format!("c5:{n}"), 1);
        i.channel = "c5-channel".into();
        i.created_at = now() + n;
        rows.push(i);
    }
    store.enqueue(&enqueue(rows)).await.expect("enqueue");
    let claimed = store.claim("c5", LATE, 500, 1).await.expect("claim");
    let mut ok = Vec::new();
    for i in claimed {
        if i.key == "c5:1" {
            store
                .dead_letter(i.id, "c5", LATE, "HTTP 500 five times")
                .await
                .expect("dead");
        } else {
            ok.push(i.id);
        }
    }
    // Completing many at once: one outcome per row, in order.
    let done = store
        .complete_many(&ok, "c5", LATE)
        .await
        .expect("complete_many");
    assert_eq!(done.len(), ok.len());
    assert!(done.iter().all(Result::is_ok), "{done:?}");
    let again = store
        .complete_many(&ok, "c5", LATE)
        .await
        .expect("complete_many");
    assert!(
        again
            .iter()
            .all(|r| matches!(r, Err(muster_store::StoreError::Conflict(_)))),
        "completing twice is a Conflict per row: {again:?}"
    );
    let q = |status, limit| OutboxQuery {
        status,
        channel: Some("c5-channel".into()),
        incident: None,
        limit,
    };
    let all = store.list_outbox(&q(None, 0)).await.expect("list");
    let keys: Vec<&str> = all.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["c5:3", "c5:2", "c5:1", "c5:0"], "newest first");
    let dead = store
        .list_outbox(&q(Some(OutboxStatus::Dead), 0))
        .await
        .expect("list");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error.as_deref(), Some("HTTP 500 five times"));
    assert_eq!(store.list_outbox(&q(None, 2)).await.expect("list").len(), 2);
    drain(store).await;
}

/// Webhook subscriptions: create, read, update, delete, with clear errors.
pub async fn webhook_subscriptions_crud<S: Store + ?Sized>(store: &S) {
    let sub = WebhookSubscription {
        id: Uuid::now_v7(),
        url: "https://hooks.example.org/muster?team=soc".into(),
        secret: "whsec_Zoë-🔑".into(),
        kinds: vec!["action-delegated".into(), "reminder.action-overdue".into()],
        active: true,
        description: Some("SOC dashboard".into()),
        created_by: Uuid::now_v7(),
        created_at: now(),
    };
    store.create_subscription(&sub).await.expect("create");
    assert_conflict(store.create_subscription(&sub).await, None, "same id twice");
    assert_eq!(
        store.subscription(sub.id).await.expect("get"),
        Some(sub.clone())
    );
    assert!(sub.wants("action-delegated") && !sub.wants("note-added"));

    let mut changed = sub.clone();
    changed.kinds = vec!["*".into()];
    changed.active = false;
    changed.description = None;
    store.update_subscription(&changed).await.expect("update");
    assert_eq!(
        store.subscription(sub.id).await.expect("get"),
        Some(changed.clone())
    );
    assert!(!changed.wants("note-added"), "inactive wants nothing");
    let listed = store.list_subscriptions().await.expect("list");
    assert!(listed.contains(&changed));

    store.delete_subscription(sub.id).await.expect("delete");
    assert_eq!(store.subscription(sub.id).await.expect("get"), None);
    assert_not_found(store.delete_subscription(sub.id).await, "deleting twice");
    assert_not_found(
        store.update_subscription(&changed).await,
        "updating a deleted one",
    );
}

/// A row only subscribers want is written only while an active webhook
/// subscription exists (issue 15: no fan-out row nobody reads).
pub async fn outbox_if_subscribed_waits_for_a_subscriber<S: Store + ?Sized>(store: &S) {
    assert!(
        store.list_subscriptions().await.expect("list").is_empty(),
        "this check starts with no subscription"
    );
    let only_if = |key: &str| OutboxChanges {
        if_subscribed: vec![item(key, 5_000_000)],
        ..OutboxChanges::default()
    };
    let written = store.enqueue(&only_if("c6:none")).await.expect("enqueue");
    assert_eq!(written, 0, "no subscription: nothing written");
    assert_eq!(store.outbox_by_key("c6:none").await.expect("get"), None);

    let mut sub = WebhookSubscription {
        id: Uuid::now_v7(),
        url: "https://hooks.example.org/c6".into(),
        secret: "whsec_c6".into(),
        kinds: vec!["*".into()],
        active: false,
        description: None,
        created_by: Uuid::now_v7(),
        created_at: now(),
    };
    store.create_subscription(&sub).await.expect("create");
    store
        .enqueue(&only_if("c6:inactive"))
        .await
        .expect("enqueue");
    assert_eq!(
        store.outbox_by_key("c6:inactive").await.expect("get"),
        None,
        "an inactive subscription receives nothing, so asks for nothing"
    );

    sub.active = true;
    store.update_subscription(&sub).await.expect("activate");
    let written = store.enqueue(&only_if("c6:active")).await.expect("enqueue");
    assert_eq!(written, 1);
    let row = store
        .outbox_by_key("c6:active")
        .await
        .expect("get")
        .expect("written once someone subscribes");
    assert_eq!(row.status, OutboxStatus::Pending);

    store.delete_subscription(sub.id).await.expect("delete");
    drain(store).await;
}
