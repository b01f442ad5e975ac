//! The Teams platform harness: a Muster server set up for Teams against the
//! stand-in, and the Bot Framework's side of incoming activities, signed with
//! the stand-in's key or forged one way or another. Its methods are the
//! steps of the chat scenarios (open and staff, roll call, a command as a
//! person, a repeat, a bad signature, a restricted incident), so the shared
//! chat suite can drive Teams through this one type.

use crate::common::*;
use crate::teams_standin::*;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use muster_domain::Policy;
use muster_notify::TeamsSettings;
use serde_json::{Value, json};

const SIGNER: &str = include_str!("teams_keys/signer.pem");
const FORGER: &str = include_str!("teams_keys/forger.pem");

/// How an incoming activity's token is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forge {
    /// As the Bot Framework signs: the published key, right claims.
    Genuine,
    /// Signed with a key the JWKS does not publish, under the published kid.
    WrongKey,
    /// A kid the JWKS does not list.
    UnknownKid,
    /// For another bot.
    WrongAudience,
    /// Expired an hour ago (beyond the five minutes' skew).
    Expired,
    /// Not valid until an hour from now.
    NotYetValid,
    /// Not issued by the Bot Framework.
    WrongIssuer,
    /// Vouching for another service URL than the activity names.
    OtherServiceUrl,
}

pub struct TeamsPlatform {
    pub h: Harness,
    pub standin: Standin,
}

/// The Entra object id the harness gives team member `who`.
pub fn entra_id(who: usize) -> String {
    format!("0ee10000-0000-4000-8000-{who:012}")
}

pub fn teams_settings(standin: &Standin) -> TeamsSettings {
    TeamsSettings {
        app_id: APP_ID.into(),
        app_password: SECRET.into(),
        tenant_id: TENANT.into(),
        team_id: TEAM.into(),
        channel_owner: OWNER.into(),
        login_base: standin.url.clone(),
        graph_base: format!("{}/v1.0", standin.url),
        openid_metadata: format!("{}/openid", standin.url),
        service_url: standin.service_url(),
        log_reaction: "like".into(),
        key_refetch: std::time::Duration::from_secs(60),
    }
}

impl TeamsPlatform {
    pub async fn start() -> TeamsPlatform {
        TeamsPlatform::with(|_| {}).await
    }

    /// With the Teams settings changed by `change` first.
    pub async fn with(change: impl FnOnce(&mut TeamsSettings)) -> TeamsPlatform {
        let standin = Standin::start().await;
        let h = Self::harness_for(&standin, change).await;
        TeamsPlatform { h, standin }
    }

    /// A Muster set up for Teams against `standin`, Teams its policy's platform.
    pub async fn harness_for(
        standin: &Standin,
        change: impl FnOnce(&mut TeamsSettings),
    ) -> Harness {
        let mut s = settings();
        let mut t = teams_settings(standin);
        change(&mut t);
        s.teams = Some(t);
        // The default platform, Slack, is not set up here.
        let mut policy = Policy::default();
        policy.chat.platform = "teams".into();
        Harness::with_policy(s, policy).await
    }

    /// Declares an incident and runs the worker until its channel is open.
    pub async fn declare_and_open(&self, restricted: bool) -> (String, String) {
        let reference = self.h.declare(restricted).await;
        self.h.drain(&self.h.worker("w"), in_minutes(0)).await;
        let books = self.standin.books.lock().unwrap();
        let channel = books.channels.last().expect("a channel was made").0.clone();
        (reference, channel)
    }

    /// A token for `activity` signed by the forger's key under `kid`: a key
    /// Muster has not seen, which the JWKS may since have started to list.
    pub fn token_with(&self, activity: &Value, kid: &str) -> String {
        Self::sign(
            Forge::WrongKey,
            activity["serviceUrl"].as_str().unwrap_or_default(),
            Some(kid),
        )
    }

    pub fn token(&self, forge: Forge, service_url: &str) -> String {
        Self::sign(forge, service_url, None)
    }

