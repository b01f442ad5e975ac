//! What follows a sign-on, over plain HTTP against the real provider: the
//! provider's front-channel logout ending the sessions of its session, and
//! `muster login --sso`'s loopback return, whose code only the CLI's own
//! PKCE verifier can exchange.

use crate::http::Http;
use crate::oidc_idp::start;
use crate::oidc_signon::verified;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_providers_front_channel_logout_ends_the_session() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    sso.idp
        .account("olivia", verified("olivia@example.org", &[]))
        .await;
    let browser = Http::new(&sso.app.url);
    assert_eq!(sso.sign_in(&browser, "olivia").await.status, 303);
    assert_eq!(browser.get("/").await.status, 200);
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", sso.app.db.display()))
        .await
        .expect("db");
    let (issuer, sid): (String, String) = sqlx::query_as("SELECT issuer, sid FROM sso_sessions")
        .fetch_one(&pool)
        .await
        .expect("the session's sid was recorded");
    assert_eq!(issuer, sso.idp.issuer);
    let q = |iss: &str, sid: &str| crate::http::encode(&[("iss", iss), ("sid", sid)]);
    let other = Http::new(&sso.app.url);
    let wrong = other
        .get(&format!(
            "/auth/oidc/logout?{}",
            q("http://127.0.0.1:1", &sid)
        ))
        .await;
    assert_eq!(wrong.status, 400);
    assert!(
        wrong
            .body
            .contains("`iss` is not this server's identity provider")
    );
    assert_eq!(other.get("/auth/oidc/logout?iss=x").await.status, 400);
    assert_eq!(
        browser.get("/").await.status,
        200,
        "a refused logout ends nothing"
    );
    // The provider's logout frame carries no Muster cookie.
    let done = other
        .get(&format!("/auth/oidc/logout?{}", q(&issuer, &sid)))
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let after = browser.get("/").await;
    assert_eq!(after.status, 303, "the session ended");
    assert!(after.location().starts_with("/signin"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_loopback_gets_a_code_only_its_verifier_can_exchange() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    sso.idp
        .account("sam", verified("sam@example.org", &[]))
        .await;
    let browser = Http::new(&sso.app.url);
    let idp = Http::new(&sso.idp.issuer);
    let verifier = muster_oidc::pkce::random_token();
    let cli_state = muster_oidc::pkce::random_token();
    let start = format!(
        "/auth/oidc/start?cli_port=45678&cli_state={cli_state}&cli_challenge={}",
        muster_oidc::pkce::challenge(&verifier)
    );
    let back = sso.through_provider(&browser, &idp, &start, "sam").await;
    let callback = back
        .strip_prefix(&sso.app.url)
        .expect("Muster's callback")
        .to_owned();
    let r = browser.get(&callback).await;
    assert_eq!(r.status, 303);
    let to = r.location();
    assert!(
        to.starts_with("http://127.0.0.1:45678/callback?code="),
        "{to}"
    );
    assert!(to.ends_with(&format!("&state={cli_state}")), "{to}");
    assert!(
        browser.cookie("muster_session").is_none(),
        "the CLI's sign-in makes no web session"
    );
    let code = to
        .split("code=")
        .nth(1)
        .expect("code")
        .split('&')
        .next()
        .expect("code")
        .to_owned();

    let api = Http::new(&sso.app.url);
    let exchange = |code: &str, verifier: &str| {
        let body = json!({"code": code, "code_verifier": verifier}).to_string();
        let api = &api;
        async move {
            api.send(
                axum::http::Method::POST,
                "/api/auth/sso/token",
                body,
                &[("content-type", "application/json")],
            )
            .await
        }
    };
    let stolen = exchange(&code, &muster_oidc::pkce::random_token()).await;
    assert_eq!(stolen.status, 401, "{}", stolen.body);
    assert!(
        stolen.body.contains("code_verifier does not match"),
        "{}",
        stolen.body
    );
    // The thief's try spent the code: the CLI starts again, and this time wins.
    let back = sso.through_provider(&browser, &idp, &start, "sam").await;
    let r = browser
        .get(back.strip_prefix(&sso.app.url).expect("Muster"))
        .await;
    let code = r
        .location()
        .split("code=")
        .nth(1)
        .expect("code")
        .split('&')
        .next()
        .expect("code")
        .to_owned();
    let ok = exchange(&code, &verifier).await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    let token: serde_json::Value = serde_json::from_str(&ok.body).expect("json");
    assert_eq!(token["name"], "muster login --sso");
    let me = api
        .send(
            axum::http::Method::GET,
            "/api/me",
            String::new(),
            &[(
                "authorization",
                &format!("Bearer {}", token["token"].as_str().expect("secret")),
            )],
        )
        .await;
    assert!(me.body.contains("sam@example.org"), "{}", me.body);
    let again = exchange(&code, &verifier).await;
    assert_eq!(again.status, 401);
    assert!(
        again.body.contains("unknown, used or expired"),
        "{}",
        again.body
    );
    let bad = exchange(&code, "short").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("code_verifier"), "{}", bad.body);
    let port = browser
        .get(&format!(
            "/auth/oidc/start?cli_port=80&cli_state={cli_state}&cli_challenge=x"
        ))
        .await;
    assert_eq!(port.status, 400);
    assert!(
        port.body
            .contains("`cli_port` must be a port number from 1024 to 65535"),
        "{}",
        port.body
    );
}
