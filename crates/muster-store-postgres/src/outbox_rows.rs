//! Outbox and webhook-subscription rows, and their conversion to the store's
//! types.

use crate::error::corrupt;
use crate::rows::word;
use muster_store::{OutboxItem, StoreResult, WebhookSubscription};
use uuid::Uuid;

pub(crate) const OUTBOX_COLUMNS: &str = "id, key, slot, incident, channel, payload, due_at, created_at, status, attempts, last_error, claimed_by, lease_until, finished_at";

#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRow {
    id: Uuid,
    key: String,
    slot: Option<String>,
    incident: Option<Uuid>,
    channel: String,
    payload: String,
    due_at: i64,
    created_at: i64,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    claimed_by: Option<String>,
    lease_until: Option<i64>,
    finished_at: Option<i64>,
}

impl OutboxRow {
    pub(crate) fn into_item(self) -> StoreResult<OutboxItem> {
        Ok(OutboxItem {
            id: self.id,
            key: self.key,
            slot: self.slot,
            incident: self.incident,
            channel: self.channel,
            payload: serde_json::from_str(&self.payload)
                .map_err(|e| corrupt("outbox payload", &self.payload, e))?,
            due_at: self.due_at,
            created_at: self.created_at,
            status: word("outbox status", &self.status)?,
            attempts: u32::try_from(self.attempts)
                .map_err(|e| corrupt("attempts", &self.attempts.to_string(), e))?,
            last_error: self.last_error,
            claimed_by: self.claimed_by,
            lease_until: self.lease_until,
            finished_at: self.finished_at,
        })
    }
}

pub(crate) const SUBSCRIPTION_COLUMNS: &str =
    "id, url, secret, kinds, active, description, created_by, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct SubscriptionRow {
    id: Uuid,
    url: String,
    secret: String,
    kinds: Vec<String>,
    active: bool,
    description: Option<String>,
    created_by: Uuid,
    created_at: i64,
}

impl SubscriptionRow {
    pub(crate) fn into_subscription(self) -> StoreResult<WebhookSubscription> {
        Ok(WebhookSubscription {
            id: self.id,
            url: self.url,
            secret: self.secret,
            kinds: self.kinds,
            active: self.active,
            description: self.description,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}
