//! Indicators through the application (issue 11): a file imported as one
//! submission, "have we seen this before?" across the incidents a person
//! may see, the incident's indicators and timeline, and STIX/MISP exports
//! that honour TLP.
//!
//! The lookup reads an index kept in memory beside the folded states
//! (`seen_index`, updated whenever the cache takes a state), not a table in
//! the store: see ARCHITECTURE.md and BENCHMARKS.md for what that costs and
//! when a store index should replace it.

use crate::actor::Actor;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::visibility::can_see;
use jiff::Timestamp;
use muster_api::{
    DuplicateRow, ImportResponse, IndicatorView, IndicatorsView, LinkView, RefusedRow,
    SeenIncident, SeenResponse, SightingView, SkippedRow, TimelineEventView,
};
use muster_domain::event::Event;
use muster_domain::indicator::{IndicatorInput, prepare};
use muster_domain::state::Indicator;
use muster_domain::{Command, IncidentState};
use muster_indicators::{
    AttackId, ExportIncident, ExportIndicator, ExportInput, ExportSighting, ImportOptions,
    IndicatorType, Tlp, defang, guess_type, normalise,
};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The two exchange formats an incident's indicators leave in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeFormat {
    Stix,
    Misp,
}

/// Nothing above this leaves when the export names no level: TLP:AMBER is
/// the marking an indicator gets by default, so a plain export holds what
/// the team marked for need-to-know sharing, and never AMBER+STRICT or RED.
pub const DEFAULT_EXPORT_TLP: Tlp = Tlp::Amber;

impl App {
    /// Imports a CSV file, STIX 2.1 bundle or MISP event (told apart by
    /// content) into `reference` as ONE submission: one decision, one commit
    /// of every added indicator, so thousands cost one fsync and one turn of
    /// the committer rather than thousands. Rows the file or the domain
    /// refuses, objects skipped, and values already there are reported.
    pub async fn import_indicators(
        &self,
        actor: &Actor,
        reference: &str,
        bytes: &[u8],
    ) -> AppResult<ImportResponse> {
        let state = self
            .visible(actor, reference, &format!("an import into {reference}"))
            .await?;
        // The same refusals the decision would give, before the file is read,
        // so that a file of nothing but duplicates is not a way round them.
        if !state.is_open() {
            return Err(AppError::conflict(format!(
                "{} is closed; only its preventive actions can still be updated",
                state.reference
            )));
        }
        if !state.is_member(actor.person.id) {
            return Err(AppError::forbidden(format!(
                "{} is not on the team of {}; writing to an incident needs a role on its team",
                actor.person.name, state.reference
            )));
        }
        let policy = self.policy();
        let options = ImportOptions {
            custom_types: policy
                .indicators
                .custom_types()
                .map_err(|e| AppError::internal(format!("the policy's indicator types: {e}")))?,
        };
        let import = muster_indicators::import(bytes, &options)
            .map_err(|e| AppError::invalid("body", e.to_string()))?;
        let mut refused: Vec<RefusedRow> = import
            .errors
            .iter()
            .map(|e| RefusedRow {
                place: e.place.to_string(),
                field: e.field.clone(),
                message: e.message.clone(),
            })
            .collect();
        let skipped = import
            .skipped
            .iter()
            .map(|s| SkippedRow {
                place: s.place.to_string(),
                reason: s.reason.clone(),
            })
            .collect();
        let now = Timestamp::now();
        let mut duplicates = Vec::new();
        let mut inputs = Vec::new();
        let mut places = Vec::new();
        let mut in_file: HashMap<(String, String), ()> = HashMap::new();
        for (n, imported) in import.indicators.iter().enumerate() {
            // The importers keep file order; a row's place is its position
            // among the indicators read, with its value to find it by.
            let place = format!("indicator {}", n + 1);
            let input = IndicatorInput {
                ty: imported.ty.name().to_owned(),
                value: imported.value.as_str().to_owned(),
                tlp: imported.tlp.map(|t| t.name().to_owned()),
                pap: imported.pap.map(|p| p.name().to_owned()),
                ioc: imported.ioc,
                tags: imported.tags.clone(),
                first_seen: imported.first_seen,
                last_seen: imported.last_seen,
                comment: imported.comment.clone(),
            };
            let record = match prepare(&input, policy, now) {
                Ok(record) => record,
                Err(r) => {
                    refused.push(RefusedRow {
                        place,
                        field: r.field.map(str::to_owned),
                        message: r.message,
                    });
                    continue;
                }
            };
            let existing = state.indicators.find(&record.ty, &record.value);
            let key = (record.ty.clone(), record.value.clone());
            if existing.is_some() || in_file.insert(key, ()).is_some() {
                duplicates.push(DuplicateRow {
                    place,
                    shown: shown(&record.ty, &record.value),
                    ty: record.ty,
                    existing: existing.map(|i| i.id.clone()),
                });
                continue;
            }
            inputs.push(input);
            places.push((place, record.ty, record.value));
        }
        let mut added_ids = Vec::new();
        let mut head_seq = state.seq;
        if !inputs.is_empty() {
            let committed = self
                .execute(actor, reference, Command::AddIndicators(inputs), None)
                .await?;
            head_seq = committed.state.seq;
            let mut added: HashMap<(String, String), String> = HashMap::new();
            for entry in &committed.entries {
                if let Ok(Event::IndicatorAdded(r)) =
                    Event::decode(&entry.kind, entry.v, &entry.payload)
                {
                    added.insert((r.ty, r.value), r.id);
                }
            }
            for (place, ty, value) in places {
                match added.remove(&(ty.clone(), value.clone())) {
                    Some(id) => added_ids.push(id),
                    // Added by someone else between reading and deciding.
                    None => duplicates.push(DuplicateRow {
                        place,
                        shown: shown(&ty, &value),
                        existing: committed
                            .state
                            .indicators
                            .find(&ty, &value)
                            .map(|i| i.id.clone()),
                        ty,
                    }),
                }
            }
        }
        Ok(ImportResponse {
            reference: state.reference.clone(),
            format: import.format.name().to_owned(),
            added: added_ids.len(),
            added_ids,
            duplicates,
            refused,
            skipped,
            head_seq,
        })
    }

