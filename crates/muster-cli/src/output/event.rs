//! Log entries as one line each: number, time, who, and what happened in words.

use super::incident::short_hash;
use super::{log_time, time};
use muster_api::CommandResponse;
use muster_domain::LogEntry;
use muster_domain::event::{Event, PersonRef};
use muster_domain::log::Verification;

/// `#12  2026-11-27 13:16Z  Alice Ng  note: …`, with the stated time when given.
pub fn entry(e: &LogEntry) -> String {
    padded(e, 0)
}

/// Entries with the actor column aligned.
pub fn entries(entries: &[LogEntry]) -> String {
    let width = entries
        .iter()
        .map(|e| e.actor_name.chars().count())
        .max()
        .unwrap_or(0);
    entries.iter().map(|e| padded(e, width)).collect()
}

fn padded(e: &LogEntry, width: usize) -> String {
    let mut line = format!(
        "#{:<4} {}  {:<width$}  {}",
        e.seq,
        log_time(&e.recorded_at),
        e.actor_name,
        summary(e)
    );
    if let Some(at) = &e.occurred_at {
        line.push_str(&format!(" (happened {})", log_time(at)));
    }
    line.push('\n');
    line
}

pub fn command_response(r: &CommandResponse) -> String {
    let mut out = String::new();
    for e in &r.entries {
        out.push_str(&format!("{} #{}: {}\n", r.reference, e.seq, summary(e)));
    }
    if r.entries.is_empty() {
        out.push_str(&format!("{}: nothing to record.\n", r.reference));
    }
    out
}

/// The outcome of a check, naming the first broken entry.
pub fn verification(reference: &str, v: &Verification) -> String {
    match &v.first_break {
        None => format!(
            "{reference}: log whole, {} entries, head {}\n",
            v.entries,
            short_hash(&v.head_hash)
        ),
        Some(b) => format!(
            "{reference}: log BROKEN at entry #{}: {}\n({} entries check out before it)\n",
            b.seq, b.reason, v.entries
        ),
    }
}

fn who(p: &PersonRef) -> &str {
    &p.name
}

fn opt(label: &str, v: &Option<String>) -> String {
    v.as_deref()
        .map(|v| format!(" {label} {v}"))
        .unwrap_or_default()
}

