//! Settling open work before the incident is resolved or closed (rule 7): each
//! open action is done, cancelled with a reason, or carried into the review as
//! a preventive action; each delegated finding is answered, confirmed or
//! refuted. Without this a closed incident would still show overdue work
//! that no one will ever chase.

use crate::command::Context;
use crate::event::{Event, PersonRef};
use crate::guard;
use crate::permit::{self, Kind};
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::{Action, IncidentState};
use crate::vocab::ActionStatus;
use jiff::Timestamp;

fn open_action<'a>(state: &'a IncidentState, id: &str) -> Decision<&'a Action> {
    let a = state.action(id).ok_or_else(|| {
        Rejection::not_found("action", format!("{} has no action {id}", state.reference))
    })?;
    if !a.status.is_open() {
        return Err(Rejection::conflict(format!("{id} is already {}", a.status)));
    }
    Ok(a)
}

pub fn cancel_action(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::CancelAction)?;
    let a = open_action(state, id)?;
    Ok(vec![Event::ActionUpdated {
        id: a.id.clone(),
        status: ActionStatus::Cancelled,
        report: Some(guard::text("reason", reason)?),
        report_back_at: None,
    }])
}

pub fn carry_action(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    due: Timestamp,
    owner: Option<PersonRef>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::CarryAction)?;
    let a = open_action(state, id)?;
    Ok(vec![Event::ActionCarried {
        id: a.id.clone(),
        preventive: guard::next_id("P", state.preventive_actions.len()),
        owner: owner.unwrap_or_else(|| a.owner.clone()),
        due: guard::future("due", due, ctx)?,
    }])
}

/// What an update of an action to `status` must carry: done is reported back,
/// a cancellation gives its reason, and carrying has its own command (the
/// preventive action needs a due date).
pub fn reported(status: ActionStatus, has_report: bool) -> Decision<()> {
    match (status, has_report) {
        (ActionStatus::Done, false) => Err(Rejection::invalid(
            "report",
            "an action is reported back when it is done: give its `report`",
        )),
        (ActionStatus::Cancelled, false) => Err(Rejection::invalid(
            "report",
            "an action is cancelled with a reason: give it as the `report` (or use cancel-action)",
        )),
        (ActionStatus::Carried, _) => Err(Rejection::invalid(
            "status",
            "an action is carried into the review with carry-action, which gives the preventive action its due date",
        )),
        _ => Ok(()),
    }
}

/// Rule 7: the incident manager settles every open action and delegated
/// finding before resolving or closing; the refusal names each one.
pub fn settled(state: &IncidentState, what: &str) -> Decision<()> {
    let (actions, findings) = state.open_work();
    if actions.is_empty() && findings.is_empty() {
        return Ok(());
    }
    let mut open: Vec<String> = actions
        .iter()
        .map(|a| {
            format!(
                "action {} \"{}\" ({}, owner {})",
                a.id, a.title, a.status, a.owner.name
            )
        })
        .collect();
    open.extend(findings.iter().map(|f| {
        let to = f.delegated_to.as_ref().map(|p| p.name.as_str());
        format!(
            "finding {} \"{}\" (delegated to {}, entry {})",
            f.id,
            f.text,
            to.unwrap_or("?"),
            f.seq
        )
    }));
    let mut how = Vec::new();
    if !actions.is_empty() {
        how.push(
            "an action is done, cancelled with a reason (cancel-action) or carried into the review as a preventive action (carry-action)",
        );
    }
    if !findings.is_empty() {
        how.push("a delegated finding is answered, confirmed or refuted (resolve-finding)");
    }
    Err(Rejection::rule(
        Rule::OnlyIncidentManager,
        RejectionKind::Conflict,
        format!(
            "{} cannot be {what} while work is open: {}. Settle each first: {}",
            state.reference,
            open.join("; "),
            how.join("; ")
        ),
    ))
}
