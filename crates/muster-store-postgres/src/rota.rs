//! Who is the on-call incident manager, now and next.

use crate::PgStore;
use crate::error::from_sqlx;
use crate::rows::{ShiftRow, all};
use async_trait::async_trait;
use muster_store::{RotaStore, Shift, StoreError, StoreResult};
use uuid::Uuid;

#[async_trait]
impl RotaStore for PgStore {
    async fn add_shift(&self, shift: &Shift) -> StoreResult<()> {
        sqlx::query("INSERT INTO shifts (id, person, starts_at, ends_at) VALUES ($1, $2, $3, $4)")
            .bind(shift.id)
            .bind(shift.person)
            .bind(shift.starts_at)
            .bind(shift.ends_at)
            .execute(&self.pool)
            .await
            .map_err(from_sqlx)?;
        Ok(())
    }

    async fn remove_shift(&self, id: Uuid) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM shifts WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
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
             WHERE ends_at > $1 ORDER BY starts_at, ends_at, id",
        )
        .bind(from)
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        all(rows, ShiftRow::into_shift)
    }
}
