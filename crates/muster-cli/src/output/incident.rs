//! `muster incidents` and `muster show`: the roll call first (rule 1's one
//! glance), then what needs attention, then the board and the work.

use super::{deadline, time};
use muster_api::{IncidentStateView, IncidentView};
use muster_domain::vocab::{FindingKind, FindingStatus};
use std::fmt::Write as _;

fn names(names: &[String]) -> String {
    if names.is_empty() {
        "-".to_owned()
    } else {
        names.join(", ")
    }
}

pub fn incident(view: &IncidentView) -> String {
    let s = &view.state;
    let mut out = String::new();
    let phase = s
        .phase
        .map(|p| p.to_string())
        .unwrap_or_else(|| "undeclared".to_owned());
    let _ = writeln!(out, "{}  {}", s.reference, s.title);
    let mut facts = vec![
        phase,
        format!("severity {}", s.severity),
        format!("category {}", s.category),
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
        let _ = writeln!(out, "Hypothesis: {}", s.hypothesis);
    }

    let rc = &view.roll_call;
    let _ = writeln!(out, "\nRoll call");
    let im = rc
        .incident_manager
        .as_deref()
        .unwrap_or("NONE: no one is in command");
    for (role, who) in [
        ("incident manager", im.to_owned()),
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
            h.id,
            h.from.name,
            h.to.name,
            time(h.briefed_at)
        );
    }

    if !view.gaps.is_empty() || view.span_of_control.warning.is_some() {
        let _ = writeln!(out, "\nNeeds attention");
        for g in &view.gaps {
            match g.rule {
                Some(rule) => {
                    let _ = writeln!(out, "  ! {} ({rule}; blocks resolving)", g.message);
                }
                None => {
                    let _ = writeln!(out, "  - {}", g.message);
                }
            }
        }
        if let Some(w) = &view.span_of_control.warning {
            let soc = &view.span_of_control;
            let _ = writeln!(
                out,
                "  ! {w} ({} direct reports, limit {})",
                soc.direct_reports, soc.limit
            );
        }
    }
    for e in s.escalation_suggestions.iter().filter(|e| e.open) {
        let change = [
            e.severity.as_deref().map(|v| format!("severity {v}")),
            e.category.as_deref().map(|v| format!("category {v}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        let _ = writeln!(
            out,
            "  ? escalation {} suggested: {change} ({})",
            e.id, e.reason
        );
    }

    board(&mut out, s);
    work(&mut out, view);
    out
}

fn board(out: &mut String, s: &IncidentStateView) {
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
            let mut line = format!("  {:<4} {:<9} {}", f.id, kind.as_str(), f.text);
            if let Some(src) = &f.source {
                let _ = write!(line, " (source: {src})");
            }
            match f.status {
                FindingStatus::Open => {}
                FindingStatus::Delegated => {
                    let to = f
                        .delegated_to
                        .as_ref()
                        .map(|p| p.name.as_str())
                        .unwrap_or("?");
                    let _ = write!(line, " [delegated to {to}");
                    if let Some(at) = f.report_back_at {
                        let _ = write!(line, ", report back {}", time(at));
                    }
                    line.push(']');
                }
                status => {
                    let _ = write!(line, " [{status}");
                    if let Some(r) = &f.resolution {
                        let _ = write!(line, ": {r}");
                    }
                    line.push(']');
                }
            }
            let _ = writeln!(out, "{line}");
        }
    }
    for a in &s.assessments {
        let _ = writeln!(out, "  {} × {}: {}", a.suspected, a.known, a.consistency);
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
                w.id,
                w.name,
                w.lead.name,
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
                r.id, r.status, r.text, r.by.name
            );
        }
    }
    if !s.actions.is_empty() {
        let _ = writeln!(out, "\nActions");
        for a in &s.actions {
            let overdue = view.overdue_actions.contains(&a.id);
            let flag = if overdue { "OVERDUE " } else { "" };
            let _ = writeln!(
                out,
                "  {:<4} {flag}[{}] {} (owner {}, report back {})",
                a.id,
                a.status,
                a.title,
                a.owner.name,
                deadline(a.report_back_at, view.now)
            );
            if let Some(report) = &a.report {
                let _ = writeln!(out, "       {report}");
            }
        }
    }
    if !s.decisions.is_empty() {
        let _ = writeln!(out, "\nDecisions");
        for d in &s.decisions {
            let _ = writeln!(
                out,
                "  {:<4} {} (by {}, {})",
                d.id,
                d.text,
                d.by.name,
                time(d.at)
            );
            let _ = writeln!(out, "       because {}", d.rationale);
        }
    }
    if !s.communications.is_empty() {
        let _ = writeln!(out, "\nCommunications");
        for c in &s.communications {
            let _ = writeln!(
                out,
                "  {:<4} [{}] {} to {} ({})",
                c.id,
                c.status,
                c.subject,
                c.recipients.join(", "),
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
                b.id,
                b.stakeholder,
                time(b.at),
                b.summary
            );
        }
    }
    if let Some(r) = &s.review {
        let _ = writeln!(out, "\nReview");
        let _ = writeln!(out, "  went well: {}", r.went_well);
        let _ = writeln!(out, "  even better if: {}", r.even_better_if);
        for l in &r.lessons {
            let _ = writeln!(out, "  lesson: {l}");
        }
    }
    if !s.preventive_actions.is_empty() {
        let _ = writeln!(out, "\nPreventive actions");
        for p in &s.preventive_actions {
            let state = if p.done { "done" } else { "open" };
            let _ = writeln!(
                out,
                "  {:<4} [{state}] {} (owner {}, due {})",
                p.id,
                p.title,
                p.owner.name,
                time(p.due)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} log entries; head {}",
        s.seq,
        short_hash(&s.head_hash)
    );
}

