//! What a finding cites, in words (issue 11): each cited indicator, step of
//! the attacker's timeline or evidence item with enough to recognise it, for
//! the wire (and so the JSON export), the Markdown and HTML exports and the
//! room. Values are defanged: these are read by people.

use crate::describe::short_time;
use crate::indicators::shown;
use muster_api::CitationView;
use muster_domain::IncidentState;
use muster_domain::citation::Cited;
use muster_domain::state::Finding;

/// The finding's citations, in the order they were made.
pub fn citations(state: &IncidentState, finding: &Finding) -> Vec<CitationView> {
    finding.cites.iter().map(|id| citation(state, id)).collect()
}

fn citation(state: &IncidentState, id: &str) -> CitationView {
    let (kind, summary) = match Cited::of(id) {
        Some(Cited::Indicator) => (
            "indicator",
            state
                .indicators
                .get(id)
                .map(|i| format!("{} {}", i.ty, shown(&i.ty, &i.value))),
        ),
        Some(Cited::TimelineEvent) => (
            "timeline-event",
            state
                .indicators
                .timeline
                .iter()
                .find(|t| t.record.id == id)
                .map(|t| format!("{} {}", short_time(t.record.at), t.record.description)),
        ),
        Some(Cited::Evidence) => (
            "evidence",
            state.evidence.iter().find(|e| e.record.id == id).map(|e| {
                let hash: String = e.record.sha256.chars().take(12).collect();
                format!("{} (SHA-256 {hash}…)", e.record.description)
            }),
        ),
        None => ("unknown", None),
    };
    CitationView {
        id: id.to_owned(),
        kind: kind.to_owned(),
        summary: summary.unwrap_or_else(|| "not on the incident".to_owned()),
    }
}
