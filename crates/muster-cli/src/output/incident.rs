//! `muster incidents` and `muster show`: the roll call first (rule 1's one
//! glance), then what needs attention, then the board and the work.

use super::{deadline, escape, time};
use muster_api::IncidentView;
use muster_domain::vocab::{FindingKind, FindingStatus};
use std::fmt::Write as _;

fn names(names: &[String]) -> String {
    if names.is_empty() {
        "-".to_owned()
    } else {
        escape(&names.join(", ")).into_owned()
    }
}

pub fn incident(view: &IncidentView) -> String {
    let s = &view.state;
    let mut out = String::new();
    let phase = s
        .phase
        .map(|p| p.to_string())
        .unwrap_or_else(|| "undeclared".to_owned());
    let _ = writeln!(out, "{}  {}", escape(&s.reference), escape(&s.title));
    let mut facts = vec![
        phase,
        format!("severity {}", escape(&s.severity)),
        format!("category {}", escape(&s.category)),
    ];
    if s.security {
        facts.push("security".to_owned());
    }
    if let Some(pd) = s.personal_data {
        facts.push(format!("personal data: {pd}"));
    }
    if s.restricted {
        facts.push("restricted".to_owned());
    }
    let _ = writeln!(out, "{}", facts.join(" · "));
    if !s.hypothesis.is_empty() {
        let _ = writeln!(out, "Hypothesis: {}", escape(&s.hypothesis));
    }

    let rc = &view.roll_call;
    let _ = writeln!(out, "\nRoll call");
    let im = rc
        .incident_manager
        .as_deref()
        .unwrap_or("NONE: no one is in command");
    for (role, who) in [
        ("incident manager", escape(im).into_owned()),
        ("deputy", names(&rc.deputy)),
        ("secretariat", names(&rc.secretariat)),
        ("sme", names(&rc.sme)),
        ("comms lead", names(&rc.comms_lead)),
        ("liaison", names(&rc.liaison)),
    ] {
        let _ = writeln!(out, "  {role:<17} {who}");
    }
    if let Some(h) = &s.handover {
        let _ = writeln!(
            out,
            "  handover {} from {} to {} briefed {}, awaiting acknowledgement",
            escape(&h.id),
            escape(&h.from.name),
            escape(&h.to.name),
            time(h.briefed_at)
        );
    }

    if !view.gaps.is_empty() || view.span_of_control.warning.is_some() {
        let _ = writeln!(out, "\nNeeds attention");
        for g in &view.gaps {
            match g.rule {
                Some(rule) => {
                    let _ = writeln!(out, "  ! {} ({rule}; blocks resolving)", escape(&g.message));
                }
                None => {
                    let _ = writeln!(out, "  - {}", escape(&g.message));
                }
            }
        }
        if let Some(w) = &view.span_of_control.warning {
            let soc = &view.span_of_control;
            let _ = writeln!(
                out,
                "  ! {} ({} direct reports, limit {})",
                escape(w),
                soc.direct_reports,
                soc.limit
            );
        }
    }
    for e in s.escalation_suggestions.iter().filter(|e| e.open) {
        let change = [
            e.severity
                .as_deref()
                .map(|v| format!("severity {}", escape(v))),
            e.category
                .as_deref()
                .map(|v| format!("category {}", escape(v))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        let _ = writeln!(
            out,
            "  ? escalation {} suggested: {change} ({})",
            escape(&e.id),
            escape(&e.reason)
        );
    }

    board(&mut out, view);
    work(&mut out, view);
    out
}

fn board(out: &mut String, view: &IncidentView) {
    let s = &view.state;
    if s.findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nBoard");
    for kind in [
        FindingKind::Known,
        FindingKind::Unknown,
        FindingKind::Suspected,
    ] {
        for f in s.findings.iter().filter(|f| f.kind == kind) {
            let mut line = format!(
                "  {:<4} {:<9} {}",
                escape(&f.id),
                kind.as_str(),
                escape(&f.text)
            );
            if let Some(src) = &f.source {
                let _ = write!(line, " (source: {})", escape(src));
            }
            match f.status {
                FindingStatus::Open => {}
                FindingStatus::Delegated => {
                    let to = f
                        .delegated_to
                        .as_ref()
                        .map(|p| p.name.as_str())
                        .unwrap_or("?");
                    let flag = if view.overdue_findings.contains(&f.id) {
                        "OVERDUE "
                    } else {
                        ""
                    };
                    let _ = write!(line, " {flag}[delegated to {}", escape(to));
                    // A closed incident's clocks have stopped: no countdown.
                    match f.report_back_at {
                        Some(at) if s.is_open() => {
                            let _ = write!(line, ", report back {}", deadline(at, view.now));
                        }
                        Some(at) => {
                            let _ = write!(line, ", report back {}", time(at));
                        }
                        None => {}
                    }
                    line.push(']');
                }
                status => {
                    let _ = write!(line, " [{status}");
                    if let Some(r) = &f.resolution {
                        let _ = write!(line, ": {}", escape(r));
                    }
                    line.push(']');
                }
            }
            let _ = writeln!(out, "{line}");
        }
    }
    for a in &s.assessments {
        let _ = writeln!(
            out,
            "  {} × {}: {}",
            escape(&a.suspected),
            escape(&a.known),
            a.consistency
        );
    }
}

fn work(out: &mut String, view: &IncidentView) {
    let s = &view.state;
    if !s.workstreams.is_empty() {
        let _ = writeln!(out, "\nWorkstreams");
        for w in &s.workstreams {
            let members: Vec<String> = w.members.iter().map(|m| m.name.clone()).collect();
            let state = if w.open { "" } else { " [closed]" };
            let _ = writeln!(
                out,
                "  {:<4} {} (lead {}): {}{state}",
                escape(&w.id),
                escape(&w.name),
                escape(&w.lead.name),
                names(&members)
            );
        }
    }
    if !s.recommendations.is_empty() {
        let _ = writeln!(out, "\nRecommendations");
        for r in &s.recommendations {
            let _ = writeln!(
                out,
                "  {:<4} [{}] {} (by {})",
                escape(&r.id),
                r.status,
                escape(&r.text),
                escape(&r.by.name)
            );
        }
    }
    if !s.actions.is_empty() {
        let _ = writeln!(out, "\nActions");
        for a in &s.actions {
            let overdue = view.overdue_actions.contains(&a.id);
            let flag = if overdue { "OVERDUE " } else { "" };
            // Only open work on an incident that is not closed still ticks.
            let due = if a.status.is_open() && s.is_open() {
                deadline(a.report_back_at, view.now)
            } else {
                time(a.report_back_at)
            };
            let _ = writeln!(
                out,
                "  {:<4} {flag}[{}] {} (owner {}, report back {due})",
                escape(&a.id),
                a.status,
                escape(&a.title),
                escape(&a.owner.name),
            );
            if let Some(report) = &a.report {
                let _ = writeln!(out, "       {}", escape(report));
            }
        }
    }
    if !s.decisions.is_empty() {
        let _ = writeln!(out, "\nDecisions");
        for d in &s.decisions {
            let _ = writeln!(
                out,
                "  {:<4} {} (by {}, {})",
                escape(&d.id),
                escape(&d.text),
                escape(&d.by.name),
                time(d.at)
            );
            let _ = writeln!(out, "       because {}", escape(&d.rationale));
        }
    }
    if !s.communications.is_empty() {
        let _ = writeln!(out, "\nCommunications");
        for c in &s.communications {
            let _ = writeln!(
                out,
                "  {:<4} [{}] {} to {} ({})",
                escape(&c.id),
                c.status,
                escape(&c.subject),
                escape(&c.recipients.join(", ")),
                c.audience
            );
        }
    }
    if !s.briefings.is_empty() {
        let _ = writeln!(out, "\nBriefings");
        for b in &s.briefings {
            let _ = writeln!(
                out,
                "  {:<4} {} at {}: {}",
                escape(&b.id),
                escape(&b.stakeholder),
                time(b.at),
                escape(&b.summary)
            );
        }
    }
    if let Some(r) = &s.review {
        let _ = writeln!(out, "\nReview");
        let _ = writeln!(out, "  went well: {}", escape(&r.went_well));
        let _ = writeln!(out, "  even better if: {}", escape(&r.even_better_if));
        for l in &r.lessons {
            let _ = writeln!(out, "  lesson: {}", escape(l));
        }
    }
    if !s.preventive_actions.is_empty() {
        let _ = writeln!(out, "\nPreventive actions");
        for p in &s.preventive_actions {
            let state = if p.done { "done" } else { "open" };
            let flag = if view.overdue_preventive_actions.contains(&p.id) {
                "OVERDUE "
            } else {
                ""
            };
            let due = if p.done {
                time(p.due)
            } else {
                deadline(p.due, view.now)
            };
            let from = p
                .action
                .as_deref()
                .map(|a| format!(", carried from {}", escape(a)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<4} {flag}[{state}] {} (owner {}, due {due}{from})",
                escape(&p.id),
                escape(&p.title),
                escape(&p.owner.name),
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} log entries; head {}",
        s.seq,
        escape(short_hash(&s.head_hash))
    );
}

pub(super) fn short_hash(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

#[cfg(test)]
mod tests;
