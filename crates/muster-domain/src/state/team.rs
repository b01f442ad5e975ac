//! The team as folded: who holds which role, the workstreams, and a handover
//! waiting for acknowledgement (rules 1, 2 and 8).

use super::IncidentState;
use crate::event::{Event, PersonRef};
use crate::vocab::Role;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub person: PersonRef,
    pub role: Role,
    pub since: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workstream {
    pub id: String,
    pub name: String,
    pub lead: PersonRef,
    pub members: Vec<PersonRef>,
    pub open: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub id: String,
    pub from: PersonRef,
    pub to: PersonRef,
    pub brief: String,
    pub outgoing_role: Option<Role>,
    pub briefed_at: Timestamp,
}

/// The team counts as assembled once the roll call names an incident manager,
/// deputy and secretariat and at least one SME.
pub fn is_assembled(state: &IncidentState) -> bool {
    [
        Role::IncidentManager,
        Role::Deputy,
        Role::Secretariat,
        Role::Sme,
    ]
    .iter()
    .all(|r| state.holders(*r).next().is_some())
}

/// Folds this concern's events.
pub(super) fn apply(state: &mut IncidentState, event: &Event, at: Timestamp) {
    match event {
        Event::RoleAssigned { person, role } => {
            state.team.push(Assignment {
                person: person.clone(),
                role: *role,
                since: at,
            });
        }
        Event::RoleStoodDown { person, role, .. } => {
            state
                .team
                .retain(|a| !(a.person.id == person.id && a.role == *role));
            // Whoever briefed a handover no longer holds the command it passes.
            if *role == Role::IncidentManager
                && state
                    .handover
                    .as_ref()
                    .is_some_and(|h| h.from.id == person.id)
            {
                state.handover = None;
            }
        }
        Event::WorkstreamCreated { id, name, lead } => {
            state.workstreams.push(Workstream {
                id: id.clone(),
                name: name.clone(),
                lead: lead.clone(),
                members: Vec::new(),
                open: true,
            });
        }
        Event::WorkstreamMemberAdded { id, person } => {
            if let Some(w) = workstream_mut(state, id) {
                w.members.push(person.clone());
            }
        }
        Event::WorkstreamMemberRemoved { id, person } => {
            if let Some(w) = workstream_mut(state, id) {
                w.members.retain(|m| m.id != person.id);
            }
        }
        Event::WorkstreamClosed { id, .. } => {
            if let Some(w) = workstream_mut(state, id) {
                w.open = false;
            }
        }
        Event::HandoverBriefed {
            id,
            from,
            to,
            brief,
            outgoing_role,
        } => {
            state.handover = Some(Handover {
                id: id.clone(),
                from: from.clone(),
                to: to.clone(),
                brief: brief.clone(),
                outgoing_role: *outgoing_role,
                briefed_at: at,
            })
        }
        Event::HandoverAcknowledged { .. } => {
            if let Some(h) = state.handover.take() {
                pass_command(state, &h.to, at);
                if let Some(role) = h.outgoing_role {
                    state.team.push(Assignment {
                        person: h.from.clone(),
                        role,
                        since: at,
                    });
                }
            }
        }
        Event::HandoverCancelled { .. } => state.handover = None,
        Event::CommandAssumed { by, .. } => {
            state.handover = None;
            pass_command(state, by, at);
        }
        _ => {}
    }
}

fn workstream_mut<'a>(state: &'a mut IncidentState, id: &str) -> Option<&'a mut Workstream> {
    state.workstreams.iter_mut().find(|w| w.id == id)
}

/// Command passes to `to`: they become the one incident manager and, under
/// rule 2, give up every other role they held.
fn pass_command(state: &mut IncidentState, to: &PersonRef, at: Timestamp) {
    state
        .team
        .retain(|a| a.role != Role::IncidentManager && a.person.id != to.id);
    state.team.insert(
        0,
        Assignment {
            person: to.clone(),
            role: Role::IncidentManager,
            since: at,
        },
    );
}
