//! Slack against a local stand-in of its Web API that checks each call the way
//! Slack documents it (method, `Authorization: Bearer xoxb-…`, content type and
//! required parameters) and records it; and Slack's requests to us, correctly
//! signed, wrongly signed and stale.

use crate::common::*;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::HeaderMap;
use muster_api::Command;
use muster_domain::Role;
use muster_notify::SlackSettings;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub(crate) const TOKEN: &str = "xoxb-test-token";
pub(crate) const SIGNING: &str = "slack-signing-secret-for-tests";

#[derive(Clone, Default)]
pub(crate) struct Standin {
    calls: Arc<Mutex<Vec<(String, Value)>>>,
    pub(crate) url: String,
}

/// What each method requires, per Slack's Web API reference.
fn required(method: &str) -> Option<(&'static [&'static str], bool)> {
    Some(match method {
        "conversations.create" => (&["name"], true),
        "conversations.invite" => (&["channel", "users"], true),
        "conversations.kick" => (&["channel", "user"], true),
        "conversations.setTopic" => (&["channel", "topic"], true),
        "chat.postMessage" => (&["channel", "text"], true),
        "pins.add" => (&["channel", "timestamp"], true),
        "conversations.history" => (&["channel"], false),
        _ => return None,
    })
}

impl Standin {
    pub(crate) async fn start() -> Standin {
        let mut s = Standin::default();
        let calls = s.calls.clone();
        let app = axum::Router::new().route(
            "/api/{method}",
            axum::routing::post(
                move |Path(method): Path<String>, headers: HeaderMap, body: Bytes| {
                    let calls = calls.clone();
                    async move { axum::Json(answer(&calls, &method, &headers, &body)) }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        s.url = format!("http://{}/api", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        s
    }

    pub(crate) fn calls(&self, method: &str) -> Vec<Value> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

fn answer(
    calls: &Mutex<Vec<(String, Value)>>,
    method: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Value {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if auth != format!("Bearer {TOKEN}") {
        return json!({"ok": false, "error": "not_authed"});
    }
    let Some((fields, is_json)) = required(method) else {
        return json!({"ok": false, "error": "unknown_method"});
    };
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let params: Value = if is_json {
        if !content_type.starts_with("application/json") {
            return json!({"ok": false, "error": "invalid_post_type"});
        }
        serde_json::from_slice(body).unwrap_or(Value::Null)
    } else {
        let pairs: serde_json::Map<String, Value> = form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        Value::Object(pairs)
    };
    for f in fields {
        if params.get(*f).is_none_or(|v| v.as_str() == Some("")) {
            return json!({"ok": false, "error": "invalid_arguments", "missing": f});
        }
    }
    calls
        .lock()
        .unwrap()
        .push((method.to_owned(), params.clone()));
    match method {
        "conversations.create" => {
            json!({"ok": true, "channel": {"id": "C0INCIDENT1", "name": params["name"], "is_private": params["is_private"]}})
        }
        "chat.postMessage" => {
            json!({"ok": true, "channel": params["channel"], "ts": "1800000000.000100"})
        }
        "conversations.history" => json!({"ok": true, "messages": [
            {"type": "message", "user": "U0ANA", "text": "Bucket closed at 10:02 <@U0DEV>", "ts": params["latest"]}
        ]}),
        _ => json!({"ok": true}),
    }
}

/// Slack's settings pointing at `standin`.
pub(crate) fn slack_settings(standin: &Standin) -> SlackSettings {
    SlackSettings {
        api_base: standin.url.clone(),
        bot_token: TOKEN.into(),
        signing_secret: SIGNING.into(),
    }
}

pub(crate) async fn slack_harness() -> (Harness, Standin) {
    slack_harness_with(settings()).await
}

/// A harness with `s` and Slack pointed at a new stand-in.
pub(crate) async fn slack_harness_with(mut s: muster_notify::NotifySettings) -> (Harness, Standin) {
    let standin = Standin::start().await;
    s.slack = Some(slack_settings(&standin));
    (Harness::start(s).await, standin)
}

fn signed(ts: i64, secret: &str, body: &str) -> (String, String) {
    let ts = ts.to_string();
    let sig = muster_slack::verify::sign(secret, &ts, body.as_bytes());
    (ts, sig)
}

pub(crate) async fn post(
    h: &Harness,
    path: &str,
    body: &str,
    ts: i64,
    secret: &str,
    form: bool,
) -> reqwest::Response {
    let (ts, sig) = signed(ts, secret, body);
    reqwest::Client::new()
        .post(format!("{}{path}", h.url))
        .header("x-slack-request-timestamp", ts)
        .header("x-slack-signature", sig)
        .header(
            "content-type",
            if form {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            },
        )
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub(crate) fn slash(user: &str, channel: &str, text: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("command", "/muster"),
            ("text", text),
            ("user_id", user),
            ("channel_id", channel),
            ("team_id", "T0TEAM"),
        ])
        .finish()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declaring_opens_and_staffs_a_private_channel_kept_in_step_with_roles() {
    let (h, slack) = slack_harness().await;
    let inc = h.declare(true).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;

    let create = slack.calls("conversations.create");
    assert_eq!(create.len(), 1);
    let name = create[0]["name"].as_str().unwrap();
    assert_eq!(create[0]["is_private"], true);
    assert!(
        name.starts_with(&format!("inc-{}-customer-export", inc.to_lowercase())),
        "{name}"
    );
    let invited = slack.calls("conversations.invite")[0]["users"]
        .as_str()
        .unwrap()
        .to_owned();
    for id in ["U0IMOGEN", "U0DEV", "U0SAM", "U0ANA", "U0PRIYA", "U0CORA"] {
        assert!(invited.contains(id), "{invited}");
    }
    let topic = slack.calls("conversations.setTopic")[0]["topic"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        topic.contains(
            "incident-manager Imogen Manager, deputy Dev Deputy, secretariat Sam Secretariat"
        ),
        "{topic}"
    );
    let roll = slack.calls("chat.postMessage")[0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(roll.contains("Roll call"), "{roll}");
    assert_eq!(
        slack.calls("pins.add")[0]["timestamp"],
        "1800000000.000100",
        "the roll call is pinned"
    );

    let incident = h.client(IM).log(&inc, 0, 1000).await.unwrap();
    assert!(
        incident
            .entries
            .iter()
            .any(|e| e.kind == "chat-channel-opened"),
        "the channel is on the record"
    );

    // Cora stands down as comms lead: she leaves the channel, the topic follows.
    h.run(
        IM,
        &inc,
        Command::StandDown {
            person: h.person(COMMS).email.clone(),
            role: Role::CommsLead,
            reason: "off sick".into(),
        },
    )
    .await;
    h.drain(&w, in_minutes(0)).await;
    assert_eq!(
        slack.calls("conversations.kick"),
        vec![json!({"channel": "C0INCIDENT1", "user": "U0CORA"})]
    );
    assert_eq!(slack.calls("conversations.setTopic").len(), 2);
    assert_eq!(
        slack.calls("conversations.create").len(),
        1,
        "one channel per incident"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_commands_are_verified_and_act_as_the_mapped_person() {
    let (h, _slack) = slack_harness().await;
    let inc = h.declare(true).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.drain(&w, in_minutes(0)).await;

    let body = slash(
        "U0SAM",
        "C0INCIDENT1",
        "note VPN logs requested from the supplier",
    );
    let res = post(&h, "/api/slack/commands", &body, now(), SIGNING, true).await;
    assert_eq!(res.status(), 200);
    let reply: Value = res.json().await.unwrap();
    assert_eq!(reply["response_type"], "in_channel", "{reply}");
    let log = h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let note = log
        .entries
        .iter()
        .rfind(|e| e.kind == "note-added")
        .expect("note");
    assert_eq!(note.actor_name, "Sam Secretariat");

    let res = post(
        &h,
        "/api/slack/commands",
        &body,
        now(),
        "not-the-secret",
        true,
    )
    .await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("does not match"));
    let res = post(&h, "/api/slack/commands", &body, now() - 400, SIGNING, true).await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("stale"));
    // Slack's endpoints take no bigger bodies than the API (1 MiB), signed or not.
    let huge = slash(
        "U0SAM",
        "C0INCIDENT1",
        &format!("note {}", "x".repeat(1536 * 1024)),
    );
    let res = post(&h, "/api/slack/commands", &huge, now(), SIGNING, true).await;
    assert_eq!(res.status(), 413);

    let stranger = slash("U0NOBODY", "C0INCIDENT1", "note hello");
    let reply: Value = post(&h, "/api/slack/commands", &stranger, now(), SIGNING, true)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reply["response_type"], "ephemeral");
    assert!(
        reply["text"].as_str().unwrap().contains("not linked"),
        "{reply}"
    );

    let action = slash(
        "U0IMOGEN",
        "C0INCIDENT1",
        "action <@U0ANA|ana> 2h Check the bucket's access logs",
    );
    let reply: Value = post(&h, "/api/slack/commands", &action, now(), SIGNING, true)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reply["text"].as_str().unwrap().contains("action-created"),
        "{reply}"
    );
    let finding = slash("U0ANA", "C0INCIDENT1", "finding suspected Keys were copied");
    let reply: Value = post(&h, "/api/slack/commands", &finding, now(), SIGNING, true)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reply["text"].as_str().unwrap().contains("finding-added"),
        "{reply}"
    );
    let status = slash("U0DEV", "C0INCIDENT1", "status");
    let reply: Value = post(&h, "/api/slack/commands", &status, now(), SIGNING, true)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reply["text"].as_str().unwrap().contains("1 open"),
        "{reply}"
    );
    let roll = slash("U0DEV", "C0OTHER", &format!("{inc} roll call"));
    let reply: Value = post(&h, "/api/slack/commands", &roll, now(), SIGNING, true)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reply["text"]
            .as_str()
            .unwrap()
            .contains("deputy Dev Deputy"),
        "{reply}"
    );
    // Rules still apply: the incident manager does not own actions (rule 2).
    let own = slash(
        "U0ANA",
        "C0INCIDENT1",
        "action <@U0IMOGEN> 1h Do it yourself",
    );
    let reply: Value = post(&h, "/api/slack/commands", &own, now(), SIGNING, true)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reply["text"].as_str().unwrap().starts_with("Refused"),
        "{reply}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marked_messages_are_copied_into_the_log_and_events_are_verified() {
    let (h, slack) = slack_harness().await;
    let inc = h.declare(false).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.drain(&w, in_minutes(0)).await;

    let challenge = json!({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "token": "x"}).to_string();
    let res = post(&h, "/api/slack/events", &challenge, now(), SIGNING, false).await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["challenge"],
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
    assert_eq!(
        post(&h, "/api/slack/events", &challenge, now(), "wrong", false)
            .await
            .status(),
        401
    );
    assert_eq!(
        post(
            &h,
            "/api/slack/events",
            &challenge,
            now() - 301,
            SIGNING,
            false
        )
        .await
        .status(),
        401
    );

    let reaction = json!({"type": "event_callback", "event": {
        "type": "reaction_added", "user": "U0DEV", "reaction": "memo",
        "item": {"type": "message", "channel": "C0INCIDENT1", "ts": "1800000123.000200"}}})
    .to_string();
    assert_eq!(
        post(&h, "/api/slack/events", &reaction, now(), SIGNING, false)
            .await
            .status(),
        200
    );
    let history = slack.calls("conversations.history");
    assert_eq!(history[0]["latest"], "1800000123.000200");
    let log = h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let note = log
        .entries
        .iter()
        .rfind(|e| e.kind == "note-added")
        .expect("copied");
    assert_eq!(note.actor_name, "Dev Deputy", "logged by whoever marked it");
    assert!(
        note.payload
            .contains("From Slack, Ana Analyst: Bucket closed at 10:02"),
        "{}",
        note.payload
    );
    assert!(
        note.occurred_at
            .as_deref()
            .is_some_and(|t| t.starts_with("2027-01-15")),
        "when it was said: {:?}",
        note.occurred_at
    );

    // The same message marked again (or the event retried) is logged once.
    post(&h, "/api/slack/events", &reaction, now(), SIGNING, false).await;
    let again = h.client(IM).log(&inc, 0, 1000).await.unwrap();
    let copies = again
        .entries
        .iter()
        .filter(|e| {
            e.payload
                .contains("From Slack, Ana Analyst: Bucket closed at 10:02")
        })
        .count();
    assert_eq!(copies, 1, "one copy of a message marked twice");

    // Another reaction is not a request to log.
    let thumbs = reaction.replace("\"memo\"", "\"thumbsup\"");
    post(&h, "/api/slack/events", &thumbs, now(), SIGNING, false).await;
    assert_eq!(slack.calls("conversations.history").len(), 1);
}
