//! What the STIX and MISP exporters need, gathered from the folded state.

use jiff::Timestamp;
use muster_domain::IncidentState;
use muster_indicators::{
    AttackCatalogue, AttackId, ExportIncident, ExportIndicator, ExportInput, ExportSighting, Tlp,
    normalise,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What the exporters need, from the folded state. Each indicator's id is
/// derived from the incident's and its own, so a re-export updates rather
/// than duplicates at the receiver; its ATT&CK ids are those of the
/// timeline events that name it; techniques are named from `catalogue`
/// (the organisation's import) when it has them.
pub fn export_input(
    state: &IncidentState,
    policy: &muster_domain::policy::IndicatorPolicy,
    catalogue: &AttackCatalogue,
    tlp: Tlp,
) -> ExportInput {
    let attack_of = |id: &str| -> Vec<AttackId> {
        let mut ids: Vec<AttackId> = state
            .indicators
            .timeline
            .iter()
            .filter(|t| t.indicators.iter().any(|i| i == id))
            .flat_map(|t| t.attack.iter().filter_map(|a| AttackId::parse(a).ok()))
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let mut attack: Vec<AttackId> = state
        .indicators
        .timeline
        .iter()
        .flat_map(|t| t.attack.iter().filter_map(|a| AttackId::parse(a).ok()))
        .collect();
    attack.sort();
    attack.dedup();
    // Every id on the timeline: the indicators' ids are among them.
    let attack_names: BTreeMap<AttackId, String> = attack
        .iter()
        .filter_map(|id| catalogue.full_name(*id).map(|name| (*id, name)))
        .collect();
    let indicators = state
        .indicators
        .items
        .iter()
        .filter_map(|i| {
            // Stored values were normalised when they were added; reading them
            // back through `normalise` is how a `Value` is made, and a type
            // the policy no longer defines is left out rather than guessed.
            let ty = policy.indicator_type(&i.ty).ok()?;
            let value = normalise(&ty, &i.value).ok()?;
            Some(ExportIndicator {
                id: Some(Uuid::new_v5(&state.id, i.id.as_bytes())),
                ty,
                value,
                tlp: i.tlp,
                pap: i.pap,
                ioc: i.ioc,
                tags: i.tags.clone(),
                first_seen: i.first_seen,
                last_seen: i.last_seen,
                comment: i.comment.clone(),
                attack: attack_of(&i.id),
                sightings: i
                    .sightings
                    .iter()
                    .map(|s| ExportSighting {
                        seen_at: s.seen_at,
                        seen_until: s.seen_until,
                        count: s.count,
                        seen_on: s.seen_on.clone(),
                        seen_by: s.seen_by.clone(),
                    })
                    .collect(),
            })
        })
        .collect();
    ExportInput {
        organisation: policy.organisation.clone(),
        incident: ExportIncident {
            reference: state.reference.clone(),
            title: state.title.clone(),
            description: Some(state.hypothesis.clone()).filter(|h| !h.is_empty()),
        },
        indicators,
        attack,
        attack_names,
        tlp,
        exported_at: Timestamp::now(),
    }
}
