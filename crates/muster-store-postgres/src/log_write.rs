//! Writing incidents and their logs: the group commit and incident creation.
//!
//! Every append is checked twice. Before the transaction, that its entries
//! form a chain among themselves (a bug in the caller, refused for the whole
//! batch). Inside it, under the incident's row lock, that the incident's head
//! is where the caller saw it (another writer, perhaps on another instance, got
//! there first: a `Conflict` for that append alone).

use crate::error::from_sqlx;
use crate::log_sql::{
    EntryRow, SummaryRow, insert_audit, insert_entries, insert_summary, lock_heads, notify_heads,
    upsert_summaries,
};
use crate::{PgStore, begin, outbox, reports};
use muster_domain::LogEntry;
use muster_domain::log::GENESIS_HASH;
use muster_domain::vocab::ReportStatus;
use muster_store::{
    AppendOutcome, CommitBatch, IncidentSummary, OutboxChanges, StoreError, StoreResult, Triage,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Checks that `entries` continue an incident's log from `after_seq` and chain
/// to each other, returning them ready to insert.
fn prepare(incident: Uuid, after_seq: u64, entries: &[LogEntry]) -> StoreResult<Vec<EntryRow<'_>>> {
    let mut rows = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let expected = after_seq + 1 + i as u64;
        let refuse = |why: String| {
            StoreError::Other(format!(
                "refusing entry {} of incident {incident}: {why}",
                entry.seq
            ))
        };
        if entry.incident != incident {
            return Err(refuse(format!("it belongs to incident {}", entry.incident)));
        }
        if entry.seq != expected {
            return Err(refuse(format!("expected seq {expected}")));
        }
        if i > 0 && entry.prev_hash != entries[i - 1].hash {
            return Err(refuse("prev_hash is not the previous entry's hash".into()));
        }
        let recorded_at_us = entry
            .recorded_at
            .parse::<jiff::Timestamp>()
            .map_err(|e| refuse(format!("recorded_at {:?}: {e}", entry.recorded_at)))?
            .as_microsecond();
        rows.push(EntryRow {
            entry,
            recorded_at_us,
        });
    }
    Ok(rows)
}

/// Maps a unique violation on the summary row to a message naming the field.
fn summary_clash(err: StoreError, s: &IncidentSummary) -> StoreError {
    match err {
        StoreError::Conflict(msg) if msg.contains("incidents_reference_key") => {
            StoreError::Conflict(format!("reference: {} is already taken", s.reference))
        }
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("incident {} already exists", s.id))
        }
        other => other,
    }
}

