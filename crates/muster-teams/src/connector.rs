//! The Bot Connector REST API (v3), with the bot's token (client credentials,
//! scope `https://api.botframework.com/.default`): a new thread in a channel
//! (`POST {serviceUrl}/v3/conversations` with `channelData.channel.id`, as
//! Teams documents proactive channel messages) and a message into an existing
//! conversation (`POST {serviceUrl}/v3/conversations/{id}/activities`).
//! Mentions travel as `<at>Name</at>` in the text with a `mention` entity
//! naming the person by Entra object id.

use crate::TeamsError;
use crate::token::TokenSource;
use serde_json::{Value, json};

pub struct ConnectorClient {
    tokens: TokenSource,
    http: reqwest::Client,
}

/// Someone mentioned in a message: Entra object id and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub id: String,
    pub name: String,
}

fn message(text: &str, mentions: &[Mention], reply_to: Option<&str>) -> Value {
    let entities: Vec<Value> = mentions
        .iter()
        .map(|m| {
            json!({
                "type": "mention",
                "text": format!("<at>{}</at>", m.name),
                "mentioned": {"id": m.id, "name": m.name},
            })
        })
        .collect();
    let mut activity = json!({"type": "message", "text": text, "entities": entities});
    if let Some(r) = reply_to {
        activity["replyToId"] = json!(r);
    }
    activity
}

fn seg(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

impl ConnectorClient {
    pub fn new(tokens: TokenSource, http: reqwest::Client) -> ConnectorClient {
        ConnectorClient { tokens, http }
    }

    async fn post(
        &self,
        what: &'static str,
        url: String,
        body: &Value,
    ) -> Result<Value, TeamsError> {
        let res = self
            .tokens
            .send(what, || self.http.post(&url).json(body))
            .await?;
        Ok(res.json().await.unwrap_or_default())
    }

    /// Starts a thread in a Teams channel with `text`; the new conversation's id.
    pub async fn post_to_channel(
        &self,
        service_url: &str,
        channel: &str,
        text: &str,
        mentions: &[Mention],
    ) -> Result<String, TeamsError> {
        const WHAT: &str = "Bot Connector create conversation";
        let body = json!({
            "isGroup": true,
            "channelData": {"channel": {"id": channel}},
            "activity": message(text, mentions, None),
        });
        let url = format!("{}/v3/conversations", service_url.trim_end_matches('/'));
        let made = self.post(WHAT, url, &body).await?;
        Ok(made["id"].as_str().unwrap_or_default().to_owned())
    }

    /// Sends `text` into a conversation, as a reply to `reply_to` when given.
    pub async fn send(
        &self,
        service_url: &str,
        conversation: &str,
        text: &str,
        reply_to: Option<&str>,
    ) -> Result<(), TeamsError> {
        let url = format!(
            "{}/v3/conversations/{}/activities",
            service_url.trim_end_matches('/'),
            seg(conversation)
        );
        self.post(
            "Bot Connector send to conversation",
            url,
            &message(text, &[], reply_to),
        )
        .await
        .map(drop)
    }
}
