//! Reading incidents and their logs, and the `LogStore` trait that ties the
//! reads here to the writes in `log_write`.

use crate::PgStore;
use crate::error::from_sqlx;
use crate::rows::{EntryRow, IncidentRow, all, seq_bound};
use async_trait::async_trait;
use muster_domain::LogEntry;
use muster_store::{
    AppendOutcome, CommitBatch, IncidentSummary, LogStore, OutboxChanges, StoreResult, Triage,
};
use uuid::Uuid;

macro_rules! select_incident {
    ($rest:literal) => {
        concat!(
            "SELECT id, reference, title, severity, category, phase, security, restricted,
                    incident_manager, members, declared_at, updated_at, seq, head_hash
             FROM incidents ",
            $rest
        )
    };
}

/// Entries after `seq`, oldest first.
const ENTRIES_AFTER: &str = "SELECT incident, seq, recorded_at, occurred_at, actor, actor_name, kind, v, payload, prev_hash, hash
     FROM log_entries WHERE incident = $1 AND seq > $2 ORDER BY seq LIMIT $3";

/// The newest `limit` entries before `before`, put back in ascending order.
const ENTRIES_BEFORE: &str = "SELECT * FROM (
         SELECT incident, seq, recorded_at, occurred_at, actor, actor_name, kind, v, payload, prev_hash, hash
         FROM log_entries WHERE incident = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3
     ) AS page ORDER BY seq";

impl PgStore {
    async fn page(
        &self,
        sql: &'static str,
        incident: Uuid,
        bound: u64,
        limit: u32,
    ) -> StoreResult<Vec<LogEntry>> {
        let rows: Vec<EntryRow> = sqlx::query_as(sql)
            .bind(incident)
            .bind(seq_bound(bound))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(from_sqlx)?;
        all(rows, EntryRow::into_entry)
    }
}

#[async_trait]
impl LogStore for PgStore {
    async fn allocate_reference(&self, year: i16) -> StoreResult<String> {
        self.allocate(year).await
    }

    async fn create_incident(
        &self,
        summary: &IncidentSummary,
        entries: &[LogEntry],
        triage: Option<&Triage>,
        outbox: &OutboxChanges,
    ) -> StoreResult<()> {
        self.create(summary, entries, triage, outbox).await
    }

    async fn commit(&self, batch: &CommitBatch) -> StoreResult<Vec<AppendOutcome>> {
        self.commit_batch(batch).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(incident = %incident, after, limit))]
    async fn entries(&self, incident: Uuid, after: u64, limit: u32) -> StoreResult<Vec<LogEntry>> {
        self.page(ENTRIES_AFTER, incident, after, limit).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(incident = %incident, before, limit))]
    async fn entries_before(
        &self,
        incident: Uuid,
        before: u64,
        limit: u32,
    ) -> StoreResult<Vec<LogEntry>> {
        self.page(ENTRIES_BEFORE, incident, before, limit).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(incident = %id))]
    async fn incident(&self, id: Uuid) -> StoreResult<Option<IncidentSummary>> {
        let row: Option<IncidentRow> = sqlx::query_as(select_incident!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(IncidentRow::into_summary).transpose()
    }

    #[tracing::instrument(level = "debug", skip_all, fields(incident = reference))]
    async fn incident_by_reference(&self, reference: &str) -> StoreResult<Option<IncidentSummary>> {
        let row: Option<IncidentRow> = sqlx::query_as(select_incident!("WHERE reference = $1"))
            .bind(reference)
            .fetch_optional(&self.pool)
            .await
            .map_err(from_sqlx)?;
        row.map(IncidentRow::into_summary).transpose()
    }

    async fn list_incidents(&self) -> StoreResult<Vec<IncidentSummary>> {
        // Newest first: the incident that was declared last is the one people
        // are most likely looking for.
        let rows: Vec<IncidentRow> = sqlx::query_as(select_incident!(
            "ORDER BY declared_at DESC, reference COLLATE \"C\" DESC"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(from_sqlx)?;
        all(rows, IncidentRow::into_summary)
    }
}
