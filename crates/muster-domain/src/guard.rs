//! Checks shared by every decision: who may act, and what a field must hold.

use crate::command::Context;
use crate::event::PersonRef;
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::IncidentState;
use crate::vocab::Role;
use jiff::Timestamp;

pub fn open(state: &IncidentState) -> Decision<()> {
    if !state.is_declared() {
        return Err(Rejection::not_found("incident", "no such incident"));
    }
    if !state.is_open() {
        return Err(Rejection::conflict(format!(
            "{} is closed; only its preventive actions can still be updated",
            state.reference
        )));
    }
    Ok(())
}

pub fn member(state: &IncidentState, ctx: &Context) -> Decision<()> {
    if state.is_member(ctx.actor.id) {
        Ok(())
    } else {
        Err(Rejection::forbidden(format!(
            "{} is not on the team of {}; writing to an incident needs a role on its team",
            ctx.actor.name, state.reference
        )))
    }
}

/// The actor must be the current incident manager; `rule` and `what` explain why.
pub fn incident_manager(
    state: &IncidentState,
    ctx: &Context,
    rule: Rule,
    what: &str,
) -> Decision<()> {
    if state.is_incident_manager(ctx.actor.id) {
        Ok(())
    } else {
        Err(Rejection::rule(
            rule,
            RejectionKind::Forbidden,
            format!(
                "only the incident manager ({}) may {what}",
                state
                    .incident_manager()
                    .map(|p| p.name.as_str())
                    .unwrap_or("none")
            ),
        ))
    }
}

/// The actor must hold one of `roles` (or be an administrator when `admin_ok`);
/// the refusal names `rule` when one stands behind it.
pub fn holds_any(
    state: &IncidentState,
    ctx: &Context,
    roles: &[Role],
    admin_ok: bool,
    rule: Option<Rule>,
    what: &str,
) -> Decision<()> {
    if (admin_ok && ctx.admin) || roles.iter().any(|r| state.holds(ctx.actor.id, *r)) {
        return Ok(());
    }
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let message = format!("only the {} may {what}", names.join(" or "));
    Err(match rule {
        Some(rule) => Rejection::rule(rule, RejectionKind::Forbidden, message),
        None => Rejection::forbidden(message),
    })
}

pub fn text(field: &'static str, value: &str) -> Decision<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Rejection::invalid(
            field,
            format!("`{field}` must not be empty"),
        ));
    }
    // Multi-line at least; `decide` has already held single-line fields to
    // their stricter shape.
    crate::text::check(field, trimmed, crate::text::Shape::Lines)?;
    if trimmed.len() > 20_000 {
        return Err(Rejection::invalid(
            field,
            format!("`{field}` is longer than 20000 bytes"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A time that must be ahead of now (a decision point, a due date).
pub fn future(field: &'static str, at: Timestamp, ctx: &Context) -> Decision<Timestamp> {
    if at <= ctx.now {
        return Err(Rejection::invalid(
            field,
            format!(
                "`{field}` ({at}) is not in the future; it must be ahead of now ({})",
                ctx.now
            ),
        ));
    }
    Ok(at)
}

/// Rule 3: delegated work has a report-back time, and it is ahead of now.
pub fn report_back(field: &'static str, at: Timestamp, ctx: &Context) -> Decision<Timestamp> {
    future(field, at, ctx).map_err(|r| {
        r.under(
            Rule::OwnerAndReportBack,
            "a report-back time must be ahead of now",
        )
    })
}

pub fn severity(field: &'static str, value: &str, ctx: &Context) -> Decision<String> {
    if ctx.policy.severity(value).is_some() {
        Ok(value.to_owned())
    } else {
        let names: Vec<&str> = ctx
            .policy
            .severities
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        Err(Rejection::invalid(
            field,
            format!(
                "`{value}` is not a severity of this organisation: {}",
                names.join(", ")
            ),
        ))
    }
}

pub fn category(field: &'static str, value: &str, ctx: &Context) -> Decision<String> {
    if ctx.policy.is_category(value) {
        Ok(value.to_owned())
    } else {
        Err(Rejection::invalid(
            field,
            format!(
                "`{value}` is not a category of this organisation: {}",
                ctx.policy.categories.join(", ")
            ),
        ))
    }
}

/// Rule 2: whoever is to own work must not be the incident manager, and must be on
/// the team.
pub fn owner(state: &IncidentState, field: &'static str, person: &PersonRef) -> Decision<()> {
    if state.is_incident_manager(person.id) {
        return Err(Rejection::rule(
            Rule::DelegateNotDo,
            RejectionKind::Conflict,
            format!(
                "{} is the incident manager, who delegates and does not do: give the action to someone else, or hand over command first",
                person.name
            ),
        )
        .with_field(field));
    }
    if !state.is_member(person.id) {
        return Err(Rejection::invalid(
            field,
            format!(
                "{} is not on the team; assign them a role first",
                person.name
            ),
        ));
    }
    Ok(())
}

/// The next id of a numbered item, e.g. `F3` after two findings.
pub fn next_id(prefix: &str, existing: usize) -> String {
    format!("{prefix}{}", existing + 1)
}
