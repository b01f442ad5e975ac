//! A delivery from Slack acted on once: the same signed slash command replayed
//! within its window, and an event Slack retries, are each logged once.

use crate::common::*;
use crate::slack::{SIGNING, now, post, slack_harness, slash};
use serde_json::{Value, json};

fn notes_with(log: &muster_api::LogPage, text: &str) -> usize {
    log.entries
        .iter()
        .filter(|e| e.kind == "note-added" && e.payload.contains(text))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_slash_command_is_logged_once() {
    let (h, _slack) = slack_harness().await;
    let inc = h.declare(true).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;

    let body = slash("U0SAM", "C0INCIDENT1", "note Firewall rule 12 reverted");
    let at = now();
    let first = post(&h, "/api/slack/commands", &body, at, SIGNING, true).await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["response_type"], "in_channel", "{first}");

    // The very same request (timestamp, body, signature) sent again: still
    // inside the five-minute window, so its signature holds, but it is a replay.
    let again = post(&h, "/api/slack/commands", &body, at, SIGNING, true).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["response_type"], "ephemeral", "{again}");
    assert!(
        again["text"]
            .as_str()
            .is_some_and(|t| t.contains("received before")),
        "{again}"
    );
    let log = h.client(IM).log(&inc, 0, 1000).await.unwrap();
    assert_eq!(notes_with(&log, "Firewall rule 12 reverted"), 1);

    // The same words sent as a new request (a new timestamp) are a new note.
    let later = post(&h, "/api/slack/commands", &body, at + 1, SIGNING, true).await;
    let later: Value = later.json().await.unwrap();
    assert_eq!(later["response_type"], "in_channel", "{later}");
    let log = h.client(IM).log(&inc, 0, 1000).await.unwrap();
    assert_eq!(notes_with(&log, "Firewall rule 12 reverted"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_event_is_acted_on_once() {
    let (h, slack) = slack_harness().await;
    let inc = h.declare(false).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.drain(&w, in_minutes(0)).await;

    let event = |ts: &str| {
        json!({"type": "event_callback", "event_id": "Ev0RETRY1", "event": {
            "type": "reaction_added", "user": "U0DEV", "reaction": "memo",
            "item": {"type": "message", "channel": "C0INCIDENT1", "ts": ts}}})
        .to_string()
    };
    let first = post(
        &h,
        "/api/slack/events",
        &event("1800000123.000200"),
        now(),
        SIGNING,
        false,
    )
    .await;
    assert_eq!(first.status(), 200);
    assert_eq!(slack.calls("conversations.history").len(), 1);

    // Slack's retry carries the same event_id, signed afresh. Even were its
    // body to name another message, it is the event already handled.
    let retry = post(
        &h,
        "/api/slack/events",
        &event("1800000999.000100"),
        now() + 1,
        SIGNING,
        false,
    )
    .await;
    assert_eq!(retry.status(), 200, "a retry is answered, so Slack stops");
    assert_eq!(
        slack.calls("conversations.history").len(),
        1,
        "the retried event is not acted on again"
    );
    let log = h.client(IM).log(&inc, 0, 1000).await.unwrap();
    assert_eq!(notes_with(&log, "From Slack"), 1);
}
