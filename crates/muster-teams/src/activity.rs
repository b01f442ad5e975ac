//! The activities the Bot Connector POSTs to the bot's messaging endpoint
//! that Muster reads: `message` (a command to the bot) and `messageReaction`
//! (a reaction added to a message). Field names are the Bot Framework's.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(rename = "type")]
    pub kind: String,
    /// The activity's id: the same on every redelivery of it.
    #[serde(default)]
    pub id: String,
    /// Where replies go; must match the token's `serviceUrl` claim.
    #[serde(default)]
    pub service_url: String,
    /// `msteams` for Teams.
    #[serde(default)]
    pub channel_id: String,
    #[serde(default)]
    pub from: Account,
    #[serde(default)]
    pub conversation: Conversation,
    #[serde(default)]
    pub recipient: Account,
    #[serde(default)]
    pub text: String,
    /// For a reaction: the message reacted to.
    #[serde(default)]
    pub reply_to_id: Option<String>,
    #[serde(default)]
    pub reactions_added: Vec<Reaction>,
    #[serde(default)]
    pub channel_data: ChannelData,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The person's Microsoft Entra object id (Muster's `teams_id`).
    #[serde(default)]
    pub aad_object_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    /// In a channel: `19:…@thread.tacv2;messageid=<root>`.
    #[serde(default)]
    pub id: String,
    /// `personal`, `groupChat` or `channel`.
    #[serde(default)]
    pub conversation_type: String,
    #[serde(default)]
    pub tenant_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Reaction {
    /// `like`, `heart`, `laugh`, …
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChannelData {
    #[serde(default)]
    pub channel: Option<IdOnly>,
    #[serde(default)]
    pub team: Option<IdOnly>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct IdOnly {
    pub id: String,
}

impl Activity {
    pub fn parse(body: &[u8]) -> Result<Activity, String> {
        serde_json::from_slice(body).map_err(|e| format!("not a Bot Framework activity: {e}"))
    }

    /// The Teams channel this activity happened in, if any.
    pub fn teams_channel(&self) -> Option<&str> {
        self.channel_data
            .channel
            .as_ref()
            .map(|c| c.id.as_str())
            .filter(|c| !c.is_empty())
    }

    /// The thread's root message id, from `…;messageid=<root>`.
    pub fn thread_root(&self) -> Option<&str> {
        self.conversation
            .id
            .split_once(";messageid=")
            .map(|(_, root)| root)
    }

    /// The text with the bot's own `<at>…</at>` mention taken out and the
    /// HTML Teams wraps around text undone, ready for the command parser.
    /// Other people's mentions stay as `<at>Name</at>`.
    pub fn command_text(&self) -> String {
        let mut text = self.text.clone();
        let bot = format!("<at>{}</at>", self.recipient.name);
        if !self.recipient.name.is_empty() {
            text = text.replacen(&bot, " ", 1);
        }
        let text = unescape(&text.replace("<p>", " ").replace("</p>", " "));
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The HTML entities Teams writes in message text and bodies, undone
/// (`&amp;` last, so `&amp;lt;` stays the text `&lt;`).
pub fn unescape(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_message_to_the_bot_reads_as_its_command() {
        let a = Activity::parse(
            br#"{"type":"message","id":"1700000000001","serviceUrl":"https://smba.trafficmanager.net/teams/",
            "channelId":"msteams","from":{"id":"29:1a","name":"Ana","aadObjectId":"0000-ana"},
            "conversation":{"id":"19:abc@thread.tacv2;messageid=1699999999999","conversationType":"channel"},
            "recipient":{"id":"28:app","name":"Muster"},
            "text":"<at>Muster</at> note&nbsp;VPN logs requested",
            "channelData":{"channel":{"id":"19:abc@thread.tacv2"},"team":{"id":"19:team@thread.tacv2"}}}"#,
        )
        .unwrap();
        assert_eq!(a.command_text(), "note VPN logs requested");
        assert_eq!(a.teams_channel(), Some("19:abc@thread.tacv2"));
        assert_eq!(a.thread_root(), Some("1699999999999"));
        assert_eq!(a.from.aad_object_id.as_deref(), Some("0000-ana"));
        assert!(
            Activity::parse(b"[1]")
                .unwrap_err()
                .contains("not a Bot Framework activity")
        );
    }
}
