//! What the store keeps of indicators outside the log: the seen index,
//! written with the entries it is built from, filled once from older logs,
//! and read by value; and the ATT&CK catalogue.

use crate::SqliteStore;
use crate::error::from_sqlx;
use async_trait::async_trait;
use muster_store::indicators::{INDICATOR_ADDED, seen_row};
use muster_store::{AttackRow, IndicatorStore, SeenRow, StoreError, StoreResult};
use sqlx::SqliteConnection;

/// Writes the index's rows in the caller's transaction, in one statement.
/// A row already there (the backfill got to it) is left as it is.
pub(crate) async fn insert_seen(conn: &mut SqliteConnection, rows: &[SeenRow]) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let tuples: Vec<[String; 4]> = rows
        .iter()
        .map(|r| {
            [
                r.value.clone(),
                r.ty.clone(),
                r.incident.to_string(),
                r.indicator.clone(),
            ]
        })
        .collect();
    let json = serde_json::to_string(&tuples).map_err(|e| StoreError::Other(e.to_string()))?;
    sqlx::query(
        "INSERT INTO indicator_seen (value, ty, incident, indicator)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                json_extract(value, '$[2]'), json_extract(value, '$[3]')
         FROM json_each(?)
         WHERE true
         ON CONFLICT (incident, indicator) DO NOTHING",
    )
    .bind(json)
    .execute(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    Ok(())
}

/// Fills the index from the logs written before it existed, once: the
/// migration leaves a `pending` row, deleted in the same transaction.
pub(crate) async fn backfill_seen(conn: &mut SqliteConnection) -> StoreResult<()> {
    let pending: Option<i64> = sqlx::query_scalar("SELECT pending FROM indicator_seen_backfill")
        .fetch_optional(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    if pending.is_none() {
        return Ok(());
    }
    let mut tx = crate::begin(conn).await?;
    let entries: Vec<(String, String, i64, String)> =
        sqlx::query_as("SELECT incident, kind, v, payload FROM log_entries WHERE kind = ?")
            .bind(INDICATOR_ADDED)
            .fetch_all(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    let mut rows = Vec::with_capacity(entries.len());
    for (incident, kind, v, payload) in &entries {
        let v = u32::try_from(*v).unwrap_or(u32::MAX);
        if let Some(row) = seen_row(crate::rows::id(incident)?, kind, v, payload) {
            rows.push(row);
        }
    }
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
impl IndicatorStore for SqliteStore {
    async fn seen(&self, value: &str) -> StoreResult<Vec<SeenRow>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT value, ty, incident, indicator FROM indicator_seen WHERE value = ?
             ORDER BY incident, indicator",
        )
        .bind(value)
        .fetch_all(&self.readers)
        .await
        .map_err(from_sqlx)?;
        rows.into_iter()
            .map(|(value, ty, incident, indicator)| {
                Ok(SeenRow {
                    value,
                    ty,
                    incident: crate::rows::id(&incident)?,
                    indicator,
                })
            })
            .collect()
    }

    async fn attack_catalogue(&self) -> StoreResult<Vec<AttackRow>> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, name, tactics FROM attack_catalogue ORDER BY id")
                .fetch_all(&self.readers)
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
        let tuples = rows
            .iter()
            .map(|r| {
                let tactics = serde_json::to_string(&r.tactics)?;
                Ok([r.id.clone(), r.name.clone(), tactics])
            })
            .collect::<Result<Vec<[String; 3]>, serde_json::Error>>()
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let json = serde_json::to_string(&tuples).map_err(|e| StoreError::Other(e.to_string()))?;
        let mut conn = self.writer().await;
        let mut tx = crate::begin(&mut conn).await?;
        sqlx::query("DELETE FROM attack_catalogue")
            .execute(&mut *tx)
            .await
            .map_err(from_sqlx)?;
        sqlx::query(
            "INSERT INTO attack_catalogue (id, name, tactics)
             SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
             FROM json_each(?)",
        )
        .bind(json)
        .execute(&mut *tx)
        .await
        .map_err(from_sqlx)?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(())
    }
}
