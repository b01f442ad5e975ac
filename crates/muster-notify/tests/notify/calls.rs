//! Heartbeat calls over HTTP: the schedule and call record as commands, and
//! the iCalendar feed parsed back by an independent parser (the `icalendar`
//! crate), with RFC 5545's line rules checked on the raw bytes.

use crate::common::*;
use icalendar::{Calendar, CalendarComponent, Component};
use muster_api::Command;
use muster_store::PeopleStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calls_feed_is_valid_icalendar_with_the_schedule_and_decision_points() {
    let h = Harness::start(settings()).await;
    let inc = h.declare(true).await;
    let first = in_minutes(30);
    h.run(
        SECRETARIAT,
        &inc,
        Command::ScheduleCalls {
            cadence_minutes: Some(45),
            first_at: Some(first),
            bridge: Some("https://meet.example.org/inc?room=7;pin=1,2".into()),
        },
    )
    .await;
    h.run(SECRETARIAT, &inc, Command::RecordCall(muster_domain::calls::CallInput {
        held_at: None,
        what_happened: "Bucket public; «export» files; a long answer that will need folding across several lines of the feed".into(),
        what_it_means: "Emails exposed".into(),
        what_we_have_done: "Closed it".into(),
        what_we_do_next: "Decide on the ICO; draft the customer notice".into(),
        decisions: vec!["Notify the ICO".into()],
        next_decision_at: Some(in_minutes(90)),
    })).await;

    let token = muster_app::actor::mint_token(h.store.as_ref(), h.person(ANALYST).id, "raw")
        .await
        .unwrap()
        .token;
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{}/api/incidents/{inc}/calls.ics", h.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let raw = res.text().await.unwrap();

    assert!(raw.ends_with("\r\n"));
    assert!(
        !raw.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    for line in raw.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(raw.contains("\r\n "), "long lines are folded");

    let cal: Calendar = raw.parse().expect("the icalendar crate parses the feed");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 2, "the call series and one decision point");
    let series = events
        .iter()
        .find(|e| e.get_uid().is_some_and(|u| u.contains("heartbeat")))
        .expect("series");
    assert_eq!(
        series.property_value("RRULE"),
        Some("FREQ=MINUTELY;INTERVAL=45")
    );
    assert_eq!(
        series.property_value("DTSTART"),
        Some(first.strftime("%Y%m%dT%H%M%SZ").to_string().as_str())
    );
    assert!(series.property_value("DTSTAMP").is_some());
    let description = series.get_description().expect("agenda");
    assert!(
        description.contains("Roll call: incident-manager Imogen Manager"),
        "{description}"
    );
    assert!(
        description.contains("What does it mean for us?"),
        "{description}"
    );
    assert_eq!(
        series.property_value("LOCATION"),
        Some("https://meet.example.org/inc?room=7;pin=1,2"),
        "escaping round-trips"
    );
    let decision = events
        .iter()
        .find(|e| e.get_uid().is_some_and(|u| u.contains("decision-H1")))
        .expect("decision point");
    let start = decision.property_value("DTSTART").expect("DTSTART");
    assert!(
        start.len() == 16 && start.ends_with('Z'),
        "UTC date-time: {start}"
    );

    // Rule 10: the feed of a restricted incident is its team's, and reading it is audited.
    let outsider = muster_store::Person {
        id: uuid::Uuid::now_v7(),
        name: "Mallory Outsider".into(),
        email: "mallory@example.org".into(),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: vec![],
        team: None,
        created_at: jiff::Timestamp::now().as_microsecond(),
    };
    h.store.create_person(&outsider).await.unwrap();
    muster_store::AuthStore::upsert_user(
        h.store.as_ref(),
        &muster_store::User {
            person: outsider.id,
            admin: false,
            password_hash: None,
            created_at: 0,
        },
    )
    .await
    .unwrap();
    let theirs = muster_app::actor::mint_token(h.store.as_ref(), outsider.id, "raw")
        .await
        .unwrap()
        .token;
    let res = http
        .get(format!("{}/api/incidents/{inc}/calls.ics", h.url))
        .bearer_auth(&theirs)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let audit = h
        .client(IM)
        .audit(Some(&inc), None, None)
        .await
        .expect("audit");
    assert!(
        audit.iter().any(|a| a.what.contains("calls.ics")),
        "{audit:?}"
    );

    // The feed and the other notification routes are in the OpenAPI document.
    let doc = h.client(IM).openapi().await.expect("openapi");
    for path in [
        "/api/incidents/{reference}/calls.ics",
        "/api/incidents/{reference}/calls",
        "/api/admin/deliveries",
        "/api/admin/webhooks",
        "/api/incidents/{reference}/briefings",
    ] {
        assert!(doc["paths"].get(path).is_some(), "OpenAPI lacks {path}");
    }

    // A calendar app cannot send headers: the token in the query works too.
    let feed = http
        .get(format!(
            "{}/api/incidents/{inc}/calls.ics?token={token}",
            h.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), 200);
    assert!(feed.text().await.unwrap().starts_with("BEGIN:VCALENDAR"));
    let anonymous = http
        .get(format!("{}/api/incidents/{inc}/calls.ics", h.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    let calls: serde_json::Value = http
        .get(format!("{}/api/incidents/{inc}/calls", h.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(calls["schedule"]["cadence_minutes"], 45);
    assert_eq!(calls["records"][0]["decisions"][0], "Notify the ICO");
    assert_eq!(calls["agenda"][1], "What happened?");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_briefings_register_lists_who_was_briefed_by_whom() {
    let h = Harness::start(settings()).await;
    let inc = h.declare(false).await;
    h.run(
        COMMS,
        &inc,
        Command::RecordBriefing {
            stakeholder: "SIRO".into(),
            summary: "Briefed on the exposure and the ICO decision".into(),
        },
    )
    .await;
    let token = muster_app::actor::mint_token(h.store.as_ref(), h.person(IM).id, "raw")
        .await
        .unwrap()
        .token;
    let register: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/incidents/{inc}/briefings", h.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(register[0]["stakeholder"], "SIRO");
    assert_eq!(register[0]["by"], "Cora Comms");
    assert!(register[0]["at"].as_str().is_some());
}
