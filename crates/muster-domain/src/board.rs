//! The board: what is known, unknown and suspected, delegated to SMEs to answer,
//! confirm or refute, and the competing-hypotheses grid.

use crate::command::Context;
use crate::event::{Event, PersonRef};
use crate::guard;
use crate::permit::{self, Kind};
use crate::rejection::{Decision, Rejection};
use crate::state::{Finding, IncidentState};
use crate::vocab::{Consistency, FindingKind, FindingStatus, Role};
use jiff::Timestamp;

fn find<'a>(state: &'a IncidentState, field: &'static str, id: &str) -> Decision<&'a Finding> {
    state.finding(id).ok_or_else(|| {
        Rejection::not_found(field, format!("{} has no finding {id}", state.reference))
    })
}

pub fn add(
    state: &IncidentState,
    ctx: &Context,
    kind: FindingKind,
    text: &str,
    source: Option<&str>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AddFinding)?;
    let text = guard::text("text", text)?;
    let source = match (kind, source.map(str::trim).filter(|s| !s.is_empty())) {
        (FindingKind::Known, None) => {
            return Err(Rejection::invalid(
                "source",
                "a known finding is an observation and needs its source",
            ));
        }
        (_, s) => s.map(str::to_owned),
    };
    Ok(vec![Event::FindingAdded {
        id: guard::next_id("F", state.findings.len()),
        finding: kind,
        text,
        source,
    }])
}

pub fn delegate(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    to: PersonRef,
    report_back_at: Timestamp,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::DelegateFinding)?;
    let f = find(state, "finding", id)?;
    if f.kind == FindingKind::Known {
        return Err(Rejection::conflict(format!(
            "{id} is known (an observation); only unknowns and suspicions are delegated"
        )));
    }
    if !matches!(f.status, FindingStatus::Open | FindingStatus::Delegated) {
        return Err(Rejection::conflict(format!("{id} is already {}", f.status)));
    }
    if !state.holds(to.id, Role::Sme) {
        return Err(Rejection::invalid(
            "to",
            format!(
                "{} is not an SME on this incident; findings are delegated to subject matter experts",
                to.name
            ),
        ));
    }
    let report_back_at = guard::report_back("report_back_at", report_back_at, ctx)?;
    Ok(vec![Event::FindingDelegated {
        id: f.id.clone(),
        to,
        report_back_at,
    }])
}

pub fn resolve(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    status: FindingStatus,
    text: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::ResolveFinding)?;
    let f = find(state, "finding", id)?;
    crate::permit_item::settle(state, ctx, f)?;
    let allowed = match f.kind {
        FindingKind::Unknown => status == FindingStatus::Answered,
        FindingKind::Suspected => {
            matches!(status, FindingStatus::Confirmed | FindingStatus::Refuted)
        }
        FindingKind::Known => false,
    };
    if !allowed {
        return Err(Rejection::invalid(
            "status",
            format!(
                "a {} finding cannot become {status}: unknowns are answered, suspicions confirmed or refuted",
                f.kind
            ),
        ));
    }
    if !matches!(f.status, FindingStatus::Open | FindingStatus::Delegated) {
        return Err(Rejection::conflict(format!("{id} is already {}", f.status)));
    }
    Ok(vec![Event::FindingResolved {
        id: f.id.clone(),
        status,
        text: guard::text("text", text)?,
    }])
}

pub fn assess(
    state: &IncidentState,
    ctx: &Context,
    suspected: &str,
    known: &str,
    consistency: Consistency,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AssessFinding)?;
    let s = find(state, "suspected", suspected)?;
    if s.kind != FindingKind::Suspected {
        return Err(Rejection::invalid(
            "suspected",
            format!("{suspected} is {}, not a suspicion (hypothesis)", s.kind),
        ));
    }
    let k = find(state, "known", known)?;
    if k.kind != FindingKind::Known {
        return Err(Rejection::invalid(
            "known",
            format!("{known} is {}, not a known observation", k.kind),
        ));
    }
    Ok(vec![Event::FindingAssessed {
        suspected: s.id.clone(),
        known: k.id.clone(),
        consistency,
    }])
}
