//! Indicators through the application (issue 11): a file imported as one
//! submission, "have we seen this before?" across the incidents a person
//! may see, the incident's indicators and timeline, and STIX/MISP exports
//! that honour TLP.
//!
//! The lookup (`seen`) reads the store's seen index, written in each
//! commit's transaction: see ARCHITECTURE.md and BENCHMARKS.md.

use crate::actor::Actor;
use crate::app::App;
use crate::error::{AppError, AppResult};

mod export;
mod seen;
mod view;

pub use export::export_input;
use jiff::Timestamp;
use muster_api::{DuplicateRow, ImportResponse, IndicatorsView, RefusedRow, SkippedRow};
use muster_domain::Command;
use muster_domain::event::Event;
use muster_domain::indicator::{IndicatorInput, prepare};
use muster_indicators::{ImportOptions, Tlp};
use std::collections::HashMap;
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

    /// The incident's indicators and the attacker's timeline.
    pub async fn indicators(&self, actor: &Actor, reference: &str) -> AppResult<IndicatorsView> {
        let state = self
            .read(
                actor,
                reference,
                &format!("GET /api/incidents/{reference}/indicators"),
            )
            .await?;
        let catalogue = self.attack_catalogue().await?;
        Ok(view(&state, &catalogue))
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
        let catalogue = self.attack_catalogue().await?;
        let input = export_input(&state, &self.policy().indicators, &catalogue, tlp);
        Ok(match format {
            ExchangeFormat::Stix => muster_indicators::to_stix_bundle(&input),
            ExchangeFormat::Misp => muster_indicators::to_misp_event(&input),
        })
    }
}
