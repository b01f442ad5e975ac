//! The ID token's checks, with tokens the real provider signs with its
//! published keys (and, for the forged ones, keys it never published), fed
//! to the same verification the callback uses: a wrong nonce, an expired
//! token, another audience, several audiences without `azp`, another issuer,
//! a forged signature, an unknown key, and the symmetric algorithms. And a
//! wrong nonce through the whole sign-in, as the person sees it.

use crate::http::Http;
use crate::oidc_idp::{CLIENT_ID, start};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use muster_oidc::{OidcError, Refusal};
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use serde_json::{Value, json};

/// A token over `claims` with header `{"alg":"ES256","kid":kid}`, signed by
/// a key made here, which the provider never published.
fn forged(kid: &str, claims: &Value) -> String {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
    let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
        .expect("key");
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "ES256", "kid": kid, "typ": "JWT"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key.sign(&rng, input.as_bytes()).expect("sign");
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.as_ref()))
}

fn refusal(r: Result<serde_json::Map<String, Value>, OidcError>) -> Refusal {
    match r {
        Err(OidcError::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn id_tokens_are_refused_for_each_broken_check() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    let v = sso.verifier();
    let now = jiff::Timestamp::now().as_second();
    let good = json!({"iss": sso.idp.issuer, "aud": CLIENT_ID, "sub": "u1", "exp": now + 300,
        "iat": now, "nonce": "nonce-1", "email": "a@example.org", "email_verified": true});
    let with = |k: &str, val: Value| {
        let mut c = good.clone();
        c[k] = val;
        c
    };
    for alg in ["RS256", "ES256"] {
        let token = sso.idp.sign(good.clone(), alg).await;
        let claims = v
            .verify_id_token(&token, "nonce-1", now)
            .await
            .expect("a good token passes");
        assert_eq!(claims["sub"], "u1", "{alg}");
    }

    let token = sso.idp.sign(good.clone(), "ES256").await;
    let why = refusal(v.verify_id_token(&token, "another-nonce", now).await);
    assert_eq!(why, Refusal::Nonce);
    assert_eq!(
        why.to_string(),
        "the ID token's nonce is not the one this sign-in sent: sign in again"
    );

    let mut old = with("exp", json!(now - 600));
    old["iat"] = json!(now - 1200);
    let expired = sso.idp.sign(old, "RS256").await;
    let why = refusal(v.verify_id_token(&expired, "nonce-1", now).await);
    assert_eq!(why, Refusal::Expired { ago: 600 });
    assert!(why.to_string().contains("expired 600 s ago"));
    // The same token, at the time it was good, passes: only the clock refused it.
    v.verify_id_token(&expired, "nonce-1", now - 900)
        .await
        .expect("good before expiry");

    let other = sso
        .idp
        .sign(with("aud", json!("another-app")), "RS256")
        .await;
    let why = refusal(v.verify_id_token(&other, "nonce-1", now).await);
    assert_eq!(
        why,
        Refusal::Audience {
            found: "another-app".into()
        }
    );
    assert!(why.to_string().contains("for another application"));

    let several = sso
        .idp
        .sign(with("aud", json!([CLIENT_ID, "another-app"])), "RS256")
        .await;
    let why = refusal(v.verify_id_token(&several, "nonce-1", now).await);
    assert!(matches!(why, Refusal::AuthorizedParty { .. }), "{why:?}");
    let mut ours = with("aud", json!([CLIENT_ID, "another-app"]));
    ours["azp"] = json!(CLIENT_ID);
    let ours = sso.idp.sign(ours, "RS256").await;
    v.verify_id_token(&ours, "nonce-1", now)
        .await
        .expect("several audiences, issued to us");

    let elsewhere = sso
        .idp
        .sign(with("iss", json!("http://127.0.0.1:1")), "ES256")
        .await;
    assert!(matches!(
        refusal(v.verify_id_token(&elsewhere, "nonce-1", now).await),
        Refusal::Issuer { .. }
    ));

    // Forged: the provider's key id, another key's signature.
    let why = refusal(
        v.verify_id_token(&forged("ec-1", &good), "nonce-1", now)
            .await,
    );
    assert_eq!(why, Refusal::Signature);
    assert_eq!(
        why.to_string(),
        "the ID token's signature does not match the provider's published key"
    );
    // A key the provider does not publish, even after fetching its keys again.
    let why = refusal(
        v.verify_id_token(&forged("ec-unknown", &good), "nonce-1", now)
            .await,
    );
    assert_eq!(why, Refusal::UnknownKey(Some("ec-unknown".into())));
    // A real token whose claims were swapped after signing.
    let real = sso.idp.sign(good.clone(), "RS256").await;
    let parts: Vec<&str> = real.split('.').collect();
    let swapped = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(with("sub", json!("admin")).to_string()),
        parts[2]
    );
    assert_eq!(
        refusal(v.verify_id_token(&swapped, "nonce-1", now).await),
        Refusal::Signature
    );
    // HMAC with a guessable secret, and no signature at all.
    let hs = format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
        parts[1]
    );
    assert!(matches!(
        refusal(v.verify_id_token(&hs, "nonce-1", now).await),
        Refusal::Algorithm(_)
    ));
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        parts[1]
    );
    assert!(
        v.verify_id_token(&none, "nonce-1", now).await.is_err(),
        "alg none is refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_keys_fetch_again_only_as_often_as_allowed() {
    let Some(sso) = start(|s| s.jwks_min_refetch_secs = 3600).await else {
        return;
    };
    let v = sso.verifier();
    let now = jiff::Timestamp::now().as_second();
    let good = json!({"iss": sso.idp.issuer, "aud": CLIENT_ID, "sub": "u1", "exp": now + 300, "iat": now, "nonce": "n"});
    v.verify_id_token(&sso.idp.sign(good.clone(), "RS256").await, "n", now)
        .await
        .expect("first fetch");
    sso.idp.rotate().await;
    let rotated = sso.idp.sign(good.clone(), "RS256").await;
    // Within the limit, the new key is not fetched: fail closed.
    assert_eq!(
        refusal(v.verify_id_token(&rotated, "n", now).await),
        Refusal::UnknownKey(Some("rsa-2".into()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_nonce_in_a_whole_sign_in_is_shown_to_the_person() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    sso.idp
        .account(
            "dan",
            json!({"email": "dan@example.org", "email_verified": true}),
        )
        .await;
    let browser = Http::new(&sso.app.url);
    let idp = Http::new(&sso.idp.issuer);
    let back = sso
        .through_provider(&browser, &idp, "/auth/oidc/start", "dan")
        .await;
    // The browser's flow now expects another nonce than the provider put in
    // the token (as if the token were one issued for another sign-in).
    let cookie = browser.cookie("muster_oidc").expect("flow cookie");
    let mut flow: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&cookie).expect("b64")).expect("json");
    flow["nonce"] = json!(muster_oidc::pkce::random_token());
    browser.set_cookie("muster_oidc", &URL_SAFE_NO_PAD.encode(flow.to_string()));
    let r = browser
        .get(back.strip_prefix(&sso.app.url).expect("Muster"))
        .await;
    assert_eq!(r.status, 401);
    assert!(
        r.body.contains("nonce is not the one this sign-in sent"),
        "{}",
        r.body
    );
    assert!(browser.cookie("muster_session").is_none());
}
