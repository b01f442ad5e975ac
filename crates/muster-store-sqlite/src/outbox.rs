//! The outbox on SQLite. Every write goes through the one writer connection in
//! a `BEGIN IMMEDIATE` transaction, which also serialises claimers in other
//! processes on the same file: a claim selects and leases its rows in one
//! statement inside that lock, so two claimers can never take the same row.

use crate::error::from_sqlx;
use crate::outbox_rows::{OUTBOX_COLUMNS, OutboxRow, SubscriptionRow, apply};
use crate::rows::{all, to_json_list};
use crate::{SqliteStore, begin};
use async_trait::async_trait;
use muster_store::trace::ItemIncidents;
use muster_store::{
    OutboxChanges, OutboxItem, OutboxQuery, OutboxStatus, OutboxStore, StoreError, StoreResult,
    WebhookSubscription,
};
use uuid::Uuid;

const SUBSCRIPTION_COLUMNS: &str =
    "id, url, secret, kinds, active, description, created_by, created_at";

impl SqliteStore {
    /// Ends a claim: sets `status` (and `finished_at` when it is final) on a
    /// row that `worker` holds, or explains why it cannot.
    #[tracing::instrument(level = "debug", skip(self, error))]
    async fn finish(
        &self,
        id: Uuid,
        worker: &str,
        status: OutboxStatus,
        at: i64,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        let done = if status == OutboxStatus::Pending {
            sqlx::query(
                "UPDATE outbox SET due_at = ?, last_error = ?, lease_until = NULL
                 WHERE id = ? AND status = 'pending' AND claimed_by = ?",
            )
            .bind(at)
            .bind(error)
            .bind(id.to_string())
            .bind(worker)
            .execute(&mut *tx)
            .await
        } else {
            sqlx::query(
                "UPDATE outbox SET status = ?, finished_at = ?,
                     last_error = COALESCE(?, last_error), lease_until = NULL
                 WHERE id = ? AND status = 'pending' AND claimed_by = ?",
            )
            .bind(status.as_str())
            .bind(at)
            .bind(error)
            .bind(id.to_string())
            .bind(worker)
            .execute(&mut *tx)
            .await
        }
        .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            let row: Option<(String, Option<String>)> =
                sqlx::query_as("SELECT status, claimed_by FROM outbox WHERE id = ?")
                    .bind(id.to_string())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(from_sqlx)?;
            return Err(muster_store::refusal::not_held(id, worker, row));
        }
        tx.commit().await.map_err(from_sqlx)
    }

    async fn one_item(&self, column: &str, value: String) -> StoreResult<Option<OutboxItem>> {
        let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE {column} = ?");
        let row: Option<OutboxRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_optional(&self.readers)
            .await
            .map_err(from_sqlx)?;
        row.map(OutboxRow::into_item).transpose()
    }
}

