//! The dashboard's new parts, the heartbeat-call page, the calls-feed
//! subscription and the insight page, over plain HTTP.

use crate::app::App;
use crate::http::{Http, csrf};
use crate::web_http::{declare, signed_in};
use std::time::Duration;

#[tokio::test]
async fn the_dashboard_shows_the_roll_call_and_its_live_feed_moves() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, false).await;
    let home = olivia.get("/").await;
    assert!(
        home.body.contains("Olivia Park")
            && home.body.contains("Dan Okafor")
            && home.body.contains("Sam Reyes")
    );
    assert!(
        home.body.contains("<abbr title=\"Deputy\">"),
        "the roll call column"
    );
    assert!(
        home.body.contains("http-equiv=\"refresh\""),
        "reloads without JavaScript"
    );
    assert!(home.body.contains("No open preventive action."));

    // An entry on a visible incident moves the feed.
    let feed = {
        let olivia = &olivia;
        let stream = olivia.stream_until(
            "/dashboard/live",
            &[],
            "event: changed",
            Duration::from_secs(5),
        );
        let write = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let room = olivia.get(&format!("/incidents/{reference}")).await;
            let token = csrf(&room.body);
            let res = olivia
                .post(
                    &format!("/incidents/{reference}/commands"),
                    &[("csrf", &token), ("command", "note"), ("text", "a note")],
                )
                .await;
            assert_eq!(res.status, 303);
        };
        let (seen, ()) = tokio::join!(stream, write);
        seen
    };
    assert!(feed.contains("event: changed"), "{feed}");
}

#[tokio::test]
async fn an_outsider_hears_nothing_of_a_restricted_incident_on_the_dashboard_feed() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let otto = signed_in(&app, "otto@example.org").await;
    let stream = otto.stream_until(
        "/dashboard/live",
        &[],
        "event: changed",
        Duration::from_secs(2),
    );
    let write = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let room = olivia.get(&format!("/incidents/{reference}")).await;
        let token = csrf(&room.body);
        olivia
            .post(
                &format!("/incidents/{reference}/commands"),
                &[
                    ("csrf", &token),
                    ("command", "note"),
                    ("text", "secret note"),
                ],
            )
            .await;
    };
    let (seen, ()) = tokio::join!(stream, write);
    assert!(!seen.contains("event: changed"), "rule 10: {seen}");
}