    /// A token as `forge` says, for `service_url` (no harness needed).
    pub fn sign(forge: Forge, service_url: &str, kid_override: Option<&str>) -> String {
        let now = jiff::Timestamp::now().as_second();
        let mut claims = json!({
            "iss": "https://api.botframework.com",
            "aud": APP_ID,
            "exp": now + 3600,
            "nbf": now - 60,
            "serviceUrl": service_url,
        });
        let (mut kid, mut key) = (KID, SIGNER);
        match forge {
            Forge::Genuine => {}
            Forge::WrongKey => key = FORGER,
            Forge::UnknownKid => kid = "a-kid-nobody-published",
            Forge::WrongAudience => claims["aud"] = json!("00000000-1111-2222-3333-444444444444"),
            Forge::Expired => claims["exp"] = json!(now - 3600),
            Forge::NotYetValid => claims["nbf"] = json!(now + 3600),
            Forge::WrongIssuer => claims["iss"] = json!("https://sts.windows.net/attacker/"),
            Forge::OtherServiceUrl => claims["serviceUrl"] = json!("https://attacker.example/"),
        }
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid_override.unwrap_or(kid).into());
        let key = EncodingKey::from_rsa_pem(key.as_bytes()).expect("test key");
        jsonwebtoken::encode(&header, &claims, &key).expect("sign")
    }

    /// A message activity from team member `who` in `channel`, as Teams sends it.
    pub fn message(&self, who: usize, channel: &str, conversation_type: &str, text: &str) -> Value {
        let name = self
            .h
            .team
            .get(who)
            .map(|p| p.0.name.clone())
            .unwrap_or_default();
        Self::activity(
            &self.standin,
            &name,
            &entra_id(who),
            channel,
            conversation_type,
            text,
        )
    }

    /// A message activity from `name` (Entra object id `aad`) in `channel`.
    pub fn activity(
        standin: &Standin,
        name: &str,
        aad: &str,
        channel: &str,
        conversation_type: &str,
        text: &str,
    ) -> Value {
        let n = uuid::Uuid::now_v7().as_u128() % 1_000_000_000;
        json!({
            "type": "message",
            "id": format!("1701{n:09}"),
            "timestamp": "2026-12-04T01:00:00.000Z",
            "serviceUrl": standin.service_url(),
            "channelId": "msteams",
            "from": {"id": format!("29:bf-user-{aad}"), "name": name, "aadObjectId": aad},
            "conversation": {"id": format!("{channel};messageid=1700000000001"), "conversationType": conversation_type, "tenantId": TENANT},
            "recipient": {"id": format!("28:{APP_ID}"), "name": "Muster"},
            "text": format!("<at>Muster</at> {text}"),
            "entities": [{"type": "mention", "text": "<at>Muster</at>", "mentioned": {"id": format!("28:{APP_ID}"), "name": "Muster"}}],
            "channelData": {"channel": {"id": channel}, "team": {"id": "19:team@thread.tacv2"}, "tenant": {"id": TENANT}},
        })
    }

    /// A reaction by `who` to message `message` in `channel` (a reply in thread `root`).
    pub fn reaction(
        &self,
        who: usize,
        channel: &str,
        root: &str,
        message: &str,
        kind: &str,
    ) -> Value {
        json!({
            "type": "messageReaction",
            "id": format!("react-{message}-{who}"),
            "serviceUrl": self.standin.service_url(),
            "channelId": "msteams",
            "from": {"id": format!("29:bf-user-{who}"), "aadObjectId": entra_id(who)},
            "conversation": {"id": format!("{channel};messageid={root}"), "conversationType": "channel"},
            "recipient": {"id": format!("28:{APP_ID}"), "name": "Muster"},
            "replyToId": message,
            "reactionsAdded": [{"type": kind}],
            "channelData": {"channel": {"id": channel}, "team": {"id": "19:team@thread.tacv2"}},
        })
    }

    /// POSTs `activity` to Muster's messaging endpoint with a token made as `forge` says.
    pub async fn send(&self, activity: &Value, forge: Forge) -> (u16, String) {
        let service_url = activity["serviceUrl"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let token = self.token(forge, &service_url);
        self.send_with(activity, Some(&format!("Bearer {token}")))
            .await
    }

    pub async fn send_with(&self, activity: &Value, authorization: Option<&str>) -> (u16, String) {
        Self::post(&self.h, activity, authorization).await
    }

    /// POSTs `activity` to `h`'s messaging endpoint.
    pub async fn post(h: &Harness, activity: &Value, authorization: Option<&str>) -> (u16, String) {
        let mut req = reqwest::Client::new()
            .post(format!("{}/api/teams/messages", h.url))
            .json(activity);
        if let Some(a) = authorization {
            req = req.header("authorization", a);
        }
        let res = req.send().await.expect("send");
        (res.status().as_u16(), res.text().await.unwrap_or_default())
    }

    /// A person in the directory, linked to Teams, on no incident's team.
    pub async fn outsider(&self) -> usize {
        use muster_store::PeopleStore;
        let who = 9;
        let person = muster_store::Person {
            id: uuid::Uuid::now_v7(),
            name: "Otto Outsider".into(),
            email: "otto@example.org".into(),
            chat_handle: None,
            slack_id: None,
            matrix_id: None,
            teams_id: Some(entra_id(who)),
            expertise: Vec::new(),
            team: None,
            created_at: jiff::Timestamp::now().as_microsecond(),
        };
        self.h.store.create_person(&person).await.expect("outsider");
        who
    }

    /// The texts Muster sent back into conversations, in order.
    pub fn replies(&self) -> Vec<String> {
        Self::replies_of(&self.standin)
    }

    pub fn replies_of(standin: &Standin) -> Vec<String> {
        standin
            .calls("reply")
            .iter()
            .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}
