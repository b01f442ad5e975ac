use jiff::Timestamp;
use muster_domain::vocab::{PersonalData, ReportStatus, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A security event raised by anyone in the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReportRequest {
    pub title: String,
    pub description: String,
    /// Where the report came from: an alert, a user, a supplier…
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportView {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub source: String,
    pub reported_by: Uuid,
    pub reported_by_name: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub reported_at: Timestamp,
    pub status: ReportStatus,
    pub triaged_by: Option<Uuid>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub triaged_at: Option<Timestamp>,
    pub triage_note: Option<String>,
    /// The incident it was declared as.
    pub incident: Option<String>,
    /// Rule 10 withholds what this report became: it was declared as a
    /// restricted incident the caller is not on. Its status is then `triaged`,
    /// and to anyone but its reporter its title, description and source are empty.
    #[serde(default)]
    pub withheld: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    /// Email, chat handle or id.
    pub person: String,
    pub role: Role,
}

/// The on-call incident manager's triage of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "outcome", rename_all = "kebab-case", deny_unknown_fields)]
pub enum TriageRequest {
    /// Not an incident: closed, but kept for trend analysis.
    FalsePositive { note: String },
    /// A real incident, declared with its severity and category, and optionally
    /// its team in the same call.
    Declare(Box<DeclareRequest>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclareRequest {
    /// Defaults to the report's title.
    #[serde(default)]
    pub title: Option<String>,
    pub severity: String,
    pub category: String,
    pub security: bool,
    pub personal_data: PersonalData,
    /// Defaults to `security`: security incidents are restricted.
    #[serde(default)]
    pub restricted: Option<bool>,
    /// Defaults to the report's source.
    #[serde(default)]
    pub source: Option<String>,
    /// The working hypothesis.
    pub hypothesis: String,
    /// Defaults to whoever declares.
    #[serde(default)]
    pub incident_manager: Option<String>,
    #[serde(default)]
    pub team: Vec<TeamMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TriageResponse {
    pub report: ReportView,
    /// The declared incident's reference, when declared.
    pub incident: Option<String>,
}
