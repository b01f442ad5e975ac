//! A whole incident played in real browsers: report, triage and declare, staff
//! the team (closing a composition gap), log notes with Enter, recommend and
//! approve, a second browser seeing each change live, resolve, review, close;
//! and an outsider for whom the restricted incident does not exist.

use crate::app::{App, PASSWORD};
use crate::axe;
use crate::driver::{Driver, click, fill, screenshot, select, wait_js, wait_js_within, wait_text};
use crate::http::Http;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;

const SHORT: Duration = Duration::from_secs(5);
/// The bar: a change by anyone shows in every open room within a second.
const LIVE: Duration = Duration::from_secs(1);

pub async fn sign_in(c: &Client, app: &App, email: &str) {
    c.goto(&format!("{}/signin", app.url)).await.expect("goto");
    fill(c, "#email", email).await;
    fill(c, "#password", PASSWORD).await;
    click(c, "form[action='/signin'] button[type=submit]").await;
    wait_text(c, "h2", "Open incidents", SHORT).await;
}

/// Signs in afresh, whoever was signed in before.
pub async fn sign_in_afresh(c: &Client, app: &App, email: &str) {
    c.delete_all_cookies().await.expect("sign out");
    sign_in(c, app, email).await;
}

async fn sign_out(c: &Client) {
    click(c, ".signout button").await;
    wait_text(c, "h1", "Sign in to Muster", SHORT).await;
}

async fn open_room(c: &Client, app: &App, reference: &str) {
    c.goto(&format!("{}/incidents/{reference}", app.url))
        .await
        .expect("goto room");
    // Changes are only promised once the live stream is open.
    wait_js(
        c,
        "document.getElementById('live-status').dataset.state === 'open'",
        SHORT,
    )
    .await;
}

/// A change made by someone else, over the JSON API.
pub async fn api_command(app: &App, token: &str, reference: &str, body: serde_json::Value) {
    let http = Http::new(&app.url);
    let res = http
        .send(
            axum::http::Method::POST,
            &format!("/api/incidents/{reference}/commands"),
            body.to_string(),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
            ],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_played_in_the_browser() {
    played(false).await
}

/// The same incident, start to close, with both browsers at a phone's width.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_played_on_a_phone() {
    played(true).await
}

async fn played(phone: bool) {
    let Some(mut driver) = Driver::start() else {
        return;
    };
    let app = App::start().await;
    let a = driver.browser().await;
    let b = driver.browser().await;
    if phone {
        for c in [&a, &b] {
            c.set_window_size(390, 844).await.expect("phone size");
        }
    }
    play(&app, &a, &b, phone).await;
    let _ = a.close().await;
    let _ = b.close().await;
}

