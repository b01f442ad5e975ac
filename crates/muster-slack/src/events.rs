//! The Events API: Slack POSTs JSON envelopes, first a `url_verification`
//! whose challenge must be echoed, then `event_callback`s. Muster reads one
//! event: `reaction_added`, to copy a marked message into the log.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Envelope {
    UrlVerification {
        challenge: String,
    },
    EventCallback {
        event: serde_json::Value,
    },
    #[serde(other)]
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReactionAdded {
    /// Who reacted.
    pub user: String,
    pub reaction: String,
    pub item: ReactionItem,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReactionItem {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub ts: String,
}

impl Envelope {
    pub fn parse(body: &[u8]) -> Result<Envelope, String> {
        serde_json::from_slice(body).map_err(|e| format!("not a Slack event envelope: {e}"))
    }

    /// The `reaction_added` on a message this envelope carries, if any.
    pub fn reaction_added(&self) -> Option<ReactionAdded> {
        match self {
            Envelope::EventCallback { event } if event["type"] == "reaction_added" => {
                serde_json::from_value::<ReactionAdded>(event.clone())
                    .ok()
                    .filter(|r| r.item.kind == "message")
            }
            _ => None,
        }
    }
}
