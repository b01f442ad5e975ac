//! The Slack Web API methods Muster calls. Every call is an HTTPS POST to
//! `<base>/<method>` with `Authorization: Bearer xoxb-…`; write methods take a
//! JSON body, `conversations.history` a form (as Slack's docs say each method
//! accepts). Slack answers 200 with `{"ok": false, "error": …}` for most
//! failures, so the `ok` field, not the status, decides success.

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum SlackError {
    /// Slack refused the call; `error` is Slack's code (`channel_not_found`, …).
    #[error("Slack {method} failed: {error}")]
    Api { method: &'static str, error: String },
    #[error("Slack {method} is rate limited; retry after {retry_after:?}")]
    RateLimited {
        method: &'static str,
        retry_after: Duration,
    },
    /// Could not reach Slack, or its answer was not JSON: worth retrying.
    #[error("Slack {method} could not be called: {message}")]
    Transport {
        method: &'static str,
        message: String,
    },
}

impl SlackError {
    /// Slack's error code, when Slack answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            SlackError::Api { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[derive(Clone)]
pub struct SlackClient {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for SlackClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the bot token.
        f.debug_struct("SlackClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl SlackClient {
    /// `base` is `https://slack.com/api` in production.
    pub fn new(base: impl Into<String>, token: impl Into<String>, http: reqwest::Client) -> Self {
        SlackClient {
            base: base.into().trim_end_matches('/').to_owned(),
            token: token.into(),
            http,
        }
    }

    async fn answer(method: &'static str, res: reqwest::Response) -> Result<Value, SlackError> {
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            let secs = res
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok())
                .unwrap_or(30);
            return Err(SlackError::RateLimited {
                method,
                retry_after: Duration::from_secs(secs),
            });
        }
        let transport = |message: String| SlackError::Transport { method, message };
        let status = res.status();
        let body: Value = res
            .json()
            .await
            .map_err(|e| transport(format!("HTTP {status}: {e}")))?;
        if body["ok"].as_bool() == Some(true) {
            Ok(body)
        } else {
            Err(SlackError::Api {
                method,
                error: body["error"].as_str().unwrap_or("unknown_error").to_owned(),
            })
        }
    }

    /// A write method with a JSON body.
    async fn post(&self, method: &'static str, body: Value) -> Result<Value, SlackError> {
        let res = self
            .http
            .post(format!("{}/{method}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .map_err(|e| SlackError::Transport {
                method,
                message: e.to_string(),
            })?;
        Self::answer(method, res).await
    }

    /// A read method with form parameters.
    async fn form(
        &self,
        method: &'static str,
        params: &[(&str, &str)],
    ) -> Result<Value, SlackError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let res = self
            .http
            .post(format!("{}/{method}", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| SlackError::Transport {
                method,
                message: e.to_string(),
            })?;
        Self::answer(method, res).await
    }

    /// Creates a private channel; its id (`C…`/`G…`).
    pub async fn create_private_channel(&self, name: &str) -> Result<String, SlackError> {
        let body = self
            .post(
                "conversations.create",
                json!({"name": name, "is_private": true}),
            )
            .await?;
        Ok(body["channel"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Invites members by Slack id; those already in are not an error.
    pub async fn invite(&self, channel: &str, users: &[String]) -> Result<(), SlackError> {
        if users.is_empty() {
            return Ok(());
        }
        let body = json!({"channel": channel, "users": users.join(",")});
        match self.post("conversations.invite", body).await {
            Err(e) if e.code() == Some("already_in_channel") => Ok(()),
            other => other.map(drop),
        }
    }

    /// Removes a member; one already gone is not an error.
    pub async fn kick(&self, channel: &str, user: &str) -> Result<(), SlackError> {
        let body = json!({"channel": channel, "user": user});
        match self.post("conversations.kick", body).await {
            Err(e) if e.code() == Some("not_in_channel") => Ok(()),
            other => other.map(drop),
        }
    }

    /// Slack keeps at most 250 characters of a topic.
    pub async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), SlackError> {
        let topic: String = topic.chars().take(250).collect();
        self.post(
            "conversations.setTopic",
            json!({"channel": channel, "topic": topic}),
        )
        .await
        .map(drop)
    }

    /// Posts a message; its timestamp (Slack's id for it).
    pub async fn post_message(&self, channel: &str, text: &str) -> Result<String, SlackError> {
        let body = self
            .post(
                "chat.postMessage",
                json!({"channel": channel, "text": text}),
            )
            .await?;
        Ok(body["ts"].as_str().unwrap_or_default().to_owned())
    }

    pub async fn pin(&self, channel: &str, ts: &str) -> Result<(), SlackError> {
        match self
            .post("pins.add", json!({"channel": channel, "timestamp": ts}))
            .await
        {
            Err(e) if e.code() == Some("already_pinned") => Ok(()),
            other => other.map(drop),
        }
    }

    /// The text and author of the message at `ts` in `channel`, if it exists.
    pub async fn message(
        &self,
        channel: &str,
        ts: &str,
    ) -> Result<Option<(String, Option<String>)>, SlackError> {
        let body = self
            .form(
                "conversations.history",
                &[
                    ("channel", channel),
                    ("latest", ts),
                    ("inclusive", "true"),
                    ("limit", "1"),
                ],
            )
            .await?;
        Ok(body["messages"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["ts"].as_str() == Some(ts)))
            .map(|m| {
                (
                    m["text"].as_str().unwrap_or_default().to_owned(),
                    m["user"].as_str().map(str::to_owned),
                )
            }))
    }
}
