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

mod export;
mod view;

pub use export::export_input;
use jiff::Timestamp;
use muster_api::{
    DuplicateRow, ImportResponse, IndicatorsView, RefusedRow, SeenIncident, SeenResponse,
    SkippedRow,
};
use muster_domain::Command;
use muster_domain::event::Event;
use muster_domain::indicator::{IndicatorInput, prepare};
use muster_indicators::{ImportOptions, Tlp, defang, guess_type, normalise};
use std::collections::HashMap;
use uuid::Uuid;
pub use view::{shown, view};

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
