//! Log entries in words, for people reading a timeline or a printed report:
//! a short label for the kind of change and one plain sentence.

use muster_domain::LogEntry;
use muster_domain::event::{Event, PersonRef};

/// What an entry records: `label` names the kind of change (for styling and
/// scanning), `text` says it in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub label: &'static str,
    pub text: String,
}

#[path = "describe_indicators.rs"]
mod indicators;

pub(crate) fn d(label: &'static str, text: String) -> Described {
    Described { label, text }
}

fn who(p: &PersonRef) -> &str {
    &p.name
}

fn change(severity: &Option<String>, category: &Option<String>) -> String {
    match (severity, category) {
        (Some(s), Some(c)) => format!("severity {s}, category {c}"),
        (Some(s), None) => format!("severity {s}"),
        (None, Some(c)) => format!("category {c}"),
        (None, None) => "no change".into(),
    }
}

/// Describes `entry`; an entry this version cannot decode (a kind added
/// later) is shown by its kind in words, with the payload's text or reason
/// when it has one.
pub fn entry(entry: &LogEntry) -> Described {
    match Event::decode(&entry.kind, entry.v, &entry.payload) {
        Ok(event) => event_text(&event),
        Err(_) => d("entry", undecoded(entry)),
    }
}

/// One line for a terminal or a list: `label: sentence`.
pub fn line(entry: &LogEntry) -> String {
    let Described { label, text } = self::entry(entry);
    format!("{label}: {text}")
}

fn undecoded(e: &LogEntry) -> String {
    let kind = e.kind.replace('-', " ");
    let payload: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
    let detail = ["text", "reason", "summary", "subject"]
        .iter()
        .find_map(|k| payload.get(k).and_then(serde_json::Value::as_str));
    match detail {
        Some(detail) => format!("{kind}: {detail}"),
        None => kind,
    }
}

