//! The incident's indicators and the attacker's timeline on the wire, with
//! every value also in its defanged form for showing to a person.

use muster_api::{IndicatorView, IndicatorsView, LinkView, SightingView, TimelineEventView};
use muster_domain::IncidentState;
use muster_domain::state::Indicator;
use muster_indicators::{AttackCatalogue, IndicatorType, defang};

/// A value as a person may be shown it: defanged, so that nobody clicks it.
pub fn shown(ty: &str, value: &str) -> String {
    match IndicatorType::built_in(ty) {
        Some(t) => defang(&t, value),
        None => value.to_owned(),
    }
}

/// The incident's indicators and timeline, techniques named from `catalogue`.
pub fn view(state: &IncidentState, catalogue: &AttackCatalogue) -> IndicatorsView {
    IndicatorsView {
        reference: state.reference.clone(),
        indicators: state.indicators.items.iter().map(indicator_view).collect(),
        timeline: state
            .indicators
            .timeline
            .iter()
            .map(|t| TimelineEventView {
                id: t.id.clone(),
                at: t.at,
                precision: t.precision,
                until: t.until,
                host: t.host.clone(),
                description: t.description.clone(),
                indicators: t.indicators.clone(),
                attack: t.attack.clone(),
                techniques: t
                    .attack
                    .iter()
                    .map(|a| crate::attack::attack_ref(catalogue, a))
                    .collect(),
            })
            .collect(),
    }
}

fn indicator_view(i: &Indicator) -> IndicatorView {
    IndicatorView {
        id: i.id.clone(),
        ty: i.ty.clone(),
        value: i.value.clone(),
        shown: shown(&i.ty, &i.value),
        tlp: i.tlp.name().to_owned(),
        pap: i.pap.map(|p| p.name().to_owned()),
        ioc: i.ioc,
        tags: i.tags.clone(),
        first_seen: i.first_seen,
        last_seen: i.last_seen,
        comment: i.comment.clone(),
        sightings: i
            .sightings
            .iter()
            .map(|s| SightingView {
                id: s.id.clone(),
                seen_at: s.seen_at,
                seen_until: s.seen_until,
                seen_on: s.seen_on.clone(),
                source: s.source.clone(),
                seen_by: s.seen_by.clone(),
                count: s.count,
            })
            .collect(),
        links: i
            .links
            .iter()
            .map(|l| LinkView {
                finding: l.finding.clone(),
                link: l.link,
            })
            .collect(),
    }
}
