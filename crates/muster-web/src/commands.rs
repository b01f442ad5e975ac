//! Every form of the room posts here. The form names a command; its fields
//! become the same `Command` the JSON API takes, which the application resolves
//! and submits through the committer. Refusals come
//! back as the domain's own words, with the rule they cite.

use crate::error::WebError;
use crate::fields::Fields;
use crate::respond::{done, refused};
use crate::room;
use crate::session::WebUser;
use crate::time::{end_of_day, minutes_from_now};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use jiff::{SignedDuration, Timestamp};
use muster_app::App;
use muster_app::AppError;
use muster_app::describe;
use muster_domain::calls::CallInput;
use muster_domain::{Command, PreventiveActionInput, ReviewInput};

fn report_back(form: &Fields, field: &str, now: Timestamp) -> Result<Timestamp, AppError> {
    minutes_from_now(field, form.number(field)?, now)
}

fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The posted form as the API command it stands for.
pub fn to_command(form: &Fields, now: Timestamp) -> Result<Command<String>, AppError> {
    let command = form.get("command").unwrap_or("");
    Ok(match command {
        "assign" => Command::AssignRole {
            person: form.text("person")?,
            role: form.word("role")?,
        },
        "stand-down" => Command::StandDown {
            person: form.text("person")?,
            role: form.word("role")?,
            reason: form.text("reason")?,
        },
        "workstream" => Command::CreateWorkstream {
            name: form.text("name")?,
            lead: form.text("lead")?,
        },
        "workstream-add" => Command::AddWorkstreamMember {
            workstream: form.text("workstream")?,
            person: form.text("person")?,
        },
        "workstream-remove" => Command::RemoveWorkstreamMember {
            workstream: form.text("workstream")?,
            person: form.text("person")?,
        },
        "workstream-close" => Command::CloseWorkstream {
            workstream: form.text("workstream")?,
            reason: form.text("reason")?,
        },
        "finding" => Command::AddFinding {
            kind: form.word("kind")?,
            text: form.text("text")?,
            source: form.opt("source"),
        },
        "delegate" => Command::DelegateFinding {
            finding: form.text("finding")?,
            to: form.text("to")?,
            report_back_at: report_back(form, "report_back_in", now)?,
        },
        "settle" => Command::ResolveFinding {
            finding: form.text("finding")?,
            status: form.word("status")?,
            text: form.text("text")?,
        },
        "assess" => Command::AssessFinding {
            suspected: form.text("suspected")?,
            known: form.text("known")?,
            consistency: form.word("consistency")?,
        },
        "recommend" => Command::Recommend {
            text: form.text("text")?,
        },
        "approve" => Command::Approve {
            recommendation: form.text("recommendation")?,
            owner: form.opt("owner"),
            report_back_at: report_back(form, "report_back_in", now)?,
            rationale: form.text("rationale")?,
        },
        "reject" => Command::Reject {
            recommendation: form.text("recommendation")?,
            rationale: form.text("rationale")?,
        },
        "action" => Command::CreateAction {
            title: form.text("title")?,
            owner: form.text("owner")?,
            report_back_at: report_back(form, "report_back_in", now)?,
        },
        "action-update" => Command::UpdateAction {
            action: form.text("action")?,
            status: form.word("status")?,
            report: form.opt("report"),
            report_back_at: match form.get("report_back_in") {
                Some(_) => Some(report_back(form, "report_back_in", now)?),
                None => None,
            },
        },
        "action-reassign" => Command::ReassignAction {
            action: form.text("action")?,
            owner: form.text("owner")?,
            report_back_at: report_back(form, "report_back_in", now)?,
        },
        "cancel-action" => Command::CancelAction {
            action: form.text("action")?,
            reason: form.text("reason")?,
        },
        "carry-action" => Command::CarryAction {
            action: form.text("action")?,
            due: end_of_day("due", form.get("due").unwrap_or(""))?,
            owner: form.opt("owner"),
        },
        "decide" => Command::RecordDecision {
            text: form.text("text")?,
            rationale: form.text("rationale")?,
            by: form.opt("by"),
        },
        "note" => Command::AddNote {
            text: form.text("text")?,
        },
        "correct" => Command::Correct {
            seq: form.number("seq")?,
            text: form.text("text")?,
        },
        "escalate" => Command::Escalate {
            severity: form.opt("severity"),
            category: form.opt("category"),
            reason: form.text("reason")?,
            suggestion: form.opt("suggestion"),
        },
        "suggest-escalation" => Command::SuggestEscalation {
            severity: form.opt("severity"),
            category: form.opt("category"),
            reason: form.text("reason")?,
        },
        "decline-escalation" => Command::DeclineEscalation {
            suggestion: form.text("suggestion")?,
            reason: form.text("reason")?,
        },
        "phase" => Command::ChangePhase {
            to: form.word("to")?,
            reason: form.text("reason")?,
        },
        "resolve" => Command::Resolve {
            reason: form.text("reason")?,
        },
        "restrict" => Command::SetRestricted {
            restricted: form.get("restricted") == Some("yes"),
            reason: form.text("reason")?,
        },
        "handover" => Command::BriefHandover {
            to: form.text("to")?,
            brief: form.text("brief")?,
            outgoing_role: form.opt_word("outgoing_role")?,
        },
        "acknowledge-handover" => Command::AcknowledgeHandover,
        "cancel-handover" => Command::CancelHandover {
            reason: form.text("reason")?,
        },
        "assume-command" => Command::AssumeCommand {
            reason: form.text("reason")?,
        },
        "draft-communication" => Command::DraftCommunication {
            audience: form.word("audience")?,
            recipients: form
                .get("recipients")
                .unwrap_or("")
                .split([',', '\n'])
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect(),
            subject: form.text("subject")?,
            body: form.text("body")?,
        },
        "agree-communication" => Command::AgreeCommunication {
            communication: form.text("communication")?,
        },
        "send-communication" => Command::SendCommunication {
            communication: form.text("communication")?,
            via: form.text("via")?,
        },
        "briefing" => Command::RecordBriefing {
            stakeholder: form.text("stakeholder")?,
            summary: form.text("summary")?,
        },
        "review" => Command::RecordReview(ReviewInput {
            went_well: form.text("went_well")?,
            even_better_if: form.text("even_better_if")?,
            causes: form.opt("causes").unwrap_or_default(),
            response: form.opt("response").unwrap_or_default(),
            lessons: lines(form.get("lessons")),
            preventive_actions: preventive(form)?,
            thanked: form.checked("thanked"),
        }),
        "preventive-update" => Command::UpdatePreventiveAction {
            id: form.text("id")?,
            done: form.checked("done"),
            note: form.opt("note"),
        },
        "close" => Command::Close {
            reason: form.text("reason")?,
        },
        "schedule-calls" => Command::ScheduleCalls {
            cadence_minutes: match form.get("cadence_minutes") {
                Some(_) => Some(form.number("cadence_minutes")? as u32),
                None => None,
            },
            first_at: match form.get("first_in") {
                Some(_) => Some(report_back(form, "first_in", now)?),
                None => None,
            },
            bridge: form.opt("bridge"),
        },
        "record-anchor" => Command::RecordAnchor {
            anchor: form.word("anchor")?,
            at: occurred_at(form, now)?.unwrap_or(now),
        },
        "assess-obligation" => Command::AssessObligation {
            regime: form.text("regime")?,
            status: form.word("status")?,
            rationale: form.text("rationale")?,
        },
        "record-submission" => {
            let pair = form.text("regime_stage")?;
            let (regime, stage) = pair.split_once(' ').ok_or_else(|| {
                AppError::invalid("regime_stage", "choose the stage that was submitted")
            })?;
            Command::RecordSubmission {
                regime: regime.to_owned(),
                stage: stage.to_owned(),
                reference: form.text("reference")?,
                at: None,
                communication: form.opt("communication"),
            }
        }
        "record-call" => Command::RecordCall(CallInput {
            held_at: None,
            what_happened: form.text("what_happened")?,
            what_it_means: form.text("what_it_means")?,
            what_we_have_done: form.text("what_we_have_done")?,
            what_we_do_next: form.text("what_we_do_next")?,
            decisions: lines(form.get("decisions")),
            next_decision_at: match form.get("next_decision_in") {
                Some(_) => Some(report_back(form, "next_decision_in", now)?),
                None => None,
            },
        }),
        // The indicator panels' forms (issue 11).
        name if room::indicator_forms::FORMS.contains(&name) => {
            room::indicator_forms::to_command(name, form, now)?
        }
        other => {
            return Err(AppError::invalid(
                "command",
                format!("`{other}` is not something the room can do"),
            ));
        }
    })
}

