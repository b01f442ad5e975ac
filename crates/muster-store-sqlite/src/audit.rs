//! The audit trail of reads of restricted incidents (rule 10).

use crate::batch_sql::insert_audit;
use crate::error::from_sqlx;
use crate::rows::{AuditRow, all};
use crate::{SqliteStore, begin};
use async_trait::async_trait;
use muster_store::{AuditQuery, AuditRecord, AuditStore, StoreResult};

macro_rules! select {
    ($filter:literal) => {
        concat!(
            "SELECT id, at, person, incident, what, source, refused FROM audit ",
            $filter,
            " ORDER BY at DESC, id DESC LIMIT ?"
        )
    };
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn record_audit(&self, records: &[AuditRecord]) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        insert_audit(&mut tx, records).await?;
        tx.commit().await.map_err(from_sqlx)
    }

    async fn audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>> {
        // Newest first; a limit of 0 means no limit (AuditQuery::default()).
        // One statement per filter combination, so each can use its index.
        let limit = if query.limit == 0 {
            -1
        } else {
            i64::from(query.limit)
        };
        let id = |id: uuid::Uuid| id.to_string();
        let rows: Vec<AuditRow> = match (query.incident, query.person) {
            (Some(incident), Some(person)) => {
                sqlx::query_as(select!("WHERE incident = ? AND person = ?"))
                    .bind(id(incident))
                    .bind(id(person))
                    .bind(limit)
                    .fetch_all(&self.readers)
                    .await
            }
            (Some(incident), None) => {
                sqlx::query_as(select!("WHERE incident = ?"))
                    .bind(id(incident))
                    .bind(limit)
                    .fetch_all(&self.readers)
                    .await
            }
            (None, Some(person)) => {
                sqlx::query_as(select!("WHERE person = ?"))
                    .bind(id(person))
                    .bind(limit)
                    .fetch_all(&self.readers)
                    .await
            }
            (None, None) => {
                sqlx::query_as(select!(""))
                    .bind(limit)
                    .fetch_all(&self.readers)
                    .await
            }
        }
        .map_err(from_sqlx)?;
        all(rows, AuditRow::into_record)
    }
}
