//! The web routes over plain HTTP, as a browser without JavaScript sees them:
//! sign-in and its slow-down, CSRF on every form, restricted incidents that do
//! not exist for outsiders, forms that post and redirect, and the live feed's
//! resume point.

use crate::app::{App, PASSWORD};
use crate::http::{Http, csrf};
use std::time::Duration;

/// Signs in as `email` and returns the client.
pub async fn signed_in(app: &App, email: &str) -> Http {
    let http = Http::new(&app.url);
    let res = http.sign_in(email, PASSWORD).await;
    assert_eq!(res.status, 303, "sign-in redirects: {}", res.body);
    assert!(http.cookie("muster_session").is_some());
    http
}

/// Olivia (on call) reports and declares an incident through the web forms.
pub async fn declare(app: &App, olivia: &Http, security: bool) -> String {
    let page = olivia.get("/reports/new").await;
    let token = csrf(&page.body);
    let res = olivia
        .post(
            "/reports",
            &[
                ("csrf", &token),
                ("title", "Unusual logins on the payroll system"),
                ("description", "Seen in the SIEM at 09:12"),
                ("source", "SIEM alert"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let report = res.location().trim_start_matches("/reports/").to_owned();
    let dan = app.people.dan.id.to_string();
    let sam = app.people.sam.id.to_string();
    let ravi = app.people.ravi.id.to_string();
    let mut form = vec![
        ("csrf", token.as_str()),
        ("outcome", "declare"),
        ("severity", "SEV-2"),
        ("category", "unauthorised-access"),
        ("personal_data", "unknown"),
        ("hypothesis", "Credential stuffing against payroll"),
        ("team_person", dan.as_str()),
        ("team_role", "deputy"),
        ("team_person", sam.as_str()),
        ("team_role", "secretariat"),
        ("team_person", ravi.as_str()),
        ("team_role", "sme"),
    ];
    if security {
        form.push(("security", "yes"));
    } else {
        form.push(("restricted", "no"));
    }
    let res = olivia
        .post(&format!("/reports/{report}/triage"), &form)
        .await;
    assert_eq!(res.status, 303, "triage redirects: {}", res.body);
    let to = res.location().to_owned();
    assert!(to.starts_with("/incidents/INC-"), "{to}");
    to.trim_start_matches("/incidents/").to_owned()
}

#[tokio::test]
async fn bad_sign_in_is_refused_and_repeats_are_slowed_down() {
    let app = App::start().await;
    let http = Http::new(&app.url);
    let res = http.sign_in("olivia@example.org", "wrong password").await;
    assert_eq!(res.status, 401);
    assert!(res.body.contains("do not match"), "{}", res.body);
    assert!(http.cookie("muster_session").is_none());
    http.sign_in("olivia@example.org", "still wrong").await;
    let third = http.sign_in("olivia@example.org", "wrong again").await;
    assert!(third.body.contains("slowed down"), "{}", third.body);
    // Even the right password waits out the slow-down.
    let res = http.sign_in("olivia@example.org", PASSWORD).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert!(
        res.body.contains("Too many wrong passwords"),
        "{}",
        res.body
    );
    // Other accounts are not slowed down by it.
    let other = Http::new(&app.url);
    assert_eq!(other.sign_in("sam@example.org", PASSWORD).await.status, 303);
    // An unknown email is refused the same way as a wrong password.
    let res = Http::new(&app.url)
        .sign_in("nobody@example.org", PASSWORD)
        .await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn every_form_checks_its_csrf_token() {
    let app = App::start().await;
    // The sign-in form without its cookie.
    let fresh = Http::new(&app.url);
    let res = fresh
        .post(
            "/signin",
            &[
                ("csrf", "forged"),
                ("email", "olivia@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert!(fresh.cookie("muster_session").is_none());

    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, false).await;
    let path = format!("/incidents/{reference}/commands");
    // Without JavaScript: back to the room with the reason.
    let res = olivia
        .post(
            &path,
            &[("csrf", "forged"), ("command", "note"), ("text", "x")],
        )
        .await;
    assert_eq!(res.status, 303);
    let page = olivia.get(&format!("/incidents/{reference}")).await;
    assert!(
        page.body
            .contains("This form has expired or came from another site")
    );
    assert!(!page.body.contains("<span class=\"text\">x</span>"));
    // With it: a 403 with the same words.
    let res = olivia
        .send(
            axum::http::Method::POST,
            &path,
            crate::http::encode(&[("command", "note"), ("text", "x")]),
            &[("x-muster-fetch", "1")],
        )
        .await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("expired"), "{}", res.body);
    // Sign-out is a form too.
    let res = olivia.post("/signout", &[("csrf", "forged")]).await;
    assert_eq!(res.status, 403);
    assert_eq!(olivia.get("/").await.status, 200, "still signed in");
}

#[tokio::test]
async fn a_restricted_incident_does_not_exist_for_outsiders() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let room = olivia.get(&format!("/incidents/{reference}")).await;
    assert_eq!(room.status, 200);
    assert!(room.body.contains("restricted"));

    let otto = signed_in(&app, "otto@example.org").await;
    for path in [
        format!("/incidents/{reference}"),
        format!("/incidents/{reference}/fragments?after=0"),
        format!("/incidents/{reference}/live"),
        format!("/incidents/{reference}/export/md"),
    ] {
        let res = otto.get(&path).await;
        assert_eq!(res.status, 404, "{path}");
        assert!(!res.body.contains("payroll"), "{path} leaks the incident");
    }
    let missing = otto.get("/incidents/INC-1999-0001").await;
    assert_eq!(missing.status, 404);
    let dash = otto.get("/").await;
    assert_eq!(dash.status, 200);
    assert!(!dash.body.contains(&reference), "listed for an outsider");
    // Writing is refused the same way.
    let token = csrf(&dash.body);
    let res = otto
        .post(
            &format!("/incidents/{reference}/commands"),
            &[("csrf", &token), ("command", "note"), ("text", "hello")],
        )
        .await;
    assert_eq!(res.status, 303);
    assert!(otto.get("/").await.body.contains("There is no incident"));

    let admin = signed_in(&app, "ada@example.org").await;
    assert_eq!(
        admin.get(&format!("/incidents/{reference}")).await.status,
        200
    );
    assert!(admin.get("/").await.body.contains(&reference));
}

#[tokio::test]
async fn forms_work_without_javascript() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let room = format!("/incidents/{reference}");
    let token = csrf(&olivia.get(&room).await.body);
    let path = format!("{room}/commands");

    let res = olivia
        .post(
            &path,
            &[
                ("csrf", &token),
                ("command", "note"),
                ("text", "Bridge call opened"),
                ("back", "timeline"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), format!("{room}#timeline"));
    let page = olivia.get(&room).await;
    assert!(
        page.body.contains("Logged: Bridge call opened"),
        "the flash"
    );
    assert!(
        page.body
            .contains("<span class=\"text\">Bridge call opened</span>"),
        "the log"
    );
    assert!(
        !olivia.get(&room).await.body.contains("Logged:"),
        "a flash shows once"
    );

    // A rule refusal comes back as the domain's words with the rule, never a 500.
    let res = olivia
        .post(
            &path,
            &[("csrf", &token), ("command", "resolve"), ("reason", "done")],
        )
        .await;
    assert_eq!(res.status, 303);
    let page = olivia.get(&room).await;
    assert!(page.body.contains("rule 4:"), "{}", page.body);
    assert!(page.body.contains("cannot be resolved yet"));

    // A missing field names it.
    let res = olivia
        .post(
            &path,
            &[("csrf", &token), ("command", "action"), ("title", "Reset")],
        )
        .await;
    assert_eq!(res.status, 303);
    assert!(olivia.get(&room).await.body.contains("fill in `owner`"));
}

#[tokio::test]
async fn the_live_feed_resumes_after_the_last_event_it_sent() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, false).await;
    let room = format!("/incidents/{reference}");
    let token = csrf(&olivia.get(&room).await.body);
    for text in ["one", "two", "three"] {
        olivia
            .post(
                &format!("{room}/commands"),
                &[("csrf", &token), ("command", "note"), ("text", text)],
            )
            .await;
    }
    // Declared + 4 assignments = 5 entries, then the three notes (6, 7, 8).
    let seen = olivia
        .stream_until(
            &format!("{room}/live?after=0"),
            &[("last-event-id", "6")],
            "id: 8",
            Duration::from_secs(5),
        )
        .await;
    assert!(seen.contains("id: 7") && seen.contains("id: 8"), "{seen}");
    assert!(
        !seen.contains("id: 6\n") && !seen.contains("id: 5\n"),
        "no duplicate: {seen}"
    );
    let seen = olivia
        .stream_until(
            &format!("{room}/live?after=7"),
            &[],
            "id: 8",
            Duration::from_secs(5),
        )
        .await;
    assert!(
        seen.contains("id: 8") && !seen.contains("id: 7\n"),
        "{seen}"
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_everywhere() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let secret = olivia.cookie("muster_session").unwrap();
    let cookie = olivia.get("/").await.set_cookies().join("");
    assert!(cookie.is_empty(), "no cookie churn on a plain page");
    // The session cookie is HttpOnly, SameSite=Lax, and Secure behind TLS.
    let http = Http::new(&app.url);
    let page = http.get("/signin").await;
    let res = http
        .send(
            axum::http::Method::POST,
            "/signin",
            crate::http::encode(&[
                ("csrf", &csrf(&page.body)),
                ("email", "sam@example.org"),
                ("password", PASSWORD),
            ]),
            &[("x-forwarded-proto", "https")],
        )
        .await;
    let set = res.set_cookies().join("\n");
    assert!(
        set.contains("muster_session=")
            && set.contains("HttpOnly")
            && set.contains("SameSite=Lax")
            && set.contains("Secure"),
        "{set}"
    );

    let api = Http::new(&app.url);
    let bearer = format!("Bearer {secret}");
    assert_eq!(
        api.send(
            axum::http::Method::GET,
            "/api/me",
            String::new(),
            &[("authorization", &bearer)]
        )
        .await
        .status,
        200
    );
    let dash = olivia.get("/").await;
    let res = olivia
        .post("/signout", &[("csrf", &csrf(&dash.body))])
        .await;
    assert_eq!(res.status, 303);
    olivia.set_cookie("muster_session", &secret);
    let res = olivia.get("/").await;
    assert_eq!(res.status, 303);
    assert!(res.location().starts_with("/signin"));
    assert_eq!(
        api.send(
            axum::http::Method::GET,
            "/api/me",
            String::new(),
            &[("authorization", &bearer)]
        )
        .await
        .status,
        401
    );
}

#[tokio::test]
async fn exports_include_a_printable_html_report() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let res = olivia
        .get(&format!("/incidents/{reference}/export/html"))
        .await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains(&reference) && res.body.contains("head hash"));
    let md = olivia
        .get(&format!("/incidents/{reference}/export/md"))
        .await;
    assert!(md.body.starts_with(&format!("# {reference}")));
    let token = app.token(&app.people.olivia).await;
    let api = Http::new(&app.url);
    let bearer = format!("Bearer {token}");
    let res = api
        .send(
            axum::http::Method::GET,
            &format!("/api/incidents/{reference}/export?format=html"),
            String::new(),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(res.status, 200);
    assert!(
        res.headers[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(res.body.contains("<h2>Roll call</h2>") && res.body.contains("Olivia Park"));
}
