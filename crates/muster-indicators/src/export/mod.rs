//! Exports of an incident's indicators: a STIX 2.1 bundle and a MISP event.
//! Both honour TLP: nothing marked above the chosen level leaves, sightings
//! included. Ids are deterministic (UUIDv5), so exporting the same incident
//! twice gives the same ids and a receiver updates rather than duplicates.

mod misp;
mod stix;
mod stix_objects;

pub use misp::to_misp_event;
pub use stix::to_stix_bundle;
pub use stix_objects::stix_pattern;

use crate::{AttackId, IndicatorType, Pap, Tlp, Value};
use jiff::Timestamp;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Everything an export needs, gathered by the caller from the incident's
/// folded state.
#[derive(Debug, Clone)]
pub struct ExportInput {
    /// The organisation's name, which becomes the STIX `identity` that
    /// created every object, and the MISP event's creator org.
    pub organisation: String,
    pub incident: ExportIncident,
    pub indicators: Vec<ExportIndicator>,
    /// ATT&CK ids recorded on the incident (its attacker's timeline),
    /// beside those on single indicators.
    pub attack: Vec<AttackId>,
    /// Names for ATT&CK ids, from the organisation's catalogue; an id with
    /// no name is exported under the id itself.
    pub attack_names: BTreeMap<AttackId, String>,
    /// The highest marking allowed to leave.
    pub tlp: Tlp,
    /// The time of the export, used for `created`/`modified`: given rather
    /// than read from the clock so the export is a pure function.
    pub exported_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct ExportIncident {
    /// `INC-2026-0007`.
    pub reference: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ExportIndicator {
    /// The indicator's own id if it has one; otherwise one is derived from
    /// the organisation, type and value.
    pub id: Option<Uuid>,
    pub ty: IndicatorType,
    pub value: Value,
    pub tlp: Tlp,
    pub pap: Option<Pap>,
    pub ioc: bool,
    pub tags: Vec<String>,
    pub first_seen: Option<Timestamp>,
    pub last_seen: Option<Timestamp>,
    pub comment: Option<String>,
    pub attack: Vec<AttackId>,
    pub sightings: Vec<ExportSighting>,
}

/// Where and when an indicator was seen, and by whom.
#[derive(Debug, Clone)]
pub struct ExportSighting {
    pub seen_at: Timestamp,
    /// The end of the sighting when it spans a window.
    pub seen_until: Option<Timestamp>,
    pub count: u32,
    /// The host, system or place it was seen on.
    pub seen_on: Option<String>,
    pub seen_by: Option<String>,
}

impl ExportSighting {
    /// "seen on mail-gw-1 by the SOC", or `None` when neither is known.
    pub(crate) fn description(&self) -> Option<String> {
        match (&self.seen_on, &self.seen_by) {
            (Some(on), Some(by)) => Some(format!("seen on {on} by {by}")),
            (Some(on), None) => Some(format!("seen on {on}")),
            (None, Some(by)) => Some(format!("seen by {by}")),
            (None, None) => None,
        }
    }
}

impl ExportInput {
    /// The indicators allowed to leave at the chosen level.
    pub fn allowed(&self) -> impl Iterator<Item = &ExportIndicator> {
        self.indicators.iter().filter(|i| self.tlp.allows(i.tlp))
    }

    /// The namespace of this organisation's derived ids.
    pub(crate) fn namespace(&self) -> Uuid {
        Uuid::new_v5(
            &MUSTER_NAMESPACE,
            format!("organisation:{}", self.organisation).as_bytes(),
        )
    }

    pub(crate) fn derived(&self, name: &str) -> Uuid {
        Uuid::new_v5(&self.namespace(), name.as_bytes())
    }

    pub(crate) fn indicator_uuid(&self, indicator: &ExportIndicator) -> Uuid {
        indicator.id.unwrap_or_else(|| {
            self.derived(&format!("indicator:{}:{}", indicator.ty, indicator.value))
        })
    }

    /// Every ATT&CK id used, on the incident or on an allowed indicator.
    pub(crate) fn attack_ids(&self) -> Vec<AttackId> {
        let mut ids: Vec<AttackId> = self
            .attack
            .iter()
            .chain(self.allowed().flat_map(|i| i.attack.iter()))
            .copied()
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    pub(crate) fn attack_name(&self, id: AttackId) -> String {
        self.attack_names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// Muster's own UUIDv5 namespace: a fixed random UUID, never to change, or
/// every exported id would change with it.
const MUSTER_NAMESPACE: Uuid = Uuid::from_u128(0x7d3c_0b0e_6b0f_4d8a_9c1e_4f3a_2b1c_0d9e);

/// STIX timestamps: UTC with milliseconds, as the specification requires
/// for `created` and `modified`.
pub(crate) fn stix_time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