#[async_trait]
impl OutboxStore for SqliteStore {
    #[tracing::instrument(level = "debug", skip_all, fields(
        incidents = %ItemIncidents(&changes.enqueue),
        enqueue = changes.enqueue.len(),
        cancel = changes.cancel.len(),
    ))]
    async fn enqueue(&self, changes: &OutboxChanges) -> StoreResult<u64> {
        if changes.is_empty() {
            return Ok(0);
        }
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
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
        if limit == 0 {
            return Ok(Vec::new());
        }
        let sql = format!(
            "UPDATE outbox SET claimed_by = ?, lease_until = ?, attempts = attempts + 1
             WHERE id IN (
                 SELECT id FROM outbox
                 WHERE status = 'pending' AND due_at <= ?
                   AND (lease_until IS NULL OR lease_until <= ?)
                 ORDER BY due_at, id LIMIT ?)
             RETURNING {OUTBOX_COLUMNS}"
        );
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        let rows: Vec<OutboxRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(worker)
            .bind(now.saturating_add(lease_us))
            .bind(now)
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        // RETURNING gives no order; the trait promises due order.
        let mut items = all(rows, OutboxRow::into_item)?;
        items.sort_by_key(|i| (i.due_at, i.id));
        let span = tracing::Span::current();
        span.record("claimed", items.len());
        span.record("incidents", tracing::field::display(ItemIncidents(&items)));
        Ok(items)
    }

    async fn complete(&self, id: Uuid, worker: &str, at: i64) -> StoreResult<()> {
        self.finish(id, worker, OutboxStatus::Delivered, at, None)
            .await
    }

    async fn complete_many(
        &self,
        ids: &[Uuid],
        worker: &str,
        at: i64,
    ) -> StoreResult<Vec<StoreResult<()>>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let done = sqlx::query(
                "UPDATE outbox SET status = 'delivered', finished_at = ?, lease_until = NULL
                 WHERE id = ? AND status = 'pending' AND claimed_by = ?",
            )
            .bind(at)
            .bind(id.to_string())
            .bind(worker)
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
            out.push(if done.rows_affected() == 1 {
                Ok(())
            } else {
                Err(StoreError::Conflict(format!(
                    "outbox item {id} is missing, finished or held by another worker"
                )))
            });
        }
        tx.commit().await.map_err(from_sqlx)?;
        Ok(out)
    }

    async fn retry(&self, id: Uuid, worker: &str, due_at: i64, error: &str) -> StoreResult<()> {
        self.finish(id, worker, OutboxStatus::Pending, due_at, Some(error))
            .await
    }

    async fn dead_letter(&self, id: Uuid, worker: &str, at: i64, error: &str) -> StoreResult<()> {
        self.finish(id, worker, OutboxStatus::Dead, at, Some(error))
            .await
    }

    async fn cancel(&self, id: Uuid, worker: &str, at: i64, reason: &str) -> StoreResult<()> {
        self.finish(id, worker, OutboxStatus::Cancelled, at, Some(reason))
            .await
    }

    async fn outbox_item(&self, id: Uuid) -> StoreResult<Option<OutboxItem>> {
        self.one_item("id", id.to_string()).await
    }

    async fn outbox_by_key(&self, key: &str) -> StoreResult<Option<OutboxItem>> {
        self.one_item("key", key.to_owned()).await
    }

    async fn list_outbox(&self, query: &OutboxQuery) -> StoreResult<Vec<OutboxItem>> {
        // Optional filters as `? IS NULL OR column = ?`: one statement covers
        // every combination, and the delivery log is an admin page, not a hot path.
        let sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox
             WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR channel = ?2)
               AND (?3 IS NULL OR incident = ?3)
             ORDER BY created_at DESC, id DESC LIMIT ?4"
        );
        let limit = if query.limit == 0 {
            -1
        } else {
            i64::from(query.limit)
        };
        let rows: Vec<OutboxRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(query.status.map(OutboxStatus::as_str))
            .bind(query.channel.as_deref())
            .bind(query.incident.map(|i| i.to_string()))
            .bind(limit)
            .fetch_all(&self.readers)
            .await
            .map_err(from_sqlx)?;
        all(rows, OutboxRow::into_item)
    }

    async fn next_due(&self) -> StoreResult<Option<i64>> {
        sqlx::query_scalar(
            "SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > due_at
                             THEN lease_until ELSE due_at END)
             FROM outbox WHERE status = 'pending'",
        )
        .fetch_one(&self.readers)
        .await
        .map_err(from_sqlx)
    }

    async fn create_subscription(&self, sub: &WebhookSubscription) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query(
            "INSERT INTO webhook_subscriptions (id, url, secret, kinds, active, description,
                 created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(sub.id.to_string())
        .bind(&sub.url)
        .bind(&sub.secret)
        .bind(to_json_list(&sub.kinds))
        .bind(sub.active)
        .bind(&sub.description)
        .bind(sub.created_by.to_string())
        .bind(sub.created_at)
        .execute(&mut *conn)
        .await
        .map_err(|e| match from_sqlx(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("webhook subscription {} already exists", sub.id))
            }
            other => other,
        })?;
        Ok(())
    }

    async fn update_subscription(&self, sub: &WebhookSubscription) -> StoreResult<()> {
        let mut conn = self.writer().await;
        let done = sqlx::query(
            "UPDATE webhook_subscriptions SET url = ?, secret = ?, kinds = ?, active = ?,
                 description = ? WHERE id = ?",
        )
        .bind(&sub.url)
        .bind(&sub.secret)
        .bind(to_json_list(&sub.kinds))
        .bind(sub.active)
        .bind(&sub.description)
        .bind(sub.id.to_string())
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "webhook subscription {}",
                sub.id
            )));
        }
        Ok(())
    }

    async fn delete_subscription(&self, id: Uuid) -> StoreResult<()> {
        let mut conn = self.writer().await;
        let done = sqlx::query("DELETE FROM webhook_subscriptions WHERE id = ?")
            .bind(id.to_string())
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("webhook subscription {id}")));
        }
        Ok(())
    }

    async fn subscription(&self, id: Uuid) -> StoreResult<Option<WebhookSubscription>> {
        let sql = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = ?");
        let row: Option<SubscriptionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(&self.readers)
            .await
            .map_err(from_sqlx)?;
        row.map(SubscriptionRow::into_subscription).transpose()
    }

    async fn list_subscriptions(&self) -> StoreResult<Vec<WebhookSubscription>> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id"
        );
        let rows: Vec<SubscriptionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.readers)
            .await
            .map_err(from_sqlx)?;
        all(rows, SubscriptionRow::into_subscription)
    }
}
