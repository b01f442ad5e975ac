//! The printable HTML report: the same document as the Markdown and JSON
//! exports, laid out for paper, from a compile-time-checked template that
//! escapes everything it prints.

use crate::describe;
use askama::Template;
use muster_api::{ExportDocument, ExportEvidence, GapView, IncidentStateView};

struct Moment {
    name: &'static str,
    at: String,
}

struct Row {
    seq: u64,
    recorded: String,
    by: String,
    label: &'static str,
    text: String,
    hash: String,
}

struct ActionRow {
    id: String,
    title: String,
    owner: String,
    report_back: String,
    status: String,
    overdue: bool,
    report: String,
}

#[derive(Template)]
#[template(path = "export.html")]
struct Report<'a> {
    s: &'a IncidentStateView,
    phase: &'static str,
    personal_data: &'static str,
    exported_at: String,
    gaps: &'a [GapView],
    moments: Vec<Moment>,
    actions: Vec<ActionRow>,
    rows: Vec<Row>,
    evidence: &'a [ExportEvidence],
    entries_count: u64,
    head_hash: &'a str,
}

fn when(t: Option<jiff::Timestamp>) -> String {
    t.map(describe::short_time).unwrap_or_else(|| "—".into())
}

/// Renders the printable report of `doc`.
pub fn render(doc: &ExportDocument) -> Result<String, askama::Error> {
    let view = &doc.incident;
    let s = &view.state;
    let t = &s.timings;
    let moments = [
        ("reported", t.reported_at),
        ("declared", t.declared_at),
        ("team assembled", t.assembled_at),
        ("contained", t.contained_at),
        ("resolved", t.resolved_at),
        ("closed", t.closed_at),
    ]
    .into_iter()
    .map(|(name, at)| Moment { name, at: when(at) })
    .collect();
    let actions = s
        .actions
        .iter()
        .map(|a| ActionRow {
            id: a.id.clone(),
            title: a.title.clone(),
            owner: a.owner.name.clone(),
            report_back: describe::short_time(a.report_back_at),
            status: a.status.to_string(),
            overdue: view.overdue_actions.contains(&a.id),
            report: a.report.clone().unwrap_or_default(),
        })
        .collect();
    let rows = doc
        .log
        .entries
        .iter()
        .map(|e| {
            let said = describe::entry(e);
            Row {
                seq: e.seq,
                recorded: e.recorded_at.clone(),
                by: e.actor_name.clone(),
                label: said.label,
                text: said.text,
                hash: e.hash.clone(),
            }
        })
        .collect();
    Report {
        s,
        phase: s.phase.map(|p| p.as_str()).unwrap_or("—"),
        personal_data: s.personal_data.map(|p| p.as_str()).unwrap_or("—"),
        exported_at: doc.exported_at.to_string(),
        gaps: &view.gaps,
        moments,
        actions,
        rows,
        evidence: &doc.evidence,
        entries_count: doc.log.entries_count,
        head_hash: &doc.log.head_hash,
    }
    .render()
}

/// The content security policy the HTML export is served with: it is a
/// document, not an application, so it may load nothing and run nothing; its
/// one stylesheet is inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
