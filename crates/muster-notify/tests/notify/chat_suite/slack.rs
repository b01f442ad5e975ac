//! Slack in the shared suite: its Web API is the checking stand-in; its
//! requests to us are signed slash commands (a bad signature: the wrong
//! signing secret), a duplicate the same signed request replayed.

use super::{Held, Platform, Who, run_all};
use crate::common::*;
use crate::slack::{SIGNING, Standin, now, post, slack_settings, slash};
use muster_api::ChatChannelView as ChatChannel;
use serde_json::Value;
use std::sync::Mutex;

pub struct SlackPlatform {
    standin: Mutex<Option<Standin>>,
    /// The last command sent, to send again.
    last: Mutex<Option<(String, i64)>>,
}

impl SlackPlatform {
    fn standin(&self) -> Standin {
        self.standin.lock().unwrap().clone().expect("started")
    }
}

const OUTSIDER: &str = "U0NORA";

impl Platform for SlackPlatform {
    fn name(&self) -> &'static str {
        "slack"
    }

    async fn harness(&self) -> Harness {
        let standin = Standin::start().await;
        let mut s = settings();
        s.slack = Some(slack_settings(&standin));
        *self.standin.lock().unwrap() = Some(standin);
        let h = Harness::start(s).await;
        h.outsider(Some(OUTSIDER), None, None).await;
        h
    }

    fn id_of(&self, h: &Harness, who: Who) -> String {
        match who {
            Who::Member(i) => h.person(i).slack_id.clone().expect("a slack id"),
            Who::Outsider => OUTSIDER.into(),
            Who::Stranger => "U0NOBODY".into(),
        }
    }

    async fn held(&self, _h: &Harness, _channel: &ChatChannel) -> Held {
        let s = self.standin();
        let mut members: Vec<String> = s
            .calls("conversations.invite")
            .iter()
            .flat_map(|c| {
                c["users"]
                    .as_str()
                    .unwrap_or_default()
                    .split(',')
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        for kicked in s.calls("conversations.kick") {
            members.retain(|m| Some(m.as_str()) != kicked["user"].as_str());
        }
        let topic = s
            .calls("conversations.setTopic")
            .last()
            .and_then(|c| c["topic"].as_str().map(String::from))
            .unwrap_or_default();
        // The stand-in answers every post with one ts; pins.add names it.
        let pinned = if s.calls("pins.add").is_empty() {
            Vec::new()
        } else {
            s.calls("chat.postMessage")
                .first()
                .and_then(|c| c["text"].as_str().map(String::from))
                .into_iter()
                .collect()
        };
        Held {
            members,
            topic,
            pinned,
        }
    }

    async fn command(&self, h: &Harness, channel: &ChatChannel, who: Who, text: &str) -> String {
        let body = slash(&self.id_of(h, who), &channel.channel, text);
        let at = now();
        let res = post(h, "/api/slack/commands", &body, at, SIGNING, true).await;
        assert_eq!(res.status(), 200);
        *self.last.lock().unwrap() = Some((body, at));
        let reply: Value = res.json().await.expect("json");
        reply["text"].as_str().unwrap_or_default().to_owned()
    }

    async fn deliver_again(&self, h: &Harness, _channel: &ChatChannel) {
        let (body, at) = self.last.lock().unwrap().clone().expect("a command sent");
        let res = post(h, "/api/slack/commands", &body, at, SIGNING, true).await;
        assert_eq!(res.status(), 200, "a replay is answered");
    }

    async fn forged(
        &self,
        h: &Harness,
        channel: &ChatChannel,
        who: Who,
        text: &str,
    ) -> (bool, String) {
        let body = slash(&self.id_of(h, who), &channel.channel, text);
        let res = post(
            h,
            "/api/slack/commands",
            &body,
            now(),
            "not-the-secret",
            true,
        )
        .await;
        let status = res.status();
        (status == 401, res.text().await.unwrap_or_default())
    }

    async fn outsider_asks(&self, h: &Harness, _channel: &ChatChannel, reference: &str) -> String {
        let body = slash(OUTSIDER, "C0ELSEWHERE", &format!("{reference} status"));
        let res = post(h, "/api/slack/commands", &body, now(), SIGNING, true).await;
        let reply: Value = res.json().await.expect("json");
        reply["text"].as_str().unwrap_or_default().to_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slack_passes_the_chat_scenarios() {
    let p = SlackPlatform {
        standin: Mutex::new(None),
        last: Mutex::new(None),
    };
    run_all(&p).await;
}
