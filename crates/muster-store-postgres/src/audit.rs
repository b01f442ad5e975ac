//! The audit trail of reads of restricted incidents (rule 10).

use crate::error::from_sqlx;
use crate::log_sql::insert_audit;
use crate::rows::{AuditRow, all};
use crate::{PgStore, begin};
use async_trait::async_trait;
use muster_store::{AuditQuery, AuditRecord, AuditStore, StoreResult};

#[async_trait]
impl AuditStore for PgStore {
    async fn record_audit(&self, records: &[AuditRecord]) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut tx = begin(&self.pool).await?;
        insert_audit(&mut tx, records).await?;
        tx.commit().await.map_err(from_sqlx)
    }

    async fn audit(&self, query: &AuditQuery) -> StoreResult<Vec<AuditRecord>> {
        // Newest first; a limit of 0 means no limit, which is LIMIT NULL here.
        let limit = (query.limit > 0).then_some(i64::from(query.limit));
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, person, incident, what, source, refused FROM audit
             WHERE ($1::uuid IS NULL OR incident = $1) AND ($2::uuid IS NULL OR person = $2)
             ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(query.incident)
        .bind(query.person)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        all(rows, AuditRow::into_record)
    }
}
