//! The organisation's incident figures (`GET /api/insights`) and the open
//! preventive actions across incidents (`GET /api/preventive-actions`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One duration measured over a group of incidents: how many, the median
/// and the 90th percentile (nearest rank), in whole seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DurationStat {
    /// `triage`, `declare`, `assemble`, `contain` or `resolve`.
    pub measure: String,
    /// `all`, `month`, `severity` or `category`.
    pub by: String,
    /// The group: `all`, a month (`2026-11`), a severity or a category.
    pub group: String,
    pub count: u32,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

/// Kept and missed, counted over the incidents shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Tally {
    /// Report-backs answered by their time; regulators' deadlines met.
    pub kept: u32,
    /// Answered late, or past due and unanswered.
    pub missed: u32,
    /// Not due yet and not answered.
    pub pending: u32,
}

/// One incident's own figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IncidentFigures {
    pub reference: String,
    pub severity: String,
    pub category: String,
    /// Where it stands: `hot`, `warm`, `cold` or `closed`.
    pub phase: String,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub declared_at: Option<Timestamp>,
    /// From the report to its triage (which declared it), in seconds.
    pub triage_seconds: Option<i64>,
    /// From the report to the declaration, in seconds.
    pub declare_seconds: Option<i64>,
    /// From the declaration to the first full roll call with no gap.
    pub assemble_seconds: Option<i64>,
    /// From the declaration to the first move out of `hot`.
    pub contain_seconds: Option<i64>,
    /// From the declaration to `cold`.
    pub resolve_seconds: Option<i64>,
    pub report_backs: Tally,
    /// Regulators' deadlines: met (submitted in time), missed, running.
    pub clocks: Tally,
    pub preventive_open: u32,
    pub preventive_overdue: u32,
}

/// The figures of every incident the caller may see (rule 10: a restricted
/// incident counts only for its team and administrators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InsightsView {
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub generated_at: Timestamp,
    /// How many incidents the figures count.
    pub incidents: u32,
    /// False-positive reports triaged, counted in `triage` only.
    pub false_positives: u32,
    pub durations: Vec<DurationStat>,
    pub report_backs: Tally,
    pub clocks: Tally,
    pub preventive_open: u32,
    pub preventive_overdue: u32,
    pub per_incident: Vec<IncidentFigures>,
}

/// An open preventive action, with its incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpenPreventiveAction {
    /// The incident's reference.
    pub incident: String,
    pub incident_title: String,
    /// The action's id within the incident (`PA1`).
    pub id: String,
    pub title: String,
    pub owner: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub due: Timestamp,
    pub overdue: bool,
}
