//! The incident for the record: the post-incident report (roll call, board,
//! decisions, actions, timeline, review) and the full log with its hashes, so
//! that `muster verify --file` (or any program following docs/log-format.md)
//! can check an export offline.

use jiff::Timestamp;
use muster_api::{ExportDocument, ExportEvidence, ExportLog};
use muster_domain::log::GENESIS_HASH;
use muster_domain::{IncidentState, LogEntry, Policy};
use std::fmt::Write as _;

pub const FORMAT: &str = "muster-export/1";

pub fn document(state: &IncidentState, policy: &Policy, entries: Vec<LogEntry>) -> ExportDocument {
    let now = Timestamp::now();
    ExportDocument {
        format: FORMAT.into(),
        exported_at: now,
        incident: crate::views::incident(state, policy, now),
        evidence: evidence(state, &entries),
        log: ExportLog {
            entries_count: entries.len() as u64,
            head_hash: entries
                .last()
                .map(|e| e.hash.clone())
                .unwrap_or_else(|| GENESIS_HASH.to_owned()),
            entries,
        },
    }
}

/// The register, each item with the seqs of the entries that record it and
/// its custody, read from the entries' own payloads.
fn evidence(state: &IncidentState, entries: &[LogEntry]) -> Vec<ExportEvidence> {
    let mut items: Vec<ExportEvidence> = crate::evidence::register(state)
        .items
        .into_iter()
        .map(|item| ExportEvidence {
            item,
            entries: Vec::new(),
        })
        .collect();
    for e in entries {
        let key = match e.kind.as_str() {
            "evidence-added" => "id",
            "custody-transferred" | "custody-acknowledged" => "evidence",
            _ => continue,
        };
        let Ok(payload) = serde_json::from_str::<serde_json::Value>(&e.payload) else {
            continue;
        };
        let id = payload.get(key).and_then(|v| v.as_str());
        if let Some(item) = items.iter_mut().find(|i| Some(i.item.id.as_str()) == id) {
            item.entries.push(e.seq);
        }
    }
    items
}

/// Markdown has no escaping rules worth the name; keep table cells on one line
/// and free of the pipe that would split them.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn time(t: Option<Timestamp>) -> String {
    t.map(|t| t.to_string()).unwrap_or_else(|| "—".into())
}

