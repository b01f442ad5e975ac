//! Deliveries already received from a chat platform.

use crate::SqliteStore;
use crate::error::from_sqlx;
use async_trait::async_trait;
use muster_store::{DeliveryStore, StoreResult};

#[async_trait]
impl DeliveryStore for SqliteStore {
    async fn first_delivery(&self, key: &str, at: i64, keep_until: i64) -> StoreResult<bool> {
        let mut conn = self.writer().await;
        sqlx::query("DELETE FROM chat_deliveries WHERE keep_until < ?")
            .bind(at)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        let done = sqlx::query(
            "INSERT INTO chat_deliveries (key, at, keep_until) VALUES (?, ?, ?)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(at)
        .bind(keep_until)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        Ok(done.rows_affected() == 1)
    }

    async fn forget_delivery(&self, key: &str) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query("DELETE FROM chat_deliveries WHERE key = ?")
            .bind(key)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn cursor(&self, name: &str) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT value FROM chat_cursors WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.readers)
            .await
            .map_err(from_sqlx)
    }

    async fn set_cursor(&self, name: &str, value: &str, at: i64) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query(
            "INSERT INTO chat_cursors (name, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(value)
        .bind(at)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
        Ok(())
    }
}
