//! Recommendations (rule 5), actions (rules 2 and 3), decisions, notes and
//! corrections (rule 9), communications (rule 6) and briefings.

use crate::command::Context;
use crate::event::{Event, PersonRef};
use crate::guard;
use crate::permit::{self, Kind};
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::{Action, IncidentState};
use crate::vocab::{ActionStatus, Audience, CommunicationStatus, RecommendationStatus};
use jiff::Timestamp;

pub fn recommend(state: &IncidentState, ctx: &Context, text: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::Recommend)?;
    Ok(vec![Event::RecommendationMade {
        id: guard::next_id("R", state.recommendations.len()),
        text: guard::text("text", text)?,
        by: ctx.actor.clone(),
    }])
}

fn pending<'a>(state: &'a IncidentState, id: &str) -> Decision<&'a crate::state::Recommendation> {
    let r = state.recommendation(id).ok_or_else(|| {
        Rejection::not_found(
            "recommendation",
            format!("{} has no recommendation {id}", state.reference),
        )
    })?;
    if r.status != RecommendationStatus::Pending {
        return Err(Rejection::conflict(format!(
            "{id} was already {}",
            r.status
        )));
    }
    Ok(r)
}

pub fn approve(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    owner: Option<PersonRef>,
    report_back_at: Timestamp,
    rationale: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::Approve)?;
    let r = pending(state, id)?;
    let rationale = guard::text("rationale", rationale)?;
    let owner = owner.unwrap_or_else(|| r.by.clone());
    guard::owner(state, "owner", &owner)?;
    let report_back_at = guard::report_back("report_back_at", report_back_at, ctx)?;
    let decision = guard::next_id("D", state.decisions.len());
    let action = guard::next_id("A", state.actions.len());
    Ok(vec![
        Event::DecisionRecorded {
            id: decision.clone(),
            text: format!("Approved {}: {}", r.id, r.text),
            rationale: rationale.clone(),
            by: ctx.actor.clone(),
            recommendation: Some(r.id.clone()),
        },
        Event::RecommendationApproved {
            id: r.id.clone(),
            decision,
            action: action.clone(),
            rationale,
        },
        Event::ActionCreated {
            id: action,
            title: r.text.clone(),
            owner,
            report_back_at,
            recommendation: Some(r.id.clone()),
        },
    ])
}

pub fn reject(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    rationale: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::Reject)?;
    let r = pending(state, id)?;
    let rationale = guard::text("rationale", rationale)?;
    let decision = guard::next_id("D", state.decisions.len());
    Ok(vec![
        Event::DecisionRecorded {
            id: decision.clone(),
            text: format!("Rejected {}: {}", r.id, r.text),
            rationale: rationale.clone(),
            by: ctx.actor.clone(),
            recommendation: Some(r.id.clone()),
        },
        Event::RecommendationRejected {
            id: r.id.clone(),
            decision,
            rationale,
        },
    ])
}

pub fn create_action(
    state: &IncidentState,
    ctx: &Context,
    title: &str,
    owner: PersonRef,
    report_back_at: Timestamp,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::CreateAction)?;
    let title = guard::text("title", title)?;
    guard::owner(state, "owner", &owner)?;
    Ok(vec![Event::ActionCreated {
        id: guard::next_id("A", state.actions.len()),
        title,
        owner,
        report_back_at: guard::report_back("report_back_at", report_back_at, ctx)?,
        recommendation: None,
    }])
}

fn find_action<'a>(state: &'a IncidentState, id: &str) -> Decision<&'a Action> {
    state.action(id).ok_or_else(|| {
        Rejection::not_found("action", format!("{} has no action {id}", state.reference))
    })
}

pub fn update_action(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    status: ActionStatus,
    report: Option<&str>,
    report_back_at: Option<Timestamp>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::UpdateAction)?;
    let a = find_action(state, id)?;
    crate::permit_item::update_action(state, ctx, a)?;
    if !a.status.is_open() {
        return Err(Rejection::conflict(format!("{id} is already {}", a.status)));
    }
    let report = report.map(|r| guard::text("report", r)).transpose()?;
    crate::settle::reported(status, report.is_some())?;
    let report_back_at = report_back_at
        .map(|t| guard::report_back("report_back_at", t, ctx))
        .transpose()?;
    Ok(vec![Event::ActionUpdated {
        id: a.id.clone(),
        status,
        report,
        report_back_at,
    }])
}

