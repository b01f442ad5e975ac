//! Matrix beyond the shared scenarios, against a real Synapse: the policy
//! routing an incident to Matrix or Slack by category, an encrypted room when
//! the policy says so, reminders mentioning their owner (`m.mentions` and a
//! pill), a marked message copied into the log once, a team change kicking
//! whoever left, and a restarted instance not replaying what was read.

use crate::common::*;
use crate::slack::{SIGNING, Standin, TOKEN, slack_settings};
use crate::synapse::{Synapse, seg};
use muster_api::Command;
use muster_domain::policy::ChatRoute;
use muster_domain::{Policy, Role};
use muster_notify::matrix_sync::sync_once;
use muster_notify::{MatrixSettings, Notifier, NotifySettings, SlackSettings};
use muster_store::PeopleStore;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

struct Setup {
    synapse: Synapse,
    team: Vec<(String, String)>,
}

impl Setup {
    async fn start() -> Option<Setup> {
        let synapse = Synapse::start().await?;
        let team = synapse.register_team().await;
        Some(Setup { synapse, team })
    }

    /// A Muster with Slack (the stand-in) and Matrix (a new bot) set up.
    async fn harness(&self, bot: &str, policy: Policy) -> (Harness, (String, String), Standin) {
        let bot = self.synapse.register(bot).await;
        let standin = Standin::start().await;
        let mut s = settings();
        s.slack = Some(slack_settings(&standin));
        s.matrix = Some(MatrixSettings {
            homeserver: self.synapse.url.clone(),
            access_token: bot.1.clone(),
            sync_wait: Duration::from_millis(500),
        });
        let h = Harness::with_policy(s, policy).await;
        for (i, (id, _)) in self.team.iter().enumerate() {
            let mut p = h.person(i).clone();
            p.matrix_id = Some(id.clone());
            h.store.update_person(&p).await.expect("link");
        }
        sync_once(&h.notifier, &bot.0, Duration::ZERO)
            .await
            .expect("first sync");
        (h, bot, standin)
    }

    async fn call(&self, token: &str, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, body) = self.synapse.call(token, method, path, body).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    }
}

fn routed(category: &str, encrypt: Option<bool>) -> Policy {
    let mut p = Policy::default();
    p.chat.route = vec![ChatRoute {
        severity: Vec::new(),
        category: vec![category.into()],
        platform: "matrix".into(),
        encrypt,
    }];
    p
}

