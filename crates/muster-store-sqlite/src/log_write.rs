//! Writing incidents and their logs: the group commit and incident creation.
//!
//! What goes in is decided by `muster_store::plan` (the chain checks before
//! the transaction, the sequence checks against the heads inside it); this
//! module reads the heads and writes what the plan says.

use crate::batch_sql::{bind_summary, insert_audit, insert_entries, upsert_summaries};
use crate::error::from_sqlx;
use crate::rows::{seq_from_db, seq_to_db};
use crate::{SqliteStore, begin, indicators, outbox_rows, references, reports, tlog_write};
use muster_domain::LogEntry;
use muster_domain::vocab::ReportStatus;
use muster_store::indicators::seen_rows;
use muster_store::plan::{EntryRow, Head, Heads, check_batch, plan_create, summary_clash};
use muster_store::{
    AppendOutcome, CommitBatch, IncidentSummary, OutboxChanges, StoreError, StoreResult, Triage,
};
use sqlx::SqliteConnection;
use uuid::Uuid;

/// The heads of `incidents`: the `(seq, head_hash)` their rows record and
/// their logs' last entries, in one statement each; an incident without a
/// row is absent (its log is empty).
async fn heads(conn: &mut SqliteConnection, incidents: &[Uuid]) -> StoreResult<Heads> {
    let ids: Vec<String> = incidents.iter().map(Uuid::to_string).collect();
    let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Other(e.to_string()))?;
    let recorded: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT id, seq, head_hash FROM incidents WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    // Each a descending walk of the primary key: one row read per incident.
    let ends: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT e.incident, e.seq, e.hash FROM json_each(?) AS j
         JOIN log_entries AS e ON e.incident = j.value
          AND e.seq = (SELECT max(seq) FROM log_entries WHERE incident = j.value)",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await
    .map_err(from_sqlx)?;
    let rows = |rows: Vec<(String, i64, String)>| {
        rows.into_iter()
            .map(|(id, seq, hash)| Ok((crate::rows::id(&id)?, (seq_from_db(seq)?, hash))))
            .collect::<StoreResult<Vec<_>>>()
    };
    Ok(Head::merge(rows(recorded)?, rows(ends)?))
}

/// How SQLite's unique-violation message names the reference's constraint.
const REFERENCE_KEY: &str = "incidents.reference";

/// SQLite stores seq as INTEGER: refuse, before the transaction, a batch whose
/// entries could not be bound (the other checks run first, in `check_batch`).
fn check_seqs<'a>(entries: impl IntoIterator<Item = &'a LogEntry>) -> StoreResult<()> {
    entries
        .into_iter()
        .try_for_each(|e| seq_to_db(e.seq).map(drop))
}

impl SqliteStore {
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
        check_seqs(batch.appends.iter().flat_map(|a| &a.entries))?;

        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        let heads = heads(&mut tx, checked.touched()).await?;
        let plan = checked.plan(heads)?;
        // Summaries first: entries reference their incident's row.
        upsert_summaries(&mut tx, &plan.summaries).await?;
        insert_entries(&mut tx, &plan.entries).await?;
        // The tree in commit order, in the transaction that writes the entries.
        tlog_write::append(&mut tx, plan.entries.iter().map(|r| r.entry)).await?;
        // The seen index from the same entries, so it never disagrees with them.
        let seen = seen_rows(plan.entries.iter().map(|r| r.entry));
        indicators::insert_seen(&mut tx, &seen).await?;
        insert_audit(&mut tx, &batch.audit).await?;
        for changes in plan.outbox {
            outbox_rows::apply(&mut tx, changes).await?;
        }
        tx.commit().await.map_err(from_sqlx)?;
        Ok(plan.outcomes)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(incident = %summary.reference))]
    pub(crate) async fn create(
        &self,
        summary: &IncidentSummary,
        entries: &[LogEntry],
        triage: Option<&Triage>,
        outbox: &OutboxChanges,
    ) -> StoreResult<()> {
        let (rows, row) = plan_create(summary, entries)?;
        check_seqs(entries)?;
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        if let Some(t) = triage {
            reports::triage(&mut tx, t, ReportStatus::Declared, Some(summary.id)).await?;
        }
        // A plain INSERT, not the commit's upsert: reusing an incident's id or
        // reference must be a Conflict, never an overwrite.
        let insert = sqlx::query(
            "INSERT INTO incidents (id, reference, title, severity, category, phase, security,
                 restricted, incident_manager, members, declared_at, updated_at, seq, head_hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        bind_summary(insert, &row)?
            .execute(&mut *tx)
            .await
            .map_err(|e| summary_clash(from_sqlx(e), summary, REFERENCE_KEY))?;
        let rows: Vec<&EntryRow<'_>> = rows.iter().collect();
        insert_entries(&mut tx, &rows).await?;
        tlog_write::append(&mut tx, entries).await?;
        indicators::insert_seen(&mut tx, &seen_rows(entries)).await?;
        outbox_rows::apply(&mut tx, outbox).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip(self))]
    pub(crate) async fn allocate(&self, year: i16) -> StoreResult<String> {
        let mut conn = self.writer().await;
        let mut tx = begin(&mut conn).await?;
        let reference = references::next(&mut tx, "INC", year).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(reference)
    }
}
