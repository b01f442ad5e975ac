//! The copy, one kind of record at a time, in an order that satisfies the
//! destination's references: people before logins and tokens, reports before
//! the incidents declared from them.

use crate::{CopyError, CopyReport, mismatch};
use muster_domain::LogEntry;
use muster_domain::log::verify_against;
use muster_domain::vocab::ReportStatus;
use muster_store::{
    AuditQuery, NewReport, OutboxChanges, OutboxQuery, OutboxStatus, Store, Triage,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Entries per read while copying a log.
const PAGE: u32 = 2000;
/// Audit records per write.
const AUDIT_CHUNK: usize = 1000;

pub(crate) async fn ensure_empty(to: &dyn Store) -> Result<(), CopyError> {
    let mut found = Vec::new();
    if !to.list_people().await?.is_empty() {
        found.push("people");
    }
    if !to.list_incidents().await?.is_empty() {
        found.push("incidents");
    }
    if !to.list_reports(None).await?.is_empty() {
        found.push("reports");
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(CopyError::DestinationNotEmpty(found.join(", ")))
    }
}

pub(crate) async fn people_and_logins(
    from: &dyn Store,
    to: &dyn Store,
    report: &mut CopyReport,
) -> Result<(), CopyError> {
    for person in from.list_people().await? {
        to.create_person(&person).await?;
        report.people += 1;
        if let Some(user) = from.user(person.id).await? {
            to.upsert_user(&user).await?;
            report.users += 1;
        }
        // Revoked tokens too: they stay listed, marked, as on the source.
        for token in from.tokens_of(person.id).await? {
            to.create_token(&token).await?;
            report.tokens += 1;
        }
    }
    Ok(())
}

pub(crate) async fn rota(
    from: &dyn Store,
    to: &dyn Store,
    report: &mut CopyReport,
) -> Result<(), CopyError> {
    for shift in from.shifts_from(i64::MIN).await? {
        to.add_shift(&shift).await?;
        report.shifts += 1;
    }
    Ok(())
}

/// `REP-2026-0007` → (2026, 7).
fn reference_number(reference: &str) -> Option<(i16, u32)> {
    let mut parts = reference.rsplitn(3, '-');
    let n = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    Some((year, n))
}

/// Recreates every report under its own reference and returns the triage of
/// each declared one, by incident, to write with that incident.
///
/// The trait allocates report references itself, so reports are created in
/// reference order and each allocation is checked against the original:
/// report numbers have no gaps (a reference is taken only with its report).
pub(crate) async fn reports(
    from: &dyn Store,
    to: &dyn Store,
    report: &mut CopyReport,
) -> Result<HashMap<Uuid, Triage>, CopyError> {
    let mut all = from.list_reports(None).await?;
    let mut keyed = Vec::with_capacity(all.len());
    for r in all.drain(..) {
        let key = reference_number(&r.reference)
            .ok_or_else(|| mismatch("report reference", r.reference.clone()))?;
        keyed.push((key, r));
    }
    keyed.sort_by_key(|(key, _)| *key);
    let mut declared = HashMap::new();
    for ((year, _), r) in keyed {
        let created = to
            .create_report(NewReport {
                id: r.id,
                year,
                title: r.title.clone(),
                description: r.description.clone(),
                source: r.source.clone(),
                reported_by: r.reported_by,
                reported_at: r.reported_at,
            })
            .await?;
        if created.reference != r.reference {
            return Err(mismatch(
                format!("report {}", r.reference),
                format!("the destination numbered it {}", created.reference),
            ));
        }
        let triage = |incident| Triage {
            report: r.id,
            by: r.triaged_by.unwrap_or_default(),
            at: r.triaged_at.unwrap_or_default(),
            note: r.triage_note.clone(),
            incident,
        };
        match (r.status, r.incident) {
            (ReportStatus::FalsePositive, _) => to.mark_false_positive(&triage(None)).await?,
            (ReportStatus::Declared, Some(incident)) => {
                declared.insert(incident, triage(Some(incident)));
            }
            _ => {}
        }
        report.reports += 1;
    }
    Ok(declared)
}

async fn all_entries(store: &dyn Store, incident: Uuid) -> Result<Vec<LogEntry>, CopyError> {
    let mut out: Vec<LogEntry> = Vec::new();
    loop {
        let after = out.last().map_or(0, |e| e.seq);
        let page = store.entries(incident, after, PAGE).await?;
        let full = page.len() == PAGE as usize;
        out.extend(page);
        if !full {
            return Ok(out);
        }
    }
}

/// Each incident with its whole log in one transaction (and its report's
/// triage), then read back from the destination: byte-exact and whole.
pub(crate) async fn incidents(
    from: &dyn Store,
    to: &dyn Store,
    declared: &HashMap<Uuid, Triage>,
    report: &mut CopyReport,
) -> Result<bool, CopyError> {
    let mut last_number: HashMap<i16, u32> = HashMap::new();
    let mut summaries = from.list_incidents().await?;
    summaries.reverse(); // oldest first
    let mut logs = Vec::with_capacity(summaries.len());
    for summary in summaries {
        let entries = all_entries(from, summary.id).await?;
        // Checked before it is written: a log whose end is not the head its
        // row records (cut short or re-sealed at the source) is refused by
        // name, never copied as if whole.
        let recorded = (summary.seq, summary.head_hash.as_str());
        if let Some(b) = verify_against(&entries, recorded).first_break {
            return Err(CopyError::BrokenChain {
                incident: summary.id,
                reference: summary.reference.clone(),
                seq: b.seq,
                reason: b.reason,
            });
        }
        logs.push((summary, entries));
    }
    let faithful = crate::tree::write_logs(from, to, &logs, declared).await?;
    for (summary, entries) in logs {
        let recorded = (summary.seq, summary.head_hash.as_str());
        let written = all_entries(to, summary.id).await?;
        if written != entries {
            let at = written
                .iter()
                .zip(&entries)
                .position(|(a, b)| a != b)
                .unwrap_or(written.len().min(entries.len()));
            return Err(mismatch(
                format!("the log of {}", summary.reference),
                format!("entry {} differs from the source's", at + 1),
            ));
        }
        let verification = verify_against(&written, recorded);
        if let Some(b) = verification.first_break {
            return Err(CopyError::BrokenChain {
                incident: summary.id,
                reference: summary.reference.clone(),
                seq: b.seq,
                reason: b.reason,
            });
        }
        let arrived = to.incident(summary.id).await?;
        if arrived.as_ref() != Some(&summary) {
            return Err(mismatch(
                format!("the summary of {}", summary.reference),
                format!("{arrived:?}"),
            ));
        }
        if let Some((year, n)) = reference_number(&summary.reference) {
            let last = last_number.entry(year).or_default();
            *last = (*last).max(n);
        }
        report.incidents += 1;
        report.entries += written.len() as u64;
    }
    // The trait offers no way to set a counter, so take references until the
    // destination's counter stands where the source's last incident left it:
    // the next incident declared there gets a fresh number.
    for (year, last) in last_number {
        loop {
            let taken = to.allocate_reference(year).await?;
            match reference_number(&taken) {
                Some((_, n)) if n < last => continue,
                Some((_, n)) if n == last => break,
                _ => {
                    return Err(mismatch(
                        format!("the {year} incident counter"),
                        format!("it handed out {taken}, past INC-{year}-{last:04}"),
                    ));
                }
            }
        }
    }
    Ok(faithful)
}

pub(crate) async fn audit(
    from: &dyn Store,
    to: &dyn Store,
    report: &mut CopyReport,
) -> Result<(), CopyError> {
    let mut records = from.audit(&AuditQuery::default()).await?;
    records.reverse();
    for chunk in records.chunks(AUDIT_CHUNK) {
        to.record_audit(chunk).await?;
        report.audit_records += chunk.len() as u64;
    }
    Ok(())
}

pub(crate) async fn outbox(
    from: &dyn Store,
    to: &dyn Store,
    report: &mut CopyReport,
) -> Result<(), CopyError> {
    for sub in from.list_subscriptions().await? {
        to.create_subscription(&sub).await?;
        report.subscriptions += 1;
    }
    let rows = from.list_outbox(&OutboxQuery::default()).await?;
    let (pending, finished): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|r| r.status == OutboxStatus::Pending);
    report.outbox_finished_skipped = finished.len() as u64;
    let changes = OutboxChanges {
        enqueue: pending,
        cancel: Vec::new(),
        if_subscribed: Vec::new(),
    };
    report.outbox_pending = to.enqueue(&changes).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::reference_number;

    #[test]
    fn references_split_into_year_and_number() {
        assert_eq!(reference_number("REP-2026-0007"), Some((2026, 7)));
        assert_eq!(reference_number("INC-2031-12345"), Some((2031, 12345)));
        assert_eq!(reference_number("nonsense"), None);
    }
}
