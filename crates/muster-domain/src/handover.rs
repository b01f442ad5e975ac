//! Handing over command (rule 8): the incident manager briefs the next one,
//! command passes when they acknowledge, or the deputy assumes it; rule 2 holds
//! across both, since whoever takes command owns no open action.

use crate::command::Context;
use crate::event::{Event, PersonRef};
use crate::guard;
use crate::permit::{self, Kind};
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::IncidentState;
use crate::vocab::Role;

/// Rule 2 on taking command: whoever becomes incident manager must not own work.
pub fn owns_no_open_action(state: &IncidentState, person: &PersonRef) -> Decision<()> {
    let owned = state.open_actions_of(person.id);
    if owned.is_empty() {
        Ok(())
    } else {
        Err(Rejection::rule(
            Rule::DelegateNotDo,
            RejectionKind::Conflict,
            format!(
                "{} owns open actions {}, and the incident manager owns no action: reassign them before taking command",
                person.name,
                owned.join(", ")
            ),
        ))
    }
}

pub fn brief_handover(
    state: &IncidentState,
    ctx: &Context,
    to: PersonRef,
    brief: &str,
    outgoing_role: Option<Role>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::BriefHandover)?;
    // Rule 8: the outgoing incident manager hands over with a brief.
    let brief = guard::text("brief", brief).map_err(|r| {
        r.under(
            Rule::NeverWithoutCommander,
            "a handover passes command with a brief",
        )
    })?;
    if to.id == ctx.actor.id {
        return Err(Rejection::invalid(
            "to",
            "a handover passes command to someone else",
        ));
    }
    if outgoing_role == Some(Role::IncidentManager) {
        return Err(Rejection::rule(
            Rule::OneIncidentManager,
            RejectionKind::Invalid,
            "there is only one incident manager; pick another role for the outgoing manager, or none",
        )
        .with_field("outgoing_role"));
    }
    if let Some(h) = &state.handover {
        return Err(Rejection::conflict(format!(
            "a handover to {} is already waiting for acknowledgement; cancel it first",
            h.to.name
        )));
    }
    owns_no_open_action(state, &to)?;
    Ok(vec![Event::HandoverBriefed {
        id: guard::next_id("H", state.seq as usize),
        from: ctx.actor.clone(),
        to,
        brief,
        outgoing_role,
    }])
}

pub fn acknowledge_handover(state: &IncidentState, ctx: &Context) -> Decision<Vec<Event>> {
    // Only the person command is handed to, while a handover waits.
    permit::may(state, ctx, Kind::AcknowledgeHandover)?;
    let Some(h) = &state.handover else {
        return Err(Rejection::not_found(
            "handover",
            "no handover is waiting for acknowledgement",
        ));
    };
    owns_no_open_action(state, &ctx.actor)?;
    Ok(vec![Event::HandoverAcknowledged { id: h.id.clone() }])
}

pub fn cancel_handover(state: &IncidentState, ctx: &Context, reason: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::CancelHandover)?;
    let Some(h) = &state.handover else {
        return Err(Rejection::not_found(
            "handover",
            "no handover is waiting for acknowledgement",
        ));
    };
    Ok(vec![Event::HandoverCancelled {
        id: h.id.clone(),
        reason: guard::text("reason", reason)?,
    }])
}

pub fn assume_command(state: &IncidentState, ctx: &Context, reason: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AssumeCommand)?;
    let reason = guard::text("reason", reason)?;
    owns_no_open_action(state, &ctx.actor)?;
    Ok(vec![Event::CommandAssumed {
        by: ctx.actor.clone(),
        reason,
    }])
}
