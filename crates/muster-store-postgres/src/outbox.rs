//! The durable outbox on PostgreSQL. A claim is one `UPDATE` over a
//! `SELECT … FOR UPDATE SKIP LOCKED`: workers on every instance claim at once
//! without waiting on each other's rows and never get the same one; a claim
//! whose lease ran out (its worker died) is claimable again. Enqueueing a row
//! that is already due sends `NOTIFY muster_outbox`, so idle workers wake at
//! once instead of at their next poll.

use crate::error::{from_sqlx, unique_violation};
use crate::outbox_rows::{OUTBOX_COLUMNS, OutboxRow, SUBSCRIPTION_COLUMNS, SubscriptionRow};
use crate::rows::all;
use crate::{PgStore, begin};
use async_trait::async_trait;
use muster_store::trace::ItemIncidents;
use muster_store::{
    OutboxChanges, OutboxItem, OutboxQuery, OutboxStatus, OutboxStore, StoreError, StoreResult,
    WebhookSubscription,
};
use sqlx::{AssertSqlSafe, PgConnection};
use uuid::Uuid;

/// The channel an enqueue notifies, with the earliest new `due_at` as payload.
pub const OUTBOX_CHANNEL: &str = "muster_outbox";

macro_rules! insert_outbox {
    ($source:literal) => {
        concat!(
            "INSERT INTO outbox (id, key, slot, incident, channel, payload, due_at, created_at,
                                 status, attempts) ",
            $source,
            " ON CONFLICT (key) DO UPDATE SET status = 'pending', due_at = excluded.due_at,
                 payload = excluded.payload, slot = excluded.slot, attempts = 0,
                 last_error = NULL, claimed_by = NULL, lease_until = NULL, finished_at = NULL
             WHERE outbox.status = 'cancelled'"
        )
    };
}

const INSERT: &str = insert_outbox!("VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0)");
const INSERT_IF_SUBSCRIBED: &str = insert_outbox!(
    "SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0
     WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active)"
);

/// Writes outbox changes inside the caller's transaction, with
/// [`OutboxStore::enqueue`]'s semantics; returns rows inserted or revived.
pub(crate) async fn apply(conn: &mut PgConnection, changes: &OutboxChanges) -> StoreResult<u64> {
    for cancel in &changes.cancel {
        sqlx::query(
            "UPDATE outbox SET status = 'cancelled', finished_at = $2
             WHERE slot = $1 AND status = 'pending'",
        )
        .bind(&cancel.slot)
        .bind(cancel.at)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    }
    let mut written = 0;
    let mut earliest: Option<i64> = None;
    let rows = changes.enqueue.iter().map(|i| (i, false));
    for (item, conditional) in rows.chain(changes.if_subscribed.iter().map(|i| (i, true))) {
        let payload = serde_json::to_string(&item.payload)
            .map_err(|e| StoreError::Other(format!("outbox payload: {e}")))?;
        // Inserted new, or revived from Cancelled; any other existing row is
        // left alone (the WHERE makes the update a no-op, returning nothing).
        let sql = if conditional {
            INSERT_IF_SUBSCRIBED
        } else {
            INSERT
        };
        let done = sqlx::query(sql)
            .bind(item.id)
            .bind(&item.key)
            .bind(&item.slot)
            .bind(item.incident)
            .bind(&item.channel)
            .bind(payload)
            .bind(item.due_at)
            .bind(item.created_at)
            .execute(&mut *conn)
            .await
            .map_err(|e| match unique_violation(&e) {
                Some("outbox_pkey") => StoreError::Conflict(format!("id: outbox row {}", item.id)),
                _ => from_sqlx(e),
            })?;
        if done.rows_affected() > 0 {
            written += done.rows_affected();
            earliest = Some(earliest.map_or(item.due_at, |e| e.min(item.due_at)));
        }
        if let Some(slot) = &item.slot {
            sqlx::query(
                "UPDATE outbox SET status = 'cancelled', finished_at = $3
                 WHERE slot = $1 AND status = 'pending' AND key <> $2",
            )
            .bind(slot)
            .bind(&item.key)
            .bind(item.created_at)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        }
    }
    if let Some(due_at) = earliest {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(OUTBOX_CHANNEL)
            .bind(due_at.to_string())
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
    }
    Ok(written)
}

