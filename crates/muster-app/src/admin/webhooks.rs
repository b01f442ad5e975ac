//! Outbound webhook subscriptions: created (the signing secret shown once)
//! and deleted by administrators.

use crate::actor::{Actor, require_admin};
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_store::WebhookSubscription;
use uuid::Uuid;

/// A new subscription, as typed.
#[derive(Debug, Clone, Default)]
pub struct WebhookInput {
    pub url: String,
    /// Log entry kinds, `reminder.<kind>`, `communication`, `checkpoint`, or `*`.
    pub kinds: Vec<String>,
    pub description: Option<String>,
    /// Generated when absent.
    pub secret: Option<String>,
}

/// A fresh signing secret: 32 random bytes, hex.
pub fn new_secret() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(format!("whsec_{}", hex::encode(bytes)))
}

impl App {
    /// Subscribes a URL to event kinds; the secret is in the answer.
    pub async fn add_webhook(
        &self,
        actor: &Actor,
        input: WebhookInput,
    ) -> AppResult<WebhookSubscription> {
        require_admin(actor, "create webhook subscriptions")?;
        let url = input.url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(AppError::invalid(
                "url",
                format!("`url` must be an http(s) URL, not {url:?}"),
            ));
        }
        let kinds: Vec<String> = input
            .kinds
            .iter()
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect();
        if kinds.is_empty() {
            return Err(AppError::invalid(
                "kinds",
                "`kinds` must name at least one event kind, or \"*\"",
            ));
        }
        let secret = match input.secret.filter(|s| !s.trim().is_empty()) {
            Some(s) if s.len() < 16 => {
                return Err(AppError::invalid(
                    "secret",
                    "`secret` must be at least 16 characters",
                ));
            }
            Some(s) => s,
            None => new_secret()?,
        };
        let sub = WebhookSubscription {
            id: Uuid::now_v7(),
            url: url.to_owned(),
            secret,
            kinds,
            active: true,
            description: input
                .description
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
            created_by: actor.person.id,
            created_at: jiff::Timestamp::now().as_microsecond(),
        };
        self.outbox().create_subscription(&sub).await?;
        Ok(sub)
    }

    /// Deletes subscription `id`.
    pub async fn delete_webhook(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        require_admin(actor, "delete webhook subscriptions")?;
        Ok(self.outbox().delete_subscription(id).await?)
    }
}
