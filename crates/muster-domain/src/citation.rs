//! A finding on the board cites what supports it (issue 11): indicators
//! (`I3`), steps of the attacker's timeline (`TL2`) and evidence items
//! (`EV1`), each of which must be on the incident. Citations only grow: a
//! later citation adds to the earlier ones, and the log keeps each.

use crate::command::Context;
use crate::command_kind::Kind;
use crate::event::Event;
use crate::permit;
use crate::rejection::{Decision, Rejection};
use crate::state::IncidentState;

/// What a citation may point at, told by its id's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cited {
    Indicator,
    TimelineEvent,
    Evidence,
}

impl Cited {
    /// What `id` names, by form: `I…`, `TL…` or `EV…` and digits.
    pub fn of(id: &str) -> Option<Cited> {
        let digits = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
        if id.strip_prefix("TL").is_some_and(digits) {
            Some(Cited::TimelineEvent)
        } else if id.strip_prefix("EV").is_some_and(digits) {
            Some(Cited::Evidence)
        } else if id.strip_prefix('I').is_some_and(digits) {
            Some(Cited::Indicator)
        } else {
            None
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Cited::Indicator => "indicator",
            Cited::TimelineEvent => "timeline event",
            Cited::Evidence => "evidence item",
        }
    }
}

/// Whether the incident holds the item `id` names.
fn holds(state: &IncidentState, kind: Cited, id: &str) -> bool {
    match kind {
        Cited::Indicator => state.indicators.get(id).is_some(),
        Cited::TimelineEvent => state.indicators.timeline.iter().any(|t| t.record.id == id),
        Cited::Evidence => state.evidence.iter().any(|e| e.record.id == id),
    }
}

/// `finding` cites `cites` (any member, while the incident is open).
pub fn cite(
    state: &IncidentState,
    ctx: &Context,
    finding: &str,
    cites: &[String],
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::CiteInFinding)?;
    let Some(f) = state.finding(finding) else {
        return Err(Rejection::not_found(
            "finding",
            format!("{} has no finding {finding}", state.reference),
        ));
    };
    if cites.is_empty() {
        return Err(Rejection::invalid(
            "cites",
            "name at least one indicator (I3), timeline event (TL2) or evidence item (EV1)",
        ));
    }
    let mut new: Vec<String> = Vec::new();
    for raw in cites {
        let id = raw.trim().to_ascii_uppercase();
        let Some(kind) = Cited::of(&id) else {
            return Err(Rejection::invalid(
                "cites",
                format!(
                    "{raw:?} is not an indicator (I3), timeline event (TL2) or evidence item (EV1)"
                ),
            ));
        };
        if !holds(state, kind, &id) {
            return Err(Rejection::not_found(
                "cites",
                format!("{} has no {} {id}", state.reference, kind.noun()),
            ));
        }
        if !f.cites.contains(&id) && !new.contains(&id) {
            new.push(id);
        }
    }
    if new.is_empty() {
        return Err(Rejection::conflict(format!(
            "{} already cites {}",
            f.id,
            f.cites.join(", ")
        )));
    }
    Ok(vec![Event::FindingCited {
        id: f.id.clone(),
        cites: new,
    }])
}
