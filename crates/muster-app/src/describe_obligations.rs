//! Regulatory obligations' entries in words (see [`crate::describe`]).

use crate::describe::{Described, d, short_time};
use muster_domain::event::Event as E;

pub(crate) fn event(event: &E) -> Described {
    match event {
        E::AnchorRecorded { anchor, at } => d(
            "obligation",
            format!("Anchor {anchor} recorded: {}", short_time(*at)),
        ),
        E::JurisdictionsSet {
            jurisdictions,
            sectors,
            reason,
        } => d(
            "escalation",
            format!(
                "Jurisdictions set to {}{}: {reason}",
                none_if_empty(jurisdictions),
                if sectors.is_empty() {
                    String::new()
                } else {
                    format!(", sectors {}", sectors.join(", "))
                }
            ),
        ),
        E::ObligationAssessed {
            regime,
            status,
            rationale,
        } => d(
            "obligation",
            format!("Obligation under {regime} assessed as {status}: {rationale}"),
        ),
        E::SubmissionRecorded {
            regime,
            stage,
            reference,
            at,
            ..
        } => d(
            "obligation",
            format!(
                "{regime} {stage} submitted at {} (reference {reference})",
                short_time(*at)
            ),
        ),
        E::DeadlinesComputed { deadlines } => d(
            "obligation",
            format!(
                "Deadlines computed: {}",
                deadlines
                    .iter()
                    .map(|x| format!(
                        "{} {} due {}",
                        x.regime,
                        x.stage,
                        x.due_at.map_or("(no fixed time)".into(), short_time)
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ),
        other => d("entry", other.kind().to_owned()),
    }
}

fn none_if_empty(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}
