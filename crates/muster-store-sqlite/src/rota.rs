//! Who is the on-call incident manager, now and next.

use crate::SqliteStore;
use crate::error::from_sqlx;
use crate::rows::{ShiftRow, all};
use async_trait::async_trait;
use muster_store::{RotaStore, Shift, StoreError, StoreResult};
use uuid::Uuid;

#[async_trait]
impl RotaStore for SqliteStore {
    async fn add_shift(&self, shift: &Shift) -> StoreResult<()> {
        let mut conn = self.writer().await;
        sqlx::query("INSERT INTO shifts (id, person, starts_at, ends_at) VALUES (?, ?, ?, ?)")
            .bind(shift.id.to_string())
            .bind(shift.person.to_string())
            .bind(shift.starts_at)
            .bind(shift.ends_at)
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn remove_shift(&self, id: Uuid) -> StoreResult<()> {
        let mut conn = self.writer().await;
        let done = sqlx::query("DELETE FROM shifts WHERE id = ?")
            .bind(id.to_string())
            .execute(&mut *conn)
            .await
            .map_err(from_sqlx)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("shift {id}")));
        }
        Ok(())
    }

    async fn shifts_from(&self, from: i64) -> StoreResult<Vec<Shift>> {
        let rows: Vec<ShiftRow> = sqlx::query_as(
            "SELECT id, person, starts_at, ends_at FROM shifts
             WHERE ends_at > ? ORDER BY starts_at, ends_at, id",
        )
        .bind(from)
        .fetch_all(&self.readers)
        .await
        .map_err(from_sqlx)?;
        all(rows, ShiftRow::into_shift)
    }
}
