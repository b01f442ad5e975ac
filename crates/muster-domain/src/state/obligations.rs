//! Regulatory obligations as folded: the anchors the clocks run from, the
//! jurisdictions and sectors that make a regime apply, each obligation's
//! track, and the deadlines last computed (issue 10).

use super::IncidentState;
use crate::event::Event;
use crate::obligation::Deadline;
use crate::vocab::{Anchor, ObligationStatus};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Obligations {
    /// The latest value of each anchor recorded, in the order first recorded.
    pub anchors: Vec<AnchorValue>,
    /// Where the data subjects are (`eu`, `de`, `us-ny`, …).
    pub jurisdictions: Vec<String>,
    /// The incident's sectors, beside the organisation's from the policy.
    pub sectors: Vec<String>,
    /// Each obligation the incident manager has assessed or a submission
    /// has been recorded for, by regime.
    pub tracks: Vec<Track>,
    /// The latest computation of each stage's deadline.
    pub deadlines: Vec<Deadline>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnchorValue {
    pub anchor: Anchor,
    pub at: Timestamp,
    /// Who recorded it, and when.
    pub by: Uuid,
    pub recorded_at: Timestamp,
    /// How many times it was recorded (more than one: corrected).
    pub records: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub regime: String,
    pub status: ObligationStatus,
    /// The rationale of the last assessment (why not required, the delay's
    /// evidence).
    pub rationale: String,
    pub assessed_by: Option<Uuid>,
    pub assessed_at: Option<Timestamp>,
    pub submissions: Vec<Submission>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub stage: String,
    pub reference: String,
    pub at: Timestamp,
    pub by: Uuid,
    pub communication: Option<String>,
}

impl Obligations {
    pub fn anchor(&self, anchor: Anchor) -> Option<&AnchorValue> {
        self.anchors.iter().find(|a| a.anchor == anchor)
    }

    pub fn track(&self, regime: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.regime == regime)
    }

    /// Where `regime`'s obligation stands: unassessed until someone acts on it.
    pub fn status(&self, regime: &str) -> ObligationStatus {
        self.track(regime)
            .map_or(ObligationStatus::Unassessed, |t| t.status)
    }

    pub fn deadline(&self, regime: &str, stage: &str) -> Option<&Deadline> {
        self.deadlines
            .iter()
            .find(|d| d.regime == regime && d.stage == stage)
    }

    /// When `stage` of `regime` was first submitted.
    pub fn submitted_at(&self, regime: &str, stage: &str) -> Option<Timestamp> {
        self.track(regime)?
            .submissions
            .iter()
            .find(|s| s.stage == stage)
            .map(|s| s.at)
    }

    fn track_mut(&mut self, regime: &str) -> &mut Track {
        if let Some(i) = self.tracks.iter().position(|t| t.regime == regime) {
            return &mut self.tracks[i];
        }
        self.tracks.push(Track {
            regime: regime.to_owned(),
            status: ObligationStatus::Unassessed,
            rationale: String::new(),
            assessed_by: None,
            assessed_at: None,
            submissions: Vec::new(),
        });
        self.tracks.last_mut().expect("just pushed")
    }
}

/// Folds this concern's events.
pub(super) fn apply(state: &mut IncidentState, event: &Event, actor: Uuid, at: Timestamp) {
    let o = &mut state.obligations;
    match event {
        Event::AnchorRecorded { anchor, at: when } => {
            match o.anchors.iter_mut().find(|a| a.anchor == *anchor) {
                Some(a) => {
                    a.at = *when;
                    a.by = actor;
                    a.recorded_at = at;
                    a.records += 1;
                }
                None => o.anchors.push(AnchorValue {
                    anchor: *anchor,
                    at: *when,
                    by: actor,
                    recorded_at: at,
                    records: 1,
                }),
            }
        }
        Event::JurisdictionsSet {
            jurisdictions,
            sectors,
            ..
        } => {
            o.jurisdictions.clone_from(jurisdictions);
            o.sectors.clone_from(sectors);
        }
        Event::ObligationAssessed {
            regime,
            status,
            rationale,
        } => {
            let t = o.track_mut(regime);
            t.status = *status;
            t.rationale.clone_from(rationale);
            t.assessed_by = Some(actor);
            t.assessed_at = Some(at);
        }
        Event::SubmissionRecorded {
            regime,
            stage,
            reference,
            at: when,
            communication,
        } => {
            let t = o.track_mut(regime);
            let again = t.submissions.iter().any(|s| s.stage == *stage);
            t.submissions.push(Submission {
                stage: stage.clone(),
                reference: reference.clone(),
                at: *when,
                by: actor,
                communication: communication.clone(),
            });
            if t.status != ObligationStatus::Complete {
                t.status = if again {
                    ObligationStatus::Amended
                } else {
                    ObligationStatus::Submitted
                };
            }
        }
        Event::DeadlinesComputed { deadlines } => {
            for d in deadlines {
                match o
                    .deadlines
                    .iter_mut()
                    .find(|k| k.regime == d.regime && k.stage == d.stage)
                {
                    Some(known) => *known = d.clone(),
                    None => o.deadlines.push(d.clone()),
                }
            }
        }
        _ => {}
    }
}
