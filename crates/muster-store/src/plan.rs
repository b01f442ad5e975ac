//! What a write to the log means, decided once for every backend: which
//! appends of a group commit go in, which report `Conflict`, what the summary
//! rows and outbox changes become, and when a batch is refused outright.
//! Pure: a backend reads (or locks) the heads, calls [`CheckedBatch::plan`],
//! and writes what the plan says in its own SQL.
//!
//! Every append is checked twice. Before the transaction ([`check_batch`]),
//! that its entries form a chain among themselves (a bug in the caller,
//! refused for the whole batch). Inside it ([`CheckedBatch::plan`]), that the
//! incident's head is where the caller saw it (another writer got there first:
//! a `Conflict` for that append alone), and that its log ends at the head its
//! row records (else it was cut or rewritten outside Muster: `Broken`, for
//! that append alone, until a `break-acknowledged` entry is sealed onto the
//! log as it stands).

use crate::{AppendOutcome, CommitBatch, IncidentSummary, OutboxChanges, StoreError, StoreResult};
use muster_domain::LogEntry;
use muster_domain::log::{ACKNOWLEDGED_KIND, Break, GENESIS_HASH, head_break};
use std::collections::HashMap;
use uuid::Uuid;

/// An incident's head as the store holds it: the `(seq, hash)` recorded in its
/// row by the last commit, and the log's actual last entry. The two differ
/// only when the log was changed outside Muster (its end cut off, entries
/// added, the chain re-sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub recorded: (u64, String),
    pub log_end: (u64, String),
}

impl Head {
    /// A head whose record and log agree.
    pub fn at(seq: u64, hash: &str) -> Head {
        Head {
            recorded: (seq, hash.to_owned()),
            log_end: (seq, hash.to_owned()),
        }
    }

    fn genesis() -> Head {
        Head::at(0, GENESIS_HASH)
    }

    /// Merges the two reads a backend makes: the recorded heads and the
    /// logs' last entries (an incident with no entries ends at genesis).
    pub fn merge(
        recorded: impl IntoIterator<Item = (Uuid, (u64, String))>,
        log_ends: impl IntoIterator<Item = (Uuid, (u64, String))>,
    ) -> Heads {
        let mut ends: HashMap<Uuid, (u64, String)> = log_ends.into_iter().collect();
        recorded
            .into_iter()
            .map(|(id, recorded)| {
                let log_end = ends
                    .remove(&id)
                    .unwrap_or_else(|| (0, GENESIS_HASH.to_owned()));
                (id, Head { recorded, log_end })
            })
            .collect()
    }
}

/// The stored heads by incident; an incident without a row is absent (its
/// log is empty).
pub type Heads = HashMap<Uuid, Head>;

/// An entry checked and ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow<'a> {
    pub entry: &'a LogEntry,
    /// `recorded_at` as Unix microseconds, for ordering and range queries.
    pub recorded_at_us: i64,
}

/// A summary to write, with the head taken from the log, never from the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow<'a> {
    pub summary: &'a IncidentSummary,
    pub seq: u64,
    pub head_hash: String,
}

/// Checks that `entries` continue an incident's log from `after_seq` and chain
/// to each other, returning them ready to insert.
pub fn prepare(
    incident: Uuid,
    after_seq: u64,
    entries: &[LogEntry],
) -> StoreResult<Vec<EntryRow<'_>>> {
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

/// A batch whose appends each form a chain, not yet checked against the heads.
#[derive(Debug)]
pub struct CheckedBatch<'a> {
    batch: &'a CommitBatch,
    prepared: Vec<Vec<EntryRow<'a>>>,
    touched: Vec<Uuid>,
}

/// The first check of a group commit, before any transaction: every append's
/// entries chain among themselves. An `Err` refuses the whole batch.
pub fn check_batch(batch: &CommitBatch) -> StoreResult<CheckedBatch<'_>> {
    let prepared = batch
        .appends
        .iter()
        .map(|a| prepare(a.incident, a.expected_seq, &a.entries))
        .collect::<StoreResult<Vec<_>>>()?;
    let mut touched: Vec<Uuid> = batch.appends.iter().map(|a| a.incident).collect();
    touched.sort_unstable();
    touched.dedup();
    Ok(CheckedBatch {
        batch,
        prepared,
        touched,
    })
}

/// What a group commit writes, in its transaction.
#[derive(Debug)]
pub struct CommitPlan<'a> {
    /// One per append, in the batch's order.
    pub outcomes: Vec<AppendOutcome>,
    /// The accepted appends' entries, in the batch's order.
    pub entries: Vec<&'a EntryRow<'a>>,
    /// One per incident that moved, sorted by incident id: the last accepted
    /// append's summary with the head its entries reached. Written before the
    /// entries, which reference their incident's row.
    pub summaries: Vec<SummaryRow<'a>>,
    /// The accepted appends' outbox changes in order, then the batch's own.
    pub outbox: Vec<&'a OutboxChanges>,
}

