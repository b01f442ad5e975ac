//! The work as folded: recommendations (rule 5), actions (rules 2 and 3),
//! decisions, and the count of notes and corrections (rule 9).

use super::{IncidentState, PreventiveAction};
use crate::event::{Event, PersonRef};
use crate::vocab::{ActionStatus, RecommendationStatus};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: String,
    pub text: String,
    pub by: PersonRef,
    pub status: RecommendationStatus,
    pub decision: Option<String>,
    pub action: Option<String>,
    pub seq: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    pub title: String,
    pub owner: PersonRef,
    pub report_back_at: Timestamp,
    pub status: ActionStatus,
    pub report: Option<String>,
    pub recommendation: Option<String>,
    pub created_at: Timestamp,
    /// Every report-back time the action was given, in order, with when the
    /// owner reported against it: what insight counts as kept or missed.
    #[serde(default)]
    pub report_backs: Vec<ReportBack>,
}

/// One report-back time an action was given and when it was answered: by
/// an update with a report, or one that ends the action, whichever first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportBack {
    pub due: Timestamp,
    pub reported_at: Option<Timestamp>,
}

impl Action {
    /// Past its report-back time and still open. Whether it still ticks at
    /// all is the incident's to say: see [`IncidentState::overdue_actions`].
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.status.is_open() && self.report_back_at < now
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub id: String,
    pub text: String,
    pub rationale: String,
    pub by: PersonRef,
    pub recommendation: Option<String>,
    pub at: Timestamp,
    pub seq: u64,
}

/// The owner answered the report-back in force.
fn answer(a: &mut Action, at: Timestamp) {
    if let Some(rb) = a.report_backs.last_mut()
        && rb.reported_at.is_none()
    {
        rb.reported_at = Some(at);
    }
}

/// A new report-back time set at `at`. One still unanswered and not yet due
/// was moved, not missed: it takes the new time. One already past stays, as
/// missed, and the new time is a report-back of its own.
fn reschedule(a: &mut Action, due: Timestamp, at: Timestamp) {
    match a.report_backs.last_mut() {
        Some(rb) if rb.reported_at.is_none() && rb.due >= at => rb.due = due,
        _ => a.report_backs.push(ReportBack {
            due,
            reported_at: None,
        }),
    }
}

/// Folds this concern's events.
pub(super) fn apply(state: &mut IncidentState, event: &Event, at: Timestamp) {
    match event {
        Event::RecommendationMade { id, text, by } => state.recommendations.push(Recommendation {
            id: id.clone(),
            text: text.clone(),
            by: by.clone(),
            status: RecommendationStatus::Pending,
            decision: None,
            action: None,
            seq: state.seq + 1,
        }),
        Event::RecommendationApproved {
            id,
            decision,
            action,
            ..
        } => {
            if let Some(r) = recommendation_mut(state, id) {
                r.status = RecommendationStatus::Approved;
                r.decision = Some(decision.clone());
                r.action = Some(action.clone());
            }
        }
        Event::RecommendationRejected { id, decision, .. } => {
            if let Some(r) = recommendation_mut(state, id) {
                r.status = RecommendationStatus::Rejected;
                r.decision = Some(decision.clone());
            }
        }
        Event::ActionCreated {
            id,
            title,
            owner,
            report_back_at,
            recommendation,
        } => state.actions.push(Action {
            id: id.clone(),
            title: title.clone(),
            owner: owner.clone(),
            report_back_at: *report_back_at,
            status: ActionStatus::Open,
            report: None,
            recommendation: recommendation.clone(),
            created_at: at,
            report_backs: vec![ReportBack {
                due: *report_back_at,
                reported_at: None,
            }],
        }),
        Event::ActionUpdated {
            id,
            status,
            report,
            report_back_at,
        } => {
            if let Some(a) = action_mut(state, id) {
                a.status = *status;
                if report.is_some() || !status.is_open() {
                    answer(a, at);
                }
                if report.is_some() {
                    a.report.clone_from(report);
                }
                if let Some(t) = report_back_at {
                    a.report_back_at = *t;
                    reschedule(a, *t, at);
                }
            }
        }
        Event::ActionReassigned {
            id,
            owner,
            report_back_at,
        } => {
            if let Some(a) = action_mut(state, id) {
                a.owner = owner.clone();
                a.report_back_at = *report_back_at;
                reschedule(a, *report_back_at, at);
            }
        }
        Event::ActionCarried {
            id,
            preventive,
            owner,
            due,
        } => {
            let Some(a) = action_mut(state, id) else {
                return;
            };
            a.status = ActionStatus::Carried;
            answer(a, at);
            let title = a.title.clone();
            state.preventive_actions.push(PreventiveAction {
                id: preventive.clone(),
                title,
                owner: owner.clone(),
                due: *due,
                done: false,
                note: None,
                action: Some(id.clone()),
            });
        }
        Event::DecisionRecorded {
            id,
            text,
            rationale,
            by,
            recommendation,
        } => state.decisions.push(DecisionRecord {
            id: id.clone(),
            text: text.clone(),
            rationale: rationale.clone(),
            by: by.clone(),
            recommendation: recommendation.clone(),
            at,
            seq: state.seq + 1,
        }),
        Event::NoteAdded { .. } | Event::Corrected { .. } => state.notes += 1,
        _ => {}
    }
}

fn recommendation_mut<'a>(
    state: &'a mut IncidentState,
    id: &str,
) -> Option<&'a mut Recommendation> {
    state.recommendations.iter_mut().find(|r| r.id == id)
}

fn action_mut<'a>(state: &'a mut IncidentState, id: &str) -> Option<&'a mut Action> {
    state.actions.iter_mut().find(|a| a.id == id)
}
