//! The chat-neutral side of the incident channel: what Muster needs of a chat
//! service (the [`Chat`] trait: Slack here, Microsoft Teams in `teams_chat`;
//! Mattermost or Matrix can implement it too), the channel's name and the
//! roll call it shows.

use async_trait::async_trait;
use muster_domain::IncidentState;
use muster_domain::calls::{ChatChannel, roll_call_text};
use muster_slack::{SlackClient, SlackError};

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
    format!(
        "*Roll call for {}: {}*\n{}\nLog from here with `/muster note …`, `/muster action …`, `/muster finding …`; `/muster status` and `/muster roll call` read back.",
        state.reference,
        state.title,
        roll_call_text(state).unwrap_or_else(|| "nobody holds a role yet".into())
    )
}