    /// "Have we seen this before?": every incident `actor` may see that holds
    /// `value` (normalised as `ty`, or as the type it looks like; with no
    /// type given, a stored value of any type matches). Rule 10: an incident
    /// the actor may not see is left out before anything is counted, and a
    /// restricted one that is shown is an audited read.
    pub async fn seen(
        &self,
        actor: &Actor,
        value: &str,
        ty: Option<&str>,
    ) -> AppResult<SeenResponse> {
        let given = ty.is_some();
        let ty = match ty {
            Some(name) => self
                .policy()
                .indicators
                .indicator_type(name)
                .map_err(|e| AppError::invalid("type", e.to_string()))?,
            None => guess_type(value).ok_or_else(|| {
                AppError::invalid(
                    "value",
                    "cannot tell what type of indicator this is; name it with `type`",
                )
            })?,
        };
        let normal =
            normalise(&ty, value).map_err(|e| AppError::invalid("value", e.to_string()))?;
        let normal = normal.as_str();
        // Every incident is indexed once its state is folded; fold those
        // no one has opened since the server started, then read the index.
        for summary in self.incident_summaries().await? {
            if !self.inner().cache.seen().knows(summary.id) {
                self.state(summary.id).await?;
            }
        }
        let mut by_incident: Vec<(Uuid, Vec<u32>)> = Vec::new();
        for (id, at) in self.inner().cache.seen().lookup(normal) {
            match by_incident.iter_mut().find(|(i, _)| *i == id) {
                Some((_, positions)) => positions.push(at),
                None => by_incident.push((id, vec![at])),
            }
        }
        let mut incidents = Vec::new();
        for (id, positions) in by_incident {
            let Some(state) = self.state(id).await? else {
                continue;
            };
            // Rule 10 before anything about the incident is looked at.
            if !can_see(&state, actor) {
                continue;
            }
            let hits: Vec<SeenIncident> = positions
                .iter()
                .filter_map(|at| state.indicators.items.get(*at as usize))
                .filter(|i| i.value == normal && (!given || i.ty == ty.name()))
                .map(|i| SeenIncident {
                    reference: state.reference.clone(),
                    title: state.title.clone(),
                    phase: state.phase,
                    indicator: i.id.clone(),
                    ty: i.ty.clone(),
                    first_seen: i.first_seen,
                    last_seen: i.last_seen,
                    sightings: i.sightings_count(),
                })
                .collect();
            if hits.is_empty() {
                continue;
            }
            incidents.extend(hits);
            if state.restricted {
                self.audit(
                    actor,
                    &state,
                    &format!("an indicator lookup ({})", ty.name()),
                )
                .await?;
            }
        }
        incidents.sort_by(|a, b| {
            b.last_seen
                .cmp(&a.last_seen)
                .then(a.reference.cmp(&b.reference))
        });
        Ok(SeenResponse {
            value: normal.to_owned(),
            shown: defang(&ty, normal),
            ty: ty.name().to_owned(),
            incidents,
        })
    }

    /// The incident's indicators and the attacker's timeline.
    pub async fn indicators(&self, actor: &Actor, reference: &str) -> AppResult<IndicatorsView> {
        let state = self
            .read(
                actor,
                reference,
                &format!("GET /api/incidents/{reference}/indicators"),
            )
            .await?;
        Ok(view(&state))
    }

    /// The incident's indicators as a STIX 2.1 bundle or a MISP event, with
    /// nothing marked above `tlp` in it.
    pub async fn export_indicators(
        &self,
        actor: &Actor,
        reference: &str,
        format: ExchangeFormat,
        tlp: Tlp,
    ) -> AppResult<serde_json::Value> {
        let name = match format {
            ExchangeFormat::Stix => "stix",
            ExchangeFormat::Misp => "misp",
        };
        let state = self
            .read(
                actor,
                reference,
                &format!("GET /api/incidents/{reference}/export?format={name}&tlp={tlp}"),
            )
            .await?;
        let input = export_input(&state, &self.policy().indicators, tlp);
        Ok(match format {
            ExchangeFormat::Stix => muster_indicators::to_stix_bundle(&input),
            ExchangeFormat::Misp => muster_indicators::to_misp_event(&input),
        })
    }
}

/// A value as a person may be shown it: defanged, so that nobody clicks it.
pub fn shown(ty: &str, value: &str) -> String {
    match IndicatorType::built_in(ty) {
        Some(t) => defang(&t, value),
        None => value.to_owned(),
    }
}

pub fn view(state: &IncidentState) -> IndicatorsView {
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

/// What the exporters need, from the folded state. Each indicator's id is
/// derived from the incident's and its own, so a re-export updates rather
/// than duplicates at the receiver; its ATT&CK ids are those of the
/// timeline events that name it.
pub fn export_input(
    state: &IncidentState,
    policy: &muster_domain::policy::IndicatorPolicy,
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
        attack_names: BTreeMap::new(),
        tlp,
        exported_at: Timestamp::now(),
    }
}
