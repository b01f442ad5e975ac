//! The chat-neutral side of the incident channel: what Muster needs of a chat
//! service (the [`Chat`] trait: Slack here, Matrix in `matrix_chat`, Microsoft
//! Teams in `teams_chat`; Mattermost would implement it the same way), the platforms configured at once ([`Chats`],
//! the policy choosing one per incident), the channel's name and the roll
//! call it shows.

use async_trait::async_trait;
use muster_domain::IncidentState;
use muster_domain::calls::{ChatChannel, roll_call_text};
use muster_domain::policy::{ChatChoice, ChatPolicy};
use muster_slack::{SlackClient, SlackError};
use muster_store::Person;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ChatError {
    pub message: String,
    /// A name already taken: the caller may try another.
    pub name_taken: bool,
}

impl From<SlackError> for ChatError {
    fn from(e: SlackError) -> Self {
        ChatError {
            name_taken: e.code() == Some("name_taken"),
            message: e.to_string(),
        }
    }
}

#[async_trait]
pub trait Chat: Send + Sync {
    /// `slack`, …: recorded with the channel.
    fn provider(&self) -> &'static str;
    /// Opens a private channel named `name`.
    async fn open_channel(&self, name: &str) -> Result<ChatChannel, ChatError>;
    /// Adds members by their id in this chat (a person's `slack_id`).
    async fn invite(&self, channel: &str, members: &[String]) -> Result<(), ChatError>;
    async fn remove(&self, channel: &str, member: &str) -> Result<(), ChatError>;
    async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), ChatError>;
    /// Posts `text`, pinning it when asked.
    async fn post(&self, channel: &str, text: &str, pin: bool) -> Result<(), ChatError>;
    /// The text and author id of a message, to copy it into the log.
    async fn message(
        &self,
        channel: &str,
        id: &str,
    ) -> Result<Option<(String, Option<String>)>, ChatError>;
    /// How a member is mentioned in message text.
    fn mention(&self, member: &str) -> String;

    /// The person's id on this platform (their `slack_id`, `matrix_id`, …),
    /// by which they are invited, mentioned and recognised.
    fn member_id(&self, _person: &Person) -> Option<String> {
        None
    }

    /// Opens the channel as the policy asks (`encrypt`: for platforms with
    /// end-to-end encryption). Platforms without options open it plainly.
    async fn open_channel_with(
        &self,
        name: &str,
        _choice: &ChatChoice<'_>,
    ) -> Result<ChatChannel, ChatError> {
        self.open_channel(name).await
    }

    /// Posts as [`Chat::post`] does; `key` names this post (the outbox row),
    /// so a platform with idempotent sends (Matrix's transaction ids) sends a
    /// retried post once.
    async fn post_keyed(
        &self,
        channel: &str,
        text: &str,
        pin: bool,
        _key: &str,
    ) -> Result<(), ChatError> {
        self.post(channel, text, pin).await
    }

    /// How a responder starts a command on this platform, for the roll
    /// call's hint: `/muster` (a slash command), `!muster` (a message).
    fn command_prefix(&self) -> &'static str {
        "/muster"
    }
}

/// Every chat platform this server is set up for, by provider name.
#[derive(Clone, Default)]
pub struct Chats(Vec<Arc<dyn Chat>>);

impl Chats {
    pub fn new(chats: Vec<Arc<dyn Chat>>) -> Chats {
        Chats(chats)
    }

    /// No platform is set up: chat is off.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The platform named `provider` (`slack`, `matrix`, …), if set up.
    pub fn get(&self, provider: &str) -> Option<&Arc<dyn Chat>> {
        self.0.iter().find(|c| c.provider() == provider)
    }

    /// The platform an open channel lives on.
    pub fn of(&self, channel: &ChatChannel) -> Option<&Arc<dyn Chat>> {
        self.get(&channel.provider)
    }

    pub fn providers(&self) -> Vec<&'static str> {
        self.0.iter().map(|c| c.provider()).collect()
    }

    /// A policy that routes incidents to a platform this server is not set
    /// up for is refused at start-up, naming it, rather than leaving those
    /// incidents without a channel. With no platform set up, chat is off.
    pub fn check(&self, policy: &ChatPolicy) -> Result<(), String> {
        if self.is_empty() {
            return Ok(());
        }
        match policy
            .platforms()
            .into_iter()
            .find(|p| self.get(p).is_none())
        {
            Some(missing) => Err(format!(
                "the policy opens channels on {missing}, but {missing} is not set up on this server (set up: {})",
                self.providers().join(", ")
            )),
            None => Ok(()),
        }
    }
}

pub struct SlackChat(pub SlackClient);

#[async_trait]
impl Chat for SlackChat {
    fn provider(&self) -> &'static str {
        "slack"
    }

    async fn open_channel(&self, name: &str) -> Result<ChatChannel, ChatError> {
        let id = self.0.create_private_channel(name).await?;
        Ok(ChatChannel {
            provider: "slack".into(),
            channel: id,
            name: name.into(),
            url: None,
        })
    }

    async fn invite(&self, channel: &str, members: &[String]) -> Result<(), ChatError> {
        Ok(self.0.invite(channel, members).await?)
    }

    async fn remove(&self, channel: &str, member: &str) -> Result<(), ChatError> {
        Ok(self.0.kick(channel, member).await?)
    }

    async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), ChatError> {
        Ok(self.0.set_topic(channel, topic).await?)
    }

    async fn post(&self, channel: &str, text: &str, pin: bool) -> Result<(), ChatError> {
        let ts = self.0.post_message(channel, text).await?;
        if pin {
            self.0.pin(channel, &ts).await?;
        }
        Ok(())
    }

    async fn message(
        &self,
        channel: &str,
        id: &str,
    ) -> Result<Option<(String, Option<String>)>, ChatError> {
        Ok(self.0.message(channel, id).await?)
    }

    fn mention(&self, member: &str) -> String {
        format!("<@{member}>")
    }

    fn member_id(&self, person: &Person) -> Option<String> {
        person.slack_id.clone()
    }
}

/// `<prefix>-<ref>-<title words>`: lower case, letters, digits and dashes, at
/// most 80 characters (Slack's limit), so the channel says which incident it is.
pub fn channel_name(prefix: &str, state: &IncidentState) -> String {
    let raw = format!("{prefix} {} {}", state.reference, state.title);
    let mut name = String::new();
    for c in raw.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let mut name: String = name.chars().take(80).collect();
    while name.ends_with('-') {
        name.pop();
    }
    name
}

/// The topic: who commands, deputises and keeps the log (rule 1).
pub fn topic(state: &IncidentState) -> String {
    format!(
        "{} [{} {}] {}",
        state.reference,
        state.severity,
        state.phase.map(|p| p.as_str()).unwrap_or("hot"),
        roll_call_text(state).unwrap_or_default()
    )
}

pub fn roll_call_message(state: &IncidentState) -> String {
    roll_call_message_for(state, "/muster")
}

/// The roll call, with the hint written as `prefix` (`/muster`, `!muster`).
pub fn roll_call_message_for(state: &IncidentState, prefix: &str) -> String {
    format!(
        "*Roll call for {}: {}*\n{}\nLog from here with `{prefix} note …`, `{prefix} action …`, `{prefix} finding …`; `{prefix} status` and `{prefix} roll call` read back.",
        state.reference,
        state.title,
        roll_call_text(state).unwrap_or_else(|| "nobody holds a role yet".into())
    )
}
