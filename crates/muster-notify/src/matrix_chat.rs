//! The incident's channel on Matrix: a private, invite-only room (encrypted
//! when the policy says so), the team invited by their `matrix_id`, the roll
//! call as the room's topic and a pinned message, posts with mentions as
//! pills. Posts carry a transaction id made from the outbox row's key, so a
//! retried delivery is one message.

use crate::chat::{Chat, ChatError};
use async_trait::async_trait;
use muster_domain::calls::ChatChannel;
use muster_domain::policy::ChatChoice;
use muster_matrix::{MatrixClient, MatrixError, Message, NewRoom};
use muster_store::Person;
use serde_json::json;
use sha2::{Digest, Sha256};

impl From<MatrixError> for ChatError {
    fn from(e: MatrixError) -> Self {
        ChatError {
            // Rooms are found by id, never by name: a name cannot be taken.
            name_taken: false,
            message: e.to_string(),
        }
    }
}

pub struct MatrixChat {
    pub client: MatrixClient,
    /// The bot's server name (from its user id), asked once: rooms of
    /// version 12 carry no server in their id, so links name it.
    server: tokio::sync::OnceCell<String>,
}

/// A `matrix.to` link to a room, which every Matrix client opens; `via` the
/// server that made it, so a client on another server can find it.
pub fn room_link(room: &str, server: &str) -> String {
    format!("https://matrix.to/#/{room}?via={server}")
}

/// The transaction id for a post: the same key in the same room is the same
/// post, whoever (which instance, which retry) sends it.
fn txn(key: &str, room: &str) -> String {
    let digest = Sha256::digest(format!("{room}\n{key}").as_bytes());
    format!("muster-{}", hex::encode(&digest[..16]))
}

impl MatrixChat {
    pub fn new(client: MatrixClient) -> MatrixChat {
        MatrixChat {
            client,
            server: tokio::sync::OnceCell::new(),
        }
    }

    async fn server(&self) -> Result<&str, ChatError> {
        let server = self
            .server
            .get_or_try_init(|| async {
                let me = self.client.whoami().await?;
                Ok::<_, MatrixError>(me.split_once(':').map(|(_, s)| s.to_owned()).unwrap_or(me))
            })
            .await?;
        Ok(server)
    }

    async fn open(&self, name: &str, encrypted: bool) -> Result<ChatChannel, ChatError> {
        let room = self
            .client
            .create_room(&NewRoom {
                name: name.into(),
                topic: String::new(),
                invite: Vec::new(),
                encrypted,
            })
            .await?;
        Ok(ChatChannel {
            provider: "matrix".into(),
            url: Some(room_link(&room, self.server().await?)),
            channel: room,
            name: name.into(),
        })
    }

    async fn send(&self, room: &str, txn: &str, text: &str, pin: bool) -> Result<(), ChatError> {
        let event = self.client.send(room, txn, &Message::new(text)).await?;
        if pin {
            self.client.pin(room, &event).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl Chat for MatrixChat {
    fn provider(&self) -> &'static str {
        "matrix"
    }

    async fn open_channel(&self, name: &str) -> Result<ChatChannel, ChatError> {
        self.open(name, false).await
    }

    async fn open_channel_with(
        &self,
        name: &str,
        choice: &ChatChoice<'_>,
    ) -> Result<ChatChannel, ChatError> {
        self.open(name, choice.encrypt).await
    }

    async fn invite(&self, channel: &str, members: &[String]) -> Result<(), ChatError> {
        let joined = self.client.joined_members(channel).await?;
        for m in members.iter().filter(|m| !joined.contains(m)) {
            self.client.invite(channel, m).await?;
        }
        Ok(())
    }

    async fn remove(&self, channel: &str, member: &str) -> Result<(), ChatError> {
        Ok(self
            .client
            .kick(channel, member, "no longer on the incident's team")
            .await?)
    }

    async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), ChatError> {
        self.client
            .set_state(channel, "m.room.topic", "", json!({"topic": topic}))
            .await?;
        Ok(())
    }

    async fn post(&self, channel: &str, text: &str, pin: bool) -> Result<(), ChatError> {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).map_err(|e| ChatError {
            message: format!("no randomness for a transaction id: {e}"),
            name_taken: false,
        })?;
        self.send(
            channel,
            &format!("muster-{}", hex::encode(nonce)),
            text,
            pin,
        )
        .await
    }

    async fn post_keyed(
        &self,
        channel: &str,
        text: &str,
        pin: bool,
        key: &str,
    ) -> Result<(), ChatError> {
        self.send(channel, &txn(key, channel), text, pin).await
    }

    async fn message(
        &self,
        channel: &str,
        id: &str,
    ) -> Result<Option<(String, Option<String>)>, ChatError> {
        let Some(event) = self.client.event(channel, id).await? else {
            return Ok(None);
        };
        let Some(body) = event["content"]["body"].as_str() else {
            // Not a text message (an image, an encrypted event): nothing to copy.
            return Ok(None);
        };
        Ok(Some((
            body.to_owned(),
            event["sender"].as_str().map(str::to_owned),
        )))
    }

    /// The user id itself: [`Message`] makes it a pill and an `m.mentions` entry.
    fn mention(&self, member: &str) -> String {
        member.to_owned()
    }

    fn member_id(&self, person: &Person) -> Option<String> {
        person.matrix_id.clone()
    }

    fn command_prefix(&self) -> &'static str {
        "!muster"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_has_one_transaction_id_per_key_and_room() {
        assert_eq!(
            txn("reminder:1:chat", "!a:x"),
            txn("reminder:1:chat", "!a:x")
        );
        assert_ne!(
            txn("reminder:1:chat", "!a:x"),
            txn("reminder:2:chat", "!a:x")
        );
        assert_ne!(
            txn("reminder:1:chat", "!a:x"),
            txn("reminder:1:chat", "!b:x")
        );
        assert_eq!(room_link("!a", "x.org"), "https://matrix.to/#/!a?via=x.org");
    }
}