pub fn reassign_action(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    owner: PersonRef,
    report_back_at: Timestamp,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::ReassignAction)?;
    let a = find_action(state, id)?;
    if !a.status.is_open() {
        return Err(Rejection::conflict(format!("{id} is already {}", a.status)));
    }
    guard::owner(state, "owner", &owner)?;
    Ok(vec![Event::ActionReassigned {
        id: a.id.clone(),
        owner,
        report_back_at: guard::report_back("report_back_at", report_back_at, ctx)?,
    }])
}

pub fn record_decision(
    state: &IncidentState,
    ctx: &Context,
    text: &str,
    rationale: &str,
    by: Option<PersonRef>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::RecordDecision)?;
    let by = by.unwrap_or_else(|| ctx.actor.clone());
    if !state.is_member(by.id) {
        return Err(Rejection::invalid(
            "by",
            format!("{} is not on the team", by.name),
        ));
    }
    Ok(vec![Event::DecisionRecorded {
        id: guard::next_id("D", state.decisions.len()),
        text: guard::text("text", text)?,
        rationale: guard::text("rationale", rationale)?,
        by,
        recommendation: None,
    }])
}

pub fn note(state: &IncidentState, ctx: &Context, text: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AddNote)?;
    Ok(vec![Event::NoteAdded {
        text: guard::text("text", text)?,
    }])
}

/// Rule 9: the log is never edited; a correction is a new entry pointing at the old.
pub fn correct(state: &IncidentState, ctx: &Context, seq: u64, text: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::Correct)?;
    if seq == 0 || seq > state.seq {
        return Err(Rejection {
            rule: Some(Rule::LogNeverEdited),
            ..Rejection::not_found(
                "seq",
                format!(
                    "{} has no log entry {seq} (it has {}); a correction points at the entry it corrects",
                    state.reference, state.seq
                ),
            )
        });
    }
    Ok(vec![Event::Corrected {
        corrects: seq,
        text: guard::text("text", text)?,
    }])
}

pub fn draft_communication(
    state: &IncidentState,
    ctx: &Context,
    audience: Audience,
    recipients: &[String],
    subject: &str,
    body: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::DraftCommunication)?;
    let recipients: Vec<String> = recipients
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if recipients.is_empty() {
        return Err(Rejection::invalid(
            "recipients",
            "a communication needs at least one recipient",
        ));
    }
    Ok(vec![Event::CommunicationDrafted {
        id: guard::next_id("C", state.communications.len()),
        audience,
        recipients,
        subject: guard::text("subject", subject)?,
        body: guard::text("body", body)?,
    }])
}

fn find_communication<'a>(
    state: &'a IncidentState,
    id: &str,
) -> Decision<&'a crate::state::Communication> {
    state
        .communications
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| {
            Rejection::not_found(
                "communication",
                format!("{} has no communication {id}", state.reference),
            )
        })
}

pub fn agree_communication(state: &IncidentState, ctx: &Context, id: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AgreeCommunication)?;
    let c = find_communication(state, id)?;
    if c.status != CommunicationStatus::Draft {
        return Err(Rejection::conflict(format!("{id} is already {}", c.status)));
    }
    Ok(vec![Event::CommunicationAgreed { id: c.id.clone() }])
}

pub fn send_communication(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    via: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::SendCommunication)?;
    let c = find_communication(state, id)?;
    match c.status {
        CommunicationStatus::Draft => Err(Rejection::rule(
            Rule::AgreedCommunications,
            RejectionKind::Conflict,
            format!(
                "{id} has not been agreed by the incident manager; communications go out only once agreed"
            ),
        )),
        CommunicationStatus::Sent => Err(Rejection::conflict(format!("{id} was already sent"))),
        CommunicationStatus::Agreed => Ok(vec![Event::CommunicationSent {
            id: c.id.clone(),
            via: guard::text("via", via)?,
        }]),
    }
}

pub fn record_briefing(
    state: &IncidentState,
    ctx: &Context,
    stakeholder: &str,
    summary: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::RecordBriefing)?;
    Ok(vec![Event::BriefingRecorded {
        id: guard::next_id("B", state.briefings.len()),
        stakeholder: guard::text("stakeholder", stakeholder)?,
        summary: guard::text("summary", summary)?,
    }])
}
