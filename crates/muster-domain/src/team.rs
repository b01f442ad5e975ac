//! Staffing the team: roles (rules 1, 2, 4), workstreams and span of control.
//! Handing over command (rule 8) is [`crate::handover`].

use crate::command::Context;
use crate::event::{Event, PersonRef};
use crate::guard;
use crate::permit::{self, Kind};
use crate::policy::Policy;
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::{IncidentState, Workstream};
use crate::vocab::{PersonalData, Role};
use serde::{Deserialize, Serialize};

/// Something missing from the team's composition.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub code: String,
    pub message: String,
    /// The PRODUCT.md rule that makes this gap block resolution, if any;
    /// serialised as its number.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u8>))]
    pub rule: Option<Rule>,
}

fn has_tagged_sme(state: &IncidentState, tags: &[String]) -> bool {
    state
        .holders(Role::Sme)
        .any(|p| p.expertise.iter().any(|t| tags.contains(t)))
}

/// Rule 4's gaps, which block resolution, then the roll call's advisory ones.
pub fn gaps(state: &IncidentState, policy: &Policy) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if state.security && !has_tagged_sme(state, &policy.security_tags) {
        gaps.push(Gap {
            code: "security-analyst".into(),
            message: format!(
                "a security incident needs a security analyst among its SMEs (an SME tagged {})",
                policy.security_tags.join(" or ")
            ),
            rule: Some(Rule::Composition),
        });
    }
    if matches!(
        state.personal_data,
        Some(PersonalData::Yes | PersonalData::Unknown)
    ) && !has_tagged_sme(state, &policy.privacy_tags)
    {
        gaps.push(Gap {
            code: "data-privacy".into(),
            message: format!(
                "an incident that may involve personal data needs a member of the data privacy team among its SMEs (an SME tagged {})",
                policy.privacy_tags.join(" or ")
            ),
            rule: Some(Rule::Composition),
        });
    }
    for role in [Role::Deputy, Role::Secretariat, Role::CommsLead] {
        if state.holders(role).next().is_none() {
            gaps.push(Gap {
                code: role.as_str().into(),
                message: format!("no {role} on the team"),
                rule: None,
            });
        }
    }
    gaps
}

pub fn blocking_gaps(state: &IncidentState, policy: &Policy) -> Vec<Gap> {
    gaps(state, policy)
        .into_iter()
        .filter(|g| g.rule.is_some())
        .collect()
}

/// The team counts as assembled once the roll call names an incident manager,
/// deputy and secretariat and at least one SME.
pub fn is_assembled(state: &IncidentState) -> bool {
    state.is_assembled()
}

/// People who report straight to the incident manager: everyone on the team
/// except the manager and those who report to a workstream lead.
pub fn direct_reports(state: &IncidentState) -> usize {
    let im = state.incident_manager().map(|p| p.id);
    state
        .members()
        .into_iter()
        .filter(|p| Some(p.id) != im)
        .filter(|p| {
            !state
                .workstreams
                .iter()
                .any(|w| w.open && w.lead.id != p.id && w.members.iter().any(|m| m.id == p.id))
        })
        .count()
}

/// A warning when the incident manager's span of control is exceeded.
pub fn span_warning(state: &IncidentState, policy: &Policy) -> Option<String> {
    let n = direct_reports(state);
    (n > policy.span_of_control).then(|| {
        format!(
            "{n} people report directly to the incident manager (more than {}): split off a workstream with its own lead",
            policy.span_of_control
        )
    })
}

pub fn assign(
    state: &IncidentState,
    ctx: &Context,
    person: PersonRef,
    role: Role,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AssignRole)?;
    if role == Role::IncidentManager {
        if let Some(im) = state.incident_manager() {
            return Err(Rejection::rule(
                Rule::OneIncidentManager,
                RejectionKind::Conflict,
                format!(
                    "{} already has an incident manager ({}), the single authority; command passes only by handover",
                    state.reference, im.name
                ),
            )
            .with_field("role"));
        }
        if state.is_member(person.id) {
            return Err(Rejection::rule(
                Rule::DelegateNotDo,
                RejectionKind::Conflict,
                format!(
                    "{} already holds a role; the incident manager holds no other role, so stand them down first",
                    person.name
                ),
            )
            .with_field("person"));
        }
    } else if state.is_incident_manager(person.id) {
        return Err(Rejection::rule(
            Rule::DelegateNotDo,
            RejectionKind::Conflict,
            format!(
                "{} is the incident manager, who holds no other role; to act as {role} they hand command over first",
                person.name
            ),
        )
        .with_field("person"));
    }
    if state.holds(person.id, role) {
        return Err(Rejection::conflict(format!(
            "{} is already {role}",
            person.name
        )));
    }
    Ok(vec![Event::RoleAssigned { person, role }])
}

