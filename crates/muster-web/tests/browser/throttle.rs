//! The sign-in throttle over real HTTP: it slows the guesser, never the
//! account's owner elsewhere; behind a trusted proxy the client is the one the
//! proxy names, and a header from anyone else changes nothing; and instances
//! sharing a PostgreSQL database share the count.

use crate::app::{App, PASSWORD};
use crate::http::Http;
use muster_store::Store;
use muster_store_postgres::PgStore;
use muster_store_postgres::testing::TestDatabase;
use muster_web::ClientAddress;
use std::sync::Arc;

fn behind_proxy() -> ClientAddress {
    ClientAddress::new(&["127.0.0.1".into()], "X-Forwarded-For").expect("rule")
}

fn from(ip: &str) -> [(&'static str, String); 1] {
    [("x-forwarded-for", ip.to_owned())]
}

async fn sign_in(app: &App, email: &str, password: &str, xff: Option<&str>) -> u16 {
    let owned = xff.map(from);
    let extra: Vec<(&str, &str)> = owned
        .iter()
        .flatten()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let res = Http::new(&app.url)
        .sign_in_with(email, password, &extra)
        .await;
    if res.status == 429 {
        let retry: u64 = res
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("a 429 says when to retry");
        assert!(retry >= 1, "{retry}");
        assert!(
            res.body.contains("Too many wrong passwords"),
            "{}",
            res.body
        );
    }
    res.status
}

/// Three wrong passwords for `email` from `xff`.
async fn guess(app: &App, email: &str, xff: Option<&str>) {
    for _ in 0..3 {
        assert_eq!(sign_in(app, email, "guess", xff).await, 401);
    }
}

#[tokio::test]
async fn a_guesser_behind_the_proxy_cannot_keep_the_incident_manager_out() {
    let app = App::start_with(behind_proxy()).await;
    let attacker = Some("198.51.100.66");
    guess(&app, "olivia@example.org", attacker).await;
    assert_eq!(
        sign_in(&app, "olivia@example.org", PASSWORD, attacker).await,
        429,
        "the guesser's next guess waits, right or wrong"
    );
    // The right-most address the proxy did not add is the client: an entry
    // the attacker wrote itself does not make it someone else.
    assert_eq!(
        sign_in(
            &app,
            "olivia@example.org",
            PASSWORD,
            Some("203.0.113.7, 198.51.100.66")
        )
        .await,
        429
    );
    // Olivia, through the same load balancer from her own address.
    assert_eq!(
        sign_in(&app, "olivia@example.org", PASSWORD, Some("203.0.113.7")).await,
        303
    );
    // Spraying many accounts from one address blocks none of them.
    for i in 0..12 {
        let email = format!("nobody{i}@example.org");
        assert_eq!(sign_in(&app, &email, "guess", attacker).await, 401);
    }
    assert_eq!(
        sign_in(&app, "sam@example.org", PASSWORD, attacker).await,
        303
    );
}

#[tokio::test]
async fn a_forwarded_header_is_not_believed_from_an_untrusted_peer() {
    let app = App::start().await;
    guess(&app, "olivia@example.org", Some("198.51.100.1")).await;
    // Claiming to be someone else does not escape the wait: the peer is
    // the client, whatever the header says.
    assert_eq!(
        sign_in(&app, "olivia@example.org", PASSWORD, Some("203.0.113.7")).await,
        429
    );
}

// Multi-threaded so the servers keep answering PostgreSQL while the test's
// last act (dropping its database) blocks one thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_on_one_postgres_database_share_the_count() {
    let Some(db) = TestDatabase::create("instances_share_the_sign_in_throttle").await else {
        return;
    };
    let open = || async {
        let store: Arc<dyn Store> = Arc::new(PgStore::open(&db.url).await.expect("open"));
        store
    };
    let first = open().await;
    App::seed(first.as_ref()).await;
    let a = App::serve(first, behind_proxy(), None).await;
    let b = App::serve(open().await, behind_proxy(), None).await;
    let attacker = Some("198.51.100.66");
    // Guesses spread over both instances, as a load balancer spreads them.
    assert_eq!(
        sign_in(&a, "olivia@example.org", "guess", attacker).await,
        401
    );
    assert_eq!(
        sign_in(&b, "olivia@example.org", "guess", attacker).await,
        401
    );
    assert_eq!(
        sign_in(&a, "olivia@example.org", "guess", attacker).await,
        401
    );
    for app in [&a, &b] {
        assert_eq!(
            sign_in(app, "olivia@example.org", PASSWORD, attacker).await,
            429,
            "every instance knows the guesser's count"
        );
        assert_eq!(
            sign_in(app, "olivia@example.org", PASSWORD, Some("203.0.113.7")).await,
            303,
            "and none of them keeps Olivia out"
        );
    }
    drop((a, b));
    drop(db);
}
