//! The part of a rule that depends on the item a command names: whose action,
//! which finding, whose role. The decisions call these after
//! [`crate::permit::may`], and the room calls them to offer a control on one
//! item and not another, so both read the same rule.

use crate::command::Context;
use crate::event::PersonRef;
use crate::guard;
use crate::rejection::{Decision, Rejection};
use crate::rule::Rule;
use crate::state::{Action, Finding, IncidentState, PreventiveAction};
use crate::vocab::Role;

/// Anyone stands themselves down; the incident manager, the deputy or an
/// administrator stands others down.
pub fn stand_down(state: &IncidentState, ctx: &Context, person: &PersonRef) -> Decision<()> {
    if person.id == ctx.actor.id {
        return Ok(());
    }
    guard::holds_any(
        state,
        ctx,
        &[Role::IncidentManager, Role::Deputy],
        true,
        None,
        "stand someone else down",
    )
}

/// The SME a finding was delegated to settles it, or the incident manager or deputy.
pub fn settle(state: &IncidentState, ctx: &Context, f: &Finding) -> Decision<()> {
    let me = ctx.actor.id;
    if f.delegated_to.as_ref().is_some_and(|p| p.id == me)
        || state.holds(me, Role::IncidentManager)
        || state.holds(me, Role::Deputy)
    {
        return Ok(());
    }
    Err(Rejection::forbidden(
        "only the SME it was delegated to, the incident manager or the deputy may settle a finding",
    ))
}

/// Rule 3: an action's owner reports back on it; the incident manager, the
/// deputy and the secretariat may update it for them.
pub fn update_action(state: &IncidentState, ctx: &Context, a: &Action) -> Decision<()> {
    if a.owner.id == ctx.actor.id {
        return Ok(());
    }
    guard::holds_any(
        state,
        ctx,
        &[Role::IncidentManager, Role::Deputy, Role::Secretariat],
        false,
        Some(Rule::OwnerAndReportBack),
        "update an action they do not own; its owner reports back on it",
    )
}

/// Rule 7: a preventive action's owner, anyone who was incident manager, or an
/// administrator updates it, after close too.
pub fn update_preventive(
    state: &IncidentState,
    ctx: &Context,
    p: &PreventiveAction,
) -> Decision<()> {
    let me = ctx.actor.id;
    let was_im = state
        .team
        .iter()
        .any(|a| a.person.id == me && a.role == Role::IncidentManager);
    if p.owner.id == me || was_im || ctx.admin {
        return Ok(());
    }
    Err(Rejection::forbidden(
        "only the preventive action's owner, the incident manager or an administrator may update it",
    ))
}

/// Rule 2: who may own an action (on the team, and not the incident manager,
/// who delegates and does not do).
pub fn owner(state: &IncidentState, person: &PersonRef) -> Decision<()> {
    guard::owner(state, "owner", person)
}