pub fn markdown(doc: &ExportDocument) -> String {
    let view = &doc.incident;
    let s = &view.state;
    let mut md = String::new();
    let _ = writeln!(md, "# {} — {}\n", s.reference, s.title);
    let _ = writeln!(
        md,
        "Severity **{}**, category **{}**, phase **{}**{}{}.\n",
        s.severity,
        s.category,
        s.phase.map(|p| p.as_str()).unwrap_or("—"),
        if s.security {
            ", security incident"
        } else {
            ""
        },
        if s.restricted { ", restricted" } else { "" },
    );
    let _ = writeln!(
        md,
        "Personal data: {}. Source: {}. Working hypothesis: {}\n",
        s.personal_data.map(|p| p.as_str()).unwrap_or("—"),
        s.source,
        s.hypothesis
    );

    md.push_str("## Timings\n\n| moment | time |\n|---|---|\n");
    let t = &s.timings;
    for (name, at) in [
        ("reported", t.reported_at),
        ("declared", t.declared_at),
        ("team assembled", t.assembled_at),
        ("contained", t.contained_at),
        ("resolved", t.resolved_at),
        ("closed", t.closed_at),
    ] {
        let _ = writeln!(md, "| {name} | {} |", time(at));
    }

    md.push_str("\n## Roll call\n\n| role | who |\n|---|---|\n");
    for a in &s.team {
        let _ = writeln!(md, "| {} | {} |", a.role, cell(&a.person.name));
    }
    for gap in &view.gaps {
        let _ = writeln!(md, "\n> Composition gap: {}", gap.message);
    }

    md.push_str(
        "\n## Board\n\n| id | kind | finding | status | outcome |\n|---|---|---|---|---|\n",
    );
    for f in &s.findings {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            f.id,
            f.kind,
            cell(&f.text),
            f.status,
            cell(f.resolution.as_deref().unwrap_or(""))
        );
    }
    let cited: Vec<_> = s.findings.iter().filter(|f| !f.cites.is_empty()).collect();
    if !cited.is_empty() {
        md.push_str("\nWhat the findings cite:\n\n");
        for f in cited {
            for c in &f.cites {
                let _ = writeln!(
                    md,
                    "- {} cites {} ({}): {}",
                    f.id,
                    c.id,
                    c.kind,
                    cell(&c.summary)
                );
            }
        }
    }
    if !s.assessments.is_empty() {
        md.push_str("\nCompeting hypotheses:\n\n");
        for a in &s.assessments {
            let _ = writeln!(md, "- {} × {}: {}", a.suspected, a.known, a.consistency);
        }
    }

    md.push_str("\n## Decisions\n\n");
    for d in &s.decisions {
        let _ = writeln!(
            md,
            "- **{}** ({}, {}): {} — rationale: {}",
            d.id, d.by.name, d.at, d.text, d.rationale
        );
    }

    md.push_str("\n## Actions\n\n| id | action | owner | report back | status | report |\n|---|---|---|---|---|---|\n");
    for a in &s.actions {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {}{} | {} |",
            a.id,
            cell(&a.title),
            cell(&a.owner.name),
            a.report_back_at,
            a.status,
            if view.overdue_actions.contains(&a.id) {
                " (overdue)"
            } else {
                ""
            },
            cell(a.report.as_deref().unwrap_or(""))
        );
    }

    md.push_str("\n## Review\n\n");
    match &s.review {
        Some(r) => {
            let _ = writeln!(
                md,
                "**Went well:** {}\n\n**Even better if:** {}\n",
                r.went_well, r.even_better_if
            );
            if !r.causes.is_empty() {
                let _ = writeln!(md, "**What led to it:** {}\n", r.causes);
            }
            if !r.response.is_empty() {
                let _ = writeln!(md, "**How the response went:** {}\n", r.response);
            }
            md.push_str("**Lessons learned:**\n\n");
            for l in &r.lessons {
                let _ = writeln!(md, "- {l}");
            }
            md.push_str("\n**Preventive actions:**\n\n");
            for p in &s.preventive_actions {
                let _ = writeln!(
                    md,
                    "- {} {} — {} (due {}){}",
                    p.id,
                    p.title,
                    p.owner.name,
                    p.due,
                    if p.done { ", done" } else { "" }
                );
            }
            if r.thanked {
                md.push_str("\nEveryone involved was thanked.\n");
            }
        }
        None => md.push_str("Not yet recorded.\n"),
    }

    evidence_markdown(&mut md, &doc.evidence);

    let _ = writeln!(
        md,
        "\n## Log\n\n{} entries, head hash `{}`. Each entry's hash is SHA-256 over the previous hash and the entry's canonical encoding (docs/log-format.md).\n",
        doc.log.entries_count, doc.log.head_hash
    );
    md.push_str("| seq | recorded | by | kind | payload | hash |\n|---|---|---|---|---|---|\n");
    for e in &doc.log.entries {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | `{}` | `{}` |",
            e.seq,
            e.recorded_at,
            cell(&e.actor_name),
            e.kind,
            cell(&e.payload).replace('`', "'"),
            &e.hash[..16.min(e.hash.len())]
        );
    }
    md
}

fn evidence_markdown(md: &mut String, items: &[ExportEvidence]) {
    md.push_str("\n## Evidence\n\n");
    if items.is_empty() {
        md.push_str("No evidence registered.\n");
        return;
    }
    md.push_str("| id | item | taken from | collected | SHA-256 | held | custodian | log entries |\n|---|---|---|---|---|---|---|---|\n");
    for e in items {
        let i = &e.item;
        let held = match (&i.file_name, &i.location) {
            (Some(f), _) => format!(
                "file {} ({} bytes), in Muster",
                f,
                i.size.unwrap_or_default()
            ),
            (None, Some(l)) => l.clone(),
            (None, None) => "—".into(),
        };
        let seqs: Vec<String> = e.entries.iter().map(u64::to_string).collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} by {}{} | `{}` | {} | {}{} | {} |",
            i.id,
            cell(&i.description),
            cell(&i.taken_from),
            i.collected_at,
            cell(&i.collected_by),
            i.tool
                .as_deref()
                .map(|t| format!(" with {}", cell(t)))
                .unwrap_or_default(),
            i.sha256,
            cell(&held),
            cell(&i.custodian),
            i.pending
                .as_ref()
                .map(|p| format!(" (being handed to {}, not acknowledged)", cell(&p.to)))
                .unwrap_or_default(),
            seqs.join(", ")
        );
    }
    md.push_str("\nChain of custody:\n\n");
    for e in items {
        for t in &e.item.custody {
            let _ = writeln!(
                md,
                "- {}: {} → {}, handed over {}, acknowledged {}, to {}: {}",
                e.item.id,
                t.from,
                t.to,
                t.transferred_at,
                time(t.acknowledged_at),
                t.destination,
                t.reason
            );
        }
    }
}