pub(super) fn short_hash(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_api::{ActionView, GapView, PersonRefView, RollCall, SpanOfControl};
    use muster_domain::vocab::{ActionStatus, Phase};

    fn person(name: &str) -> PersonRefView {
        PersonRefView {
            id: uuid::Uuid::nil(),
            name: name.to_owned(),
            expertise: vec![],
            chat_handle: None,
        }
    }

    fn view() -> IncidentView {
        let now = "2026-11-27T13:00:00Z".parse().unwrap();
        let mut state = IncidentStateView {
            reference: "INC-2026-0007".into(),
            title: "Customer records exposed".into(),
            severity: "high".into(),
            category: "data-breach".into(),
            security: true,
            restricted: true,
            phase: Some(Phase::Hot),
            seq: 12,
            head_hash: "ab".repeat(32),
            ..Default::default()
        };
        state.actions.push(ActionView {
            id: "A1".into(),
            title: "Rotate the leaked key".into(),
            owner: person("Carol"),
            report_back_at: "2026-11-27T12:30:00Z".parse().unwrap(),
            status: ActionStatus::InProgress,
            report: None,
            recommendation: None,
            created_at: now,
        });
        IncidentView {
            roll_call: RollCall {
                incident_manager: Some("Alice".into()),
                deputy: vec!["Bob".into()],
                secretariat: vec![],
                sme: vec!["Carol".into(), "Dan".into()],
                comms_lead: vec![],
                liaison: vec![],
            },
            gaps: vec![GapView {
                code: "data-privacy".into(),
                message: "needs a member of the data privacy team".into(),
                rule: Some(muster_domain::Rule::Composition),
            }],
            span_of_control: SpanOfControl {
                direct_reports: 9,
                limit: 8,
                warning: Some("split off a workstream".into()),
            },
            overdue_actions: vec!["A1".into()],
            now,
            state,
        }
    }

    #[test]
    fn show_leads_with_the_roll_call_and_flags_what_needs_attention() {
        let text = incident(&view());
        let roll_call = text.find("Roll call").unwrap();
        assert!(roll_call < text.find("Needs attention").unwrap());
        assert!(text.contains("  incident manager  Alice\n"));
        assert!(text.contains("  deputy            Bob\n"));
        assert!(text.contains("  secretariat       -\n"));
        assert!(text.contains("  sme               Carol, Dan\n"));
        assert!(
            text.contains("! needs a member of the data privacy team (rule 4; blocks resolving)")
        );
        assert!(text.contains("! split off a workstream (9 direct reports, limit 8)"));
        assert!(text.contains(
            "A1   OVERDUE [in-progress] Rotate the leaked key (owner Carol, report back 2026-11-27 12:30Z (30m ago))"
        ));
        assert!(text.ends_with("12 log entries; head abababababab\n"));
    }

    #[test]
    fn a_missing_commander_is_loud() {
        let mut v = view();
        v.roll_call.incident_manager = None;
        assert!(incident(&v).contains("incident manager  NONE: no one is in command"));
    }
}
