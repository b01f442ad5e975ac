//! The shapes that events carry and commands submit, with nothing of the rules
//! in them: a leaf that events, commands, the state and the decisions can all
//! name without importing one another. Each is re-exported where it is used
//! (`event::PersonRef`, `calls::CallRecord`, …).

use crate::vocab::{PersonalData, Role};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A person as the log remembers them at the moment of the event.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub expertise: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_handle: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declared {
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub security: bool,
    pub personal_data: PersonalData,
    pub restricted: bool,
    pub source: String,
    pub hypothesis: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportSummary>,
}

/// The report the incident was declared from, so the log alone can time triage.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub reference: String,
    pub reported_by: PersonRef,
    pub reported_at: Timestamp,
    pub description: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreventiveActionSpec {
    pub id: String,
    pub title: String,
    pub owner: PersonRef,
    pub due: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub went_well: String,
    pub even_better_if: String,
    /// Questions on what led to the event.
    pub causes: String,
    /// Questions on how the response went.
    pub response: String,
    pub lessons: Vec<String>,
    pub preventive_actions: Vec<PreventiveActionSpec>,
    pub thanked: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollCallLine {
    pub role: Role,
    pub person: PersonRef,
}

/// What a heartbeat call heard and decided, as the log records it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRecord {
    pub id: String,
    pub held_at: Timestamp,
    /// Who was incident manager, deputy and secretariat when it was recorded.
    pub roll_call: Vec<RollCallLine>,
    pub what_happened: String,
    pub what_it_means: String,
    pub what_we_have_done: String,
    pub what_we_do_next: String,
    /// Each is also recorded as a decision of the incident manager.
    pub decisions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_decision_at: Option<Timestamp>,
}

/// A call record as a responder submits it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallInput {
    /// When the call was held; now when absent.
    #[serde(default)]
    pub held_at: Option<Timestamp>,
    pub what_happened: String,
    pub what_it_means: String,
    pub what_we_have_done: String,
    pub what_we_do_next: String,
    #[serde(default)]
    pub decisions: Vec<String>,
    /// When the team next meets to decide; reminded ahead of time.
    #[serde(default)]
    pub next_decision_at: Option<Timestamp>,
}

/// The incident's chat channel, once Muster has opened it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatChannel {
    /// `slack`, or another chat's name.
    pub provider: String,
    pub channel: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
