//! The Client-Server API calls Muster makes, each an HTTPS request to
//! `<homeserver>/_matrix/client/v3/…` with `Authorization: Bearer <token>`
//! (the spec's v1.x endpoints). The homeserver answers errors with a status
//! and `{"errcode", "error"}`; `M_LIMIT_EXCEEDED` carries `retry_after_ms`.

use crate::message::Message;
use crate::sync::SyncBatch;
use reqwest::{Method, StatusCode, Url};
use serde_json::{Value, json};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum MatrixError {
    /// The homeserver refused the call: `errcode` is the spec's (`M_FORBIDDEN`, …).
    #[error("Matrix {call} failed: HTTP {status} {errcode}: {error}")]
    Api {
        call: &'static str,
        status: u16,
        errcode: String,
        error: String,
    },
    #[error("Matrix {call} is rate limited; retry after {retry_after:?}")]
    RateLimited {
        call: &'static str,
        retry_after: Duration,
    },
    /// Could not reach the homeserver, or its answer was not JSON: worth retrying.
    #[error("Matrix {call} could not be called: {message}")]
    Transport { call: &'static str, message: String },
}

impl MatrixError {
    /// The spec's error code, when the homeserver answered.
    pub fn errcode(&self) -> Option<&str> {
        match self {
            MatrixError::Api { errcode, .. } => Some(errcode),
            _ => None,
        }
    }
}

/// A private room to create: invite-only (`preset: private_chat`, join rule
/// `invite`, guests forbidden), encrypted with Megolm when asked.
#[derive(Debug, Clone, Default)]
pub struct NewRoom {
    pub name: String,
    pub topic: String,
    /// Matrix user ids (`@ana:example.org`) invited as the room is made.
    pub invite: Vec<String>,
    pub encrypted: bool,
}

#[derive(Clone)]
pub struct MatrixClient {
    base: Url,
    token: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for MatrixClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the access token.
        f.debug_struct("MatrixClient")
            .field("homeserver", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl MatrixClient {
    /// `homeserver` is the client-server base URL, e.g. `https://matrix.example.org`.
    pub fn new(
        homeserver: &str,
        token: impl Into<String>,
        http: reqwest::Client,
    ) -> Result<Self, MatrixError> {
        let base =
            Url::parse(homeserver.trim_end_matches('/')).map_err(|e| MatrixError::Transport {
                call: "configuration",
                message: format!("the homeserver URL {homeserver:?} is not a URL: {e}"),
            })?;
        if base.cannot_be_a_base() {
            return Err(MatrixError::Transport {
                call: "configuration",
                message: format!("the homeserver URL {homeserver:?} cannot hold a path"),
            });
        }
        Ok(MatrixClient {
            base,
            token: token.into(),
            http,
        })
    }

    /// `<base>/_matrix/client/v3/<segments…>`, each segment percent-encoded
    /// (room ids hold `!` and `:`, event ids `$`).
    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(["_matrix", "client", "v3"]);
            path.extend(segments);
        }
        url
    }

    async fn call(
        &self,
        call: &'static str,
        method: Method,
        url: Url,
        body: Option<Value>,
        timeout: Option<Duration>,
    ) -> Result<Value, MatrixError> {
        let mut req = self.http.request(method, url).bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        if let Some(t) = timeout {
            req = req.timeout(t);
        }
        let transport = |message: String| MatrixError::Transport { call, message };
        let res = req.send().await.map_err(|e| transport(e.to_string()))?;
        let status = res.status();
        let body: Value = res
            .json()
            .await
            .map_err(|e| transport(format!("HTTP {status}: {e}")))?;
        if status.is_success() {
            return Ok(body);
        }
        let errcode = body["errcode"].as_str().unwrap_or("M_UNKNOWN").to_owned();
        if status == StatusCode::TOO_MANY_REQUESTS || errcode == "M_LIMIT_EXCEEDED" {
            let ms = body["retry_after_ms"].as_u64().unwrap_or(5000);
            return Err(MatrixError::RateLimited {
                call,
                retry_after: Duration::from_millis(ms),
            });
        }
        Err(MatrixError::Api {
            call,
            status: status.as_u16(),
            errcode,
            error: body["error"].as_str().unwrap_or_default().to_owned(),
        })
    }

    /// The user id the access token belongs to (the bot's).
    pub async fn whoami(&self) -> Result<String, MatrixError> {
        let url = self.url(&["account", "whoami"]);
        let body = self.call("whoami", Method::GET, url, None, None).await?;
        Ok(body["user_id"].as_str().unwrap_or_default().to_owned())
    }

    /// Creates the room; its id (`!…:server`).
    pub async fn create_room(&self, room: &NewRoom) -> Result<String, MatrixError> {
        let mut initial_state = vec![
            // The preset already makes the room invite-only; stated again so
            // a homeserver's changed preset defaults cannot open it.
            json!({"type": "m.room.join_rules", "state_key": "", "content": {"join_rule": "invite"}}),
            json!({"type": "m.room.guest_access", "state_key": "", "content": {"guest_access": "forbidden"}}),
            json!({"type": "m.room.history_visibility", "state_key": "", "content": {"history_visibility": "invited"}}),
        ];
        if room.encrypted {
            initial_state.push(json!({"type": "m.room.encryption", "state_key": "",
                "content": {"algorithm": "m.megolm.v1.aes-sha2"}}));
        }
        let body = json!({
            "preset": "private_chat",
            "visibility": "private",
            "name": room.name,
            "topic": room.topic,
            "invite": room.invite,
            "initial_state": initial_state,
        });
        let url = self.url(&["createRoom"]);
        let res = self
            .call("createRoom", Method::POST, url, Some(body), None)
            .await?;
        Ok(res["room_id"].as_str().unwrap_or_default().to_owned())
    }

    /// Invites a user; one already invited or joined is not an error.
    pub async fn invite(&self, room: &str, user: &str) -> Result<(), MatrixError> {
        let url = self.url(&["rooms", room, "invite"]);
        match self
            .call(
                "invite",
                Method::POST,
                url,
                Some(json!({"user_id": user})),
                None,
            )
            .await
        {
            Err(MatrixError::Api { errcode, error, .. })
                if errcode == "M_FORBIDDEN" && error.contains("already in the room") =>
            {
                Ok(())
            }
            other => other.map(drop),
        }
    }

    /// Removes a user; one not in the room is not an error.
    pub async fn kick(&self, room: &str, user: &str, reason: &str) -> Result<(), MatrixError> {
        let url = self.url(&["rooms", room, "kick"]);
        let body = json!({"user_id": user, "reason": reason});
        match self.call("kick", Method::POST, url, Some(body), None).await {
            Err(MatrixError::Api { errcode, error, .. })
                if errcode == "M_FORBIDDEN" && error.contains("not in the room") =>
            {
                Ok(())
            }
            other => other.map(drop),
        }
    }

    /// Sets a state event (`m.room.topic`, `m.room.pinned_events`, …); its event id.
    pub async fn set_state(
        &self,
        room: &str,
        kind: &str,
        state_key: &str,
        content: Value,
    ) -> Result<String, MatrixError> {
        let url = self.url(&["rooms", room, "state", kind, state_key]);
        let res = self
            .call("state", Method::PUT, url, Some(content), None)
            .await?;
        Ok(res["event_id"].as_str().unwrap_or_default().to_owned())
    }

    /// A state event's content, `None` when the room has none of that kind.
    pub async fn state(
        &self,
        room: &str,
        kind: &str,
        state_key: &str,
    ) -> Result<Option<Value>, MatrixError> {
        let url = self.url(&["rooms", room, "state", kind, state_key]);
        match self.call("state", Method::GET, url, None, None).await {
            Err(e) if e.errcode() == Some("M_NOT_FOUND") => Ok(None),
            other => other.map(Some),
        }
    }

    /// Sends `message` under the transaction id `txn`: the homeserver sends
    /// a retried request with the same id once. Its event id.
    pub async fn send(
        &self,
        room: &str,
        txn: &str,
        message: &Message,
    ) -> Result<String, MatrixError> {
        let url = self.url(&["rooms", room, "send", "m.room.message", txn]);
        let res = self
            .call("send", Method::PUT, url, Some(message.content()), None)
            .await?;
        Ok(res["event_id"].as_str().unwrap_or_default().to_owned())
    }

    /// Adds `event` to the room's pinned events, keeping those pinned before.
    pub async fn pin(&self, room: &str, event: &str) -> Result<(), MatrixError> {
        let mut pinned: Vec<Value> = self
            .state(room, "m.room.pinned_events", "")
            .await?
            .and_then(|c| c["pinned"].as_array().cloned())
            .unwrap_or_default();
        if pinned.iter().any(|p| p.as_str() == Some(event)) {
            return Ok(());
        }
        pinned.push(Value::String(event.to_owned()));
        self.set_state(room, "m.room.pinned_events", "", json!({"pinned": pinned}))
            .await
            .map(drop)
    }

    /// One event of a room, `None` if there is no such event (or the bot may not see it).
    pub async fn event(&self, room: &str, event: &str) -> Result<Option<Value>, MatrixError> {
        let url = self.url(&["rooms", room, "event", event]);
        match self.call("event", Method::GET, url, None, None).await {
            Err(e) if e.errcode() == Some("M_NOT_FOUND") => Ok(None),
            other => other.map(Some),
        }
    }

    /// The user ids joined to the room now.
    pub async fn joined_members(&self, room: &str) -> Result<Vec<String>, MatrixError> {
        let url = self.url(&["rooms", room, "joined_members"]);
        let res = self
            .call("joined_members", Method::GET, url, None, None)
            .await?;
        Ok(res["joined"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default())
    }

    /// Joins a room the bot was invited to (by alias or id); its id.
    pub async fn join(&self, room: &str) -> Result<String, MatrixError> {
        let url = self.url(&["join", room]);
        let res = self
            .call("join", Method::POST, url, Some(json!({})), None)
            .await?;
        Ok(res["room_id"].as_str().unwrap_or_default().to_owned())
    }

    /// One `/sync`: everything after `since` (or, with none, only a starting
    /// point: the rooms' history is not replayed), waiting up to `wait` for
    /// something to happen.
    pub async fn sync(
        &self,
        since: Option<&str>,
        wait: Duration,
    ) -> Result<SyncBatch, MatrixError> {
        let mut url = self.url(&["sync"]);
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("timeout", &wait.as_millis().to_string());
            // Without `since`, the answer is history: its events are not
            // read (`SyncBatch::parse`), only where it ends. (A filter
            // asking for no timeline would spare them, but Synapse then
            // hands the skipped events to the next sync.)
            if let Some(s) = since {
                q.append_pair("since", s);
            }
        }
        let body = self
            .call(
                "sync",
                Method::GET,
                url,
                None,
                Some(wait + Duration::from_secs(30)),
            )
            .await?;
        Ok(SyncBatch::parse(&body, since.is_none()))
    }
}
