//! Sign-on: provider sessions found by (issuer, sid), and one-time CLI grants
//! that are good once, until they expire, however many takers race.

use crate::conformance::fixtures::person;
use muster_store::{ApiToken, SsoGrant, Store};
use std::sync::Arc;
use tokio::sync::Barrier;
use uuid::Uuid;

/// Sessions are found by their provider session, and only by it.
pub async fn sso_sessions_by_issuer_and_sid<S: Store + ?Sized>(store: &S) {
    let who = person("Sso Session");
    store.create_person(&who).await.expect("person");
    let mut tokens = Vec::new();
    for n in 0..3 {
        let token = ApiToken {
            id: Uuid::now_v7(),
            person: who.id,
            name: "web session".into(),
            hash: format!("sso-session-hash-{n}"),
            created_at: 1_000 + n,
            revoked_at: None,
        };
        store.create_token(&token).await.expect("token");
        tokens.push(token.id);
    }
    let idp = "https://idp.example.org";
    store
        .record_sso_session(tokens[0], idp, "sid-1", 1_000)
        .await
        .expect("record");
    store
        .record_sso_session(tokens[1], idp, "sid-1", 1_001)
        .await
        .expect("record");
    store
        .record_sso_session(tokens[2], "https://other.example.org", "sid-1", 1_002)
        .await
        .expect("record");
    let mut want = vec![tokens[0], tokens[1]];
    want.sort();
    assert_eq!(store.sso_sessions(idp, "sid-1").await.expect("find"), want);
    assert!(
        store
            .sso_sessions(idp, "sid-2")
            .await
            .expect("none")
            .is_empty(),
        "another sid names no session"
    );
    assert_eq!(
        store
            .sso_sessions("https://other.example.org", "sid-1")
            .await
            .expect("other"),
        vec![tokens[2]],
        "the same sid at another issuer is another session"
    );
}

/// A grant is taken once; an expired one is never handed out.
pub async fn sso_grants_are_taken_once<S: Store + ?Sized>(store: &S) {
    let who = person("Sso Grant");
    store.create_person(&who).await.expect("person");
    let grant = SsoGrant {
        code_hash: "grant-hash-1".into(),
        person: who.id,
        challenge: "challenge-1".into(),
        expires_at: 5_000,
    };
    store.put_sso_grant(&grant).await.expect("put");
    assert_eq!(
        store
            .take_sso_grant("grant-hash-1", 4_000)
            .await
            .expect("take"),
        Some(grant.clone())
    );
    assert_eq!(
        store
            .take_sso_grant("grant-hash-1", 4_001)
            .await
            .expect("again"),
        None,
        "a grant is good once"
    );
    assert_eq!(
        store
            .take_sso_grant("never-put", 4_001)
            .await
            .expect("unknown"),
        None
    );
    let late = SsoGrant {
        code_hash: "grant-hash-2".into(),
        ..grant
    };
    store.put_sso_grant(&late).await.expect("put");
    assert_eq!(
        store
            .take_sso_grant("grant-hash-2", 5_001)
            .await
            .expect("late"),
        None,
        "an expired grant is not handed out"
    );
}

/// Many takers of one grant at once: exactly one gets it.
pub async fn parallel_grant_takers_get_it_once<S: Store + ?Sized + 'static>(store: Arc<S>) {
    let who = person("Sso Race");
    store.create_person(&who).await.expect("person");
    store
        .put_sso_grant(&SsoGrant {
            code_hash: "grant-race".into(),
            person: who.id,
            challenge: "c".into(),
            expires_at: i64::MAX,
        })
        .await
        .expect("put");
    const TAKERS: usize = 8;
    let barrier = Arc::new(Barrier::new(TAKERS));
    let mut tasks = Vec::new();
    for _ in 0..TAKERS {
        let (store, barrier) = (store.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            store
                .take_sso_grant("grant-race", 1)
                .await
                .expect("take")
                .is_some()
        }));
    }
    let mut got = 0;
    for t in tasks {
        got += usize::from(t.await.expect("task"));
    }
    assert_eq!(got, 1, "exactly one taker gets a grant");
}
