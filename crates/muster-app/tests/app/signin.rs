//! Password sign-in through `App::sign_in`: guesses are throttled per
//! (source, account), so a guesser never keeps an account's owner out, and no
//! source is blocked from every account.

use muster_app::App;
use muster_app::actor::hash_password;
use muster_app::signin::{FREE_GUESSES, SignIn};
use muster_store::{Person, Store, User};
use muster_store_sqlite::SqliteStore;
use std::net::IpAddr;
use std::sync::Arc;
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery staple";

struct Fixture {
    app: App,
    store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

async fn login(store: &dyn Store, email: &str, hash: &str) {
    let p = Person {
        id: Uuid::now_v7(),
        name: email.into(),
        email: email.into(),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: vec![],
        team: None,
        created_at: jiff::Timestamp::now().as_microsecond(),
    };
    store.create_person(&p).await.expect("person");
    store
        .upsert_user(&User {
            person: p.id,
            admin: false,
            password_hash: Some(hash.to_owned()),
            created_at: p.created_at,
        })
        .await
        .expect("user");
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("muster.db");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(path.to_str().expect("utf-8"))
            .await
            .expect("open"),
    );
    let hash = hash_password(PASSWORD).expect("hash");
    for email in ["olivia@example.org", "sam@example.org"] {
        login(store.as_ref(), email, &hash).await;
    }
    Fixture {
        app: App::new(store.clone(), muster_domain::Policy::default()),
        store,
        _dir: dir,
    }
}

fn ip(s: &str) -> Option<IpAddr> {
    Some(s.parse().expect("ip"))
}

#[track_caller]
fn accepted(outcome: SignIn, email: &str) {
    match outcome {
        SignIn::Accepted(p) => assert_eq!(p.email, email),
        other => panic!("{email} should have signed in: {other:?}"),
    }
}

#[tokio::test]
async fn a_guesser_is_slowed_down_but_never_keeps_the_owner_out() {
    let f = fixture().await;
    let guesser = ip("198.51.100.66");
    for n in 1..=FREE_GUESSES {
        match f
            .app
            .sign_in(guesser, "olivia@example.org", "guess".into())
            .await
            .expect("sign in")
        {
            SignIn::Refused { wait } => assert_eq!(
                wait.is_some(),
                n == FREE_GUESSES,
                "guess {n}: the waits start after {FREE_GUESSES}"
            ),
            other => panic!("guess {n}: {other:?}"),
        }
    }
    // The next guess from there, even the right password, waits: it is not
    // checked at all, so the guesser learns nothing.
    let next = f
        .app
        .sign_in(guesser, "olivia@example.org", PASSWORD.into())
        .await
        .expect("sign in");
    assert!(
        matches!(next, SignIn::Throttled { wait } if !wait.is_zero()),
        "{next:?}"
    );

    // Olivia herself, from anywhere else, signs in at once, as many times as
    // she likes, with any spelling of her email.
    for from in ["203.0.113.7", "2001:db8:5::1"] {
        accepted(
            f.app
                .sign_in(ip(from), " Olivia@Example.org", PASSWORD.into())
                .await
                .expect("sign in"),
            "olivia@example.org",
        );
    }
    // The guessing source is not blocked from other accounts either, however
    // many it has sprayed with wrong passwords.
    for i in 0..12 {
        let outcome = f
            .app
            .sign_in(guesser, &format!("nobody{i}@example.org"), "guess".into())
            .await
            .expect("sign in");
        assert!(
            matches!(outcome, SignIn::Refused { wait: None }),
            "{outcome:?}"
        );
    }
    accepted(
        f.app
            .sign_in(guesser, "sam@example.org", PASSWORD.into())
            .await
            .expect("sign in"),
        "sam@example.org",
    );
    // Sources are counted where they are: the guesser's record stands.
    let record = f
        .store
        .signin_failures("198.51.100.66", "olivia@example.org")
        .await
        .expect("read")
        .expect("the guesser's record");
    assert_eq!(record.failures, FREE_GUESSES);
    assert_eq!(
        f.store
            .signin_failures("203.0.113.7", "olivia@example.org")
            .await
            .expect("read"),
        None,
        "a correct password leaves no record"
    );
}

#[tokio::test]
async fn a_correct_password_forgives_that_source_and_a_v6_site_counts_once() {
    let f = fixture().await;
    let mistyper = ip("192.0.2.10");
    for _ in 0..FREE_GUESSES - 1 {
        f.app
            .sign_in(mistyper, "sam@example.org", "typo".into())
            .await
            .expect("sign in");
    }
    accepted(
        f.app
            .sign_in(mistyper, "sam@example.org", PASSWORD.into())
            .await
            .expect("sign in"),
        "sam@example.org",
    );
    for n in 1..FREE_GUESSES {
        let outcome = f
            .app
            .sign_in(mistyper, "sam@example.org", "typo".into())
            .await
            .expect("sign in");
        assert!(
            matches!(outcome, SignIn::Refused { wait: None }),
            "{n}: {outcome:?}"
        );
    }

    // Hopping between the addresses of one IPv6 /64 is still one source.
    for n in 1..=FREE_GUESSES {
        f.app
            .sign_in(
                ip(&format!("2001:db8:1:2::{n}")),
                "olivia@example.org",
                "guess".into(),
            )
            .await
            .expect("sign in");
    }
    let hop = f
        .app
        .sign_in(
            ip("2001:db8:1:2::ffff"),
            "olivia@example.org",
            "guess".into(),
        )
        .await
        .expect("sign in");
    assert!(matches!(hop, SignIn::Throttled { .. }), "{hop:?}");
}

#[tokio::test]
async fn guesses_sent_together_are_each_counted() {
    let f = fixture().await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let app = f.app.clone();
        tasks.push(tokio::spawn(async move {
            app.sign_in(ip("198.51.100.99"), "olivia@example.org", "guess".into())
                .await
                .expect("sign in")
        }));
    }
    let mut checked = 0;
    for t in tasks {
        match t.await.expect("task") {
            SignIn::Refused { .. } => checked += 1,
            SignIn::Throttled { .. } => {}
            SignIn::Accepted(p) => panic!("a wrong password signed in {}", p.email),
        }
    }
    // Every password that was checked was counted first: none slipped past
    // the count by arriving at the same moment as another.
    let record = f
        .store
        .signin_failures("198.51.100.99", "olivia@example.org")
        .await
        .expect("read")
        .expect("counted");
    assert_eq!(record.failures, checked);
    assert!(checked >= FREE_GUESSES, "{checked}");
}
