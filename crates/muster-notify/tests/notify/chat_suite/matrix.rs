//! Matrix in the shared suite, against a real Synapse: the bot, the team,
//! an outsider and a stranger are real accounts; commands are real messages
//! the bot reads through `/sync`. A duplicate is the same batch read again
//! (an instance that had read up to the earlier place); a "bad signature" —
//! the Client-Server API signs nothing per event — is an event claiming a
//! sender the homeserver does not list as joined to the room.

use super::{Held, Platform, Who, run_all};
use crate::common::*;
use crate::synapse::{Synapse, seg};
use muster_api::ChatChannelView as ChatChannel;
use muster_domain::Policy;
use muster_matrix::sync::RoomEvent;
use muster_notify::MatrixSettings;
use muster_notify::matrix_sync::{Acted, act_on, sync_once};
use muster_store::{DeliveryStore, PeopleStore};
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::Mutex;
use std::time::Duration;

pub struct MatrixPlatform {
    synapse: Synapse,
    /// The current harness's bot: one account per harness, since a fresh
    /// store starting a bot again would meet Synapse's cached first sync.
    bots: Mutex<Vec<(String, String)>>,
    /// (user id, token) per team index.
    team: Vec<(String, String)>,
    outsider: (String, String),
    stranger: (String, String),
    /// The sync place before the last command, to read it again.
    before: Mutex<Option<String>>,
    sent: Mutex<u64>,
}

impl MatrixPlatform {
    async fn start() -> Option<MatrixPlatform> {
        let synapse = Synapse::start().await?;
        let team = synapse.register_team().await;
        let outsider = synapse.register("nora").await;
        let stranger = synapse.register("stranger").await;
        Some(MatrixPlatform {
            synapse,
            bots: Mutex::new(Vec::new()),
            team,
            outsider,
            stranger,
            before: Mutex::new(None),
            sent: Mutex::new(0),
        })
    }

    fn bot(&self) -> (String, String) {
        self.bots
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a harness")
    }

    fn account(&self, who: Who) -> &(String, String) {
        match who {
            Who::Member(i) => &self.team[i],
            Who::Outsider => &self.outsider,
            Who::Stranger => &self.stranger,
        }
    }

    async fn call(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.synapse.call(token, method, path, body).await
    }

    /// The bot reads `/sync` until it has acted on something (or gives up).
    async fn bot_reads(&self, h: &Harness) -> usize {
        for _ in 0..20 {
            let acted = sync_once(&h.notifier, &self.bot().0, Duration::from_millis(500))
                .await
                .expect("the bot's sync");
            if acted > 0 {
                return acted;
            }
        }
        0
    }

    fn cursor(&self) -> String {
        format!("matrix:sync:{}", self.bot().0)
    }

    /// The latest message the bot sent to the room, as `token` sees it.
    async fn last_from_bot(&self, token: &str, room: &str) -> String {
        let (bot, _) = self.bot();
        let (status, page) = self
            .call(
                token,
                Method::GET,
                &format!("/rooms/{}/messages?dir=b&limit=20", seg(room)),
                None,
            )
            .await;
        assert_eq!(status, 200, "{page}");
        page["chunk"]
            .as_array()
            .and_then(|c| {
                c.iter()
                    .find(|e| e["sender"] == bot.as_str() && e["type"] == "m.room.message")
            })
            .and_then(|e| e["content"]["body"].as_str())
            .unwrap_or_default()
            .to_owned()
    }
}

