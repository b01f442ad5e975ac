//! The incident's channel in Microsoft Teams, behind the [`Chat`] trait:
//!
//! * open: a **private channel** in the configured team (Graph, with the
//!   configured owner, since Graph requires one when an application creates a
//!   private channel), then its members added by Entra object id (`teams_id`);
//! * topic: the channel's **description** (Graph `PATCH`);
//! * posts: the Bot Connector starts a thread in the channel, mentions as
//!   `<at>Name</at>` with a `mention` entity. Graph takes channel posts from an
//!   application only when importing history, so the bot posts;
//! * pin: Teams has no way to pin a channel message through Graph or the Bot
//!   Connector (`pinnedMessages` exists for chats only), so the roll call is
//!   the channel's first post and also its description, which Teams shows in
//!   the channel's header and its "about" pane.

use crate::chat::{Chat, ChatError};
use async_trait::async_trait;
use muster_app::App;
use muster_domain::calls::ChatChannel;
use muster_store::Person;
use muster_teams::TeamsError;
use muster_teams::connector::{ConnectorClient, Mention};
use muster_teams::graph::GraphClient;
use std::sync::Arc;

impl From<TeamsError> for ChatError {
    fn from(e: TeamsError) -> Self {
        ChatError {
            // Graph refuses a channel name already used in the team this way.
            name_taken: e.code() == Some("NameAlreadyExists"),
            message: e.to_string(),
        }
    }
}

pub struct TeamsChat {
    pub graph: GraphClient,
    pub connector: Arc<ConnectorClient>,
    pub team: String,
    pub owner: String,
    /// The Bot Connector posts Muster starts go through.
    pub service_url: String,
    /// To name the people mentioned: Teams shows the name inside `<at>…</at>`.
    pub app: App,
}

const MARK_OPEN: &str = "<at>";
const MARK_CLOSE: &str = "</at>";

impl TeamsChat {
    /// `text` with each `<at>ENTRA-ID</at>` that [`Chat::mention`] wrote turned
    /// into `<at>Name</at>`, and the mention entities Teams needs for them.
    async fn mentions(&self, text: &str) -> Result<(String, Vec<Mention>), ChatError> {
        let mut out = String::new();
        let mut mentions = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find(MARK_OPEN) {
            let after = &rest[start + MARK_OPEN.len()..];
            let Some(end) = after.find(MARK_CLOSE) else {
                break;
            };
            let id = &after[..end];
            out.push_str(&rest[..start]);
            let people = self
                .app
                .directory()
                .list_people()
                .await
                .map_err(|e| ChatError {
                    message: format!("could not read the directory: {e}"),
                    name_taken: false,
                })?;
            let name = people
                .into_iter()
                .find(|p| {
                    p.teams_id
                        .as_deref()
                        .is_some_and(|t| t.eq_ignore_ascii_case(id))
                })
                .map(|p| p.name)
                .unwrap_or_else(|| id.to_owned());
            out.push_str(&format!("{MARK_OPEN}{name}{MARK_CLOSE}"));
            mentions.push(Mention {
                id: id.to_owned(),
                name,
            });
            rest = &after[end + MARK_CLOSE.len()..];
        }
        out.push_str(rest);
        // The roll call tells people how to log from Slack; in Teams they mention the bot.
        Ok((out.replace("`/muster ", "`@Muster "), mentions))
    }
}

/// A channel name within Teams' 50 characters. The worker retries a name
/// taken with `-<8 hex>` (the end of the incident's id) appended: that suffix is what makes it unique, so
/// it is kept and the words before it are cut instead.
fn fit(name: &str) -> String {
    const LIMIT: usize = muster_teams::graph::NAME_LIMIT;
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= LIMIT {
        return name.to_owned();
    }
    let suffix = name
        .rsplit_once('-')
        .map(|(_, s)| s)
        .filter(|s| s.len() == 8 && s.chars().all(|c| c.is_ascii_hexdigit()));
    let keep = suffix.map_or(0, |s| s.len() + 1);
    let mut cut = LIMIT - keep;
    // Cut between words: back to the last dash when the cut falls inside one.
    if chars[cut] != '-'
        && let Some(dash) = chars[..cut].iter().rposition(|c| *c == '-')
    {
        cut = dash;
    }
    let head: String = chars[..cut].iter().collect();
    let head = head.trim_end_matches('-');
    match suffix {
        Some(s) => format!("{head}-{s}"),
        None => head.to_owned(),
    }
}