impl PgStore {
    /// Moves a row this worker holds to its next state, or says why not:
    /// `NotFound` without a row, `Conflict` when it is finished or another
    /// worker holds it now.
    #[tracing::instrument(level = "debug", skip(self, set, bind))]
    async fn settle(
        &self,
        id: Uuid,
        worker: &str,
        set: &'static str,
        bind: Settle<'_>,
    ) -> StoreResult<()> {
        let sql = format!(
            "UPDATE outbox SET {set}, lease_until = NULL
             WHERE id = $1 AND claimed_by = $2 AND status = 'pending'"
        );
        let done = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .bind(worker)
            .bind(bind.at)
            .bind(bind.text)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT status, claimed_by FROM outbox WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(from_sqlx)?;
        Err(muster_store::refusal::not_held(id, worker, row))
    }
}

struct Settle<'a> {
    at: i64,
    text: Option<&'a str>,
}

#[async_trait]
impl OutboxStore for PgStore {
    #[tracing::instrument(level = "debug", skip_all, fields(
        incidents = %ItemIncidents(&changes.enqueue),
        enqueue = changes.enqueue.len(),
        cancel = changes.cancel.len(),
    ))]
    async fn enqueue(&self, changes: &OutboxChanges) -> StoreResult<u64> {
        if changes.is_empty() {
            return Ok(0);
        }
        let mut tx = begin(&self.pool).await?;
        let written = apply(&mut tx, changes).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(written)
    }

    #[tracing::instrument(level = "debug", skip(self), fields(
        claimed = tracing::field::Empty,
        incidents = tracing::field::Empty,
    ))]
    async fn claim(
        &self,
        worker: &str,
        now: i64,
        limit: u32,
        lease_us: i64,
    ) -> StoreResult<Vec<OutboxItem>> {
        // SKIP LOCKED: rows another worker is claiming right now are passed
        // over, not waited for; the outer UPDATE then leases what was picked.
        let sql = format!(
            "UPDATE outbox SET claimed_by = $1, lease_until = $2 + $4, attempts = attempts + 1
             WHERE id IN (
                 SELECT id FROM outbox
                 WHERE status = 'pending' AND due_at <= $2
                   AND (lease_until IS NULL OR lease_until <= $2)
                 ORDER BY due_at, id LIMIT $3
                 FOR UPDATE SKIP LOCKED)
             RETURNING {OUTBOX_COLUMNS}"
        );
        let rows: Vec<OutboxRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(worker)
            .bind(now)
            .bind(i64::from(limit))
            .bind(lease_us)
            .fetch_all(&self.pool)
            .await
            .map_err(from_sqlx)?;
        let mut items = all(rows, OutboxRow::into_item)?;
        // RETURNING follows no order; the trait promises due order.
        items.sort_by_key(|i| (i.due_at, i.id));
        let span = tracing::Span::current();
        span.record("claimed", items.len());
        span.record("incidents", tracing::field::display(ItemIncidents(&items)));
        Ok(items)
    }

    async fn complete(&self, id: Uuid, worker: &str, at: i64) -> StoreResult<()> {
        let bind = Settle { at, text: None };
        self.settle(
            id,
            worker,
            "status = 'delivered', finished_at = $3, last_error = COALESCE($4, last_error)",
            bind,
        )
        .await
    }

    async fn retry(&self, id: Uuid, worker: &str, due_at: i64, error: &str) -> StoreResult<()> {
        let bind = Settle {
            at: due_at,
            text: Some(error),
        };
        self.settle(id, worker, "due_at = $3, last_error = $4", bind)
            .await
    }

    async fn dead_letter(&self, id: Uuid, worker: &str, at: i64, error: &str) -> StoreResult<()> {
        let bind = Settle {
            at,
            text: Some(error),
        };
        self.settle(
            id,
            worker,
            "status = 'dead', finished_at = $3, last_error = $4",
            bind,
        )
        .await
    }

    async fn cancel(&self, id: Uuid, worker: &str, at: i64, reason: &str) -> StoreResult<()> {
        let bind = Settle {
            at,
            text: Some(reason),
        };
        self.settle(
            id,
            worker,
            "status = 'cancelled', finished_at = $3, last_error = $4",
            bind,
        )
        .await
    }

    async fn outbox_item(&self, id: Uuid) -> StoreResult<Option<OutboxItem>> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = $1");
        let row: Option<OutboxRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(OutboxRow::into_item).transpose()
    }

    async fn outbox_by_key(&self, key: &str) -> StoreResult<Option<OutboxItem>> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE key = $1");
        let row: Option<OutboxRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(OutboxRow::into_item).transpose()
    }

    async fn list_outbox(&self, query: &OutboxQuery) -> StoreResult<Vec<OutboxItem>> {
        let limit = (query.limit > 0).then_some(i64::from(query.limit));
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox
             WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR channel = $2)
               AND ($3::uuid IS NULL OR incident = $3)
             ORDER BY created_at DESC, id DESC LIMIT $4"
        );
        let rows: Vec<OutboxRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(query.status.map(OutboxStatus::as_str))
            .bind(&query.channel)
            .bind(query.incident)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(from_sqlx)?;
        all(rows, OutboxRow::into_item)
    }

    async fn next_due(&self) -> StoreResult<Option<i64>> {
        // A claimed row may come back when its lease runs out; an unclaimed
        // (or released) one when it falls due.
        sqlx::query_scalar(
            "SELECT min(COALESCE(lease_until, due_at)) FROM outbox WHERE status = 'pending'",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(from_sqlx)
    }

    async fn create_subscription(&self, sub: &WebhookSubscription) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO webhook_subscriptions (id, url, secret, kinds, active, description,
                                                created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(sub.id)
        .bind(&sub.url)
        .bind(&sub.secret)
        .bind(&sub.kinds)
        .bind(sub.active)
        .bind(&sub.description)
        .bind(sub.created_by)
        .bind(sub.created_at)
        .execute(&self.pool)
        .await
        .map_err(|e| match unique_violation(&e) {
            Some(_) => StoreError::Conflict(format!("id: subscription {} already exists", sub.id)),
            None => from_sqlx(e),
        })?;
        Ok(())
    }

    async fn update_subscription(&self, sub: &WebhookSubscription) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE webhook_subscriptions SET url = $2, secret = $3, kinds = $4, active = $5,
                    description = $6, created_by = $7, created_at = $8
             WHERE id = $1",
        )
        .bind(sub.id)
        .bind(&sub.url)
        .bind(&sub.secret)
        .bind(&sub.kinds)
        .bind(sub.active)
        .bind(&sub.description)
        .bind(sub.created_by)
        .bind(sub.created_at)
        .execute(&self.pool)
        .await
        .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("subscription {}", sub.id)));
        }
        Ok(())
    }

    async fn delete_subscription(&self, id: Uuid) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM webhook_subscriptions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("subscription {id}")));
        }
        Ok(())
    }

    async fn subscription(&self, id: Uuid) -> StoreResult<Option<WebhookSubscription>> {
        let sql = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1");
        let row: Option<SubscriptionRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(SubscriptionRow::into_subscription).transpose()
    }

    async fn list_subscriptions(&self) -> StoreResult<Vec<WebhookSubscription>> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id"
        );
        let rows: Vec<SubscriptionRow> = sqlx::query_as(AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .map_err(from_sqlx)?;
        all(rows, SubscriptionRow::into_subscription)
    }
}