pub fn event_text(event: &Event) -> Described {
    use Event as E;
    match event {
        E::Declared(x) => d(
            "declared",
            format!(
                "Declared “{}”: {}, {}. Working hypothesis: {}",
                x.title, x.severity, x.category, x.hypothesis
            ),
        ),
        E::RoleAssigned { person, role } => d("team", format!("{} is now {role}", who(person))),
        E::RoleStoodDown {
            person,
            role,
            reason,
        } => d(
            "team",
            format!("{} stood down as {role}: {reason}", who(person)),
        ),
        E::WorkstreamCreated { id, name, lead } => d(
            "team",
            format!("Workstream {id} “{name}” split off, led by {}", who(lead)),
        ),
        E::WorkstreamMemberAdded { id, person } => {
            d("team", format!("{} joined workstream {id}", who(person)))
        }
        E::WorkstreamMemberRemoved { id, person } => {
            d("team", format!("{} left workstream {id}", who(person)))
        }
        E::WorkstreamClosed { id, reason } => {
            d("team", format!("Workstream {id} closed: {reason}"))
        }
        E::FindingAdded {
            id,
            finding,
            text,
            source,
        } => d(
            "board",
            match source {
                Some(s) => format!("{id} {finding}: {text} (source: {s})"),
                None => format!("{id} {finding}: {text}"),
            },
        ),
        E::FindingDelegated {
            id,
            to,
            report_back_at,
        } => d(
            "board",
            format!(
                "{id} delegated to {}, report back by {}",
                who(to),
                short_time(*report_back_at)
            ),
        ),
        E::FindingResolved { id, status, text } => d("board", format!("{id} {status}: {text}")),
        E::FindingAssessed {
            suspected,
            known,
            consistency,
        } => d("board", format!("{suspected} × {known}: {consistency}")),
        E::RecommendationMade { id, text, by } => d(
            "recommendation",
            format!("{} recommends ({id}): {text}", who(by)),
        ),
        E::RecommendationApproved { id, action, .. } => d(
            "decision",
            format!("{id} approved; it becomes action {action}"),
        ),
        E::RecommendationRejected { id, rationale, .. } => {
            d("decision", format!("{id} rejected: {rationale}"))
        }
        E::ActionCreated {
            id,
            title,
            owner,
            report_back_at,
            ..
        } => d(
            "action",
            format!(
                "Action {id} for {}: {title} (report back by {})",
                who(owner),
                short_time(*report_back_at)
            ),
        ),
        E::ActionUpdated {
            id, status, report, ..
        } => d(
            "action",
            match report {
                Some(r) => format!("Action {id} {status}: {r}"),
                None => format!("Action {id} {status}"),
            },
        ),
        E::ActionReassigned {
            id,
            owner,
            report_back_at,
        } => d(
            "action",
            format!(
                "Action {id} reassigned to {}, report back by {}",
                who(owner),
                short_time(*report_back_at)
            ),
        ),
        E::ActionCarried {
            id,
            preventive,
            owner,
            due,
        } => d(
            "review",
            format!(
                "Action {id} carried into the review as preventive action {preventive} for {}, due {}",
                who(owner),
                short_time(*due)
            ),
        ),
        E::DecisionRecorded {
            id,
            text,
            rationale,
            by,
            ..
        } => d(
            "decision",
            format!(
                "{id} decided by {}: {text} (rationale: {rationale})",
                who(by)
            ),
        ),
        E::NoteAdded { text } => d("note", text.clone()),
        E::Corrected { corrects, text } => d(
            "correction",
            format!("Correction to entry #{corrects}: {text}"),
        ),
        E::Escalated {
            severity,
            category,
            reason,
            ..
        } => d(
            "escalation",
            format!("Escalated to {}: {reason}", change(severity, category)),
        ),
        E::EscalationSuggested {
            id,
            severity,
            category,
            reason,
        } => d(
            "escalation",
            format!(
                "Deputy suggests escalation {id} to {}: {reason}",
                change(severity, category)
            ),
        ),
        E::EscalationDeclined { id, reason } => {
            d("escalation", format!("Escalation {id} declined: {reason}"))
        }
        E::PhaseChanged { from, to, reason } => {
            d("phase", format!("Phase {from} → {to}: {reason}"))
        }
        E::ScopeChanged {
            security,
            personal_data,
            reason,
        } => {
            let mut said = Vec::new();
            if let Some(s) = security {
                said.push(if *s {
                    "now a security incident".to_owned()
                } else {
                    "no longer a security incident".to_owned()
                });
            }
            if let Some(p) = personal_data {
                said.push(format!("personal data: {p}"));
            }
            d(
                "escalation",
                format!("Scope re-classified, {}: {reason}", said.join(", ")),
            )
        }
        E::RestrictionChanged { restricted, reason } => d(
            "restriction",
            format!(
                "{}: {reason}",
                if *restricted {
                    "Restricted to the team"
                } else {
                    "No longer restricted"
                }
            ),
        ),
        E::HandoverBriefed { id, from, to, .. } => d(
            "handover",
            format!(
                "{} briefed {} to take command (handover {id})",
                who(from),
                who(to)
            ),
        ),
        E::HandoverAcknowledged { id } => d(
            "handover",
            format!("Handover {id} acknowledged: command has passed"),
        ),
        E::HandoverCancelled { id, reason } => {
            d("handover", format!("Handover {id} cancelled: {reason}"))
        }
        E::CommandAssumed { by, reason } => {
            d("handover", format!("{} assumed command: {reason}", who(by)))
        }
        E::CommunicationDrafted {
            id,
            audience,
            subject,
            ..
        } => d(
            "communication",
            format!("Communication {id} drafted for {audience}: {subject}"),
        ),
        E::CommunicationAgreed { id } => d(
            "communication",
            format!("Communication {id} agreed by the incident manager"),
        ),
        E::CommunicationSent { id, via } => d(
            "communication",
            format!("Communication {id} sent via {via}"),
        ),
        E::BriefingRecorded {
            id,
            stakeholder,
            summary,
        } => d(
            "briefing",
            format!("Briefing {id}: {stakeholder} — {summary}"),
        ),
        E::ReviewRecorded(r) => d(
            "review",
            format!(
                "Review recorded: {} lesson(s), {} preventive action(s)",
                r.lessons.len(),
                r.preventive_actions.len()
            ),
        ),
        E::PreventiveActionUpdated { id, done, note } => d(
            "review",
            format!(
                "Preventive action {id} {}{}",
                if *done { "done" } else { "reopened" },
                note.as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
        ),
        E::Closed { reason } => d("closed", format!("Closed: {reason}")),
        E::BreakAcknowledged {
            seq,
            problem,
            reason,
            ..
        } => d(
            "integrity",
            format!("Break in the log at entry {seq} acknowledged: {problem}. Why: {reason}"),
        ),
        E::AnchorRecorded { .. }
        | E::JurisdictionsSet { .. }
        | E::ObligationAssessed { .. }
        | E::SubmissionRecorded { .. }
        | E::DeadlinesComputed { .. } => crate::describe_obligations::event(event),
        E::IndicatorAdded(_)
        | E::SightingRecorded(_)
        | E::IndicatorLinked { .. }
        | E::TimelineEventAdded(_)
        | E::FindingCited { .. }
        | E::EvidenceAdded(_)
        | E::CustodyTransferred { .. }
        | E::CustodyAcknowledged { .. } => indicators::event_text(event),
        // Kinds added after this file was written still show, plainly.
        #[allow(unreachable_patterns)]
        other => d(
            "entry",
            format!("{}: {}", other.kind(), other.payload_json()),
        ),
    }
}

/// `2026-11-27 13:16Z`: minutes are what people coordinate by.
pub fn short_time(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%MZ").to_string()
}

/// The same for a log entry's stored RFC 3339 time; unparseable text is shown as is.
pub fn short_log_time(t: &str) -> String {
    t.parse::<jiff::Timestamp>()
        .map(short_time)
        .unwrap_or_else(|_| t.to_owned())
}
