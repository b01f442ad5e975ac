//! The lifecycle as folded: the declaration, escalation, phases and their
//! timings, restriction (rule 10), the review and its preventive actions, and
//! closing (rule 7).

use super::IncidentState;
use crate::event::{Event, PersonRef};
use crate::vocab::Phase;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationSuggestion {
    pub id: String,
    pub severity: Option<String>,
    pub category: Option<String>,
    pub reason: String,
    pub by: Uuid,
    pub open: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreventiveAction {
    pub id: String,
    pub title: String,
    pub owner: PersonRef,
    pub due: Timestamp,
    pub done: bool,
    pub note: Option<String>,
    /// The action it was carried from, when it was carried into the review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

impl PreventiveAction {
    /// Past its due date and not done: preventive actions tick after close too.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        !self.done && self.due < now
    }
}

/// The moments the lifecycle is timed by (PRODUCT.md, "Lifecycle").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub reported_at: Option<Timestamp>,
    pub declared_at: Option<Timestamp>,
    /// First moment the roll call was full (manager, deputy, secretariat) with no
    /// rule 4 gap.
    pub assembled_at: Option<Timestamp>,
    /// First move out of `hot`.
    pub contained_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
}

/// Folds this concern's events.
pub(super) fn apply(state: &mut IncidentState, event: &Event, actor: Uuid, at: Timestamp) {
    match event {
        Event::Declared(d) => {
            state.reference.clone_from(&d.reference);
            state.title.clone_from(&d.title);
            state.severity.clone_from(&d.severity);
            state.category.clone_from(&d.category);
            state.security = d.security;
            state.personal_data = Some(d.personal_data);
            state.restricted = d.restricted;
            state.source.clone_from(&d.source);
            state.hypothesis.clone_from(&d.hypothesis);
            state.phase = Some(Phase::Hot);
            state.report.clone_from(&d.report);
            state.timings.reported_at = d.report.as_ref().map(|r| r.reported_at);
            state.timings.declared_at = Some(at);
        }
        Event::ScopeChanged {
            security,
            personal_data,
            ..
        } => {
            if let Some(s) = security {
                state.security = *s;
            }
            if personal_data.is_some() {
                state.personal_data = *personal_data;
            }
        }
        Event::Escalated {
            severity,
            category,
            suggestion,
            ..
        } => {
            if let Some(s) = severity {
                state.severity.clone_from(s);
            }
            if let Some(c) = category {
                state.category.clone_from(c);
            }
            close_suggestion(state, suggestion.as_deref());
        }
        Event::EscalationSuggested {
            id,
            severity,
            category,
            reason,
        } => state.escalation_suggestions.push(EscalationSuggestion {
            id: id.clone(),
            severity: severity.clone(),
            category: category.clone(),
            reason: reason.clone(),
            by: actor,
            open: true,
        }),
        Event::EscalationDeclined { id, .. } => close_suggestion(state, Some(id)),
        Event::PhaseChanged { from, to, .. } => {
            state.phase = Some(*to);
            if *from == Phase::Hot && state.timings.contained_at.is_none() {
                state.timings.contained_at = Some(at);
            }
            if *to == Phase::Cold {
                state.timings.resolved_at = Some(at);
            }
        }
        Event::RestrictionChanged { restricted, .. } => state.restricted = *restricted,
        Event::ReviewRecorded(review) => {
            // Actions carried into the review before it was recorded are
            // already here; the review's own follow them.
            state
                .preventive_actions
                .extend(review.preventive_actions.iter().map(|p| PreventiveAction {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    owner: p.owner.clone(),
                    due: p.due,
                    done: false,
                    note: None,
                    action: None,
                }));
            state.review = Some(review.clone());
        }
        Event::PreventiveActionUpdated { id, done, note } => {
            if let Some(p) = state.preventive_actions.iter_mut().find(|p| &p.id == id) {
                p.done = *done;
                if note.is_some() {
                    p.note.clone_from(note);
                }
            }
        }
        Event::Closed { .. } => {
            state.phase = Some(Phase::Closed);
            state.timings.closed_at = Some(at);
        }
        _ => {}
    }
}

fn close_suggestion(state: &mut IncidentState, id: Option<&str>) {
    if let Some(id) = id
        && let Some(s) = state.escalation_suggestions.iter_mut().find(|s| s.id == id)
    {
        s.open = false;
    }
}
