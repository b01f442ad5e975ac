//! The incident as the read sends it (`IncidentView.state`): the wire's own
//! types, mapped from the folded state by the application, so that the domain
//! can reshape its state without changing what clients read. Field names are
//! those the state has always had on the wire; times are in the one wire shape
//! (`crate::time`).

use jiff::Timestamp;
use muster_domain::vocab::{
    ActionStatus, Audience, CommunicationStatus, Consistency, FindingKind, FindingStatus,
    PersonalData, Phase, RecommendationStatus, Role,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A person as the log remembers them at the moment of the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PersonRefView {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub expertise: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_handle: Option<String>,
}

/// An incident's current state, folded from its log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IncidentStateView {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub security: bool,
    pub personal_data: Option<PersonalData>,
    pub restricted: bool,
    pub source: String,
    pub hypothesis: String,
    /// Absent only before the incident is declared.
    pub phase: Option<Phase>,
    pub report: Option<ReportSummaryView>,
    /// Number of log entries folded so far (the last entry's `seq`).
    pub seq: u64,
    pub head_hash: String,
    pub timings: TimingsView,
    pub team: Vec<AssignmentView>,
    pub workstreams: Vec<WorkstreamView>,
    pub findings: Vec<FindingView>,
    pub assessments: Vec<AssessmentView>,
    pub recommendations: Vec<RecommendationView>,
    pub actions: Vec<ActionView>,
    pub decisions: Vec<DecisionView>,
    pub escalation_suggestions: Vec<EscalationSuggestionView>,
    /// A handover briefed and not yet acknowledged.
    pub handover: Option<HandoverView>,
    pub communications: Vec<CommunicationView>,
    pub briefings: Vec<BriefingView>,
    pub review: Option<ReviewView>,
    pub preventive_actions: Vec<PreventiveActionView>,
    /// How many notes the log holds.
    pub notes: u64,
    /// Heartbeat calls as set on the incident.
    pub calls: Option<CallScheduleView>,
    pub call_records: Vec<CallRecordView>,
    /// Agreed on the last heartbeat call.
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub next_decision_at: Option<Timestamp>,
    pub chat: Option<ChatChannelView>,
    pub deliveries: Vec<CommunicationDeliveryView>,
}

/// The report the incident was declared from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportSummaryView {
    pub reference: String,
    pub reported_by: PersonRefView,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub reported_at: Timestamp,
    pub description: String,
}

/// The moments the lifecycle is timed by (PRODUCT.md, "Lifecycle").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimingsView {
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub reported_at: Option<Timestamp>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub declared_at: Option<Timestamp>,
    /// First moment the roll call was full with no rule 4 gap.
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub assembled_at: Option<Timestamp>,
    /// First move out of `hot`.
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub contained_at: Option<Timestamp>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub resolved_at: Option<Timestamp>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
}

/// Who holds which role, since when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssignmentView {
    pub person: PersonRefView,
    pub role: Role,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub since: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WorkstreamView {
    pub id: String,
    pub name: String,
    pub lead: PersonRefView,
    pub members: Vec<PersonRefView>,
    pub open: bool,
}

/// An entry on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FindingView {
    pub id: String,
    pub kind: FindingKind,
    pub text: String,
    pub source: Option<String>,
    pub status: FindingStatus,
    pub delegated_to: Option<PersonRefView>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub report_back_at: Option<Timestamp>,
    pub resolution: Option<String>,
    /// The log entry that added it.
    pub seq: u64,
    /// The indicators, timeline events and evidence items it cites, each
    /// with what it is.
    #[serde(default)]
    pub cites: Vec<CitationView>,
}

/// An item a finding cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CitationView {
    /// `I3`, `TL2`, `EV1`.
    pub id: String,
    /// `indicator`, `timeline-event` or `evidence`.
    pub kind: String,
    /// What it is, for a person: a defanged value, a time and description,
    /// or an item's description and hash.
    pub summary: String,
}

/// One cell of the analysis-of-competing-hypotheses grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessmentView {
    pub suspected: String,
    pub known: String,
    pub consistency: Consistency,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecommendationView {
    pub id: String,
    pub text: String,
    pub by: PersonRefView,
    pub status: RecommendationStatus,
    /// The decision that approved or rejected it.
    pub decision: Option<String>,
    /// The action its approval created.
    pub action: Option<String>,
    pub seq: u64,
}

/// Delegated work: always an owner and a report-back time (rule 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    pub owner: PersonRefView,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub report_back_at: Timestamp,
    pub status: ActionStatus,
    pub report: Option<String>,
    pub recommendation: Option<String>,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

/// What was decided, by whom, with the rationale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DecisionView {
    pub id: String,
    pub text: String,
    pub rationale: String,
    pub by: PersonRefView,
    pub recommendation: Option<String>,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub seq: u64,
}

/// The deputy's suggestion of an escalation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EscalationSuggestionView {
    pub id: String,
    pub severity: Option<String>,
    pub category: Option<String>,
    pub reason: String,
    pub by: Uuid,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HandoverView {
    pub id: String,
    pub from: PersonRefView,
    pub to: PersonRefView,
    pub brief: String,
    pub outgoing_role: Option<Role>,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub briefed_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CommunicationView {
    pub id: String,
    pub audience: Audience,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    pub status: CommunicationStatus,
    pub sent_via: Option<String>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub sent_at: Option<Timestamp>,
}

/// A liaison's record that a stakeholder was contacted or briefed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BriefingView {
    pub id: String,
    pub stakeholder: String,
    pub summary: String,
    pub by: Uuid,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// The post-incident review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewView {
    pub went_well: String,
    pub even_better_if: String,
    /// Questions on what led to the event.
    pub causes: String,
    /// Questions on how the response went.
    pub response: String,
    pub lessons: Vec<String>,
    pub preventive_actions: Vec<PreventiveActionSpecView>,
    pub thanked: bool,
}

/// A preventive action as the review recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PreventiveActionSpecView {
    pub id: String,
    pub title: String,
    pub owner: PersonRefView,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub due: Timestamp,
}

/// A preventive action, tracked after close.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PreventiveActionView {
    pub id: String,
    pub title: String,
    pub owner: PersonRefView,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub due: Timestamp,
    pub done: bool,
    pub note: Option<String>,
    /// The action it was carried from into the review, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

/// Heartbeat calls every `cadence_minutes` from `first_at`, while hot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CallScheduleView {
    pub cadence_minutes: u32,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub first_at: Timestamp,
    pub bridge: Option<String>,
}

/// What a heartbeat call heard and decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CallRecordView {
    pub id: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub held_at: Timestamp,
    /// Who was incident manager, deputy and secretariat when it was recorded.
    pub roll_call: Vec<RollCallLineView>,
    pub what_happened: String,
    pub what_it_means: String,
    pub what_we_have_done: String,
    pub what_we_do_next: String,
    pub decisions: Vec<String>,
    #[serde(default, with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub next_decision_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RollCallLineView {
    pub role: Role,
    pub person: PersonRefView,
}

/// The incident's chat channel, once Muster has opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChatChannelView {
    /// `slack`, or another chat's name.
    pub provider: String,
    pub channel: String,
    pub name: String,
    pub url: Option<String>,
}

/// An agreed communication as it actually went out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CommunicationDeliveryView {
    pub communication: String,
    pub via: String,
    pub recipients: Vec<String>,
    pub failed: Vec<String>,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

impl IncidentStateView {
    /// Declared and not closed: its clocks tick (after close only preventive
    /// actions do).
    pub fn is_open(&self) -> bool {
        matches!(self.phase, Some(p) if p != Phase::Closed)
    }
}