#[tokio::test]
async fn the_heartbeat_page_runs_a_call_and_logs_its_record() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, false).await;
    let room = olivia.get(&format!("/incidents/{reference}")).await;
    let token = csrf(&room.body);
    assert!(
        room.body
            .contains(&format!("/incidents/{reference}/call\"")),
        "the room links the call page"
    );
    olivia
        .post(
            &format!("/incidents/{reference}/commands"),
            &[
                ("csrf", &token),
                ("command", "note"),
                ("text", "Payroll logins from a new ASN"),
            ],
        )
        .await;
    let call = format!("/incidents/{reference}/call");
    let page = olivia.get(&call).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("incident-manager</strong>: Olivia Park"),
        "roll call: {}",
        page.body
    );
    assert!(
        page.body.contains("Payroll logins from a new ASN"),
        "prefilled from the log"
    );

    // A decision as it is made: back to the call page, listed there.
    let res = olivia
        .post(
            &call,
            &[
                ("csrf", &token),
                ("command", "decide"),
                ("text", "Reset payroll passwords"),
                ("rationale", "Agreed on the heartbeat call"),
            ],
        )
        .await;
    assert_eq!((res.status, res.location()), (303, call.as_str()));
    assert!(
        olivia
            .get(&call)
            .await
            .body
            .contains("Reset payroll passwords")
    );
    // Only the call's own commands are taken here.
    let res = olivia
        .post(
            &call,
            &[("csrf", &token), ("command", "note"), ("text", "x")],
        )
        .await;
    assert!(
        olivia
            .get(res.location())
            .await
            .body
            .contains("records a decision or the call")
    );
    // A missing answer is refused by name.
    let res = olivia
        .post(
            &call,
            &[
                ("csrf", &token),
                ("command", "record-call"),
                ("what_happened", "x"),
                ("what_it_means", "y"),
                ("what_we_have_done", "z"),
            ],
        )
        .await;
    assert!(
        olivia
            .get(res.location())
            .await
            .body
            .contains("what we do next")
    );

    let res = olivia
        .post(
            &call,
            &[
                ("csrf", &token),
                ("command", "record-call"),
                ("what_happened", "Logins from a new ASN"),
                ("what_it_means", "Payroll data may be exposed"),
                ("what_we_have_done", "Passwords reset"),
                ("what_we_do_next", "Review the logs"),
                ("next_decision_in", "60"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let state = app
        .state
        .state(app.state.incident_id(&reference).await.unwrap())
        .await
        .unwrap()
        .unwrap();
    let record = state.call_records.last().expect("the call is logged");
    assert_eq!(record.what_we_do_next, "Review the logs");
    assert!(state.next_decision_at.is_some());
    // The next call's page starts after this record.
    let next = olivia.get(&call).await;
    assert!(next.body.contains("Last call: H1"), "{}", next.body);
    assert!(
        !next.body.contains("Payroll logins from a new ASN"),
        "only the log since the last call"
    );

    // An outsider gets the room's 404 for a restricted incident's call page.
    let restricted = declare(&app, &olivia, true).await;
    let otto = signed_in(&app, "otto@example.org").await;
    assert_eq!(
        otto.get(&format!("/incidents/{restricted}/call"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn the_calls_feed_token_reads_nothing_but_the_feed() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let reference = declare(&app, &olivia, true).await;
    let room = olivia.get(&format!("/incidents/{reference}")).await;
    let token = csrf(&room.body);
    let res = olivia
        .post(
            &format!("/incidents/{reference}/calls-feed"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let at = res.body.find("webcal://").expect("a webcal link");
    let link = &res.body[at..at + res.body[at..].find('"').unwrap()];
    assert!(
        link.contains(&format!("/api/incidents/{reference}/calls.ics?token=mst_")),
        "{link}"
    );
    let secret = link.rsplit("token=").next().unwrap();
    // Not an API token.
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
    assert_eq!(me.status, 401);
    assert!(
        me.body.contains("only reads the calls feed of"),
        "{}",
        me.body
    );
    // An outsider cannot mint one for a restricted incident.
    let otto = signed_in(&app, "otto@example.org").await;
    let t = csrf(&otto.get("/").await.body);
    let res = otto
        .post(
            &format!("/incidents/{reference}/calls-feed"),
            &[("csrf", &t)],
        )
        .await;
    assert_eq!(res.status, 303);
    assert!(
        otto.get(res.location())
            .await
            .body
            .contains("restricted to its team")
    );
}

#[tokio::test]
async fn insight_counts_only_what_the_reader_may_see() {
    let app = App::start().await;
    let olivia = signed_in(&app, "olivia@example.org").await;
    let open = declare(&app, &olivia, false).await;
    let restricted = declare(&app, &olivia, true).await;
    let page = olivia.get("/insights").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("<svg class=\"chart\""),
        "charts drawn on the server"
    );
    assert!(page.body.contains(&open) && page.body.contains(&restricted));
    assert!(page.body.contains("2 incidents"));
    let csv = olivia.get("/insights.csv").await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.body
            .starts_with("measure,by,group,count,median_seconds,p90_seconds\r\n")
    );
    assert!(csv.body.contains(&restricted));

    let otto = signed_in(&app, "otto@example.org").await;
    let page = otto.get("/insights").await;
    assert!(
        page.body.contains("1 incidents") && !page.body.contains(&restricted),
        "rule 10"
    );
    let csv = otto.get("/insights.csv").await;
    assert!(csv.body.contains(&open) && !csv.body.contains(&restricted));

    // The API says the same, and refuses an unknown format by name.
    let token = app.token(&app.people.ravi).await;
    let api = Http::new(&app.url);
    let bearer = format!("Bearer {token}");
    let res = api
        .send(
            axum::http::Method::GET,
            "/api/insights",
            String::new(),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(v["incidents"], 2, "Ravi is on both teams");
    let res = api
        .send(
            axum::http::Method::GET,
            "/api/insights?format=xml",
            String::new(),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("\"field\":\"format\""), "{}", res.body);
    let res = api
        .send(
            axum::http::Method::GET,
            "/api/preventive-actions",
            String::new(),
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!((res.status, res.body.as_str()), (200, "[]"));
    // The restricted incident's reads were audited.
    let audit = app
        .state
        .audit_trail(&muster_store::AuditQuery {
            incident: None,
            person: None,
            limit: 1000,
        })
        .await
        .unwrap();
    assert!(
        audit.iter().any(|r| r.what == "GET /insights"),
        "the insight page's read is audited"
    );
}
