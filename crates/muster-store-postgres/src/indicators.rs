//! What the store keeps of indicators outside the log: the seen index,
//! written with the entries it is built from, filled once from older logs,
//! and read by value; and the ATT&CK catalogue.

use crate::PgStore;
use crate::error::from_sqlx;
use async_trait::async_trait;
use muster_store::indicators::{INDICATOR_ADDED, seen_row};
use muster_store::{AttackRow, IndicatorStore, SeenRow, StoreError, StoreResult};
use sqlx::PgConnection;
use uuid::Uuid;

/// Writes the index's rows in the caller's transaction: one round trip, one
/// array per column. A row already there (the backfill got to it) is left.
pub(crate) async fn insert_seen(conn: &mut PgConnection, rows: &[SeenRow]) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<&str> = rows.iter().map(|r| r.value.as_str()).collect();
    let types: Vec<&str> = rows.iter().map(|r| r.ty.as_str()).collect();
    let incidents: Vec<Uuid> = rows.iter().map(|r| r.incident).collect();
    let ids: Vec<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
    sqlx::query(
        "INSERT INTO indicator_seen (value, ty, incident, indicator)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::uuid[], $4::text[])
         ON CONFLICT (incident, indicator) DO NOTHING",
    )
    .bind(values)
    .bind(types)
    .bind(incidents)
    .bind(ids)
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// Fills the index from the logs written before it existed, once: the
/// migration leaves a `pending` row, locked here so that instances starting
/// together fill it once, and deleted in the same transaction.
pub(crate) async fn backfill_seen(pool: &sqlx::PgPool) -> StoreResult<()> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let pending: Option<i32> =
        sqlx::query_scalar("SELECT pending FROM indicator_seen_backfill FOR UPDATE")
            .fetch_optional(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    if pending.is_none() {
        return Ok(());
    }
    let entries: Vec<(Uuid, String, i64, String)> =
        sqlx::query_as("SELECT incident, kind, v, payload FROM log_entries WHERE kind = $1")
            .bind(INDICATOR_ADDED)
            .fetch_all(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    let rows: Vec<SeenRow> = entries
        .iter()
        .filter_map(|(incident, kind, v, payload)| {
            seen_row(
                *incident,
                kind,
                u32::try_from(*v).unwrap_or(u32::MAX),
                payload,
            )
        })
        .collect();
    insert_seen(&mut tx, &rows).await?;
    sqlx::query("DELETE FROM indicator_seen_backfill")
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
    tx.commit().await.map_err(from_sqlx)?;
    if !rows.is_empty() {
        tracing::info!(
            indicators = rows.len(),
            "the indicators of earlier logs are now in the seen index"
        );
    }
    Ok(())
}

#[async_trait]
impl IndicatorStore for PgStore {
    async fn seen(&self, value: &str) -> StoreResult<Vec<SeenRow>> {
        let rows: Vec<(String, String, Uuid, String)> = sqlx::query_as(
            "SELECT value, ty, incident, indicator FROM indicator_seen WHERE value = $1
             ORDER BY incident, indicator COLLATE \"C\"",
        )
        .bind(value)
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        Ok(rows
            .into_iter()
            .map(|(value, ty, incident, indicator)| SeenRow {
                value,
                ty,
                incident,
                indicator,
            })
            .collect())
    }

    async fn attack_catalogue(&self) -> StoreResult<Vec<AttackRow>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT id, name, tactics FROM attack_catalogue ORDER BY id COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        rows.into_iter()
            .map(|(id, name, tactics)| {
                Ok(AttackRow {
                    id,
                    name,
                    tactics: serde_json::from_str(&tactics)
                        .map_err(|e| StoreError::Other(format!("attack_catalogue.tactics: {e}")))?,
                })
            })
            .collect()
    }

    async fn replace_attack_catalogue(&self, rows: &[AttackRow]) -> StoreResult<()> {
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        let tactics = rows
            .iter()
            .map(|r| serde_json::to_string(&r.tactics))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let mut tx = crate::begin(&self.pool).await?;
        sqlx::query("DELETE FROM attack_catalogue")
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        sqlx::query(
            "INSERT INTO attack_catalogue (id, name, tactics)
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[])",
        )
        .bind(ids)
        .bind(names)
        .bind(tactics)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(())
    }
}
