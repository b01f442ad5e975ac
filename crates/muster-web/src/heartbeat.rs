//! The heartbeat call as a page the incident manager runs the call from:
//! the roll call to read out, the four questions pre-filled from the log
//! since the last call, decisions recorded as they are made, the next
//! decision point agreed, and the call record logged. Its forms build the
//! same `Command`s as the room's (`decide`, `record-call`), through the
//! same `App::execute`; only where the browser comes back to differs.

use crate::commands::to_command;
use crate::error::WebError;
use crate::fields::Fields;
use crate::layout::{Layout, render};
use crate::respond::{done, refused};
use crate::room;
use crate::session::WebUser;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use muster_app::{App, AppError, describe};
use muster_domain::calls::{QUESTIONS, next_calls, schedule};
use muster_domain::{IncidentState, LogEntry, Role};

/// The kinds of entry that answer each of the four questions.
const HAPPENED: &[&str] = &[
    "finding-added",
    "sighting-recorded",
    "indicator-added",
    "timeline-event-added",
    "evidence-added",
    "note-added",
    "anchor-recorded",
];
const MEANS: &[&str] = &[
    "finding-assessed",
    "escalated",
    "escalation-suggested",
    "phase-changed",
    "scope-changed",
    "restriction-changed",
    "jurisdictions-set",
    "obligation-assessed",
    "recommendation-made",
];
const DONE: &[&str] = &[
    "action-updated",
    "finding-resolved",
    "decision-recorded",
    "recommendation-approved",
    "recommendation-rejected",
    "communication-sent",
    "submission-recorded",
    "briefing-recorded",
    "role-assigned",
    "workstream-created",
    "custody-transferred",
];

/// The four answers drafted from the entries since the last call (oldest
/// first) and what is still open: a draft for the incident manager to edit,
/// never a record by itself.
pub fn prefill(since: &[LogEntry], s: &IncidentState, now: Timestamp) -> [String; 4] {
    let lines = |kinds: &[&str]| -> String {
        since
            .iter()
            .filter(|e| kinds.contains(&e.kind.as_str()))
            .map(|e| format!("- {}", describe::entry(e).text))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut next: Vec<String> = s
        .actions
        .iter()
        .filter(|a| a.status.is_open())
        .map(|a| {
            format!(
                "- {} {} — {}, report back {}{}",
                a.id,
                a.title,
                a.owner.name,
                crate::time::short(a.report_back_at, now),
                if a.is_overdue(now) { " (OVERDUE)" } else { "" }
            )
        })
        .collect();
    next.extend(
        s.findings
            .iter()
            .filter(|f| f.status == muster_domain::FindingStatus::Delegated)
            .map(|f| {
                let who = f
                    .delegated_to
                    .as_ref()
                    .map(|p| p.name.as_str())
                    .unwrap_or("");
                format!("- {} {} — with {who}", f.id, f.text)
            }),
    );
    let or_none = |t: String| {
        if t.is_empty() {
            "- nothing new logged".to_owned()
        } else {
            t
        }
    };
    [
        or_none(lines(HAPPENED)),
        or_none(lines(MEANS)),
        or_none(lines(DONE)),
        if next.is_empty() {
            "- no open action".to_owned()
        } else {
            next.join("\n")
        },
    ]
}

pub struct RollLine {
    pub role: String,
    pub name: String,
}

pub struct Question {
    pub label: &'static str,
    pub name: &'static str,
    pub draft: String,
}

pub struct DecisionLine {
    pub id: String,
    pub text: String,
    pub by: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "heartbeat.html")]
struct CallPage {
    layout: Layout,
    reference: String,
    title: String,
    roll_call: Vec<RollLine>,
    questions: Vec<Question>,
    /// Decisions recorded since the last call: made on this call, so far.
    decisions: Vec<DecisionLine>,
    last_call: Option<String>,
    next_call: Option<String>,
    next_decision: Option<String>,
    open: bool,
}

const NAMES: [&str; 4] = [
    "what_happened",
    "what_it_means",
    "what_we_have_done",
    "what_we_do_next",
];