#[async_trait]
impl Chat for TeamsChat {
    fn provider(&self) -> &'static str {
        "teams"
    }

    async fn open_channel(&self, name: &str) -> Result<ChatChannel, ChatError> {
        let name = fit(name);
        let made = self
            .graph
            .create_private_channel(&self.team, &name, "", &self.owner)
            .await?;
        Ok(ChatChannel {
            provider: "teams".into(),
            channel: made.id,
            name,
            url: made.web_url,
        })
    }

    async fn invite(&self, channel: &str, members: &[String]) -> Result<(), ChatError> {
        Ok(self.graph.add_members(&self.team, channel, members).await?)
    }

    async fn remove(&self, channel: &str, member: &str) -> Result<(), ChatError> {
        if member.eq_ignore_ascii_case(&self.owner) {
            // The channel's owner stays: Graph will not leave a private channel without one.
            return Ok(());
        }
        Ok(self
            .graph
            .remove_member(&self.team, channel, member)
            .await?)
    }

    async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), ChatError> {
        Ok(self
            .graph
            .set_description(&self.team, channel, topic)
            .await?)
    }

    /// `pin` cannot be honoured (see the module's note): the post is made either way.
    async fn post(&self, channel: &str, text: &str, _pin: bool) -> Result<(), ChatError> {
        let (text, mentions) = self.mentions(text).await?;
        self.connector
            .post_to_channel(&self.service_url, channel, &text, &mentions)
            .await?;
        Ok(())
    }

    /// `id` is the message's id, or `ROOT/ID` for a reply in a thread.
    async fn message(
        &self,
        channel: &str,
        id: &str,
    ) -> Result<Option<(String, Option<String>)>, ChatError> {
        let (root, id) = match id.split_once('/') {
            Some((root, id)) => (Some(root), id),
            None => (None, id),
        };
        Ok(self
            .graph
            .message(&self.team, channel, root, id)
            .await?
            .map(|m| (m.content, m.author)))
    }

    fn mention(&self, member: &str) -> String {
        format!("{MARK_OPEN}{member}{MARK_CLOSE}")
    }

    fn member_id(&self, person: &Person) -> Option<String> {
        person.teams_id.clone()
    }
}

/// The Teams chat and the bot's endpoint parts, from the settings: one
/// Entra ID application, two tokens (Graph's scope and the Bot Connector's).
pub(crate) fn build(
    app: &App,
    t: &crate::settings::TeamsSettings,
    http: &reqwest::Client,
) -> (TeamsChat, crate::teams_routes::TeamsBot) {
    use muster_teams::token::TokenSource;
    let tokens = |scope: &str| {
        TokenSource::new(
            &t.login_base,
            &t.tenant_id,
            &t.app_id,
            &t.app_password,
            scope,
            http.clone(),
        )
    };
    let connector = Arc::new(ConnectorClient::new(
        tokens(muster_teams::BOT_SCOPE),
        http.clone(),
    ));
    let chat = TeamsChat {
        graph: GraphClient::new(
            &t.graph_base,
            tokens(muster_teams::GRAPH_SCOPE),
            http.clone(),
        ),
        connector: connector.clone(),
        team: t.team_id.clone(),
        owner: t.channel_owner.clone(),
        service_url: t.service_url.clone(),
        app: app.clone(),
    };
    let bot = crate::teams_routes::TeamsBot {
        verifier: muster_teams::verify::Verifier::new(
            &t.openid_metadata,
            &t.app_id,
            http.clone(),
            t.key_refetch,
        ),
        connector,
        log_reaction: t.log_reaction.clone(),
    };
    (chat, bot)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_fit_fifty_characters_and_keep_the_retry_suffix() {
        let long = "inc-2026-0001-customer-export-bucket-readable-by-anyone";
        assert_eq!(
            super::fit(long),
            "inc-2026-0001-customer-export-bucket-readable-by"
        );
        let retry = format!("{long}-0a1b2c3d");
        let fitted = super::fit(&retry);
        assert_eq!(fitted, "inc-2026-0001-customer-export-bucket-0a1b2c3d");
        assert!(fitted.chars().count() <= 50);
        assert_eq!(super::fit("inc-short"), "inc-short");
    }
}
