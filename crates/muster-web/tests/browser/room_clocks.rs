//! The room's clocks over plain HTTP: a delegated finding past its
//! report-back time is overdue like an action, resolving asks for open work
//! to be settled (with forms to cancel or carry an action), and a closed
//! incident shows only its preventive actions ticking.

use crate::app::App;
use crate::http::{Http, csrf};
use crate::web_http::{declare, signed_in};
use serde_json::json;
use std::time::Duration;

async fn api_command(app: &App, token: &str, reference: &str, body: serde_json::Value) {
    let res = Http::new(&app.url)
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

/// Posts a room form and returns the room as it is shown next.
async fn post(http: &Http, room: &str, pairs: &[(&str, &str)]) -> String {
    let token = csrf(&http.get(room).await.body);
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(pairs);
    let res = http.post(&format!("{room}/commands"), &form).await;
    assert_eq!(res.status, 303, "{}", res.body);
    http.get(room).await.body
}

/// The `<article>` of finding `id`.
fn article<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"finding-{id}\""))
        .unwrap_or_else(|| panic!("finding {id} in {page}"));
    let start = page[..start].rfind("<article").unwrap();
    let end = start + page[start..].find("</article>").unwrap();
    &page[start..end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegated_finding_past_its_report_back_time_is_shown_overdue() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let room = format!("/incidents/{reference}");
    post(
        &olivia,
        &room,
        &[
            ("command", "finding"),
            ("kind", "unknown"),
            ("text", "Which accounts logged in from the botnet?"),
        ],
    )
    .await;
    let token = app.token(&app.people.olivia).await;
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(1);
    api_command(
        &app,
        &token,
        &reference,
        json!({"command": "delegate-finding", "finding": "F1", "to": app.people.ravi.id.to_string(), "report_back_at": soon.to_string()}),
    )
    .await;
    // Wait for the report-back time to pass (the server's clock decides).
    let mut page = olivia.get(&room).await.body;
    for _ in 0..80 {
        if jiff::Timestamp::now() > soon + jiff::SignedDuration::from_millis(1100) {
            page = olivia.get(&room).await.body;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let f1 = article(&page, "F1");
    assert!(f1.contains("finding status-delegated is-overdue"), "{f1}");
    assert!(f1.contains("overdue by"), "{f1}");
    assert!(page.contains("1 overdue finding"), "the alert: {page}");
    assert!(page.contains("chase the SME"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resolving_settles_open_actions_and_a_closed_room_ticks_only_preventive_actions() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let room = format!("/incidents/{reference}");
    let (ravi, priya) = (
        app.people.ravi.id.to_string(),
        app.people.priya.id.to_string(),
    );
    // Rule 4: personal data may be involved, so a data privacy SME.
    post(
        &olivia,
        &room,
        &[("command", "assign"), ("person", &priya), ("role", "sme")],
    )
    .await;
    for title in ["Reset the payroll passwords", "Add MFA to payroll"] {
        post(
            &olivia,
            &room,
            &[
                ("command", "action"),
                ("title", title),
                ("owner", &ravi),
                ("report_back_in", "30"),
            ],
        )
        .await;
    }
    let page = post(
        &olivia,
        &room,
        &[("command", "resolve"), ("reason", "contained")],
    )
    .await;
    assert!(page.contains("rule 7:"), "{page}");
    assert!(
        page.contains("cannot be resolved while work is open"),
        "{page}"
    );
    assert!(page.contains("action A1"), "{page}");
    assert!(page.contains("action A2"), "{page}");
    assert!(page.contains("name=\"command\" value=\"cancel-action\""));
    assert!(page.contains("name=\"command\" value=\"carry-action\""));

    let page = post(
        &olivia,
        &room,
        &[
            ("command", "cancel-action"),
            ("action", "A1"),
            ("reason", "Passwords were already reset by the supplier"),
        ],
    )
    .await;
    assert!(page.contains("Action A1 cancelled"), "{page}");
    let due = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * 14))
        .strftime("%Y-%m-%d")
        .to_string();
    let page = post(
        &olivia,
        &room,
        &[("command", "carry-action"), ("action", "A2"), ("due", &due)],
    )
    .await;
    assert!(
        page.contains("carried into the review as preventive action P1"),
        "{page}"
    );
    post(
        &olivia,
        &room,
        &[("command", "resolve"), ("reason", "contained")],
    )
    .await;
    post(
        &olivia,
        &room,
        &[
            ("command", "review"),
            ("went_well", "Fast containment"),
            ("even_better_if", "MFA from the start"),
            ("lessons", "Payroll needs MFA"),
        ],
    )
    .await;
    let page = post(
        &olivia,
        &room,
        &[("command", "close"), ("reason", "review done")],
    )
    .await;
    assert!(page.contains("This incident is closed."), "{page}");
    assert!(!page.contains("overdue action"), "{page}");
    let p1 = page.find("id=\"preventive-P1\"").expect("P1 is listed");
    let p1 = &page[p1..p1 + page[p1..].find("</li>").unwrap()];
    assert!(p1.contains("Add MFA to payroll"), "{p1}");
    assert!(p1.contains("carried from A2"), "{p1}");
    assert!(p1.contains("class=\"countdown"), "it still ticks: {p1}");
    // The actions themselves no longer tick.
    let actions = page.find("id=\"actions-h\"").unwrap();
    let actions = &page[actions..actions + page[actions..].find("</ul>").unwrap()];
    assert!(!actions.contains("countdown"), "{actions}");
}
