//! The administration pages over plain HTTP, as a browser without
//! JavaScript: administrators only (a 403 page for anyone else, on every
//! page and form), CSRF on every form, refusals that name the field, and the
//! same changes the JSON API makes (a token minted here works there, and
//! stops when revoked here).

use crate::app::{App, PASSWORD};
use crate::http::{Http, csrf};
use crate::web_http::{declare, signed_in};

const PAGES: [&str; 7] = [
    "/admin",
    "/admin/people",
    "/admin/tokens",
    "/admin/rota",
    "/admin/audit",
    "/admin/verify",
    "/admin/webhooks",
];

/// The text of the secret shown once on a page, by its element id.
fn shown(body: &str, id: &str) -> String {
    let at = body
        .find(&format!("id=\"{id}\">"))
        .expect("the secret on the page")
        + id.len()
        + 6;
    body[at..at + body[at..].find('<').expect("end")].to_owned()
}

#[tokio::test]
async fn only_administrators_reach_the_admin_pages() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let dashboard = olivia.get("/").await;
    assert!(
        !dashboard.body.contains("/admin"),
        "no admin link for a non-admin"
    );
    let token = csrf(&dashboard.body);
    for page in PAGES {
        let res = olivia.get(page).await;
        assert_eq!(res.status, 403, "{page}: {}", res.body);
        assert!(
            res.body.contains("only an administrator may"),
            "{page}: {}",
            res.body
        );
    }
    let someone = app.people.dan.id.to_string();
    for (path, form) in [
        (
            "/admin/people",
            vec![("name", "Eve"), ("email", "eve@example.org")],
        ),
        (
            "/admin/tokens",
            vec![("name", "sneaky"), ("person", someone.as_str())],
        ),
        (
            "/admin/webhooks",
            vec![("url", "https://evil.example/"), ("kinds", "*")],
        ),
        (
            &*format!("/admin/people/{someone}/login"),
            vec![("admin", "yes"), ("password", "a brand new password")],
        ),
    ] {
        let mut pairs = vec![("csrf", token.as_str())];
        pairs.extend(form);
        let res = olivia.post(path, &pairs).await;
        assert_eq!(res.status, 403, "{path}: {}", res.body);
        assert!(res.body.contains("only an administrator may"), "{path}");
    }
    // Nothing was changed by the refused forms.
    assert!(
        app.state
            .directory()
            .person_by_contact("eve@example.org")
            .await
            .unwrap()
            .is_none()
    );
    let dan = app
        .state
        .logins()
        .user(app.people.dan.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!dan.admin);

    let ada = signed_in(&app, "ada@example.org").await;
    let home = ada.get("/").await;
    assert!(
        home.body.contains("href=\"/admin\""),
        "the admin link for an admin"
    );
    for page in PAGES {
        let res = ada.get(page).await;
        let want = if page == "/admin" { 303 } else { 200 };
        assert_eq!(res.status, want, "{page}: {}", res.body);
    }
}

