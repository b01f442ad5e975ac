//! The transparency log's tree and checkpoints across a copy (issue 12).
//! A store appends an entry's leaf in the transaction that writes the entry,
//! so the destination's tree is the order the copy writes entries in. The
//! logs are therefore written in the order of the source's leaves, a run of
//! one incident's entries at a time, which makes the destination's tree the
//! source's leaf for leaf; then the source's signed checkpoints (with their
//! timestamp tokens) hold there, and are carried, each checked against the
//! copied tree's root first.

use crate::{CopyError, CopyReport, mismatch};
use muster_domain::LogEntry;
use muster_store::{
    Append, AppendOutcome, CommitBatch, IncidentSummary, OutboxChanges, Store, Triage,
};
use muster_tlog::Hash;
use std::collections::HashMap;
use uuid::Uuid;

/// Leaf indexes and checkpoints per read.
const PAGE: u32 = 2000;

/// `(leaf, log, seq)` for every entry of `logs`, in leaf order, when the
/// source's tree is exactly those entries, each log's in seq order; `None`
/// when it is not (a log cut outside Muster and acknowledged leaves leaves
/// no entry stands for), and the tree cannot be rebuilt by writing entries.
async fn leaf_order(
    from: &dyn Store,
    logs: &[(IncidentSummary, Vec<LogEntry>)],
) -> Result<Option<Vec<(u64, usize, u64)>>, CopyError> {
    let mut order = Vec::new();
    for (i, (summary, _)) in logs.iter().enumerate() {
        let mut after = 0;
        loop {
            let page = from.leaf_indexes(summary.id, after, PAGE).await?;
            let Some(&(last, _)) = page.last() else { break };
            order.extend(page.into_iter().map(|(seq, leaf)| (leaf, i, seq)));
            after = last;
        }
    }
    order.sort_unstable();
    let tree = from.tree_size().await?;
    let dense = order.len() as u64 == tree
        && order
            .iter()
            .enumerate()
            .all(|(k, &(leaf, ..))| leaf == k as u64);
    let mut next: Vec<u64> = vec![1; logs.len()];
    let in_seq_order = order.iter().all(|&(_, i, seq)| {
        let ok = seq == next[i];
        next[i] += 1;
        ok
    });
    let complete = logs
        .iter()
        .zip(&next)
        .all(|((_, entries), &n)| n == entries.len() as u64 + 1);
    Ok((dense && in_seq_order && complete).then_some(order))
}

/// Writes every log into `to`, in the source's leaf order when the tree can
/// be rebuilt that way (`true`), else log by log (`false`).
pub(crate) async fn write_logs(
    from: &dyn Store,
    to: &dyn Store,
    logs: &[(IncidentSummary, Vec<LogEntry>)],
    declared: &HashMap<Uuid, Triage>,
) -> Result<bool, CopyError> {
    let (order, faithful) = match leaf_order(from, logs).await? {
        Some(order) => (order, true),
        None => {
            let all = logs
                .iter()
                .enumerate()
                .flat_map(|(i, (_, entries))| entries.iter().map(move |e| (0, i, e.seq)));
            (all.collect(), false)
        }
    };
    let mut written: Vec<u64> = vec![0; logs.len()];
    let mut created = vec![false; logs.len()];
    for run in order.chunk_by(|a, b| a.1 == b.1) {
        let (i, upto) = (run[0].1, run[run.len() - 1].2);
        let (summary, entries) = &logs[i];
        let part = &entries[written[i] as usize..upto as usize];
        // The incident as it stood after this run: its head is the run's end.
        let at = IncidentSummary {
            seq: upto,
            head_hash: part.last().map_or_else(String::new, |e| e.hash.clone()),
            ..summary.clone()
        };
        let at = if upto == summary.seq {
            summary.clone()
        } else {
            at
        };
        if created[i] {
            let outcome = to
                .commit(&CommitBatch {
                    appends: vec![Append {
                        incident: summary.id,
                        expected_seq: written[i],
                        entries: part.to_vec(),
                        summary: at,
                        outbox: OutboxChanges::default(),
                    }],
                    audit: Vec::new(),
                    outbox: OutboxChanges::default(),
                })
                .await?;
            if outcome.first() != Some(&AppendOutcome::Committed) {
                return Err(mismatch(
                    format!("the log of {}", summary.reference),
                    format!(
                        "entries {}..={upto} were not taken: {outcome:?}",
                        written[i] + 1
                    ),
                ));
            }
        } else {
            let triage = declared.get(&summary.id);
            to.create_incident(&at, part, triage, &OutboxChanges::default())
                .await?;
            created[i] = true;
        }
        written[i] = upto;
    }
    for (i, (summary, _)) in logs.iter().enumerate() {
        if !created[i] {
            let triage = declared.get(&summary.id);
            to.create_incident(summary, &[], triage, &OutboxChanges::default())
                .await?;
        }
    }
    Ok(faithful)
}

async fn root(store: &dyn Store, size: u64) -> Result<Hash, CopyError> {
    let indexes = muster_tlog::tree_hash_indexes(size)
        .map_err(|e| mismatch("the transparency log", e.to_string()))?;
    let hashes = store.stored_hashes(&indexes).await?;
    muster_tlog::tree_hash_from(size, &hashes)
        .map_err(|e| mismatch("the transparency log", e.to_string()))
}

/// Carries the source's checkpoints and their timestamp tokens, each once
/// the copied tree is shown to have its root; none when the tree could not
/// be rebuilt (`faithful` false), which the report says.
pub(crate) async fn checkpoints(
    from: &dyn Store,
    to: &dyn Store,
    faithful: bool,
    report: &mut CopyReport,
) -> Result<(), CopyError> {
    let size = from.tree_size().await?;
    if faithful {
        let copied = to.tree_size().await?;
        if copied != size {
            return Err(mismatch(
                "the transparency log",
                format!("the copy has {copied} leaves, the source {size}"),
            ));
        }
        if root(to, size).await? != root(from, size).await? {
            return Err(mismatch(
                "the transparency log",
                format!("the copied tree's root at {size} leaves is not the source's"),
            ));
        }
    }
    let mut after = 0;
    loop {
        let page = from.checkpoints_after(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.size;
        for c in &page {
            if !faithful {
                report.checkpoints_skipped += 1;
                continue;
            }
            if root(to, c.size).await? != c.root {
                return Err(mismatch(
                    format!("checkpoint {}", c.size),
                    "the copied tree's root is not the one it signs",
                ));
            }
            to.record_checkpoint(c, &OutboxChanges::default()).await?;
            if to.checkpoint(c.size).await?.as_ref() != Some(c) {
                return Err(mismatch(
                    format!("checkpoint {}", c.size),
                    "it reads back differently",
                ));
            }
            report.checkpoints += 1;
            report.timestamps += u64::from(c.timestamp_token.is_some());
        }
    }
    if report.checkpoints_skipped > 0 {
        tracing::warn!(
            skipped = report.checkpoints_skipped,
            "the source's tree holds leaves no entry stands for (a log cut and acknowledged): \
             the copy builds its own tree, and the source's checkpoints do not hold there"
        );
    }
    Ok(())
}