async fn room_of(h: &Harness, inc: &str) -> muster_api::ChatChannelView {
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.drain(&w, in_minutes(0)).await;
    let view = h.client(IM).incident(inc).await.expect("incident");
    view.state.chat.expect("a channel")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matrix_rooms_follow_the_policy_mention_copy_marked_messages_and_keep_their_place() {
    let Some(m) = Setup::start().await else {
        return;
    };

    // A data breach goes to Matrix, by the route; Slack is not asked.
    let (h, bot, slack) = m.harness("bot-a", routed("data-breach", None)).await;
    let inc = h.declare(false).await;
    let room = room_of(&h, &inc).await;
    assert_eq!(room.provider, "matrix");
    assert!(
        slack.calls("conversations.create").is_empty(),
        "not opened on Slack"
    );
    let url = room.url.clone().expect("a link");
    assert_eq!(
        url,
        format!("https://matrix.to/#/{}?via=muster.test", room.channel)
    );
    let r = seg(&room.channel);
    let state = m
        .call(&bot.1, Method::GET, &format!("/rooms/{r}/state"), None)
        .await;
    assert!(
        !state
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["type"] == "m.room.encryption"),
        "not encrypted unless the policy says so"
    );

    // A reminder mentions its owner: a pill, and m.mentions for her client.
    h.run(
        IM,
        &inc,
        Command::CreateAction {
            title: "Rotate the bucket's keys".into(),
            owner: h.person(ANALYST).email.clone(),
            report_back_at: in_minutes(60),
        },
    )
    .await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.drain(&w, in_minutes(31)).await;
    let page = m
        .call(
            &bot.1,
            Method::GET,
            &format!("/rooms/{r}/messages?dir=b&limit=10"),
            None,
        )
        .await;
    let ana = &m.team[ANALYST].0;
    let reminder = page["chunk"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["content"]["body"]
                .as_str()
                .is_some_and(|b| b.contains("Rotate the bucket"))
        })
        .unwrap_or_else(|| panic!("the reminder is posted: {page}"))
        .clone();
    assert_eq!(reminder["content"]["m.mentions"]["user_ids"], json!([ana]));
    let html = reminder["content"]["formatted_body"].as_str().unwrap();
    assert!(
        html.contains(&format!("<a href=\"https://matrix.to/#/{ana}\">{ana}</a>")),
        "{html}"
    );

    // Ana says something; Dev marks it with the policy's reaction key.
    let ana_token = &m.team[ANALYST].1;
    let dev_token = &m.team[DEPUTY].1;
    for t in [ana_token, dev_token] {
        m.call(t, Method::POST, &format!("/join/{r}"), Some(json!({})))
            .await;
    }
    let said = m
        .call(
            ana_token,
            Method::PUT,
            &format!("/rooms/{r}/send/m.room.message/said-1"),
            Some(json!({"msgtype": "m.text", "body": "Bucket closed at 10:02"})),
        )
        .await;
    let said = said["event_id"].as_str().unwrap().to_owned();
    for (token, txn, key) in [(dev_token, "react-1", "👍"), (dev_token, "react-2", "📝")] {
        m.call(
            token,
            Method::PUT,
            &format!("/rooms/{r}/send/m.reaction/{txn}"),
            Some(
                json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": said, "key": key}}),
            ),
        )
        .await;
    }
    let mut acted = 0;
    for _ in 0..20 {
        acted += sync_once(&h.notifier, &bot.0, Duration::from_millis(500))
            .await
            .expect("sync");
        if acted > 0 {
            break;
        }
    }
    assert_eq!(acted, 1, "the 📝 reaction, not the 👍");
    // Ana marks it too: still one copy.
    m.call(
        ana_token,
        Method::PUT,
        &format!("/rooms/{r}/send/m.reaction/react-3"),
        Some(json!({"m.relates_to": {"rel_type": "m.annotation", "event_id": said, "key": "📝"}})),
    )
    .await;
    for _ in 0..4 {
        sync_once(&h.notifier, &bot.0, Duration::from_millis(500))
            .await
            .expect("sync");
    }
    let log = h.client(IM).log(&inc, 0, 1000).await.expect("log");
    let copies: Vec<_> = log
        .entries
        .iter()
        .filter(|e| {
            e.kind == "note-added"
                && e.payload
                    .contains("From Matrix, Ana Analyst: Bucket closed at 10:02")
        })
        .collect();
    assert_eq!(copies.len(), 1, "one copy of a message marked twice");
    assert_eq!(
        copies[0].actor_name, "Dev Deputy",
        "logged by whoever marked it first"
    );

    // A restarted instance on the same store takes up where this one stopped.
    let again = h.second_instance().await;
    let replayed = sync_once(&again, &bot.0, Duration::from_millis(500))
        .await
        .expect("sync");
    assert_eq!(replayed, 0, "nothing read before is acted on again");

    // Cora stands down: she leaves the room, and the topic follows.
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
    h.drain(&w, in_minutes(32)).await;
    let cora = &m.team[COMMS].0;
    let member = m
        .call(
            &bot.1,
            Method::GET,
            &format!("/rooms/{r}/state/m.room.member/{}", seg(cora)),
            None,
        )
        .await;
    assert_eq!(member["membership"], "leave", "{member}");
    let topic = m
        .call(
            &bot.1,
            Method::GET,
            &format!("/rooms/{r}/state/m.room.topic/"),
            None,
        )
        .await;
    assert!(
        !topic["topic"].as_str().unwrap().contains("Cora"),
        "{topic}"
    );

    // Another category stays on Slack, the default platform.
    let (h, _, slack) = m.harness("bot-b", routed("malware", Some(true))).await;
    let inc = h.declare(false).await;
    assert_eq!(room_of(&h, &inc).await.provider, "slack");
    assert_eq!(slack.calls("conversations.create").len(), 1);

    // Where the policy says so, the room is end-to-end encrypted.
    let (h, bot, _) = m.harness("bot-c", routed("data-breach", Some(true))).await;
    let inc = h.declare(false).await;
    let room = room_of(&h, &inc).await;
    let enc = m
        .call(
            &bot.1,
            Method::GET,
            &format!("/rooms/{}/state/m.room.encryption/", seg(&room.channel)),
            None,
        )
        .await;
    assert_eq!(enc["algorithm"], "m.megolm.v1.aes-sha2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_routing_to_a_platform_not_set_up_is_refused_at_start_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("muster.db");
    let store = std::sync::Arc::new(
        muster_store_sqlite::SqliteStore::open(path.to_str().unwrap())
            .await
            .expect("open"),
    );
    let app = muster_app::App::new(store, routed("data-breach", None));
    let slack_only = NotifySettings {
        slack: Some(SlackSettings {
            api_base: "http://127.0.0.1:9/api".into(),
            bot_token: TOKEN.into(),
            signing_secret: SIGNING.into(),
        }),
        ..settings()
    };
    let err = Notifier::new(app.clone(), slack_only)
        .err()
        .expect("refused")
        .to_string();
    assert!(
        err.contains("matrix is not set up") && err.contains("set up: slack"),
        "{err}"
    );
    // With no chat at all, chat is simply off.
    assert!(Notifier::new(app, settings()).is_ok());
}
