//! Failed sign-in guesses per (source, account): counted only when the record
//! is still what the counter saw, so parallel guesses (on any instance) are
//! each counted once; a correct password clears only its own pair.

use muster_store::{SigninFailures, Store};
use std::sync::Arc;
use tokio::sync::Barrier;

fn at(failures: u32, last_at: i64) -> SigninFailures {
    SigninFailures { failures, last_at }
}

/// Records are per (source, account): swapped only from what was seen,
/// cleared one pair at a time, and forgotten by age.
pub async fn signin_failures_per_source_and_account<S: Store + ?Sized>(store: &S) {
    let (a, b, acct, other) = (
        "198.51.100.7",
        "203.0.113.9",
        "im@example.org",
        "x@example.org",
    );
    assert_eq!(store.signin_failures(a, acct).await.expect("read"), None);

    assert!(
        store
            .swap_signin_failures(a, acct, None, &at(1, 1_000))
            .await
            .expect("first guess"),
        "a first guess is counted"
    );
    assert!(
        !store
            .swap_signin_failures(a, acct, None, &at(1, 1_001))
            .await
            .expect("stale first guess"),
        "a second counter that also saw no record must read again"
    );
    assert!(
        !store
            .swap_signin_failures(a, acct, Some(&at(5, 1_000)), &at(6, 1_002))
            .await
            .expect("stale swap"),
        "a swap from a record that is not there changes nothing"
    );
    assert!(
        store
            .swap_signin_failures(a, acct, Some(&at(1, 1_000)), &at(2, 1_003))
            .await
            .expect("second guess"),
    );
    assert_eq!(
        store.signin_failures(a, acct).await.expect("read"),
        Some(at(2, 1_003))
    );

    // Other pairs are their own records.
    assert_eq!(store.signin_failures(b, acct).await.expect("read"), None);
    assert_eq!(store.signin_failures(a, other).await.expect("read"), None);
    assert!(
        store
            .swap_signin_failures(b, acct, None, &at(1, 5_000))
            .await
            .expect("b")
    );
    assert!(
        store
            .swap_signin_failures(a, other, None, &at(1, 9_000))
            .await
            .expect("other")
    );

    store.clear_signin_failures(a, acct).await.expect("clear");
    assert_eq!(store.signin_failures(a, acct).await.expect("read"), None);
    assert_eq!(
        store.signin_failures(b, acct).await.expect("read"),
        Some(at(1, 5_000)),
        "clearing one source leaves the others' guesses counted"
    );
    store
        .clear_signin_failures(a, acct)
        .await
        .expect("clearing nothing is fine");

    let gone = store.forget_signin_failures(6_000).await.expect("forget");
    assert!(gone >= 1, "the guess at 5000 is older than 6000");
    assert_eq!(store.signin_failures(b, acct).await.expect("read"), None);
    assert_eq!(
        store.signin_failures(a, other).await.expect("read"),
        Some(at(1, 9_000)),
        "newer guesses are kept"
    );
}

/// Many counters that saw the same record: exactly one swap wins.
pub async fn signin_failures_parallel_swaps_count_once<S: Store + ?Sized + 'static>(store: Arc<S>) {
    const COUNTERS: usize = 8;
    let (source, account) = ("192.0.2.44", "race@example.org");
    for seen in [None, Some(at(1, 10))] {
        let barrier = Arc::new(Barrier::new(COUNTERS));
        let mut tasks = Vec::new();
        for i in 0..COUNTERS {
            let (store, barrier) = (store.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                let next = at(seen.map_or(1, |s| s.failures + 1), 10 + i as i64);
                store
                    .swap_signin_failures(source, account, seen.as_ref(), &next)
                    .await
                    .expect("swap")
            }));
        }
        let mut won = 0;
        for t in tasks {
            won += usize::from(t.await.expect("task"));
        }
        assert_eq!(won, 1, "one of the counters that saw {seen:?} wins");
        if seen.is_none() {
            // Start the second round from a known record.
            let now = store
                .signin_failures(source, account)
                .await
                .expect("read")
                .expect("counted");
            store
                .clear_signin_failures(source, account)
                .await
                .expect("clear");
            assert!(
                store
                    .swap_signin_failures(source, account, None, &at(1, 10))
                    .await
                    .expect("reset"),
                "{now:?} cleared"
            );
        }
    }
    let last = store
        .signin_failures(source, account)
        .await
        .expect("read")
        .expect("counted");
    assert_eq!(last.failures, 2);
}