impl<'a> CheckedBatch<'a> {
    /// The incidents the batch appends to, sorted and without repeats: the
    /// heads to read (or lock, in this order).
    pub fn touched(&self) -> &[Uuid] {
        &self.touched
    }

    /// Checks each append against `heads`, read inside the transaction.
    ///
    /// Heads are advanced in memory as appends are accepted, so that two
    /// appends to one incident in one batch see each other. An append whose
    /// expected seq is not the head's is a `Conflict` on its own; one whose
    /// seq matches but whose first entry does not chain from the head (the
    /// caller holds another chain), or whose log does not end at its
    /// recorded head, is `Broken` on its own. Nothing is written before
    /// every check has passed, so neither needs a savepoint.
    pub fn plan(&'a self, mut heads: Heads) -> StoreResult<CommitPlan<'a>> {
        let batch = self.batch;
        let mut outcomes = Vec::with_capacity(batch.appends.len());
        let mut entries: Vec<&EntryRow<'_>> = Vec::new();
        let mut summaries: HashMap<Uuid, SummaryRow<'_>> = HashMap::new();
        let mut outbox: Vec<&OutboxChanges> = Vec::new();
        for (append, rows) in batch.appends.iter().zip(&self.prepared) {
            let head = heads.entry(append.incident).or_insert_with(Head::genesis);
            // An acknowledgement of a break is sealed onto the log as it
            // stands; everything else only onto a log that ends at its
            // recorded head (rule 9: a cut or rewritten log takes no entries).
            let acknowledging = rows
                .first()
                .is_some_and(|first| first.entry.kind == ACKNOWLEDGED_KIND);
            if !acknowledging
                && let Some(b) = head_break(
                    (head.recorded.0, &head.recorded.1),
                    (head.log_end.0, &head.log_end.1),
                )
            {
                outcomes.push(AppendOutcome::Broken(b));
                continue;
            }
            let anchor = if acknowledging {
                &head.log_end
            } else {
                &head.recorded
            };
            if anchor.0 != append.expected_seq {
                outcomes.push(AppendOutcome::Conflict {
                    actual_seq: anchor.0,
                });
                continue;
            }
            if let Some(first) = rows.first()
                && first.entry.prev_hash != anchor.1
            {
                // The writer's copy of the chain is not the stored one at
                // the same seq: the log was rewritten under it.
                outcomes.push(AppendOutcome::Broken(Break {
                    seq: anchor.0,
                    reason: format!(
                        "entry {} is stored with hash {} but this server holds it as {}: \
                         the log was rewritten",
                        anchor.0, anchor.1, first.entry.prev_hash
                    ),
                    expected: first.entry.prev_hash.clone(),
                    found: anchor.1.clone(),
                }));
                continue;
            }
            if let Some(last) = rows.last() {
                *head = Head::at(last.entry.seq, &last.entry.hash);
            }
            entries.extend(rows);
            // The summary's seq and head come from the log, never from the
            // caller, so the row that the next sequence check reads cannot
            // disagree with the log. The last accepted summary wins.
            summaries.insert(
                append.incident,
                SummaryRow {
                    summary: &append.summary,
                    seq: head.recorded.0,
                    head_hash: head.recorded.1.clone(),
                },
            );
            // A change's reminders and notifications exist only if it does.
            outbox.push(&append.outbox);
            outcomes.push(AppendOutcome::Committed);
        }
        outbox.push(&batch.outbox);
        let mut summaries: Vec<SummaryRow<'_>> = summaries.into_values().collect();
        summaries.sort_unstable_by_key(|s| s.summary.id);
        Ok(CommitPlan {
            outcomes,
            entries,
            summaries,
            outbox,
        })
    }
}

/// Incident creation's checks: the first entries chain from the genesis hash,
/// and the summary row's head is where they end.
pub fn plan_create<'a>(
    summary: &'a IncidentSummary,
    entries: &'a [LogEntry],
) -> StoreResult<(Vec<EntryRow<'a>>, SummaryRow<'a>)> {
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
    Ok((rows, row))
}

/// Maps a unique violation on the summary row to a message naming the field.
/// `reference_key` is how the backend's message names the unique reference.
pub fn summary_clash(err: StoreError, s: &IncidentSummary, reference_key: &str) -> StoreError {
    match err {
        StoreError::Conflict(msg) if msg.contains(reference_key) => {
            StoreError::Conflict(format!("reference: {} is already taken", s.reference))
        }
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("incident {} already exists", s.id))
        }
        other => other,
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