impl Platform for MatrixPlatform {
    fn name(&self) -> &'static str {
        "matrix"
    }

    async fn harness(&self) -> Harness {
        let n = self.bots.lock().unwrap().len();
        let bot = self.synapse.register(&format!("muster-bot-{n}")).await;
        self.bots.lock().unwrap().push(bot.clone());
        let mut s = settings();
        s.matrix = Some(MatrixSettings {
            homeserver: self.synapse.url.clone(),
            access_token: bot.1.clone(),
            sync_wait: Duration::from_millis(500),
        });
        let mut policy = Policy::default();
        policy.chat.platform = "matrix".into();
        let h = Harness::with_policy(s, policy).await;
        for (i, (id, _)) in self.team.iter().enumerate() {
            let mut p = h.person(i).clone();
            p.matrix_id = Some(id.clone());
            h.store.update_person(&p).await.expect("link");
        }
        h.outsider(None, Some(&self.outsider.0), None).await;
        // The bot's first read only marks where it starts.
        sync_once(&h.notifier, &self.bot().0, Duration::ZERO)
            .await
            .expect("first sync");
        h
    }

    fn id_of(&self, _h: &Harness, who: Who) -> String {
        self.account(who).0.clone()
    }

    async fn held(&self, _h: &Harness, channel: &ChatChannel) -> Held {
        let room = seg(&channel.channel);
        let (_, bot) = self.bot();
        let bot = bot.as_str();
        let (status, state) = self
            .call(bot, Method::GET, &format!("/rooms/{room}/state"), None)
            .await;
        assert_eq!(status, 200, "{state}");
        let events = state.as_array().cloned().unwrap_or_default();
        let of = |kind: &str| {
            events
                .iter()
                .find(|e| e["type"] == kind)
                .map(|e| e["content"].clone())
        };
        assert_eq!(
            of("m.room.join_rules").expect("join rules")["join_rule"],
            "invite"
        );
        assert_eq!(
            of("m.room.guest_access").expect("guest access")["guest_access"],
            "forbidden"
        );
        let members = events
            .iter()
            .filter(|e| {
                e["type"] == "m.room.member"
                    && matches!(e["content"]["membership"].as_str(), Some("invite" | "join"))
            })
            .filter_map(|e| e["state_key"].as_str().map(String::from))
            .collect();
        let topic = of("m.room.topic")
            .and_then(|c| c["topic"].as_str().map(String::from))
            .unwrap_or_default();
        let mut pinned = Vec::new();
        for id in of("m.room.pinned_events")
            .and_then(|c| c["pinned"].as_array().cloned())
            .unwrap_or_default()
        {
            let id = id.as_str().unwrap_or_default();
            let (_, e) = self
                .call(
                    bot,
                    Method::GET,
                    &format!("/rooms/{room}/event/{}", seg(id)),
                    None,
                )
                .await;
            if let Some(body) = e["content"]["body"].as_str() {
                pinned.push(body.to_owned());
            }
        }
        Held {
            members,
            topic,
            pinned,
        }
    }

    async fn command(&self, h: &Harness, channel: &ChatChannel, who: Who, text: &str) -> String {
        let (user, token) = self.account(who).clone();
        let room = seg(&channel.channel);
        if who == Who::Stranger {
            // Someone the team let into the room, whom Muster does not know.
            let (s, b) = self
                .call(
                    &self.bot().1,
                    Method::POST,
                    &format!("/rooms/{room}/invite"),
                    Some(json!({"user_id": user})),
                )
                .await;
            assert!(s == 200 || b.to_string().contains("already"), "{b}");
        }
        let (s, b) = self
            .call(
                &token,
                Method::POST,
                &format!("/join/{room}"),
                Some(json!({})),
            )
            .await;
        assert_eq!(s, 200, "{user} joins: {b}");
        // Joins are news too: let the bot read past them first.
        sync_once(&h.notifier, &self.bot().0, Duration::ZERO)
            .await
            .expect("sync");
        *self.before.lock().unwrap() = h.store.cursor(&self.cursor()).await.expect("cursor");
        let txn = {
            let mut n = self.sent.lock().unwrap();
            *n += 1;
            format!("test-{}-{n}", std::process::id())
        };
        let (s, b) = self
            .call(
                &token,
                Method::PUT,
                &format!("/rooms/{room}/send/m.room.message/{txn}"),
                Some(json!({"msgtype": "m.text", "body": format!("!muster {text}")})),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert!(self.bot_reads(h).await > 0, "the bot acted on {text:?}");
        self.last_from_bot(&token, &channel.channel).await
    }

    async fn deliver_again(&self, h: &Harness, _channel: &ChatChannel) {
        let before = self.before.lock().unwrap().clone().expect("a place before");
        h.store
            .set_cursor(&self.cursor(), &before, 0)
            .await
            .expect("rewind");
        // The batch again: its events are repeats now.
        let acted = sync_once(&h.notifier, &self.bot().0, Duration::from_millis(500))
            .await
            .expect("sync again");
        assert_eq!(acted, 0, "nothing acted on twice");
    }

    async fn forged(
        &self,
        h: &Harness,
        channel: &ChatChannel,
        who: Who,
        text: &str,
    ) -> (bool, String) {
        // The sender named is on the team but has not joined the room (they
        // are invited only), so the homeserver does not vouch for them.
        let (user, _) = self.account(who).clone();
        let joined = h
            .notifier
            .matrix
            .as_ref()
            .expect("matrix")
            .client
            .joined_members(&channel.channel)
            .await
            .expect("members");
        assert!(
            !joined.contains(&user),
            "{user} must not have joined for this check"
        );
        let event = RoomEvent {
            room: channel.channel.clone(),
            event_id: "$forged-event-id".into(),
            sender: user,
            kind: "m.room.message".into(),
            content: json!({"msgtype": "m.text", "body": format!("!muster {text}")}),
            origin_server_ts: 0,
        };
        match act_on(&h.notifier, &self.bot().0, &event)
            .await
            .expect("act")
        {
            Acted::Refused(told) => (true, told),
            other => (false, format!("{other:?}")),
        }
    }

    async fn outsider_asks(&self, h: &Harness, channel: &ChatChannel, reference: &str) -> String {
        let (user, token) = self.outsider.clone();
        let room = seg(&channel.channel);
        // Not invited, she cannot join, nor read the room's name or topic.
        let (s, _) = self
            .call(
                &token,
                Method::POST,
                &format!("/join/{room}"),
                Some(json!({})),
            )
            .await;
        assert_eq!(s, 403, "an outsider cannot join an invite-only room");
        let (s, b) = self
            .call(
                &token,
                Method::GET,
                &format!("/rooms/{room}/state/m.room.topic/"),
                None,
            )
            .await;
        assert_eq!(s, 403, "nor read its topic: {b}");
        // An event claiming her as sender, as if she had got in.
        let event = RoomEvent {
            room: channel.channel.clone(),
            event_id: "$outsider-asks".into(),
            sender: user,
            kind: "m.room.message".into(),
            content: json!({"msgtype": "m.text", "body": format!("!muster {reference} status")}),
            origin_server_ts: 0,
        };
        match act_on(&h.notifier, &self.bot().0, &event)
            .await
            .expect("act")
        {
            Acted::Refused(told) => told,
            other => panic!("the outsider's event was acted on: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matrix_passes_the_chat_scenarios() {
    let Some(p) = MatrixPlatform::start().await else {
        return;
    };
    run_all(&p).await;
}
