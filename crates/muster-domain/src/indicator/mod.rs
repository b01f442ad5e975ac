//! Indicators, sightings and the attacker's timeline (issue 11) as the
//! incident's rules see them: the commands' inputs, the records the log
//! keeps, and the decisions (`decide`). Types, validation and normalisation
//! are `muster-indicators`'; this module applies them to an incident.
//!
//! Indicators, sightings and timeline events are observations: any member
//! of the team may record them, as anyone who establishes a fact may put it
//! on the board.

mod decide;

pub use decide::{
    add_indicator, add_indicators, add_timeline_event, link_indicator, prepare, record_sighting,
};

use crate::vocab::Precision;
use jiff::Timestamp;
pub use muster_indicators::{Pap, Tlp};
use serde::{Deserialize, Serialize};

/// The marking an indicator gets when none is given: TLP:AMBER, because an
/// incident's indicators are about the organisation's own systems and go
/// to those who need them to act, no further, until someone decides wider.
pub const DEFAULT_TLP: Tlp = Tlp::Amber;

/// `add-indicator`: a typed value, as a person or a file gave it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    /// `ipv4`, `ipv6`, `cidr`, `domain`, `url`, `email`, `md5`, `sha1`,
    /// `sha256`, `sha512`, `file-name`, `account`, `host`, `process`,
    /// `registry-key`, `user-agent`, `cve`, or an organisation's own type.
    #[serde(rename = "type")]
    pub ty: String,
    /// The value; defanged forms (`hxxp://evil[.]com`) are accepted and stored refanged.
    pub value: String,
    /// TLP 2.0: `clear`, `green`, `amber` (the default), `amber+strict`, `red`.
    #[serde(default)]
    pub tlp: Option<String>,
    /// PAP: `clear`, `green`, `amber`, `red`.
    #[serde(default)]
    pub pap: Option<String>,
    /// Whether it is an indicator of compromise (rather than context).
    #[serde(default)]
    pub ioc: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub first_seen: Option<Timestamp>,
    #[serde(default)]
    pub last_seen: Option<Timestamp>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// `record-sighting`: where and when an indicator was seen, and by whom.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SightingInput {
    /// The indicator's id on this incident (`I3`).
    pub indicator: String,
    pub seen_at: Timestamp,
    /// The end, when the sighting spans a window.
    #[serde(default)]
    pub seen_until: Option<Timestamp>,
    /// The host or asset it was seen on.
    #[serde(default, alias = "where")]
    pub seen_on: Option<String>,
    /// What saw it (an EDR alert, a proxy log).
    #[serde(default)]
    pub source: Option<String>,
    /// Who saw it, when not the person recording it (the SOC, a supplier).
    #[serde(default)]
    pub seen_by: Option<String>,
    /// How many times it was seen in the window; 1 when left out.
    #[serde(default)]
    pub count: Option<u32>,
}

/// `add-timeline-event`: one step of what the attacker did.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineInput {
    pub at: Timestamp,
    #[serde(default = "exact")]
    pub precision: Precision,
    /// The end of a `window`; only a window has one.
    #[serde(default)]
    pub until: Option<Timestamp>,
    /// The host or asset.
    #[serde(default)]
    pub host: Option<String>,
    pub description: String,
    /// Ids of the incident's indicators involved (`I1`).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// MITRE ATT&CK tactic and technique ids (`TA0001`, `T1566`, `T1078.004`).
    #[serde(default)]
    pub attack: Vec<String>,
}

fn exact() -> Precision {
    Precision::Exact
}

/// An indicator as the log records it: validated and normalised.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRecord {
    pub id: String,
    #[serde(rename = "type")]
    pub ty: String,
    /// Normalised and refanged; shown defanged.
    pub value: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tlp: Tlp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub pap: Option<Pap>,
    pub ioc: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A sighting as the log records it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SightingRecord {
    pub id: String,
    pub indicator: String,
    pub seen_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_until: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_by: Option<String>,
    pub count: u32,
}

/// A step of the attacker's timeline as the log records it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineRecord {
    pub id: String,
    pub at: Timestamp,
    pub precision: Precision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// ATT&CK ids in their canonical form (`T1078.004`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attack: Vec<String>,
}
