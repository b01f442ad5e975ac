//! Teams in the shared suite: Graph and the Bot Connector are the checking
//! stand-in; its requests to us are activities with a Bot Framework token (a
//! bad signature: a key the JWKS does not publish), a duplicate the same
//! activity delivered again. Teams cannot pin a channel message, so what the
//! suite reads as pinned is the bot's first post, which the README promises
//! in its place.

use super::{Held, Platform, Who, run_all};
use crate::common::*;
use crate::teams_bot::{Forge, TeamsPlatform, entra_id};
use crate::teams_standin::Standin;
use muster_api::ChatChannelView as ChatChannel;
use serde_json::Value;
use std::sync::Mutex;

const OUTSIDER: usize = 9;

#[derive(Default)]
pub struct TeamsSuite {
    standin: Mutex<Option<Standin>>,
    /// The last activity sent, to send again.
    last: Mutex<Option<Value>>,
}

impl TeamsSuite {
    fn standin(&self) -> Standin {
        self.standin.lock().unwrap().clone().expect("started")
    }

    fn name_of(h: &Harness, who: Who) -> String {
        match who {
            Who::Member(i) => h.person(i).name.clone(),
            Who::Outsider => "Nora Outsider".into(),
            Who::Stranger => "Stan Stranger".into(),
        }
    }

    /// `text` from `who` in `channel`, signed as `forge` says; the status
    /// and the reply Muster sent (empty when none).
    async fn send(
        &self,
        h: &Harness,
        channel: &str,
        kind: &str,
        who: Who,
        text: &str,
        forge: Forge,
    ) -> (u16, String) {
        let s = self.standin();
        let before = TeamsPlatform::replies_of(&s).len();
        let activity = TeamsPlatform::activity(
            &s,
            &Self::name_of(h, who),
            &self.id_of(h, who),
            channel,
            kind,
            text,
        );
        let token = TeamsPlatform::sign(forge, &s.service_url(), None);
        let (status, body) =
            TeamsPlatform::post(h, &activity, Some(&format!("Bearer {token}"))).await;
        *self.last.lock().unwrap() = Some(activity);
        let replies = TeamsPlatform::replies_of(&s);
        let told = replies.get(before..).and_then(|r| r.last().cloned());
        (status, told.unwrap_or(body))
    }
}

impl Platform for TeamsSuite {
    fn name(&self) -> &'static str {
        "teams"
    }

    async fn harness(&self) -> Harness {
        let standin = Standin::start().await;
        let h = TeamsPlatform::harness_for(&standin, |_| {}).await;
        *self.standin.lock().unwrap() = Some(standin);
        h.outsider(None, None, Some(&entra_id(OUTSIDER))).await;
        h
    }

    fn id_of(&self, _h: &Harness, who: Who) -> String {
        match who {
            Who::Member(i) => entra_id(i),
            Who::Outsider => entra_id(OUTSIDER),
            Who::Stranger => "99999999-0000-4000-8000-000000000000".into(),
        }
    }

    async fn held(&self, _h: &Harness, channel: &ChatChannel) -> Held {
        let s = self.standin();
        let books = s.books.lock().unwrap();
        let (_, _, topic, members) = books
            .channels
            .iter()
            .find(|c| c.0 == channel.channel)
            .cloned()
            .expect("the channel is in the stand-in");
        drop(books);
        let pinned = s
            .calls("channel post")
            .iter()
            .filter(|c| c.path == channel.channel)
            .take(1)
            .filter_map(|c| c.body["activity"]["text"].as_str().map(String::from))
            .collect();
        Held {
            members: members.into_iter().map(|m| m.1).collect(),
            topic,
            pinned,
        }
    }

    async fn command(&self, h: &Harness, channel: &ChatChannel, who: Who, text: &str) -> String {
        let (status, told) = self
            .send(h, &channel.channel, "channel", who, text, Forge::Genuine)
            .await;
        assert_eq!(status, 200, "{told}");
        told
    }

    async fn deliver_again(&self, h: &Harness, _channel: &ChatChannel) {
        let activity = self.last.lock().unwrap().clone().expect("an activity sent");
        let token = TeamsPlatform::sign(Forge::Genuine, &self.standin().service_url(), None);
        let (status, body) =
            TeamsPlatform::post(h, &activity, Some(&format!("Bearer {token}"))).await;
        assert_eq!(status, 200, "a redelivery is acknowledged: {body}");
    }

    async fn forged(
        &self,
        h: &Harness,
        channel: &ChatChannel,
        who: Who,
        text: &str,
    ) -> (bool, String) {
        let (status, told) = self
            .send(h, &channel.channel, "channel", who, text, Forge::WrongKey)
            .await;
        (status == 401, told)
    }

    async fn outsider_asks(&self, h: &Harness, _channel: &ChatChannel, reference: &str) -> String {
        let (_, told) = self
            .send(
                h,
                "a:nora-chat",
                "personal",
                Who::Outsider,
                &format!("{reference} status"),
                Forge::Genuine,
            )
            .await;
        told
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_passes_the_chat_scenarios() {
    run_all(&TeamsSuite::default()).await;
}
