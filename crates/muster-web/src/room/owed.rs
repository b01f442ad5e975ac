//! "What you owe": the work waiting on the viewer, most urgent first, each
//! linked to where it is answered in the room.

use super::offer::Offer;
use crate::time::{Clock, clock};
use jiff::Timestamp;
use muster_domain::{CommunicationStatus, FindingStatus, IncidentState, RecommendationStatus};
use uuid::Uuid;

pub struct OwedView {
    pub what: String,
    /// The element id in the room where it is answered.
    pub anchor: String,
    pub clock: Option<Clock>,
    pub overdue: bool,
}

fn item(what: String, anchor: String, at: Option<Timestamp>, now: Timestamp) -> OwedView {
    let clock = at.map(|t| clock(t, now));
    OwedView {
        overdue: clock.as_ref().is_some_and(|c| c.overdue),
        what,
        anchor,
        clock,
    }
}

pub fn build(s: &IncidentState, me: Uuid, may: &Offer, now: Timestamp) -> Vec<OwedView> {
    let mut owed = Vec::new();
    if let Some(h) = s.handover.as_ref().filter(|h| h.to.id == me) {
        owed.push(item(
            format!(
                "Acknowledge the handover from {} and take command",
                h.from.name
            ),
            "summary".into(),
            None,
            now,
        ));
    }
    if s.is_open() {
        for a in s
            .actions
            .iter()
            .filter(|a| a.owner.id == me && a.status.is_open())
        {
            owed.push(item(
                format!("Report back on {}: {}", a.id, a.title),
                format!("action-{}", a.id),
                Some(a.report_back_at),
                now,
            ));
        }
        for f in s.findings.iter().filter(|f| {
            f.status == FindingStatus::Delegated
                && f.delegated_to.as_ref().is_some_and(|p| p.id == me)
        }) {
            owed.push(item(
                format!("Answer {}: {}", f.id, f.text),
                format!("finding-{}", f.id),
                f.report_back_at,
                now,
            ));
        }
    }
    if may.has("approve") {
        for r in s
            .recommendations
            .iter()
            .filter(|r| r.status == RecommendationStatus::Pending)
        {
            owed.push(item(
                format!("Decide on {} from {}: {}", r.id, r.by.name, r.text),
                format!("rec-{}", r.id),
                None,
                now,
            ));
        }
    }
    for c in &s.communications {
        let (ask, kind) = match c.status {
            CommunicationStatus::Draft => ("Agree", "agree-communication"),
            CommunicationStatus::Agreed => ("Send", "send-communication"),
            _ => continue,
        };
        if may.has(kind) {
            owed.push(item(
                format!("{ask} {}: {}", c.id, c.subject),
                "comms".into(),
                None,
                now,
            ));
        }
    }
    for p in s
        .preventive_actions
        .iter()
        .filter(|p| p.owner.id == me && !p.done)
    {
        owed.push(item(
            format!("Preventive action {}: {}", p.id, p.title),
            format!("preventive-{}", p.id),
            Some(p.due),
            now,
        ));
    }
    // The soonest deadline first; items without one keep their place after.
    owed.sort_by(|a, b| match (&a.clock, &b.clock) {
        (Some(x), Some(y)) => x.iso.cmp(&y.iso),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    owed
}
