//! The room's obligations panel over plain HTTP: awareness recorded from the
//! room starts the GDPR clock shown with its local time and colour; only the
//! incident manager is offered (and allowed) the assessment; a not-required
//! assessment is shown with its rationale; the dashboard shows the nearest
//! regulator's deadline.

use crate::app::App;
use crate::http::{Http, csrf};
use crate::web_http::{declare, signed_in};
use serde_json::json;

async fn post(http: &Http, room: &str, pairs: &[(&str, &str)]) -> String {
    let token = csrf(&http.get(room).await.body);
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(pairs);
    let res = http.post(&format!("{room}/commands"), &form).await;
    assert_eq!(res.status, 303, "{}", res.body);
    http.get(room).await.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn awareness_recorded_in_the_room_starts_the_regulators_clock() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let dan = signed_in(&app, "dan@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let room = format!("/incidents/{reference}");
    let token = app.token(&app.people.olivia).await;
    let res = Http::new(&app.url)
        .send(
            axum::http::Method::POST,
            &format!("/api/incidents/{reference}/commands"),
            json!({"command": "set-jurisdictions", "jurisdictions": ["ie"], "reason": "Irish customers"}).to_string(),
            &[("authorization", &format!("Bearer {token}")), ("content-type", "application/json")],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);

    let before = olivia.get(&room).await.body;
    assert!(before.contains("No deadline is running"), "{before}");
    // The deputy (a member) records awareness, 30 minutes ago.
    let page = post(
        &dan,
        &room,
        &[
            ("command", "record-anchor"),
            ("anchor", "aware"),
            ("minutes_ago", "30"),
            ("back", "obligations"),
        ],
    )
    .await;
    let start = page
        .find("data-regime=\"gdpr-art-33\"")
        .unwrap_or_else(|| panic!("{page}"));
    let item =
        &page[page[..start].rfind("<li").unwrap()..start + page[start..].find("</li>").unwrap()];
    assert!(item.contains("urgency-far"), "71 h 30 min left: {item}");
    assert!(item.contains("data-deadline="), "{item}");
    assert!(page.contains("<strong>aware</strong>"), "{page}");

    // Only the incident manager is offered the assessment; the deputy is refused it.
    assert!(
        !page.contains("value=\"assess-obligation\""),
        "the deputy is not offered it"
    );
    let res = dan
        .post(
            &format!("{room}/commands"),
            &[
                ("csrf", &csrf(&page)),
                ("command", "assess-obligation"),
                ("regime", "gdpr-art-34"),
                ("status", "not-required"),
                ("rationale", "encrypted"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let shown = dan.get(&room).await.body;
    assert!(
        shown.contains("only the incident manager"),
        "the refusal is shown: {shown}"
    );
    let page = olivia.get(&room).await.body;
    assert!(
        page.contains("value=\"assess-obligation\""),
        "the incident manager is offered it"
    );
    let page = post(
        &olivia,
        &room,
        &[
            ("command", "assess-obligation"),
            ("regime", "gdpr-art-34"),
            ("status", "not-required"),
            (
                "rationale",
                "the export was encrypted and the key not taken",
            ),
        ],
    )
    .await;
    assert!(
        page.contains("Why: the export was encrypted and the key not taken"),
        "{page}"
    );

    let dashboard = olivia.get("/").await.body;
    assert!(
        dashboard.contains("data-regulator-deadline="),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("gdpr-art-33 notification"),
        "{dashboard}"
    );
}