/// The review form's preventive-action rows; a row with no title is skipped.
fn preventive(form: &Fields) -> Result<Vec<PreventiveActionInput<String>>, AppError> {
    let titles = form.all("pa_title");
    let owners = form.all("pa_owner");
    let dues = form.all("pa_due");
    let mut out = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        if title.is_empty() {
            continue;
        }
        let owner = owners.get(i).copied().unwrap_or("");
        if owner.is_empty() {
            return Err(AppError::invalid(
                "pa_owner",
                format!("preventive action {}: choose its owner", i + 1),
            ));
        }
        let due = dues.get(i).copied().unwrap_or("");
        out.push(PreventiveActionInput {
            title: (*title).to_owned(),
            owner: owner.to_owned(),
            due: end_of_day("pa_due", due)?,
        });
    }
    Ok(out)
}

/// When it happened, for notes logged after the fact ("5 minutes ago").
fn occurred_at(form: &Fields, now: Timestamp) -> Result<Option<Timestamp>, AppError> {
    match form.get("minutes_ago") {
        None => Ok(None),
        Some(_) => {
            let mins = form.number("minutes_ago")?;
            if mins == 0 {
                return Ok(None);
            }
            now.checked_sub(SignedDuration::from_mins(mins.min(525_600) as i64))
                .map(Some)
                .map_err(|_| AppError::invalid("minutes_ago", "that time is out of range"))
        }
    }
}

/// Only a same-page anchor: the form says which part of the room to return to.
fn anchor(form: &Fields) -> String {
    match form.get("back") {
        Some(a) if a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => format!("#{a}"),
        _ => String::new(),
    }
}

pub async fn submit(
    State(app): State<App>,
    user: WebUser,
    headers: HeaderMap,
    Path(reference): Path<String>,
    body: Bytes,
) -> Response {
    let form = Fields::parse(&body);
    let back = format!("/incidents/{reference}{}", anchor(&form));
    let outcome = async {
        user.check_csrf(form.get("csrf"))?;
        let now = Timestamp::now();
        let command = to_command(&form, now)?;
        let occurred_at = occurred_at(&form, now)?;
        // `execute` checks rule 10 itself; only its words are the room's.
        let committed = app
            .execute(&user.actor, &reference, command, occurred_at)
            .await
            .map_err(|e| room::missing_incident(&reference, e))?;
        Ok::<_, WebError>(committed)
    }
    .await;
    match outcome {
        Ok(c) => {
            let said = c
                .entries
                .first()
                .map(|e| describe::entry(e).text)
                .unwrap_or_else(|| "Nothing to record.".into());
            done(&headers, &back, format!("Logged: {said}"))
        }
        Err(e) => refused(&headers, &back, e),
    }
}
