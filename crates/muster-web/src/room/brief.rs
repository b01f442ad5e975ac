//! The handover brief, prefilled from the incident's state so that an
//! exhausted incident manager edits a draft instead of writing from memory
//! (rule 8: command passes with a brief).

use jiff::Timestamp;
use muster_domain::{FindingKind, FindingStatus, IncidentState, Role};
use std::fmt::Write as _;

/// How many of the latest decisions the brief repeats.
const LAST_DECISIONS: usize = 5;

pub fn prefill(s: &IncidentState, now: Timestamp) -> String {
    let mut b = String::new();
    let _ = writeln!(
        b,
        "{} — {}: {} {}, phase {}.",
        s.reference,
        s.title,
        s.severity,
        s.category,
        s.phase.map(|p| p.as_str()).unwrap_or("—")
    );
    let _ = writeln!(b, "Working hypothesis: {}", s.hypothesis);

    b.push_str("\nRoll call:\n");
    for role in Role::ALL {
        let names: Vec<&str> = s.holders(*role).map(|p| p.name.as_str()).collect();
        if !names.is_empty() {
            let _ = writeln!(b, "- {role}: {}", names.join(", "));
        }
    }

    let open: Vec<_> = s.actions.iter().filter(|a| a.status.is_open()).collect();
    b.push_str("\nOpen actions:\n");
    if open.is_empty() {
        b.push_str("- none\n");
    }
    for a in open {
        let _ = writeln!(
            b,
            "- {} {} — {}, report back {}{}",
            a.id,
            a.title,
            a.owner.name,
            crate::time::short(a.report_back_at, now),
            if a.is_overdue(now) { " (OVERDUE)" } else { "" }
        );
    }

    b.push_str("\nOpen questions and suspicions:\n");
    let mut any = false;
    for f in s.findings.iter().filter(|f| {
        f.kind != FindingKind::Known
            && matches!(f.status, FindingStatus::Open | FindingStatus::Delegated)
    }) {
        any = true;
        let who = f
            .delegated_to
            .as_ref()
            .map(|p| format!(" — with {}", p.name))
            .unwrap_or_default();
        let _ = writeln!(b, "- {} ({}) {}{who}", f.id, f.kind, f.text);
    }
    if !any {
        b.push_str("- none\n");
    }

    b.push_str("\nLatest decisions:\n");
    if s.decisions.is_empty() {
        b.push_str("- none\n");
    }
    for d in s.decisions.iter().rev().take(LAST_DECISIONS) {
        let _ = writeln!(b, "- {} {} ({})", d.id, d.text, d.by.name);
    }
    b.push_str("\nNext decision point: ");
    b
}
