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
        /// Slack's id of this event, the same on every retry of it.
        #[serde(default)]
        event_id: Option<String>,
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

    /// Slack's id of the event this envelope carries, if it has one.
    pub fn event_id(&self) -> Option<&str> {
        match self {
            Envelope::EventCallback { event_id, .. } => event_id.as_deref(),
            _ => None,
        }
    }

    /// The `reaction_added` on a message this envelope carries, if any.
    pub fn reaction_added(&self) -> Option<ReactionAdded> {
        match self {
            Envelope::EventCallback { event, .. } if event["type"] == "reaction_added" => {
                serde_json::from_value::<ReactionAdded>(event.clone())
                    .ok()
                    .filter(|r| r.item.kind == "message")
            }
            _ => None,
        }
    }
}