/// What the entry records, in words; the raw payload when it cannot be read.
pub fn summary(e: &LogEntry) -> String {
    let Ok(event) = Event::decode(&e.kind, e.v, &e.payload) else {
        return fallback(e);
    };
    match event {
        Event::Declared(d) => format!(
            "declared \"{}\": severity {}, category {}; hypothesis: {}",
            d.title, d.severity, d.category, d.hypothesis
        ),
        Event::RoleAssigned { person, role } => format!("{} is {role}", who(&person)),
        Event::RoleStoodDown {
            person,
            role,
            reason,
        } => {
            format!("{} stood down as {role}: {reason}", who(&person))
        }
        Event::WorkstreamCreated { id, name, lead } => {
            format!("workstream {id} \"{name}\" led by {}", who(&lead))
        }
        Event::WorkstreamMemberAdded { id, person } => format!("{} joined {id}", who(&person)),
        Event::WorkstreamMemberRemoved { id, person } => format!("{} left {id}", who(&person)),
        Event::WorkstreamClosed { id, reason } => format!("workstream {id} closed: {reason}"),
        Event::FindingAdded {
            id,
            finding,
            text,
            source,
        } => match source {
            Some(source) => format!("{finding} {id}: {text} (source: {source})"),
            None => format!("{finding} {id}: {text}"),
        },
        Event::FindingDelegated {
            id,
            to,
            report_back_at,
        } => format!(
            "{id} delegated to {}, report back {}",
            who(&to),
            time(report_back_at)
        ),
        Event::FindingResolved { id, status, text } => format!("{id} {status}: {text}"),
        Event::FindingAssessed {
            suspected,
            known,
            consistency,
        } => {
            format!("{suspected} × {known}: {consistency}")
        }
        Event::RecommendationMade { id, text, by } => {
            format!("recommendation {id} by {}: {text}", who(&by))
        }
        Event::RecommendationApproved {
            id,
            decision,
            action,
            rationale,
        } => {
            format!("{id} approved ({decision}, action {action}): {rationale}")
        }
        Event::RecommendationRejected {
            id,
            decision,
            rationale,
        } => {
            format!("{id} rejected ({decision}): {rationale}")
        }
        Event::ActionCreated {
            id,
            title,
            owner,
            report_back_at,
            ..
        } => format!(
            "action {id} for {}: {title}, report back {}",
            who(&owner),
            time(report_back_at)
        ),
        Event::ActionUpdated {
            id,
            status,
            report,
            report_back_at,
        } => {
            let mut s = format!("{id} {status}");
            if let Some(r) = report {
                s.push_str(&format!(": {r}"));
            }
            if let Some(at) = report_back_at {
                s.push_str(&format!("; report back {}", time(at)));
            }
            s
        }
        Event::ActionReassigned {
            id,
            owner,
            report_back_at,
        } => format!(
            "{id} reassigned to {}, report back {}",
            who(&owner),
            time(report_back_at)
        ),
        Event::DecisionRecorded {
            id,
            text,
            rationale,
            by,
            ..
        } => {
            format!("decision {id} by {}: {text}, because {rationale}", who(&by))
        }
        Event::NoteAdded { text } => format!("note: {text}"),
        Event::Corrected { corrects, text } => format!("corrects #{corrects}: {text}"),
        Event::Escalated {
            severity,
            category,
            reason,
            suggestion,
        } => format!(
            "escalated{}{}{}: {reason}",
            opt("to severity", &severity),
            opt("category", &category),
            opt("accepting", &suggestion)
        ),
        Event::EscalationSuggested {
            id,
            severity,
            category,
            reason,
        } => format!(
            "escalation {id} suggested{}{}: {reason}",
            opt("severity", &severity),
            opt("category", &category)
        ),
        Event::EscalationDeclined { id, reason } => format!("escalation {id} declined: {reason}"),
        Event::PhaseChanged { from, to, reason } => format!("{from} -> {to}: {reason}"),
        Event::RestrictionChanged { restricted, reason } => {
            let what = if restricted {
                "restricted"
            } else {
                "unrestricted"
            };
            format!("{what}: {reason}")
        }
        Event::HandoverBriefed {
            id,
            from,
            to,
            brief,
            ..
        } => {
            format!("handover {id} from {} to {}: {brief}", who(&from), who(&to))
        }
        Event::HandoverAcknowledged { id } => format!("handover {id} acknowledged; command passed"),
        Event::HandoverCancelled { id, reason } => format!("handover {id} cancelled: {reason}"),
        Event::CommandAssumed { by, reason } => format!("{} assumed command: {reason}", who(&by)),
        Event::CommunicationDrafted {
            id,
            audience,
            subject,
            ..
        } => {
            format!("communication {id} drafted ({audience}): {subject}")
        }
        Event::CommunicationAgreed { id } => format!("communication {id} agreed"),
        Event::CommunicationSent { id, via } => format!("communication {id} sent via {via}"),
        Event::BriefingRecorded {
            id,
            stakeholder,
            summary,
        } => {
            format!("briefing {id}, {stakeholder}: {summary}")
        }
        Event::ReviewRecorded(r) => format!(
            "review recorded: {} lessons, {} preventive actions",
            r.lessons.len(),
            r.preventive_actions.len()
        ),
        Event::PreventiveActionUpdated { id, done, note } => {
            let state = if done { "done" } else { "reopened" };
            format!("preventive {id} {state}{}", opt(":", &note))
        }
        Event::Closed { reason } => format!("closed: {reason}"),
        // Kinds added to the domain since this was written read generically;
        // the arm is unreachable only while this match happens to be complete.
        #[allow(unreachable_patterns)]
        _ => fallback(e),
    }
}

/// The kind in words, with the payload's text or reason when it has one.
fn fallback(e: &LogEntry) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use muster_domain::log::{Break, GENESIS_HASH};

    fn note(seq: u64, text: &str) -> LogEntry {
        LogEntry {
            incident: uuid::Uuid::nil(),
            seq,
            recorded_at: "2026-11-27T13:16:29.123456Z".into(),
            occurred_at: None,
            actor: uuid::Uuid::nil(),
            actor_name: "Alice Ng".into(),
            kind: "note-added".into(),
            v: 1,
            payload: serde_json::json!({ "text": text }).to_string(),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn entries_read_as_sentences() {
        let mut e = note(3, "VPN logs requested");
        assert_eq!(
            entry(&e),
            "#3    2026-11-27 13:16Z  Alice Ng  note: VPN logs requested\n"
        );
        e.occurred_at = Some("2026-11-27T12:50:00.000000Z".into());
        assert!(entry(&e).ends_with("(happened 2026-11-27 12:50Z)\n"));
        e.kind = "future-kind".into();
        assert_eq!(summary(&e), "future kind: VPN logs requested");
        e.payload = "{}".into();
        assert_eq!(summary(&e), "future kind");
    }

    #[test]
    fn entries_align_the_actor_column() {
        let mut bo = note(4, "b");
        bo.actor_name = "Bo".into();
        assert_eq!(
            entries(&[note(3, "a"), bo]),
            "#3    2026-11-27 13:16Z  Alice Ng  note: a\n#4    2026-11-27 13:16Z  Bo        note: b\n"
        );
    }

    #[test]
    fn verification_names_the_first_broken_entry() {
        let mut v = Verification {
            entries: 4,
            head_hash: "cd".repeat(32),
            first_break: None,
        };
        assert_eq!(
            verification("INC-1", &v),
            "INC-1: log whole, 4 entries, head cdcdcdcdcdcd\n"
        );
        v.first_break = Some(Break {
            seq: 5,
            reason: "the entry was altered".into(),
        });
        assert!(
            verification("INC-1", &v)
                .starts_with("INC-1: log BROKEN at entry #5: the entry was altered")
        );
    }
}
