//! The Microsoft Graph v1.0 calls Muster makes, each with an application
//! token (client credentials, scope `https://graph.microsoft.com/.default`):
//!
//! | call | Graph | application permission |
//! |---|---|---|
//! | open a private channel | `POST /teams/{team}/channels` (`membershipType: private`, an owner in `members`) | `Channel.Create` |
//! | list, add, remove members | `GET`/`POST /teams/{team}/channels/{ch}/members`, `DELETE …/members/{membership}` | `ChannelMember.ReadWrite.All` |
//! | set the description | `PATCH /teams/{team}/channels/{ch}` | `ChannelSettings.ReadWrite.All` |
//! | read a message back | `GET /teams/{team}/channels/{ch}/messages/{id}` (or `…/{root}/replies/{id}`) | `ChannelMessage.Read.All` |
//!

use crate::TeamsError;
use crate::token::TokenSource;
use reqwest::Method;
use serde_json::{Value, json};

/// Teams keeps a channel's `displayName` to 50 characters.
pub const NAME_LIMIT: usize = 50;
/// … and its description to 1024.
pub const DESCRIPTION_LIMIT: usize = 1024;

pub struct GraphClient {
    base: String,
    tokens: TokenSource,
    http: reqwest::Client,
}

/// A channel Graph made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub id: String,
    pub web_url: Option<String>,
}

/// A message read back: its text (HTML as Teams stores it) and author's Entra object id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub content: String,
    pub author: Option<String>,
}

fn user_bind(base: &str, id: &str) -> String {
    // Graph documents the bind as `{graph}/v1.0/users('{id}')`.
    format!("{base}/users('{id}')")
}

fn member(base: &str, id: &str, owner: bool) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.aadUserConversationMember",
        "roles": if owner { vec!["owner"] } else { Vec::new() },
        "user@odata.bind": user_bind(base, id),
    })
}

/// Path segments are ids like `19:abc@thread.tacv2`: escape what a path may not hold.
fn seg(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

impl GraphClient {
    /// `base` is [`crate::GRAPH_BASE`] in production.
    pub fn new(base: &str, tokens: TokenSource, http: reqwest::Client) -> GraphClient {
        GraphClient {
            base: base.trim_end_matches('/').to_owned(),
            tokens,
            http,
        }
    }

    async fn call(
        &self,
        what: &'static str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, TeamsError> {
        let url = format!("{}{path}", self.base);
        let res = self
            .tokens
            .send(what, || {
                let req = self.http.request(method.clone(), &url);
                match body {
                    Some(b) => req.json(b),
                    None => req,
                }
            })
            .await?;
        if res.status() == reqwest::StatusCode::NO_CONTENT {
            return Ok(Value::Null);
        }
        res.json().await.map_err(|e| TeamsError::transport(what, e))
    }

    /// Opens a private channel in `team`. Graph requires an owner when an
    /// application creates one: `owner` (an Entra object id) becomes it.
    pub async fn create_private_channel(
        &self,
        team: &str,
        name: &str,
        description: &str,
        owner: &str,
    ) -> Result<Channel, TeamsError> {
        let name: String = name.chars().take(NAME_LIMIT).collect();
        let description: String = description.chars().take(DESCRIPTION_LIMIT).collect();
        let body = json!({
            "@odata.type": "#Microsoft.Graph.channel",
            "membershipType": "private",
            "displayName": name,
            "description": description,
            "members": [member(&self.base, owner, true)],
        });
        let made = self
            .call(
                "Graph create channel",
                Method::POST,
                &format!("/teams/{}/channels", seg(team)),
                Some(&body),
            )
            .await?;
        let id = made["id"]
            .as_str()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| TeamsError::transport("Graph create channel", "no id in the answer"))?;
        Ok(Channel {
            id: id.to_owned(),
            web_url: made["webUrl"].as_str().map(str::to_owned),
        })
    }

    /// The channel's members: (membership id, Entra object id).
    pub async fn members(
        &self,
        team: &str,
        channel: &str,
    ) -> Result<Vec<(String, String)>, TeamsError> {
        let got = self
            .call(
                "Graph list channel members",
                Method::GET,
                &format!("/teams/{}/channels/{}/members", seg(team), seg(channel)),
                None,
            )
            .await?;
        Ok(got["value"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|m| {
                        Some((
                            m["id"].as_str()?.to_owned(),
                            m["userId"].as_str()?.to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Adds each of `users` not yet a member (Graph refuses a second add).
    pub async fn add_members(
        &self,
        team: &str,
        channel: &str,
        users: &[String],
    ) -> Result<(), TeamsError> {
        if users.is_empty() {
            return Ok(());
        }
        let present = self.members(team, channel).await?;
        for u in users {
            if present.iter().any(|(_, id)| id.eq_ignore_ascii_case(u)) {
                continue;
            }
            self.call(
                "Graph add channel member",
                Method::POST,
                &format!("/teams/{}/channels/{}/members", seg(team), seg(channel)),
                Some(&member(&self.base, u, false)),
            )
            .await?;
        }
        Ok(())
    }

    /// Removes `user`; one who is not a member is not an error.
    pub async fn remove_member(
        &self,
        team: &str,
        channel: &str,
        user: &str,
    ) -> Result<(), TeamsError> {
        let present = self.members(team, channel).await?;
        let Some((membership, _)) = present.iter().find(|(_, id)| id.eq_ignore_ascii_case(user))
        else {
            return Ok(());
        };
        self.call(
            "Graph remove channel member",
            Method::DELETE,
            &format!(
                "/teams/{}/channels/{}/members/{}",
                seg(team),
                seg(channel),
                seg(membership)
            ),
            None,
        )
        .await
        .map(drop)
    }

    pub async fn set_description(
        &self,
        team: &str,
        channel: &str,
        description: &str,
    ) -> Result<(), TeamsError> {
        let description: String = description.chars().take(DESCRIPTION_LIMIT).collect();
        self.call(
            "Graph update channel",
            Method::PATCH,
            &format!("/teams/{}/channels/{}", seg(team), seg(channel)),
            Some(&json!({ "description": description })),
        )
        .await
        .map(drop)
    }

    /// A channel message, or a reply when `root` is the thread it is in.
    pub async fn message(
        &self,
        team: &str,
        channel: &str,
        root: Option<&str>,
        id: &str,
    ) -> Result<Option<Message>, TeamsError> {
        let path = match root.filter(|r| *r != id) {
            Some(r) => format!(
                "/teams/{}/channels/{}/messages/{}/replies/{}",
                seg(team),
                seg(channel),
                seg(r),
                seg(id)
            ),
            None => format!(
                "/teams/{}/channels/{}/messages/{}",
                seg(team),
                seg(channel),
                seg(id)
            ),
        };
        match self
            .call("Graph get message", Method::GET, &path, None)
            .await
        {
            Ok(m) => Ok(Some(Message {
                content: m["body"]["content"].as_str().unwrap_or_default().to_owned(),
                author: m["from"]["user"]["id"].as_str().map(str::to_owned),
            })),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