#[tokio::test]
async fn admin_forms_need_the_sessions_csrf_token() {
    let app = App::start().await;
    let ada = signed_in(&app, "ada@example.org").await;
    let res = ada
        .post(
            "/admin/people",
            &[
                ("csrf", "forged"),
                ("name", "Eve"),
                ("email", "eve@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let page = ada.get(res.location()).await;
    assert!(
        page.body
            .contains("This form has expired or came from another site"),
        "{}",
        page.body
    );
    assert!(
        app.state
            .directory()
            .person_by_contact("eve@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_administrator_adds_edits_gives_a_password_to_and_deactivates_a_person() {
    let app = App::start().await;
    let ada = signed_in(&app, "ada@example.org").await;
    let token = csrf(&ada.get("/admin/people").await.body);

    // A bad email is refused by name, and nothing is added.
    let res = ada
        .post(
            "/admin/people",
            &[
                ("csrf", &token),
                ("name", "Lee Chen"),
                ("email", "not-an-email"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let back = ada.get(res.location()).await;
    assert!(
        back.body.contains("is not an email address"),
        "{}",
        back.body
    );
    // So is a tag that is not one.
    let res = ada
        .post(
            "/admin/people",
            &[
                ("csrf", &token),
                ("name", "Lee Chen"),
                ("email", "lee@example.org"),
                ("expertise", "Legal Stuff!"),
            ],
        )
        .await;
    let back = ada.get(res.location()).await;
    assert!(back.body.contains("is not a tag"), "{}", back.body);

    let res = ada
        .post(
            "/admin/people",
            &[
                ("csrf", &token),
                ("name", "Lee Chen"),
                ("email", "Lee@Example.org"),
                ("expertise", "legal, data-privacy"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let lee = app
        .state
        .directory()
        .person_by_contact("lee@example.org")
        .await
        .unwrap()
        .expect("added");
    assert_eq!(lee.expertise, ["legal", "data-privacy"]);
    assert_eq!(res.location(), format!("/admin/people/{}", lee.id));
    let list = ada.get("/admin/people").await;
    assert!(list.body.contains("Lee Chen") && list.body.contains("data-privacy"));

    // Edit: new tags, a team.
    let path = format!("/admin/people/{}", lee.id);
    let res = ada
        .post(
            &path,
            &[
                ("csrf", &token),
                ("name", "Lee Chen"),
                ("email", "lee@example.org"),
                ("expertise", "legal"),
                ("team", "Legal"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let lee = app.state.directory().person(lee.id).await.unwrap().unwrap();
    assert_eq!(
        (lee.expertise.as_slice(), lee.team.as_deref()),
        (&["legal".to_owned()][..], Some("Legal"))
    );

    // A login with a password: mistyped twice differently, then too short, then right.
    let login = format!("{path}/login");
    let res = ada
        .post(
            &login,
            &[
                ("csrf", &token),
                ("password", "lee's long password"),
                ("password_again", "something else"),
            ],
        )
        .await;
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("the two passwords differ")
    );
    let res = ada
        .post(
            &login,
            &[
                ("csrf", &token),
                ("password", "short"),
                ("password_again", "short"),
            ],
        )
        .await;
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("at least 12 characters")
    );
    let res = ada
        .post(
            &login,
            &[
                ("csrf", &token),
                ("password", "lee's long password"),
                ("password_again", "lee's long password"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let lee_http = Http::new(&app.url);
    assert_eq!(
        lee_http
            .sign_in("lee@example.org", "lee's long password")
            .await
            .status,
        303
    );
    assert_eq!(lee_http.get("/").await.status, 200);

    // Deactivated: signed out everywhere, and the password no longer works.
    let res = ada
        .post(&login, &[("csrf", &token), ("deactivate", "yes")])
        .await;
    let page = ada.get(res.location()).await;
    assert!(page.body.contains("Deactivated Lee Chen"), "{}", page.body);
    let home = lee_http.get("/").await;
    assert_eq!(home.status, 303, "the session was revoked");
    assert!(home.location().starts_with("/signin"));
    assert_eq!(
        Http::new(&app.url)
            .sign_in("lee@example.org", "lee's long password")
            .await
            .status,
        401
    );
    // Nobody deactivates themselves.
    let me = format!("/admin/people/{}/login", app.people.ada.id);
    let res = ada
        .post(&me, &[("csrf", &token), ("deactivate", "yes")])
        .await;
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("you cannot deactivate yourself")
    );
    let _ = PASSWORD;
}

#[tokio::test]
async fn a_token_is_shown_once_works_on_the_api_and_stops_when_revoked() {
    let app = App::start().await;
    let ada = signed_in(&app, "ada@example.org").await;
    let page = ada.get("/admin/tokens").await;
    let token = csrf(&page.body);
    let olivia = app.people.olivia.id.to_string();
    // No name: refused, naming the field.
    let res = ada
        .post(
            "/admin/tokens",
            &[("csrf", &token), ("name", " "), ("person", &olivia)],
        )
        .await;
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("name the token")
    );

    let res = ada
        .post(
            "/admin/tokens",
            &[
                ("csrf", &token),
                ("name", "olivia's laptop"),
                ("person", &olivia),
            ],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert!(res.body.contains("shown this once"));
    let secret = shown(&res.body, "minted-secret");
    assert!(secret.starts_with("mst_"), "{secret}");
    let api = Http::new(&app.url);
    let bearer = format!("Bearer {secret}");
    let me = api
        .send(
            axum::http::Method::GET,
            "/api/me",
            String::new(),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert!(me.body.contains("olivia@example.org"));

    // Never shown again.
    let list = ada.get("/admin/tokens").await;
    assert!(!list.body.contains(&secret));
    assert!(
        list.body.contains("s laptop"),
        "the token is listed by name"
    );
    let id = app
        .state
        .logins()
        .tokens_of(app.people.olivia.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "olivia's laptop")
        .unwrap()
        .id;
    let res = ada
        .post(&format!("/admin/tokens/{id}/revoke"), &[("csrf", &token)])
        .await;
    assert_eq!(res.status, 303);
    let me = api
        .send(
            axum::http::Method::GET,
            "/api/me",
            String::new(),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(me.status, 401, "revoked: {}", me.body);
    // A token id that is not one is a 404 page, not a 500.
    let res = ada
        .post("/admin/tokens/not-a-uuid/revoke", &[("csrf", &token)])
        .await;
    assert_eq!(res.status, 303);
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("no token not-a-uuid")
    );
}

#[tokio::test]
async fn the_rota_audit_verify_and_webhook_pages_do_what_the_cli_does() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    // Otto tries to read the restricted incident: refused, and audited.
    let otto = signed_in(&app, "otto@example.org").await;
    assert_eq!(
        otto.get(&format!("/incidents/{reference}")).await.status,
        404
    );

    let ada = signed_in(&app, "ada@example.org").await;
    let token = csrf(&ada.get("/admin/rota").await.body);
    // A shift that ends before it starts: refused, naming the field.
    let sam = app.people.sam.id.to_string();
    let res = ada
        .post(
            "/admin/rota",
            &[
                ("csrf", &token),
                ("person", &sam),
                ("starts_at", "2030-01-02T09:00"),
                ("ends_at", "2030-01-01T09:00"),
            ],
        )
        .await;
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("a shift ends after it starts")
    );
    let res = ada
        .post(
            "/admin/rota",
            &[
                ("csrf", &token),
                ("person", &sam),
                ("starts_at", "2030-01-01T09:00"),
                ("ends_at", "soon"),
            ],
        )
        .await;
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("is not a date and time")
    );
    let res = ada
        .post(
            "/admin/rota",
            &[
                ("csrf", &token),
                ("person", &sam),
                ("starts_at", "2030-01-01T09:00"),
                ("ends_at", "2030-01-01T17:00"),
            ],
        )
        .await;
    let rota = ada.get(res.location()).await;
    assert!(
        rota.body.contains("Sam Reyes") && rota.body.contains("2030-01-01 09:00Z"),
        "{}",
        rota.body
    );
    let shift = app
        .state
        .rota()
        .shifts_from(0)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.person == app.people.sam.id)
        .unwrap();
    ada.post(
        &format!("/admin/rota/{}/remove", shift.id),
        &[("csrf", &token)],
    )
    .await;
    assert!(
        !app.state
            .rota()
            .shifts_from(0)
            .await
            .unwrap()
            .iter()
            .any(|s| s.id == shift.id)
    );

    // The audit shows Otto's refused look.
    let audit = ada.get(&format!("/admin/audit?incident={reference}")).await;
    assert_eq!(audit.status, 200);
    assert!(
        audit.body.contains("Otto Berg") && audit.body.contains("refused"),
        "{}",
        audit.body
    );
    let unknown = ada.get("/admin/audit?incident=INC-1999-0001").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("no incident INC-1999-0001"));

    // Verify any incident's log; the read of a restricted one is audited.
    let verify = ada
        .get(&format!("/admin/verify?incident={reference}"))
        .await;
    assert!(
        verify.body.contains("data-whole=\"yes\"") && verify.body.contains("the log verifies"),
        "{}",
        verify.body
    );
    let audit = ada.get(&format!("/admin/audit?incident={reference}")).await;
    assert!(
        audit
            .body
            .contains(&format!("GET /admin/verify?incident={reference}"))
    );
    let missing = ada.get("/admin/verify?incident=INC-1999-0001").await;
    assert_eq!(missing.status, 404);

    // Webhooks: the secret shown once, the URL checked, deleted.
    let res = ada
        .post(
            "/admin/webhooks",
            &[("csrf", &token), ("url", "ftp://x"), ("kinds", "*")],
        )
        .await;
    assert!(
        ada.get(res.location())
            .await
            .body
            .contains("must be an http(s) URL")
    );
    let res = ada
        .post(
            "/admin/webhooks",
            &[
                ("csrf", &token),
                ("url", "https://hooks.example.org/m"),
                ("kinds", "action-created, note-added"),
            ],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let secret = shown(&res.body, "created-secret");
    assert!(secret.starts_with("whsec_"));
    let list = ada.get("/admin/webhooks").await;
    assert!(list.body.contains("https://hooks.example.org/m") && !list.body.contains(&secret));
    assert!(list.body.contains("action-created, note-added"));
    let sub = app
        .state
        .outbox()
        .list_subscriptions()
        .await
        .unwrap()
        .remove(0);
    ada.post(
        &format!("/admin/webhooks/{}/delete", sub.id),
        &[("csrf", &token)],
    )
    .await;
    assert!(
        app.state
            .outbox()
            .list_subscriptions()
            .await
            .unwrap()
            .is_empty()
    );
    // The delivery log lists what the declaration queued; a bad filter is a 422 page.
    assert!(ada.get("/admin/webhooks?status=pending").await.status == 200);
    let bad = ada.get("/admin/webhooks?status=lost").await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body
            .contains("use pending, delivered, cancelled or dead")
    );
}
