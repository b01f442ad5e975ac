//! Outbox and webhook-subscription rows, and the write that every outbox change
//! goes through, inside whichever transaction carries it (a commit, an
//! incident's creation, or a stand-alone enqueue).

use crate::error::{corrupt, from_sqlx};
use crate::rows::{id, opt_id};
use muster_store::{OutboxChanges, OutboxItem, StoreResult, WebhookSubscription};
use sqlx::SqliteConnection;

pub(crate) const OUTBOX_COLUMNS: &str = "id, key, slot, incident, channel, payload, due_at, \
     created_at, status, attempts, last_error, claimed_by, lease_until, finished_at";

#[derive(sqlx::FromRow)]
pub(crate) struct OutboxRow {
    id: String,
    key: String,
    slot: Option<String>,
    incident: Option<String>,
    channel: String,
    payload: String,
    due_at: i64,
    created_at: i64,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    claimed_by: Option<String>,
    lease_until: Option<i64>,
    finished_at: Option<i64>,
}

impl OutboxRow {
    pub(crate) fn into_item(self) -> StoreResult<OutboxItem> {
        Ok(OutboxItem {
            id: id(&self.id)?,
            payload: serde_json::from_str(&self.payload)
                .map_err(|e| corrupt("outbox payload", &self.payload, e))?,
            status: self
                .status
                .parse()
                .map_err(|e| corrupt("outbox status", &self.status, e))?,
            attempts: u32::try_from(self.attempts)
                .map_err(|e| corrupt("outbox attempts", &self.attempts.to_string(), e))?,
            incident: opt_id(self.incident.as_deref())?,
            key: self.key,
            slot: self.slot,
            channel: self.channel,
            due_at: self.due_at,
            created_at: self.created_at,
            last_error: self.last_error,
            claimed_by: self.claimed_by,
            lease_until: self.lease_until,
            finished_at: self.finished_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SubscriptionRow {
    id: String,
    url: String,
    secret: String,
    kinds: String,
    active: bool,
    description: Option<String>,
    created_by: String,
    created_at: i64,
}

impl SubscriptionRow {
    pub(crate) fn into_subscription(self) -> StoreResult<WebhookSubscription> {
        Ok(WebhookSubscription {
            id: id(&self.id)?,
            kinds: serde_json::from_str(&self.kinds)
                .map_err(|e| corrupt("webhook kinds", &self.kinds, e))?,
            created_by: id(&self.created_by)?,
            url: self.url,
            secret: self.secret,
            active: self.active,
            description: self.description,
            created_at: self.created_at,
        })
    }
}

macro_rules! insert_outbox {
    ($source:literal) => {
        concat!(
            "INSERT INTO outbox (id, key, slot, incident, channel, payload, due_at, created_at,
                 status, attempts) ",
            $source,
            " ON CONFLICT (key) DO UPDATE SET status = 'pending', slot = excluded.slot,
                 payload = excluded.payload, due_at = excluded.due_at, attempts = 0,
                 last_error = NULL, claimed_by = NULL, lease_until = NULL, finished_at = NULL
             WHERE outbox.status = 'cancelled'"
        )
    };
}

const INSERT: &str = insert_outbox!("VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)");
// An upsert from a SELECT needs the SELECT's WHERE for SQLite's parser to
// tell `ON CONFLICT` from a join's `ON`; this one has it.
const INSERT_IF_SUBSCRIBED: &str = insert_outbox!(
    "SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0
     WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active)"
);

/// Applies `changes` on `conn` (already inside a transaction): cancels first,
/// then each enqueue, as [`muster_store::OutboxStore::enqueue`] specifies.
/// Returns how many rows were inserted or revived.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    changes: &OutboxChanges,
) -> StoreResult<u64> {
    for cancel in &changes.cancel {
        sqlx::query(
            "UPDATE outbox SET status = 'cancelled', finished_at = ?, lease_until = NULL
             WHERE slot = ? AND status = 'pending'",
        )
        .bind(cancel.at)
        .bind(&cancel.slot)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    }
    let mut written = 0;
    let rows = changes.enqueue.iter().map(|i| (i, false));
    for (item, conditional) in rows.chain(changes.if_subscribed.iter().map(|i| (i, true))) {
        let payload = serde_json::to_string(&item.payload)
            .map_err(|e| muster_store::StoreError::Other(format!("outbox payload: {e}")))?;
        // A new key is inserted; a cancelled one revived; anything else kept as
        // it is, so a delivered reminder is never delivered again.
        let sql = if conditional {
            INSERT_IF_SUBSCRIBED
        } else {
            INSERT
        };
        let done = sqlx::query(sql)
            .bind(item.id.to_string())
            .bind(&item.key)
            .bind(&item.slot)
            .bind(item.incident.map(|i| i.to_string()))
            .bind(&item.channel)
            .bind(payload)
            .bind(item.due_at)
            .bind(item.created_at)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        written += done.rows_affected();
        if let Some(slot) = &item.slot {
            sqlx::query(
                "UPDATE outbox SET status = 'cancelled', finished_at = ?, lease_until = NULL
                 WHERE slot = ? AND status = 'pending' AND key <> ?",
            )
            .bind(item.created_at)
            .bind(slot)
            .bind(&item.key)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        }
    }
    Ok(written)
}
