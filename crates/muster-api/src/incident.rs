use jiff::Timestamp;
use muster_domain::LogEntry;
use muster_domain::Rule;
use muster_domain::log::Verification;
use muster_domain::vocab::Phase;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::state::IncidentStateView;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IncidentListItem {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub phase: Phase,
    pub restricted: bool,
    pub incident_manager: Option<String>,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub declared_at: Timestamp,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
    pub entries: u64,
}

/// "Who is incident manager, deputy, secretariat": rule 1's one glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RollCall {
    pub incident_manager: Option<String>,
    pub deputy: Vec<String>,
    pub secretariat: Vec<String>,
    pub sme: Vec<String>,
    pub comms_lead: Vec<String>,
    pub liaison: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SpanOfControl {
    pub direct_reports: usize,
    pub limit: usize,
    pub warning: Option<String>,
}

/// An incident as a responder sees it: its folded state and what needs attention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IncidentView {
    pub roll_call: RollCall,
    pub gaps: Vec<GapView>,
    pub span_of_control: SpanOfControl,
    /// Ids of open actions past their report-back time (none once closed:
    /// after close only preventive actions tick).
    pub overdue_actions: Vec<String>,
    /// Ids of delegated findings past their report-back time (none once closed).
    #[serde(default)]
    pub overdue_findings: Vec<String>,
    /// Ids of preventive actions past their due date and not done, before and
    /// after close.
    #[serde(default)]
    pub overdue_preventive_actions: Vec<String>,
    /// Server time the view was computed at.
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub now: Timestamp,
    pub state: IncidentStateView,
}

/// Something missing from the team's composition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GapView {
    pub code: String,
    pub message: String,
    /// The PRODUCT.md rule that makes this gap block resolution, if any, by
    /// its number.
    #[schema(value_type = Option<u8>)]
    pub rule: Option<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LogPage {
    pub reference: String,
    pub entries: Vec<LogEntry>,
    /// The incident's last entry when this page was read.
    pub head_seq: u64,
    pub head_hash: String,
    /// Pass as `after` to read the next page; absent at the head.
    pub next_after: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VerifyView {
    pub reference: String,
    pub verification: Verification,
}

/// An administrator's acknowledgement of the break in an incident's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AcknowledgeBreakRequest {
    /// Why the break is acknowledged: what happened, what was checked.
    pub reason: String,
}

/// What a command wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CommandResponse {
    pub reference: String,
    pub entries: Vec<LogEntry>,
    pub head_seq: u64,
    pub head_hash: String,
}

/// The whole incident for the record: the report and the full log with hashes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExportDocument {
    pub format: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub exported_at: Timestamp,
    pub incident: IncidentView,
    /// The evidence register with each item's chain of custody and the log
    /// entries that record them (issue 11).
    #[serde(default)]
    pub evidence: Vec<crate::ExportEvidence>,
    pub log: ExportLog,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportLog {
    pub entries_count: u64,
    pub head_hash: String,
    pub entries: Vec<LogEntry>,
}
