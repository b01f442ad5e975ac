//! Outbound webhooks: signed, retried with backoff, dead-lettered, and visible
//! to administrators in the delivery log.

use crate::common::*;
use axum::http::StatusCode;
use muster_api::Command;
use muster_notify::sign;
use muster_store::{OutboxQuery, OutboxStatus, OutboxStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_entries_reach_subscribers_signed() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    let sub = h.subscribe(&hook.url, &["note-added"]).await;
    let open = h.declare(false).await;
    let restricted = h.declare(true).await;
    h.run(
        SECRETARIAT,
        &open,
        Command::AddNote {
            text: "VPN logs requested — «quoted»".into(),
        },
    )
    .await;
    h.run(
        SECRETARIAT,
        &restricted,
        Command::AddNote {
            text: "secret detail".into(),
        },
    )
    .await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;

    let got = hook.of_kind("note-added");
    assert_eq!(
        got.len(),
        2,
        "only the subscribed kind: {:?}",
        hook.received()
    );
    let now = jiff::Timestamp::now().as_second();
    for r in &got {
        let header = r.header("muster-signature");
        assert!(sign::verify(&sub.secret, header, &r.body, now), "{header}");
        assert!(!sign::verify(
            "another-secret-entirely",
            header,
            &r.body,
            now
        ));
        let mut tampered = r.body.to_vec();
        tampered.push(b' ');
        assert!(!sign::verify(&sub.secret, header, &tampered, now));
        assert!(!r.header("muster-delivery").is_empty());
    }
    let open_body = got
        .iter()
        .map(Received::json)
        .find(|b| b["incident"]["reference"] == open.as_str())
        .expect("open");
    assert_eq!(
        open_body["payload"]["text"],
        "VPN logs requested — «quoted»"
    );
    let secret_body = got
        .iter()
        .map(Received::json)
        .find(|b| b["incident"]["reference"] == restricted.as_str())
        .expect("restricted");
    assert_eq!(secret_body["restricted"], true);
    assert!(
        secret_body["payload"].is_null(),
        "rule 10: a restricted incident's content stays out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_retried_with_backoff_then_delivered_with_one_delivery_id() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(&hook.url, &["note-added"]).await;
    let inc = h.declare(false).await;
    hook.fail_next(&[
        StatusCode::INTERNAL_SERVER_ERROR,
        StatusCode::SERVICE_UNAVAILABLE,
    ]);
    h.run(
        SECRETARIAT,
        &inc,
        Command::AddNote {
            text: "retry me".into(),
        },
    )
    .await;
    let w = h.worker("w1");
    let first = h.drain(&w, in_minutes(0)).await;
    assert_eq!(first.retried, 1);
    assert_eq!(hook.received().len(), 1);
    // Backoff: the retry is not due at once ...
    let again = h.drain(&w, in_minutes(0)).await;
    assert_eq!(again.claimed, 0, "the retry waits for its backoff");
    // ... but within the first doubled delay (10 s base, jittered).
    h.drain(&w, in_minutes(1)).await;
    h.drain(&w, in_minutes(2)).await;
    let got = hook.received();
    assert_eq!(got.len(), 3, "two failures, then success");
    assert!(
        got.windows(2)
            .all(|p| p[0].header("muster-delivery") == p[1].header("muster-delivery"))
    );
    let row = h
        .store
        .outbox_item(got[0].header("muster-delivery").parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.status, row.attempts), (OutboxStatus::Delivered, 3));
    assert_eq!(
        row.last_error.as_deref().map(|e| e.contains("503")),
        Some(true)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_that_keeps_failing_is_dead_lettered_and_shown_to_administrators() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(&hook.url, &["note-added"]).await;
    let inc = h.declare(false).await;
    hook.fail_next(&[StatusCode::INTERNAL_SERVER_ERROR; 5]);
    h.run(
        SECRETARIAT,
        &inc,
        Command::AddNote {
            text: "doomed".into(),
        },
    )
    .await;
    let w = h.worker("w1");
    for minutes in [0, 5, 10, 15] {
        h.drain(&w, in_minutes(minutes)).await;
    }
    assert_eq!(hook.received().len(), 3, "max_attempts is 3");
    let dead = h
        .store
        .list_outbox(&OutboxQuery {
            status: Some(OutboxStatus::Dead),
            ..OutboxQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(dead.len(), 1);

    let http = reqwest::Client::new();
    let im = muster_app::actor::mint_token(h.store.as_ref(), h.person(IM).id, "raw")
        .await
        .unwrap()
        .token;
    let sam = muster_app::actor::mint_token(h.store.as_ref(), h.person(SECRETARIAT).id, "raw")
        .await
        .unwrap()
        .token;
    let url = format!("{}/api/admin/deliveries?status=dead", h.url);
    let res = http.get(&url).bearer_auth(&im).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let rows: serde_json::Value = res.json().await.unwrap();
    assert_eq!(rows[0]["status"], "dead");
    assert_eq!(rows[0]["attempts"], 3);
    assert!(rows[0]["last_error"].as_str().unwrap().contains("500"));
    let res = http.get(&url).bearer_auth(&sam).send().await.unwrap();
    assert_eq!(res.status(), 403, "administrators only");
    let res = http
        .get(format!("{}/api/admin/deliveries?status=lost", h.url))
        .bearer_auth(&im)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body.to_string().contains("status"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_manage_subscriptions_and_see_the_secret_once() {
    let h = Harness::start(settings()).await;
    let http = reqwest::Client::new();
    let token = muster_app::actor::mint_token(h.store.as_ref(), h.person(IM).id, "raw")
        .await
        .unwrap()
        .token;
    let url = format!("{}/api/admin/webhooks", h.url);
    let res = http.post(&url).bearer_auth(&token)
        .json(&serde_json::json!({"url": "https://hooks.example.org/x", "kinds": ["action-created", "reminder.action-overdue"]}))
        .send().await.unwrap();
    assert_eq!(res.status(), 201);
    let created: serde_json::Value = res.json().await.unwrap();
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    let listed: serde_json::Value = http
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["id"], created["id"]);
    assert!(listed[0].get("secret").is_none(), "never shown again");
    let res = http
        .post(&url)
        .bearer_auth(&token)
        .json(&serde_json::json!({"url": "ftp://x", "kinds": ["*"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = http
        .delete(format!("{url}/{}", created["id"].as_str().unwrap()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}
