//! The administration pages, the live dashboard and the heartbeat-call page
//! in a real Chromium: a token shown once and revoked, a non-administrator
//! refused, the dashboard updating without a reload, and a call run and
//! logged from its page.

use crate::app::{App, PASSWORD};
use crate::driver::{Driver, click, fill, screenshot, wait_js, wait_text};
use crate::http::Http;
use crate::web_http::{declare, signed_in};
use fantoccini::{Client, Locator};
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);

async fn sign_in(c: &Client, app: &App, email: &str) {
    c.goto(&format!("{}/signin", app.url)).await.expect("goto");
    fill(c, "#email", email).await;
    fill(c, "#password", PASSWORD).await;
    click(c, "form[action='/signin'] button[type=submit]").await;
    wait_text(c, "h2", "Open incidents", SHORT).await;
}

async fn with_browser<F, Fut>(f: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Client>,
{
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let c = driver.browser().await;
    let c = f(c).await;
    let _ = c.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_shown_once_and_revoked_and_a_non_admin_is_refused() {
    let app = App::start().await;
    with_browser(|c| async {
        sign_in(&c, &app, "olivia@example.org").await;
        c.goto(&format!("{}/admin/tokens", app.url)).await.unwrap();
        wait_text(&c, "h1", "Not allowed", SHORT).await;
        wait_text(
            &c,
            "p",
            "only an administrator may use the administration pages",
            SHORT,
        )
        .await;
        click(&c, "a[href='/']").await;
        wait_text(&c, "h2", "Open incidents", SHORT).await;
        assert!(
            c.find(Locator::Css("nav a[href='/admin']")).await.is_err(),
            "no admin link"
        );
        click(&c, ".signout button").await;
        wait_text(&c, "h1", "Sign in to Muster", SHORT).await;

        sign_in(&c, &app, "ada@example.org").await;
        click(&c, "nav a[href='/admin']").await;
        wait_text(&c, "h2", "People", SHORT).await;
        click(&c, ".tabs a[href='/admin/tokens']").await;
        fill(&c, "#t-name", "CI pipeline").await;
        click(&c, "#mint-token button[type=submit]").await;
        wait_text(&c, "#minted", "shown this once", SHORT).await;
        let secret = c
            .find(Locator::Css("#minted-secret"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(secret.starts_with("mst_"), "{secret}");
        screenshot(&c, "admin-token-minted.png").await;
        // It works on the API.
        let me = Http::new(&app.url)
            .send(
                axum::http::Method::GET,
                "/api/me",
                String::new(),
                &[("authorization", &format!("Bearer {secret}"))],
            )
            .await;
        assert_eq!(me.status, 200);
        // Shown once: the list never shows it again.
        c.goto(&format!("{}/admin/tokens", app.url)).await.unwrap();
        wait_text(&c, "#tokens", "CI pipeline", SHORT).await;
        let html = c.source().await.unwrap();
        assert!(!html.contains(&secret), "the secret is not shown again");
        let row = c
            .find(Locator::XPath(
                "//table[@id='tokens']//tr[td[2][normalize-space()='CI pipeline']]//button",
            ))
            .await
            .unwrap();
        row.click().await.unwrap();
        wait_text(&c, "#flash", "Revoked the token", SHORT).await;
        wait_text(&c, "#tokens", "revoked", SHORT).await;
        let me = Http::new(&app.url)
            .send(
                axum::http::Method::GET,
                "/api/me",
                String::new(),
                &[("authorization", &format!("Bearer {secret}"))],
            )
            .await;
        assert_eq!(me.status, 401, "revoked");
        c
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_updates_without_a_reload() {
    let app = App::start().await;
    let olivia_http = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia_http, false).await;
    let token = app.token(&app.people.olivia).await;
    with_browser(|c| async {
        sign_in(&c, &app, "olivia@example.org").await;
        wait_js(&c, "document.getElementById('dash-live').dataset.state === 'open'", SHORT).await;
        // A marker that a reload would wipe.
        c.execute("window.__stayed = true;", vec![]).await.unwrap();
        wait_text(&c, "#open-h", "1", SHORT).await;

        // Someone reports an event over the API: it shows up here.
        let api = Http::new(&app.url);
        let auth = format!("Bearer {token}");
        let res = api
            .send(
                axum::http::Method::POST,
                "/api/reports",
                r#"{"title":"Odd DNS traffic from the build farm","description":"seen in the proxy","source":"proxy"}"#.into(),
                &[("authorization", &auth), ("content-type", "application/json")],
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        wait_text(&c, ".dash", "Odd DNS traffic from the build farm", SHORT).await;

        // The incident moves to warm: its phase badge changes in place.
        let res = api
            .send(
                axum::http::Method::POST,
                &format!("/api/incidents/{reference}/commands"),
                r#"{"command":"change-phase","to":"warm","reason":"contained"}"#.into(),
                &[("authorization", &auth), ("content-type", "application/json")],
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        wait_js(&c, "document.querySelector('.dash .badge.phase-warm') !== null", SHORT).await;
        let stayed = c.execute("return window.__stayed === true;", vec![]).await.unwrap();
        assert_eq!(stayed, serde_json::Value::Bool(true), "no reload happened");
        screenshot(&c, "dashboard-live.png").await;
        c
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_heartbeat_page_logs_a_call() {
    let app = App::start().await;
    let olivia_http = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia_http, false).await;
    with_browser(|c| async {
        sign_in(&c, &app, "olivia@example.org").await;
        c.goto(&format!("{}/incidents/{reference}", app.url)).await.unwrap();
        // The link sits in the room's heartbeat-calls panel.
        c.execute("document.getElementById('calls-panel').open = true; document.getElementById('run-call').click();", vec![])
            .await
            .unwrap();
        wait_text(&c, "#call-roll", "Olivia Park", SHORT).await;
        c.execute("window.__stayed = true;", vec![]).await.unwrap();
        // A decision as it is made: listed in place.
        fill(&c, "#cd-text", "Take payroll offline").await;
        click(&c, "#call-decide button[type=submit]").await;
        wait_text(&c, "#call-decisions li", "Take payroll offline", SHORT).await;
        let stayed = c.execute("return window.__stayed === true;", vec![]).await.unwrap();
        assert_eq!(stayed, serde_json::Value::Bool(true), "recorded in place");
        let drafted = c
            .find(Locator::Css("#q-what_we_have_done"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        assert!(drafted.contains("Olivia Park is now incident-manager"), "drafted from the log: {drafted}");
        fill(&c, "#q-what_we_do_next", "Review the proxy logs by noon").await;
        fill(&c, "#q-ndp", "45").await;
        screenshot(&c, "heartbeat-call.png").await;
        click(&c, "#call-record button[type=submit]").await;
        wait_text(&c, "#flash", "Logged", SHORT).await;
        let url = c.current_url().await.unwrap();
        assert!(url.path().ends_with(&format!("/incidents/{reference}")), "{url}");
        c
    })
    .await;
    let id = app.state.incident_id(&reference).await.unwrap();
    let s = app.state.state(id).await.unwrap().unwrap();
    let record = s.call_records.last().expect("the call was logged");
    assert_eq!(record.what_we_do_next, "Review the proxy logs by noon");
    assert!(s.decisions.iter().any(|d| d.text == "Take payroll offline"));
}
