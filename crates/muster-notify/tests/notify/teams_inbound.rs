//! The Teams bot's messaging endpoint against the stand-in: commands and
//! reactions taken only with a genuine Bot Framework token, each activity
//! acted on once, as the person Teams says sent it, and rule 10 kept.

use crate::common::*;
use crate::teams_bot::*;
use serde_json::{Value, json};

fn payload(e: &muster_domain::LogEntry) -> Value {
    serde_json::from_str(&e.payload).expect("canonical JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_to_the_bot_is_logged_once_as_its_sender() {
    let t = TeamsPlatform::start().await;
    let (inc, channel) = t.declare_and_open(true).await;

    let note = t.message(
        SECRETARIAT,
        &channel,
        "channel",
        "note VPN logs requested from the supplier",
    );
    assert_eq!(t.send(&note, Forge::Genuine).await.0, 200);
    let notes = |log: &muster_api::LogPage| {
        log.entries
            .iter()
            .filter(|e| e.kind == "note-added")
            .count()
    };
    let log = t.h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let entry = log
        .entries
        .iter()
        .rfind(|e| e.kind == "note-added")
        .expect("a note");
    assert_eq!(entry.actor_name, "Sam Secretariat");
    assert_eq!(notes(&log), 1);
    let replies = t.standin.calls("reply");
    assert_eq!(replies.len(), 1);
    assert_eq!(
        replies[0].path,
        format!("{channel};messageid=1700000000001"),
        "answered in the thread"
    );
    assert_eq!(replies[0].body["replyToId"], note["id"]);
    assert!(
        t.replies()[0].starts_with(&format!("Logged in {inc} by Sam Secretariat")),
        "{:?}",
        t.replies()
    );

    // The connector delivers the same activity again: acted on once, answered once.
    assert_eq!(t.send(&note, Forge::Genuine).await.0, 200);
    let log = t.h.client(IM).log(&inc, 0, 1000).await.unwrap();
    assert_eq!(notes(&log), 1, "a repeated delivery is logged once");
    assert_eq!(t.standin.calls("reply").len(), 1);

    // An action for someone mentioned by name; status and roll call read back.
    let action = t.message(
        IM,
        &channel,
        "channel",
        "action <at>Ana Analyst</at> 2h Rotate the bucket keys",
    );
    t.send(&action, Forge::Genuine).await;
    let log = t.h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let made = log
        .entries
        .iter()
        .find(|e| e.kind == "action-created")
        .expect("the action");
    assert!(
        made.payload.contains("Rotate the bucket keys")
            && made.payload.contains(&t.h.person(ANALYST).id.to_string()),
        "{}",
        made.payload
    );
    t.send(
        &t.message(DEPUTY, &channel, "channel", "roll call"),
        Forge::Genuine,
    )
    .await;
    let last = t.replies().pop().unwrap();
    assert!(
        last.starts_with(&format!(
            "Roll call for {inc}: incident-manager Imogen Manager"
        )),
        "{last}"
    );
    t.send(
        &t.message(DEPUTY, &channel, "channel", "dance"),
        Forge::Genuine,
    )
    .await;
    let last = t.replies().pop().unwrap();
    assert!(last.contains("not a @Muster command"), "{last}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_or_unsigned_activities_are_refused_and_nothing_is_logged() {
    let t = TeamsPlatform::start().await;
    let (inc, channel) = t.declare_and_open(false).await;
    let before =
        t.h.client(IM)
            .log(&inc, 0, 1000)
            .await
            .unwrap()
            .entries
            .len();
    let note = t.message(SECRETARIAT, &channel, "channel", "note forged");
    for (forge, says) in [
        (Forge::WrongKey, "signature does not match"),
        (Forge::WrongAudience, "for another bot"),
        (Forge::Expired, "expired"),
        (Forge::NotYetValid, "not valid yet"),
        (Forge::WrongIssuer, "https://sts.windows.net/attacker/"),
        (Forge::OtherServiceUrl, "serviceUrl"),
        (
            Forge::UnknownKid,
            "not among the Bot Framework's published keys",
        ),
    ] {
        let (status, text) = t.send(&note, forge).await;
        assert_eq!(status, 401, "{forge:?}: {text}");
        assert!(text.contains(says), "{forge:?}: {text}");
    }
    // The key is endorsed for Teams only: an activity from another channel is refused.
    let mut webchat = note.clone();
    webchat["channelId"] = json!("webchat");
    let (status, text) = t.send(&webchat, Forge::Genuine).await;
    assert_eq!(status, 401);
    assert!(
        text.contains("not endorsed for the \"webchat\" channel"),
        "{text}"
    );
    let (status, text) = t.send_with(&note, None).await;
    assert_eq!(status, 401);
    assert!(text.contains("Authorization header is missing"), "{text}");
    let (status, text) = t.send_with(&note, Some("Basic c2FtOnNlY3JldA==")).await;
    assert_eq!(status, 401);
    assert!(text.contains("not `Bearer <token>`"), "{text}");
    let after =
        t.h.client(IM)
            .log(&inc, 0, 1000)
            .await
            .unwrap()
            .entries
            .len();
    assert_eq!(before, after, "nothing was logged");
    assert!(t.standin.calls("reply").is_empty(), "nothing was answered");
    // A second unknown kid within the minute does not fetch the keys again.
    let fetches = t.standin.books.lock().unwrap().jwks_fetches;
    t.send(&note, Forge::UnknownKid).await;
    assert_eq!(t.standin.books.lock().unwrap().jwks_fetches, fetches);
    // A body that is not an activity, with a token: 400 naming what it is not.
    let (status, text) = t.send_with(&json!([1]), Some("Bearer x")).await;
    assert_eq!(status, 400);
    assert!(text.contains("not a Bot Framework activity"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rolled_signing_key_is_fetched_again() {
    let t = TeamsPlatform::with(|s| s.key_refetch = std::time::Duration::ZERO).await;
    let (inc, channel) = t.declare_and_open(false).await;
    assert_eq!(
        t.send(
            &t.message(DEPUTY, &channel, "channel", "note before"),
            Forge::Genuine
        )
        .await
        .0,
        200
    );
    // Microsoft rolls its keys: the old one goes, a new kid signs.
    t.standin.books.lock().unwrap().keys = vec![(
        "muster-test-key-2".into(),
        include_str!("teams_keys/forger.n").trim().into(),
    )];
    let activity = t.message(DEPUTY, &channel, "channel", "note after the roll");
    let token = t.token_with(&activity, "muster-test-key-2");
    assert_eq!(
        t.send_with(&activity, Some(&format!("Bearer {token}")))
            .await
            .0,
        200
    );
    let log = t.h.client(IM).log(&inc, 0, 1000).await.unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| payload(e)["text"] == "after the roll"),
        "accepted under the new key"
    );
    assert_eq!(
        t.send(
            &t.message(DEPUTY, &channel, "channel", "note old key"),
            Forge::Genuine
        )
        .await
        .0,
        401,
        "the retired key is refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restricted_incident_is_never_named_to_a_non_member() {
    let t = TeamsPlatform::start().await;
    let (inc, _channel) = t.declare_and_open(true).await;
    let outsider = t.outsider().await;
    let ask = |who, conversation: &str, kind: &str| {
        t.message(who, conversation, kind, &format!("{inc} status"))
    };

    t.send(
        &ask(outsider, "a:personal-chat", "personal"),
        Forge::Genuine,
    )
    .await;
    let answer = t.replies().pop().unwrap();
    assert_eq!(
        answer,
        format!("There is no incident {inc} that you can see.")
    );
    // A member asking in another channel: everyone there would read it.
    t.send(
        &ask(ANALYST, "19:general@thread.tacv2", "channel"),
        Forge::Genuine,
    )
    .await;
    let answer = t.replies().pop().unwrap();
    assert!(
        answer.contains("restricted")
            && !answer.contains(&inc)
            && !answer.contains("Customer export"),
        "{answer}"
    );
    // In a personal chat with the bot the member is answered.
    t.send(&ask(ANALYST, "a:analyst-chat", "personal"), Forge::Genuine)
        .await;
    let answer = t.replies().pop().unwrap();
    assert!(
        answer.starts_with(&format!("{inc} Customer export")),
        "{answer}"
    );
    // Someone Teams knows but Muster does not.
    let mut stranger = ask(ANALYST, "a:x", "personal");
    stranger["from"]["aadObjectId"] = json!("99999999-0000-4000-8000-000000000000");
    t.send(&stranger, Forge::Genuine).await;
    assert!(
        t.replies()
            .pop()
            .unwrap()
            .contains("not linked to anyone in Muster")
    );
    // The member's read of the restricted incident is on its audit trail.
    let audit =
        t.h.client(IM)
            .audit(Some(&inc), None, None)
            .await
            .expect("audit");
    assert!(
        audit
            .iter()
            .any(|a| a.what == "teams @Muster status" && a.person_name == "Ana Analyst"),
        "{audit:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_marked_message_is_copied_into_the_log_once() {
    let t = TeamsPlatform::start().await;
    let (inc, channel) = t.declare_and_open(false).await;
    // A Teams message id is its time in Unix milliseconds.
    let said = (jiff::Timestamp::now().as_millisecond() - 60_000).to_string();
    let reply_id = (jiff::Timestamp::now().as_millisecond() - 30_000).to_string();
    t.standin.said(
        &channel,
        &said,
        "<p>Bucket closed at 10:02 &amp; logs kept</p>",
        &entra_id(ANALYST),
    );
    let mark = t.reaction(DEPUTY, &channel, &said, &said, "like");
    assert_eq!(t.send(&mark, Forge::Genuine).await.0, 200);
    // Someone else marks it too, and a heart is not the log's reaction.
    t.send(
        &t.reaction(PRIVACY, &channel, &said, &said, "like"),
        Forge::Genuine,
    )
    .await;
    t.send(
        &t.reaction(COMMS, &channel, &said, &said, "heart"),
        Forge::Genuine,
    )
    .await;
    let log = t.h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let copies: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.kind == "note-added")
        .collect();
    assert_eq!(copies.len(), 1, "copied once");
    assert_eq!(
        payload(copies[0])["text"],
        "From Microsoft Teams, Ana Analyst: Bucket closed at 10:02 & logs kept"
    );
    assert_eq!(copies[0].actor_name, "Dev Deputy");
    // A reply in a thread is read from the thread.
    t.standin
        .said(&channel, &reply_id, "Second reply", &entra_id(IM));
    t.send(
        &t.reaction(DEPUTY, &channel, &said, &reply_id, "like"),
        Forge::Genuine,
    )
    .await;
    assert_eq!(
        t.standin.calls("get reply")[0].path,
        format!("{said}/{reply_id}")
    );
    let log = t.h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let last = log
        .entries
        .iter()
        .rfind(|e| e.kind == "note-added")
        .unwrap();
    assert_eq!(
        payload(last)["text"],
        "From Microsoft Teams, Imogen Manager: Second reply"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_teams_set_up_the_endpoint_says_so() {
    let h = Harness::start(settings()).await;
    let res = reqwest::Client::new()
        .post(format!("{}/api/teams/messages", h.url))
        .header("authorization", "Bearer x")
        .json(&json!({"type": "message"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.text().await.unwrap(),
        "Microsoft Teams is not set up on this server"
    );
    // The endpoint is described for outside testers in the OpenAPI document.
    let doc = h.client(IM).openapi().await.expect("openapi");
    assert!(
        doc["paths"]["/api/teams/messages"]["post"].is_object(),
        "in the OpenAPI document"
    );
}