pub async fn page(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Result<Response, WebError> {
    let what = format!("GET /incidents/{reference}/call");
    let s = room::load(&app, &user, &reference, &what).await?;
    let now = Timestamp::now();
    let entries = app.all_entries(s.id).await?;
    // Everything after the last call's record.
    let from = entries
        .iter()
        .rposition(|e| e.kind == "call-recorded")
        .map_or(0, |i| i + 1);
    let since = &entries[from..];
    let drafts = prefill(since, &s, now);
    let questions = QUESTIONS
        .iter()
        .zip(NAMES)
        .zip(drafts)
        .map(|((label, name), draft)| Question { label, name, draft })
        .collect();
    let since_seq = since.first().map_or(u64::MAX, |e| e.seq);
    let decisions = s
        .decisions
        .iter()
        .filter(|d| d.seq >= since_seq)
        .map(|d| DecisionLine {
            id: d.id.clone(),
            text: d.text.clone(),
            by: d.by.name.clone(),
            at: crate::time::short(d.at, now),
        })
        .collect();
    let mut roll_call = Vec::new();
    for role in Role::ALL {
        for p in s.holders(*role) {
            roll_call.push(RollLine {
                role: role.to_string(),
                name: p.name.clone(),
            });
        }
    }
    let next_call = schedule(&s, app.policy())
        .and_then(|sc| next_calls(&sc, now, 1).into_iter().next())
        .map(|t| crate::time::short(t, now));
    let layout = Layout::new(format!("Heartbeat call · {}", s.reference), &user, &headers);
    let had_flash = layout.flash.is_some();
    Ok(render(
        StatusCode::OK,
        &headers,
        had_flash,
        &CallPage {
            layout,
            reference: s.reference.clone(),
            title: s.title.clone(),
            roll_call,
            questions,
            decisions,
            last_call: s
                .call_records
                .last()
                .map(|c| format!("{} at {}", c.id, crate::time::short(c.held_at, now))),
            next_call,
            next_decision: s.next_decision_at.map(|t| crate::time::short(t, now)),
            open: s.is_open(),
        },
    ))
}

/// The call page's two forms: a decision as it is made, and the record.
pub async fn submit(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    body: Bytes,
) -> Response {
    let form = Fields::parse(&body);
    let back = format!("/incidents/{reference}/call");
    let outcome = async {
        user.check_csrf(form.get("csrf"))?;
        let command = match form.get("command") {
            Some("decide" | "record-call") => to_command(&form, Timestamp::now())?,
            other => {
                return Err(WebError::Api(AppError::invalid(
                    "command",
                    format!(
                        "the call page records a decision or the call, not `{}`",
                        other.unwrap_or("")
                    ),
                )));
            }
        };
        app.execute(&user.actor, &reference, command, None)
            .await
            .map_err(|e| room::missing_incident(&reference, e))
    }
    .await;
    match outcome {
        Ok(c) => {
            let said = c
                .entries
                .first()
                .map(|e| describe::entry(e).text)
                .unwrap_or_else(|| "Nothing to record.".into());
            // The record ends the call: back to the room, where it shows.
            let to = if form.get("command") == Some("record-call") {
                format!("/incidents/{reference}#command")
            } else {
                back.clone()
            };
            done(&headers, &to, format!("Logged: {said}"))
        }
        Err(e) => refused(&headers, &back, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64, event: muster_domain::Event) -> LogEntry {
        LogEntry {
            incident: uuid::Uuid::nil(),
            seq,
            recorded_at: "2026-12-04T01:00:00.000000Z".into(),
            occurred_at: None,
            actor: uuid::Uuid::nil(),
            actor_name: "Olivia Park".into(),
            kind: event.kind().into(),
            v: muster_domain::Event::VERSION,
            payload: event.payload_json(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn each_question_is_drafted_from_its_own_entries() {
        use muster_domain::Event;
        let since = [
            entry(
                5,
                Event::NoteAdded {
                    text: "Payroll logins from a new ASN".into(),
                },
            ),
            entry(
                6,
                Event::PhaseChanged {
                    from: muster_domain::Phase::Hot,
                    to: muster_domain::Phase::Warm,
                    reason: "contained".into(),
                },
            ),
        ];
        let s = IncidentState::new(uuid::Uuid::nil());
        let [happened, means, done, next] = prefill(&since, &s, Timestamp::now());
        assert!(
            happened.contains("Payroll logins from a new ASN"),
            "{happened}"
        );
        assert!(!happened.contains("warm"), "{happened}");
        assert!(means.to_lowercase().contains("warm"), "{means}");
        assert_eq!(done, "- nothing new logged");
        assert_eq!(next, "- no open action");
    }
}
