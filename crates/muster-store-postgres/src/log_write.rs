//! Writing incidents and their logs: the group commit and incident creation.
//!
//! What goes in is decided by `muster_store::plan` (the chain checks before
//! the transaction, the sequence checks against the heads inside it). Here the
//! heads are read under the incidents' row locks, so another writer, perhaps
//! on another instance, that got there first makes a `Conflict` for that
//! append alone; then the plan's rows are written and the heads announced.

use crate::error::from_sqlx;
use crate::log_sql::{
    insert_audit, insert_entries, insert_summary, lock_heads, notify_heads, upsert_summaries,
};
use crate::{PgStore, begin, indicators, outbox, reports, tlog_write};
use muster_domain::LogEntry;
use muster_domain::vocab::ReportStatus;
use muster_store::indicators::seen_rows;
use muster_store::plan::{EntryRow, check_batch, plan_create, summary_clash};
use muster_store::{
    AppendOutcome, CommitBatch, IncidentSummary, OutboxChanges, StoreResult, Triage,
};
use uuid::Uuid;

/// The unique constraint on an incident's reference.
const REFERENCE_KEY: &str = "incidents_reference_key";

impl PgStore {
    #[tracing::instrument(level = "debug", skip_all, fields(
        incidents = %muster_store::trace::BatchIncidents(batch),
        appends = batch.appends.len(),
        entries = batch.appends.iter().map(|a| a.entries.len()).sum::<usize>(),
        audit = batch.audit.len(),
    ))]
    pub(crate) async fn commit_batch(
        &self,
        batch: &CommitBatch,
    ) -> StoreResult<Vec<AppendOutcome>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let checked = check_batch(batch)?;

        let mut tx = begin(&self.pool).await?;
        // Heads are read once under the row locks (in id order, see
        // `lock_heads`); the plan writes nothing before every check passed.
        let heads = lock_heads(&mut tx, checked.touched()).await?;
        let plan = checked.plan(heads)?;
        let moved: Vec<(Uuid, u64)> = plan
            .summaries
            .iter()
            .map(|s| (s.summary.id, s.seq))
            .collect();
        // Summaries first: entries reference their incident's row.
        upsert_summaries(&mut tx, &plan.summaries).await?;
        insert_entries(&mut tx, &plan.entries).await?;
        // The seen index from the same entries, so it never disagrees with them.
        let seen = seen_rows(plan.entries.iter().map(|r| r.entry));
        indicators::insert_seen(&mut tx, &seen).await?;
        insert_audit(&mut tx, &batch.audit).await?;
        for changes in plan.outbox {
            outbox::apply(&mut tx, changes).await?;
        }
        // The tree in commit order, in this transaction, its lock taken last.
        tlog_write::append(&mut tx, plan.entries.iter().map(|r| r.entry)).await?;
        notify_heads(&mut tx, self.origin, &moved).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(plan.outcomes)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(incident = %summary.reference))]
    pub(crate) async fn create(
        &self,
        summary: &IncidentSummary,
        entries: &[LogEntry],
        triage: Option<&Triage>,
        outbox_changes: &OutboxChanges,
    ) -> StoreResult<()> {
        let (rows, row) = plan_create(summary, entries)?;
        let head = (summary.id, row.seq);
        let mut tx = begin(&self.pool).await?;
        if let Some(t) = triage {
            reports::triage(&mut tx, t, ReportStatus::Declared, Some(summary.id)).await?;
        }
        // A plain INSERT, not the commit's upsert: reusing an incident's id or
        // reference must be a Conflict, never an overwrite.
        insert_summary(&mut tx, row)
            .await
            .map_err(|e| summary_clash(e, summary, REFERENCE_KEY))?;
        let rows: Vec<&EntryRow<'_>> = rows.iter().collect();
        insert_entries(&mut tx, &rows).await?;
        indicators::insert_seen(&mut tx, &seen_rows(entries)).await?;
        outbox::apply(&mut tx, outbox_changes).await?;
        tlog_write::append(&mut tx, entries).await?;
        notify_heads(&mut tx, self.origin, &[head]).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip(self))]
    pub(crate) async fn allocate(&self, year: i16) -> StoreResult<String> {
        let mut tx = begin(&self.pool).await?;
        let reference = reports::next_reference(&mut tx, "INC", year).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(reference)
    }
}