pub fn stand_down(
    state: &IncidentState,
    ctx: &Context,
    person: PersonRef,
    role: Role,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::StandDown)?;
    crate::permit_item::stand_down(state, ctx, &person)?;
    let reason = guard::text("reason", reason)?;
    if role == Role::IncidentManager {
        return Err(Rejection::rule(
            Rule::OneIncidentManager,
            RejectionKind::Conflict,
            "an open incident always has exactly one incident manager: hand over command (rule 8) instead of standing down",
        )
        .with_field("role"));
    }
    if !state.holds(person.id, role) {
        return Err(Rejection::not_found(
            "person",
            format!("{} is not {role} on {}", person.name, state.reference),
        ));
    }
    let last_role = state.roles_of(person.id).count() == 1;
    if last_role {
        let owned = state.open_actions_of(person.id);
        if !owned.is_empty() {
            return Err(Rejection::rule(
                Rule::OwnerAndReportBack,
                RejectionKind::Conflict,
                format!(
                    "{} still owns open actions {}: every action needs an owner on the team, so reassign them first",
                    person.name,
                    owned.join(", ")
                ),
            ));
        }
    }
    Ok(vec![Event::RoleStoodDown {
        person,
        role,
        reason,
    }])
}

pub fn create_workstream(
    state: &IncidentState,
    ctx: &Context,
    name: &str,
    lead: PersonRef,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::CreateWorkstream)?;
    let name = guard::text("name", name)?;
    if !state.is_member(lead.id) || state.is_incident_manager(lead.id) {
        return Err(Rejection::invalid(
            "lead",
            format!(
                "{} cannot lead a workstream: its lead is a team member other than the incident manager",
                lead.name
            ),
        ));
    }
    Ok(vec![Event::WorkstreamCreated {
        id: guard::next_id("W", state.workstreams.len()),
        name,
        lead,
    }])
}

fn open_workstream<'a>(state: &'a IncidentState, id: &str) -> Decision<&'a Workstream> {
    match state.workstream(id) {
        Some(w) if w.open => Ok(w),
        Some(_) => Err(Rejection::conflict(format!("workstream {id} is closed"))),
        None => Err(Rejection::not_found(
            "workstream",
            format!("{} has no workstream {id}", state.reference),
        )),
    }
}

pub fn workstream_member(
    state: &IncidentState,
    ctx: &Context,
    workstream: &str,
    person: PersonRef,
    add: bool,
) -> Decision<Vec<Event>> {
    permit::may(
        state,
        ctx,
        if add {
            Kind::AddWorkstreamMember
        } else {
            Kind::RemoveWorkstreamMember
        },
    )?;
    let w = open_workstream(state, workstream)?;
    if w.lead.id != ctx.actor.id {
        guard::incident_manager(
            state,
            ctx,
            Rule::DelegateNotDo,
            "change a workstream's members",
        )?;
    }
    let present = w.members.iter().any(|m| m.id == person.id);
    if add {
        if !state.is_member(person.id) || state.is_incident_manager(person.id) {
            return Err(Rejection::invalid(
                "person",
                format!(
                    "{} is not on the team (other than as incident manager); assign them a role first",
                    person.name
                ),
            ));
        }
        if present {
            return Err(Rejection::conflict(format!(
                "{} is already in {workstream}",
                person.name
            )));
        }
        Ok(vec![Event::WorkstreamMemberAdded {
            id: w.id.clone(),
            person,
        }])
    } else {
        if !present {
            return Err(Rejection::not_found(
                "person",
                format!("{} is not in {workstream}", person.name),
            ));
        }
        Ok(vec![Event::WorkstreamMemberRemoved {
            id: w.id.clone(),
            person,
        }])
    }
}

pub fn close_workstream(
    state: &IncidentState,
    ctx: &Context,
    workstream: &str,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::CloseWorkstream)?;
    let w = open_workstream(state, workstream)?;
    Ok(vec![Event::WorkstreamClosed {
        id: w.id.clone(),
        reason: guard::text("reason", reason)?,
    }])
}