async fn play(app: &App, a: &Client, b: &Client, phone: bool) {
    let width = if phone { "phone" } else { "desktop" };
    // Anyone reports a security event.
    sign_in(a, app, "rita@example.org").await;
    a.goto(&format!("{}/reports/new", app.url)).await.unwrap();
    axe::assert_clean(a, "the report form").await;
    fill(a, "#title", "Customer export on a public file share").await;
    fill(
        a,
        "#description",
        "A CSV with customer emails is readable without a login.",
    )
    .await;
    fill(a, "#source", "Report from a customer").await;
    click(a, "form[action='/reports'] button").await;
    wait_text(a, "#flash", "Reported as REP-", SHORT).await;
    axe::assert_clean(a, "a report, just made").await;
    sign_out(a).await;
    axe::assert_clean(a, "the sign-in page").await;

    // The on-call incident manager triages it and declares, with the team.
    sign_in(a, app, "olivia@example.org").await;
    wait_text(
        a,
        "table.list",
        "Customer export on a public file share",
        SHORT,
    )
    .await;
    click(a, "a[href^='/reports/REP-']").await;
    wait_text(a, "h2", "Triage", SHORT).await;
    select(a, "#d-severity", "SEV-2").await;
    select(a, "#d-category", "data-breach").await;
    fill(
        a,
        "#d-hypothesis",
        "A misconfigured share exposed the nightly export",
    )
    .await;
    let p = &app.people;
    for (i, (who, role)) in [
        (&p.dan, "deputy"),
        (&p.sam, "secretariat"),
        (&p.ravi, "sme"),
    ]
    .iter()
    .enumerate()
    {
        select(a, &format!("#t-person-{}", i + 1), &who.id.to_string()).await;
        select(a, &format!("#t-role-{}", i + 1), role).await;
    }
    click(a, "form[action$='/triage'] button.primary").await;
    wait_text(a, "#flash", "Declared INC-", SHORT).await;
    let url = a.current_url().await.unwrap();
    let reference = url.path().trim_start_matches("/incidents/").to_owned();
    assert!(reference.starts_with("INC-"), "{reference}");
    open_room(a, app, &reference).await;
    wait_text(a, "[data-region=alerts]", "data privacy team", SHORT).await;

    // Rule 4 refuses to resolve while the gap is open: the page says why.
    fill(a, "#ph-reason", "Share locked down").await;
    click(a, "#resolve-form button[value=resolve]").await;
    wait_text(a, "#flash", "rule 4:", SHORT).await;

    // The secretariat opens the same room in a second browser.
    sign_in(b, app, "sam@example.org").await;
    open_room(b, app, &reference).await;

    // Staffing closes the composition gap, and the other room sees it.
    select(a, "#assign-person", &p.priya.id.to_string()).await;
    select(a, "#assign-role", "sme").await;
    click(a, "#assign-form button").await;
    wait_text(b, "#team", "Priya Nair", LIVE).await;
    wait_js(
        a,
        "!document.querySelector('[data-region=alerts]').textContent.includes('data privacy team')",
        SHORT,
    )
    .await;

    // The secretariat logs a line with Enter; the incident manager sees it live.
    let note = "Bridge call opened, six on the line";
    let box_ = b.find(Locator::Css("#note-text")).await.unwrap();
    box_.send_keys(&format!("{note}{}", char::from(Key::Enter)))
        .await
        .unwrap();
    let took = wait_text(a, "#timeline-rows .entry", note, LIVE).await;
    println!("a note logged in one browser showed in the other after {took:?}");
    wait_js(
        b,
        "document.getElementById('note-text').value === ''",
        SHORT,
    )
    .await;
    wait_js(b, "document.activeElement.id === 'note-text'", SHORT).await;

    // An SME-style recommendation from the secretariat, approved inline.
    click(b, "#recommendations details.add > summary").await;
    fill(b, "#rec-text", "Rotate the credentials of the export job").await;
    click(b, "#recommendations details.add button").await;
    wait_text(
        a,
        "#recommendations",
        "Rotate the credentials of the export job",
        LIVE,
    )
    .await;
    fill(a, "#rr-R1", "The job's key was in the exported folder").await;
    click(a, "#rec-R1 button[value=approve]").await;
    wait_text(
        b,
        "#actions",
        "Rotate the credentials of the export job",
        LIVE,
    )
    .await;
    wait_text(b, "#decisions", "Approved R1", LIVE).await;

    // Its owner reports back from the room, with JavaScript on. The update
    // form has an input named `action`, which once shadowed the form's own
    // URL so that the script posted to "[object HTMLInputElement]" (405).
    b.execute(
        "document.getElementById('au-status-A1').closest('details').open = true;",
        vec![],
    )
    .await
    .unwrap();
    b.execute(
        "document.getElementById('au-status-A1').value = 'done';",
        vec![],
    )
    .await
    .unwrap();
    fill(b, "#au-report-A1", "Rotated; the old key is revoked").await;
    b.execute(
        "document.getElementById('au-status-A1').form.querySelector('button[type=submit]').click();",
        vec![],
    )
    .await
    .unwrap();
    wait_text(a, "#timeline-rows", "Rotated; the old key is revoked", LIVE).await;

    // Others work the board over the API; the rooms follow.
    let ravi = app.token(&p.ravi).await;
    let olivia = app.token(&p.olivia).await;
    for (kind, text, source) in [
        (
            "known",
            "The share allowed anonymous reads since 2 March",
            Some("storage audit log"),
        ),
        (
            "known",
            "The export holds emails, no passwords",
            Some("file inspection"),
        ),
        ("suspected", "A search engine indexed the file", None),
        (
            "unknown",
            "Was the file downloaded by anyone outside?",
            None,
        ),
    ] {
        api_command(
            app,
            &ravi,
            &reference,
            json!({"command": "finding", "kind": kind, "text": text, "source": source}),
        )
        .await;
    }
    api_command(
        app,
        &olivia,
        &reference,
        json!({"command": "assess", "suspected": "F3", "known": "F1", "consistency": "consistent"}),
    )
    .await;
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2);
    api_command(app, &olivia, &reference, json!({"command": "action", "title": "Pull the access logs for the share", "owner": p.ravi.id.to_string(), "report_back_at": soon.to_string()})).await;
    wait_text(a, "#board", "A search engine indexed the file", LIVE).await;
    // An overdue action is unmistakable, without a reload.
    wait_text(
        a,
        "#actions .action.is-overdue .countdown",
        "OVERDUE",
        Duration::from_secs(5),
    )
    .await;
    wait_text(
        a,
        "[data-region=alerts]",
        "overdue action",
        Duration::from_secs(5),
    )
    .await;
    for n in [
        "Priya confirmed the data is customer emails only",
        "Legal briefed by phone",
    ] {
        let box_ = b.find(Locator::Css("#note-text")).await.unwrap();
        box_.send_keys(&format!("{n}{}", char::from(Key::Enter)))
            .await
            .unwrap();
        wait_text(a, "#timeline-rows", n, LIVE).await;
    }

    if !phone {
        a.set_window_size(1400, 1900).await.unwrap();
    }
    // A picture of the room as a person sees it, without the last form's message.
    a.execute(
        "window.scrollTo(0, 0); document.getElementById('flash').replaceChildren();",
        vec![],
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(
        a,
        if phone {
            "room-play-phone.png"
        } else {
            "room.png"
        },
    )
    .await;
    axe::assert_clean(a, &format!("the room in the thick of it ({width})")).await;
    axe::assert_clean(b, &format!("the second room, live ({width})")).await;
    if !phone {
        a.set_window_size(1280, 900).await.unwrap();
    }
    a.goto(&format!("{}/", app.url)).await.unwrap();
    wait_text(a, "table.incidents", &reference, SHORT).await;
    screenshot(a, &format!("dashboard-play-{width}.png")).await;
    axe::assert_clean(a, "the dashboard").await;

    // Resolve, review, close; the second room follows each step. Open work
    // is settled first (rule 7): the overdue A2 is cancelled with a reason.
    open_room(a, app, &reference).await;
    a.execute(
        "document.getElementById('ac-reason-A2').closest('details').open = true;",
        vec![],
    )
    .await
    .unwrap();
    fill(
        a,
        "#ac-reason-A2",
        "The logs were already in the case folder",
    )
    .await;
    click(a, "form:has(#ac-reason-A2) button").await;
    wait_text(
        b,
        "#actions",
        "The logs were already in the case folder",
        LIVE,
    )
    .await;
    fill(a, "#ph-reason", "Share locked down and credentials rotated").await;
    click(a, "#resolve-form button[value=resolve]").await;
    wait_js_within(
        b,
        "document.querySelector('[data-region=head] .phase-cold')",
        LIVE,
    )
    .await;
    wait_text(a, "#review", "Record the review", SHORT).await;
    fill(
        a,
        "#rv-well",
        "The reporter's email reached the on-call manager in minutes",
    )
    .await;
    fill(a, "#rv-ebi", "Shares were scanned for anonymous access").await;
    fill(
        a,
        "#rv-lessons",
        "Scan shares weekly\nKeep keys out of export folders",
    )
    .await;
    fill(a, "#pa-t-1", "Weekly anonymous-access scan of shares").await;
    select(a, "#pa-o-1", &p.ravi.id.to_string()).await;
    a.execute(
        "document.getElementById('pa-d-1').value = '2030-01-31'",
        vec![],
    )
    .await
    .unwrap();
    click(a, "#review-form input[name=thanked]").await;
    click(a, "#review-form button").await;
    wait_text(b, "#review", "Scan shares weekly", LIVE).await;
    fill(a, "#close-reason", "Review done").await;
    click(a, "#close-form button").await;
    wait_js_within(
        b,
        "document.querySelector('[data-region=head] .phase-closed')",
        LIVE,
    )
    .await;
    axe::assert_clean(b, "the closed room").await;
    screenshot(b, &format!("room-closed-{width}.png")).await;

    // Someone outside the team: the restricted incident does not exist for them.
    sign_out(b).await;
    sign_in(b, app, "otto@example.org").await;
    let dash = b.source().await.unwrap();
    assert!(
        !dash.contains(&reference),
        "an outsider's dashboard lists {reference}"
    );
    b.goto(&format!("{}/incidents/{reference}", app.url))
        .await
        .unwrap();
    wait_text(b, "h1", "Not found", SHORT).await;
    assert!(!b.source().await.unwrap().contains("Customer export"));
    axe::assert_clean(b, "the not-found page").await;
}