impl PgStore {
    #[tracing::instrument(level = "debug", skip_all, fields(
        appends = batch.appends.len(),
        entries = batch.appends.iter().map(|a| a.entries.len()).sum::<usize>(),
        audit = batch.audit.len(),
    ))]
    pub(crate) async fn commit_batch(
        &self,
        batch: &CommitBatch,
    ) -> StoreResult<Vec<AppendOutcome>> {
        if batch.appends.is_empty() && batch.audit.is_empty() && batch.outbox.is_empty() {
            return Ok(Vec::new());
        }
        let prepared = batch
            .appends
            .iter()
            .map(|a| prepare(a.incident, a.expected_seq, &a.entries))
            .collect::<StoreResult<Vec<_>>>()?;
        let mut touched: Vec<Uuid> = batch.appends.iter().map(|a| a.incident).collect();
        touched.sort_unstable();
        touched.dedup();

        let mut tx = begin(&self.pool).await?;
        // Heads are read once under the row locks, then advanced in memory as
        // appends are accepted, so that two appends to one incident in one
        // batch see each other. Nothing below writes before every check has
        // passed, so a Conflict needs no savepoint: its rows are never sent.
        let mut heads = lock_heads(&mut tx, &touched).await?;
        let mut outcomes = Vec::with_capacity(batch.appends.len());
        let mut accepted: Vec<&EntryRow<'_>> = Vec::new();
        let mut summaries: HashMap<Uuid, SummaryRow<'_>> = HashMap::new();
        let mut outbox_changes: Vec<&OutboxChanges> = Vec::new();
        for (append, rows) in batch.appends.iter().zip(&prepared) {
            let head = heads
                .entry(append.incident)
                .or_insert_with(|| (0, GENESIS_HASH.to_owned()));
            if head.0 != append.expected_seq {
                outcomes.push(AppendOutcome::Conflict { actual_seq: head.0 });
                continue;
            }
            if rows
                .first()
                .is_some_and(|first| first.entry.prev_hash != head.1)
            {
                // Same seq but a different head: the caller sealed against a
                // chain that is not this one. Writing it would break the log.
                return Err(StoreError::Other(format!(
                    "refusing entry {} of incident {}: its prev_hash is not the head {}",
                    append.expected_seq + 1,
                    append.incident,
                    head.1
                )));
            }
            if let Some(last) = rows.last() {
                *head = (last.entry.seq, last.entry.hash.clone());
            }
            accepted.extend(rows);
            // The summary's seq and head come from the log, never from the
            // caller, so the row that the next sequence check reads cannot
            // disagree with the log. The last accepted summary wins.
            summaries.insert(
                append.incident,
                SummaryRow {
                    summary: &append.summary,
                    seq: head.0,
                    head_hash: head.1.clone(),
                },
            );
            outbox_changes.push(&append.outbox);
            outcomes.push(AppendOutcome::Committed);
        }
        let mut summaries: Vec<SummaryRow<'_>> = summaries.into_values().collect();
        summaries.sort_unstable_by_key(|s| s.summary.id);
        let moved: Vec<(Uuid, u64)> = summaries.iter().map(|s| (s.summary.id, s.seq)).collect();
        // Summaries first: entries reference their incident's row.
        upsert_summaries(&mut tx, &summaries).await?;
        insert_entries(&mut tx, &accepted).await?;
        insert_audit(&mut tx, &batch.audit).await?;
        for changes in outbox_changes {
            outbox::apply(&mut tx, changes).await?;
        }
        outbox::apply(&mut tx, &batch.outbox).await?;
        notify_heads(&mut tx, self.origin, &moved).await?;
        tx.commit().await.map_err(from_sqlx)?;
        Ok(outcomes)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(incident = %summary.reference))]
    pub(crate) async fn create(
        &self,
        summary: &IncidentSummary,
        entries: &[LogEntry],
        triage: Option<&Triage>,
        outbox_changes: &OutboxChanges,
    ) -> StoreResult<()> {
        let rows = prepare(summary.id, 0, entries)?;
        if rows
            .first()
            .is_some_and(|first| first.entry.prev_hash != GENESIS_HASH)
        {
            return Err(StoreError::Other(format!(
                "refusing entry 1 of incident {}: it must chain from the genesis hash",
                summary.id
            )));
        }
        let row = SummaryRow {
            summary,
            seq: entries.last().map_or(0, |e| e.seq),
            head_hash: entries
                .last()
                .map_or_else(|| GENESIS_HASH.to_owned(), |e| e.hash.clone()),
        };
        let head = (summary.id, row.seq);
        let mut tx = begin(&self.pool).await?;
        if let Some(t) = triage {
            reports::triage(&mut tx, t, ReportStatus::Declared, Some(summary.id)).await?;
        }
        // A plain INSERT, not the commit's upsert: reusing an incident's id or
        // reference must be a Conflict, never an overwrite.
        insert_summary(&mut tx, row)
            .await
            .map_err(|e| summary_clash(e, summary))?;
        let rows: Vec<&EntryRow<'_>> = rows.iter().collect();
        insert_entries(&mut tx, &rows).await?;
        outbox::apply(&mut tx, outbox_changes).await?;
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
