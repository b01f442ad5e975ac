//! Deliveries already received from a chat platform.

use crate::PgStore;
use crate::error::from_sqlx;
use async_trait::async_trait;
use muster_store::{DeliveryStore, StoreResult};

#[async_trait]
impl DeliveryStore for PgStore {
    async fn first_delivery(&self, key: &str, at: i64, keep_until: i64) -> StoreResult<bool> {
        sqlx::query("DELETE FROM chat_deliveries WHERE keep_until < $1")
            .bind(at)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        let done = sqlx::query(
            "INSERT INTO chat_deliveries (key, at, keep_until) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(at)
        .bind(keep_until)
        .execute(&self.pool)
        .await
        .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn forget_delivery(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM chat_deliveries WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn cursor(&self, name: &str) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT value FROM chat_cursors WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)
    }

    async fn set_cursor(&self, name: &str, value: &str, at: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO chat_cursors (name, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(value)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }
}
