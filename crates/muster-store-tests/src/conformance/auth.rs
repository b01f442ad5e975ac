//! Logins, the admin count, and API tokens.

use super::fixtures::{assert_conflict, assert_not_found, now, person};
use muster_store::{ApiToken, Store, User};
use uuid::Uuid;

/// A login is created, replaced, and counted among admins only while admin.
pub async fn users_and_admin_count<S: Store + ?Sized>(store: &S) {
    let before = store.count_admins().await.expect("count_admins");
    let erin = person("Erin Admin");
    let finn = person("Finn User");
    for p in [&erin, &finn] {
        store.create_person(p).await.expect("create_person");
    }
    assert_eq!(
        store.user(erin.id).await.expect("user"),
        None,
        "no login yet"
    );

    let erin_login = User {
        person: erin.id,
        admin: true,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        created_at: now(),
    };
    let finn_login = User {
        person: finn.id,
        admin: false,
        password_hash: None,
        created_at: now(),
    };
    store.upsert_user(&erin_login).await.expect("upsert erin");
    store.upsert_user(&finn_login).await.expect("upsert finn");
    assert_eq!(
        store.user(erin.id).await.expect("user"),
        Some(erin_login.clone())
    );
    assert_eq!(
        store.user(finn.id).await.expect("user"),
        Some(finn_login.clone())
    );
    assert_eq!(store.count_admins().await.expect("count"), before + 1);

    let promoted = User {
        admin: true,
        password_hash: Some("$argon2id$new".to_owned()),
        ..finn_login.clone()
    };
    store.upsert_user(&promoted).await.expect("promote finn");
    assert_eq!(store.user(finn.id).await.expect("user"), Some(promoted));
    assert_eq!(store.count_admins().await.expect("count"), before + 2);

    let demoted = User {
        admin: false,
        ..erin_login
    };
    store.upsert_user(&demoted).await.expect("demote erin");
    assert_eq!(store.count_admins().await.expect("count"), before + 1);

    let stranger = User {
        person: Uuid::now_v7(),
        admin: true,
        password_hash: None,
        created_at: now(),
    };
    assert_not_found(
        store.upsert_user(&stranger).await,
        "a login for a person who does not exist",
    );
    assert_eq!(store.count_admins().await.expect("count"), before + 1);
}

fn token(person: Uuid, name: &str, created_at: i64) -> ApiToken {
    ApiToken {
        id: Uuid::now_v7(),
        person,
        name: name.to_owned(),
        hash: format!("{:064x}", Uuid::now_v7().as_u128()),
        created_at,
        revoked_at: None,
    }
}

/// Tokens are found by hash until revoked; revoking twice is NotFound.
pub async fn tokens_lookup_and_revoke<S: Store + ?Sized>(store: &S) {
    let gail = person("Gail Tokens");
    store.create_person(&gail).await.expect("create_person");
    let t = now();
    let laptop = token(gail.id, "laptop", t);
    let ci = token(gail.id, "ci", t + 1);
    store.create_token(&ci).await.expect("create ci token");
    store
        .create_token(&laptop)
        .await
        .expect("create laptop token");

    let found = store
        .token_by_hash(&laptop.hash)
        .await
        .expect("token_by_hash");
    assert_eq!(
        found,
        Some(laptop.clone()),
        "a live token is found by its hash"
    );
    let none = store.token_by_hash(&"0".repeat(64)).await.expect("lookup");
    assert_eq!(none, None, "an unknown hash finds nothing");

    let mut dup = token(gail.id, "copy", t + 2);
    dup.hash = ci.hash.clone();
    assert_conflict(
        store.create_token(&dup).await,
        None,
        "two tokens with one hash",
    );
    assert_not_found(
        store
            .create_token(&token(Uuid::now_v7(), "orphan", t))
            .await,
        "a token for a person who does not exist",
    );

    let listed = store.tokens_of(gail.id).await.expect("tokens_of");
    assert_eq!(
        listed,
        vec![laptop.clone(), ci.clone()],
        "oldest token first"
    );

    store.revoke_token(laptop.id, t + 10).await.expect("revoke");
    let gone = store.token_by_hash(&laptop.hash).await.expect("lookup");
    assert_eq!(gone, None, "a revoked token is not found by hash");
    let still = store.token_by_hash(&ci.hash).await.expect("lookup");
    assert_eq!(
        still,
        Some(ci.clone()),
        "revoking one token leaves the other"
    );
    assert_not_found(
        store.revoke_token(laptop.id, t + 11).await,
        "revoking twice",
    );
    assert_not_found(
        store.revoke_token(Uuid::now_v7(), t).await,
        "revoking no token",
    );

    let listed = store.tokens_of(gail.id).await.expect("tokens_of");
    let revoked = ApiToken {
        revoked_at: Some(t + 10),
        ..laptop
    };
    assert_eq!(
        listed,
        vec![revoked, ci],
        "revoked tokens stay listed, marked"
    );
    let none = store.tokens_of(Uuid::now_v7()).await.expect("tokens_of");
    assert!(none.is_empty(), "no one else's tokens");
}
