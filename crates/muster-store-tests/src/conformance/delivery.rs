//! Deliveries from a chat platform: the first of a key is acted on, every
//! repeat (on any instance, in parallel or later) is not, until its time is up
//! or it is forgotten because acting on it failed.

use muster_store::Store;
use std::sync::Arc;
use tokio::sync::Barrier;

/// The first delivery of a key wins; a repeat loses; an expired key is
/// forgotten, and so is one the caller gives back.
pub async fn deliveries_are_first_once<S: Store + ?Sized>(store: &S) {
    let key = "slack:event:Ev0001";
    assert!(
        store
            .first_delivery(key, 1_000, 5_000)
            .await
            .expect("first")
    );
    assert!(
        !store
            .first_delivery(key, 2_000, 6_000)
            .await
            .expect("repeat"),
        "a repeat within the window is not a first delivery"
    );
    assert!(
        store
            .first_delivery("slack:event:Ev0002", 2_000, 6_000)
            .await
            .expect("other"),
        "another key is its own delivery"
    );
    assert!(
        store
            .first_delivery(key, 5_001, 9_000)
            .await
            .expect("after"),
        "once its time is up, the key is forgotten"
    );
    store.forget_delivery(key).await.expect("forget");
    assert!(
        store
            .first_delivery(key, 5_002, 9_000)
            .await
            .expect("again"),
        "a forgotten key is a first delivery again"
    );
    store
        .forget_delivery("slack:never-seen")
        .await
        .expect("forgetting nothing is fine");
}

/// Many instances receiving the same delivery at once: exactly one acts.
pub async fn parallel_deliveries_act_once<S: Store + ?Sized + 'static>(store: Arc<S>) {
    const RECEIVERS: usize = 8;
    let barrier = Arc::new(Barrier::new(RECEIVERS));
    let mut tasks = Vec::new();
    for _ in 0..RECEIVERS {
        let (store, barrier) = (store.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            store
                .first_delivery("slack:command:v0=race", 10_000, 20_000)
                .await
                .expect("deliver")
        }));
    }
    let mut firsts = 0;
    for t in tasks {
        firsts += usize::from(t.await.expect("task"));
    }
    assert_eq!(firsts, 1, "exactly one receiver acts on a delivery");
}

/// A feed's place is absent until set, then reads back as last set, one per
/// name; the people directory keeps a Matrix id like a Slack id.
pub async fn cursors_keep_their_place<S: Store + ?Sized>(store: &S) {
    assert_eq!(store.cursor("matrix:sync").await.expect("cursor"), None);
    store
        .set_cursor("matrix:sync", "s72595_4483_1934", 1_000)
        .await
        .expect("set");
    store
        .set_cursor("matrix:sync", "s72596_4484_1935", 2_000)
        .await
        .expect("set again");
    store
        .set_cursor("other:feed", "t1", 2_000)
        .await
        .expect("another feed");
    assert_eq!(
        store
            .cursor("matrix:sync")
            .await
            .expect("cursor")
            .as_deref(),
        Some("s72596_4484_1935"),
        "the latest place wins"
    );
    assert_eq!(
        store.cursor("other:feed").await.expect("cursor").as_deref(),
        Some("t1")
    );

    let mut ana = super::fixtures::person("Ana Matrix");
    ana.matrix_id = Some("@ana:example.org".into());
    store.create_person(&ana).await.expect("create");
    let got = store.person(ana.id).await.expect("read").expect("there");
    assert_eq!(got.matrix_id.as_deref(), Some("@ana:example.org"));
    ana.matrix_id = Some("@ana:matrix.example.org".into());
    store.update_person(&ana).await.expect("update");
    let got = store.person(ana.id).await.expect("read").expect("there");
    assert_eq!(got.matrix_id.as_deref(), Some("@ana:matrix.example.org"));
}
