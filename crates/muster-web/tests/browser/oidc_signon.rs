//! Sign-on against a real OpenID Provider, over plain HTTP (a browser without
//! JavaScript): people matched and created, administration following the
//! group, a rotated key, each bad answer refused with the words a person sees,
//! and passwords switched off.

use crate::http::Http;
use crate::oidc_idp::{ADMINS, start};
use serde_json::json;

pub fn verified(email: &str, groups: &[&str]) -> serde_json::Value {
    json!({"email": email, "email_verified": true, "name": "Signed On", "groups": groups})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verified_email_signs_in_as_the_directory_person_or_a_new_one() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    let page = Http::new(&sso.app.url).get("/signin").await;
    assert!(page.body.contains("Sign in with Test IdP"), "{}", page.body);
    assert!(
        page.body.contains("name=\"password\""),
        "passwords stay on by default"
    );

    sso.idp
        .account("ravi-at-idp", verified("Ravi@Example.org", &[]))
        .await;
    let browser = Http::new(&sso.app.url);
    let back = sso.sign_in(&browser, "ravi-at-idp").await;
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(back.location(), "/");
    let dashboard = browser.get("/").await;
    assert_eq!(dashboard.status, 200);
    assert!(
        dashboard.body.contains("Ravi Shah"),
        "signed in as the directory's Ravi"
    );
    let people = sso
        .app
        .state
        .directory()
        .list_people()
        .await
        .expect("people");
    let before = people.len();

    sso.idp
        .account("newcomer", verified("new.person@example.org", &[]))
        .await;
    let other = Http::new(&sso.app.url);
    assert_eq!(sso.sign_in(&other, "newcomer").await.status, 303);
    let added = sso
        .app
        .state
        .directory()
        .person_by_contact("new.person@example.org")
        .await
        .expect("lookup")
        .expect("created at first sign-in");
    assert_eq!(added.name, "Signed On");
    let user = sso
        .app
        .state
        .logins()
        .user(added.id)
        .await
        .expect("user")
        .expect("a login");
    assert!(!user.admin && user.password_hash.is_none());
    assert_eq!(
        sso.app
            .state
            .directory()
            .list_people()
            .await
            .expect("people")
            .len(),
        before + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_removed_from_the_group_loses_administration_at_the_next_sign_in() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    let ravi = sso.app.people.ravi.clone();
    let admin = || async {
        sso.app
            .state
            .logins()
            .user(ravi.id)
            .await
            .expect("user")
            .expect("login")
            .admin
    };
    assert!(!admin().await);
    sso.idp
        .account("ravi", verified("ravi@example.org", &["ops", ADMINS]))
        .await;
    let first = Http::new(&sso.app.url);
    assert_eq!(sso.sign_in(&first, "ravi").await.status, 303);
    assert!(admin().await, "the group made Ravi an administrator");
    assert!(first.get("/").await.body.contains("Ravi Shah"));

    sso.idp
        .account("ravi", verified("ravi@example.org", &["ops"]))
        .await;
    let second = Http::new(&sso.app.url);
    assert_eq!(sso.sign_in(&second, "ravi").await.status, 303);
    assert!(!admin().await, "out of the group, out of administration");
    // The API agrees at once: an administrator's route is refused.
    let token = sso.app.token(&ravi).await;
    let refused = Http::new(&sso.app.url)
        .send(
            axum::http::Method::POST,
            "/api/people",
            json!({"name": "Nobody", "email": "nobody@example.org"}).to_string(),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
            ],
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("only an administrator may add people"),
        "{}",
        refused.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbled_missing_and_replayed_answers_are_refused_in_words() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    sso.idp
        .account("dan", verified("dan@example.org", &[]))
        .await;
    let browser = Http::new(&sso.app.url);
    let idp = Http::new(&sso.idp.issuer);
    let back = sso
        .through_provider(&browser, &idp, "/auth/oidc/start", "dan")
        .await;
    let path = back
        .strip_prefix(&sso.app.url)
        .expect("to Muster")
        .to_owned();
    let state = path
        .split("state=")
        .nth(1)
        .expect("a state")
        .split('&')
        .next()
        .expect("state");

    let garbled = browser.get(&path.replace(state, "garbled-state")).await;
    assert_eq!(garbled.status, 400);
    assert!(
        garbled
            .body
            .contains("does not match the sign-in this browser started"),
        "{}",
        garbled.body
    );
    // A refusal ends the flow: the real answer now finds no sign-in either.
    let after = browser.get(&path).await;
    assert_eq!(after.status, 400);
    assert!(
        after
            .body
            .contains("expired or was started in another browser"),
        "{}",
        after.body
    );

    // A fresh sign-in whose callback lost its state.
    let back = sso
        .through_provider(&browser, &idp, "/auth/oidc/start", "dan")
        .await;
    let path = back
        .strip_prefix(&sso.app.url)
        .expect("to Muster")
        .to_owned();
    let without: String = path
        .split(['?', '&'])
        .filter(|p| !p.starts_with("state="))
        .collect::<Vec<_>>()
        .join("&")
        .replacen('&', "?", 1);
    let missing = browser.get(&without).await;
    assert_eq!(missing.status, 400);
    assert!(missing.body.contains("has no `state`"), "{}", missing.body);

    // The code replayed: in a new sign-in of the same browser (its state),
    // the provider refuses the used code.
    let back = sso
        .through_provider(&browser, &idp, "/auth/oidc/start", "dan")
        .await;
    let path = back
        .strip_prefix(&sso.app.url)
        .expect("to Muster")
        .to_owned();
    assert_eq!(
        browser.get(&path).await.status,
        303,
        "the first use signs in"
    );
    let code = path
        .split("code=")
        .nth(1)
        .expect("code")
        .split('&')
        .next()
        .expect("code")
        .to_owned();
    let start = browser.get("/auth/oidc/start").await;
    let new_state = start
        .location()
        .split("state=")
        .nth(1)
        .expect("state")
        .split('&')
        .next()
        .expect("s")
        .to_owned();
    let replayed = browser
        .get(&format!(
            "/auth/oidc/callback?code={code}&state={new_state}"
        ))
        .await;
    assert_eq!(replayed.status, 400, "{}", replayed.body);
    assert!(
        replayed
            .body
            .contains("the provider refused the sign-in code"),
        "{}",
        replayed.body
    );
    assert!(replayed.body.contains("invalid_grant"), "{}", replayed.body);

    // The provider's own refusal (the person cancelled) is shown, not a 500.
    let cancelled = browser
        .get("/auth/oidc/callback?error=access_denied&error_description=cancelled")
        .await;
    assert_eq!(cancelled.status, 401);
    assert!(
        cancelled.body.contains("access_denied"),
        "{}",
        cancelled.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unverified_email_or_a_stranger_is_refused() {
    let Some(sso) = start(|s| s.create_people = false).await else {
        return;
    };
    sso.idp
        .account(
            "unverified",
            json!({"email": "sam@example.org", "email_verified": false}),
        )
        .await;
    let r = sso.sign_in(&Http::new(&sso.app.url), "unverified").await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains("did not say that the email"), "{}", r.body);
    sso.idp
        .account("stranger", verified("stranger@elsewhere.org", &[]))
        .await;
    let r = sso.sign_in(&Http::new(&sso.app.url), "stranger").await;
    assert_eq!(r.status, 403);
    assert!(
        r.body.contains("stranger@elsewhere.org is not in Muster"),
        "{}",
        r.body
    );
    assert!(
        sso.app
            .state
            .directory()
            .person_by_contact("stranger@elsewhere.org")
            .await
            .expect("lookup")
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_is_fetched_and_signing_in_goes_on() {
    let Some(sso) = start(|_| {}).await else {
        return;
    };
    sso.idp
        .account("priya", verified("priya@example.org", &[]))
        .await;
    assert_eq!(
        sso.sign_in(&Http::new(&sso.app.url), "priya").await.status,
        303
    );
    let kids = sso.idp.rotate().await;
    assert_eq!(kids["kids"], json!(["rsa-2", "ec-2"]));
    // Muster holds only the first keys; the new token's key makes it fetch.
    let browser = Http::new(&sso.app.url);
    let r = sso.sign_in(&browser, "priya").await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(browser.get("/").await.body.contains("Priya Nair"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_switched_off_hide_the_form_and_refuse_its_post() {
    let Some(sso) = start(|s| s.passwords = false).await else {
        return;
    };
    let browser = Http::new(&sso.app.url);
    let page = browser.get("/signin").await;
    assert!(page.body.contains("Sign in with Test IdP"));
    assert!(!page.body.contains("name=\"password\""), "no password form");
    let token = browser
        .cookie("muster_signin")
        .expect("the form's csrf cookie");
    let r = browser
        .post(
            "/signin",
            &[
                ("csrf", &token),
                ("email", "ada@example.org"),
                ("password", crate::app::PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(
        r.body
            .contains("Password sign-in is switched off on this server: sign in with Test IdP."),
        "{}",
        r.body
    );
    assert!(browser.cookie("muster_session").is_none(), "no session");
}
