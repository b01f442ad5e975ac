//! Indicators on the wire (issue 11): an incident's indicators and the
//! attacker's timeline, the answer to an import, and the answer to "have we
//! seen this before?". Values are sent as stored (refanged, for programs);
//! `shown` carries the defanged form a person may be shown.

use jiff::Timestamp;
use muster_domain::{IndicatorLink, Precision};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorsView {
    pub reference: String,
    pub indicators: Vec<IndicatorView>,
    /// The attacker's timeline, in time order.
    pub timeline: Vec<TimelineEventView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorView {
    /// `I1`, `I2`, … on this incident.
    pub id: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// Normalised and refanged.
    pub value: String,
    /// Defanged, for showing to a person (`hxxp://evil[.]example/`).
    pub shown: String,
    /// TLP 2.0: `clear`, `green`, `amber`, `amber+strict` or `red`.
    pub tlp: String,
    pub pap: Option<String>,
    pub ioc: bool,
    pub tags: Vec<String>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub first_seen: Option<Timestamp>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_seen: Option<Timestamp>,
    pub comment: Option<String>,
    pub sightings: Vec<SightingView>,
    pub links: Vec<LinkView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SightingView {
    pub id: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub seen_at: Timestamp,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub seen_until: Option<Timestamp>,
    pub seen_on: Option<String>,
    pub source: Option<String>,
    pub seen_by: Option<String>,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LinkView {
    pub finding: String,
    pub link: IndicatorLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimelineEventView {
    pub id: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub precision: Precision,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub until: Option<Timestamp>,
    pub host: Option<String>,
    pub description: String,
    pub indicators: Vec<String>,
    /// ATT&CK ids, canonical (`T1078.004`).
    pub attack: Vec<String>,
    /// The same ids with their names from the organisation's imported
    /// catalogue (`name` is null without one).
    #[serde(default)]
    pub techniques: Vec<crate::AttackRef>,
}

/// What an import did: how many indicators were added (in one submission),
/// which rows were refused and why, which objects were skipped and why, and
/// which values were already on the incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportResponse {
    pub reference: String,
    /// `CSV`, `STIX 2.1 bundle` or `MISP event`, as detected from the content.
    pub format: String,
    pub added: usize,
    /// The ids the added indicators got, in file order.
    pub added_ids: Vec<String>,
    /// Rows whose value was already on the incident (or earlier in the file).
    pub duplicates: Vec<DuplicateRow>,
    /// Rows refused, each with where it is and the field at fault.
    pub refused: Vec<RefusedRow>,
    /// Objects read but holding nothing Muster imports.
    pub skipped: Vec<SkippedRow>,
    pub head_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DuplicateRow {
    /// `line 4`, `object 3 (indicator--…)`, `attribute 2`.
    pub place: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// Defanged.
    pub shown: String,
    /// The indicator already holding it, when it was on the incident before.
    pub existing: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RefusedRow {
    pub place: String,
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SkippedRow {
    pub place: String,
    pub reason: String,
}

/// Every incident the caller may see that holds the value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SeenResponse {
    /// The value as normalised for the lookup.
    pub value: String,
    pub shown: String,
    /// The type it was looked up as: given, or guessed.
    #[serde(rename = "type")]
    pub ty: String,
    pub incidents: Vec<SeenIncident>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SeenIncident {
    pub reference: String,
    pub title: String,
    pub phase: Option<muster_domain::Phase>,
    /// The indicator's id on that incident.
    pub indicator: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub first_seen: Option<Timestamp>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_seen: Option<Timestamp>,
    /// Times seen, summed over its sightings.
    pub sightings: u64,
}
