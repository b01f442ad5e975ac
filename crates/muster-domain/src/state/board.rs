//! The board as folded: findings and the competing-hypotheses grid.

use super::IncidentState;
use crate::event::{Event, PersonRef};
use crate::vocab::{Consistency, FindingKind, FindingStatus};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub id: String,
    pub kind: FindingKind,
    pub text: String,
    pub source: Option<String>,
    pub status: FindingStatus,
    pub delegated_to: Option<PersonRef>,
    pub report_back_at: Option<Timestamp>,
    pub resolution: Option<String>,
    pub seq: u64,
    /// The indicators, timeline events and evidence items it cites, in the
    /// order they were cited.
    #[serde(default)]
    pub cites: Vec<String>,
}

impl Finding {
    /// Delegated and past its report-back time: a clock like an action's.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.status == FindingStatus::Delegated && self.report_back_at.is_some_and(|t| t < now)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub suspected: String,
    pub known: String,
    pub consistency: Consistency,
}

/// Folds this concern's events.
pub(super) fn apply(state: &mut IncidentState, event: &Event) {
    match event {
        Event::FindingAdded {
            id,
            finding,
            text,
            source,
        } => state.findings.push(Finding {
            id: id.clone(),
            kind: *finding,
            text: text.clone(),
            source: source.clone(),
            status: FindingStatus::Open,
            delegated_to: None,
            report_back_at: None,
            resolution: None,
            seq: state.seq + 1,
            cites: Vec::new(),
        }),
        Event::FindingCited { id, cites } => {
            if let Some(f) = finding_mut(state, id) {
                for c in cites {
                    if !f.cites.contains(c) {
                        f.cites.push(c.clone());
                    }
                }
            }
        }
        Event::FindingDelegated {
            id,
            to,
            report_back_at,
        } => {
            if let Some(f) = finding_mut(state, id) {
                f.status = FindingStatus::Delegated;
                f.delegated_to = Some(to.clone());
                f.report_back_at = Some(*report_back_at);
            }
        }
        Event::FindingResolved { id, status, text } => {
            if let Some(f) = finding_mut(state, id) {
                f.status = *status;
                f.resolution = Some(text.clone());
            }
        }
        Event::FindingAssessed {
            suspected,
            known,
            consistency,
        } => {
            state
                .assessments
                .retain(|a| !(&a.suspected == suspected && &a.known == known));
            state.assessments.push(Assessment {
                suspected: suspected.clone(),
                known: known.clone(),
                consistency: *consistency,
            });
        }
        _ => {}
    }
}

fn finding_mut<'a>(state: &'a mut IncidentState, id: &str) -> Option<&'a mut Finding> {
    state.findings.iter_mut().find(|f| f.id == id)
}
