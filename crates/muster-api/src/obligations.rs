//! Regulatory obligations on the wire: what an incident may owe, its running
//! clocks, drafts of the notifications, and the breach register.

use jiff::Timestamp;
use muster_domain::{ObligationStatus, PersonalData};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One regime's obligation for one incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ObligationView {
    /// The rule's id, e.g. `gdpr-art-33`.
    pub regime: String,
    pub title: String,
    /// Who is told, e.g. `lead supervisory authority`.
    pub recipient: String,
    pub legal_basis: String,
    pub citation: String,
    /// Whether the rule was checked against the primary legal text.
    pub verified: bool,
    pub verification_note: Option<String>,
    /// `in-force` or `proposed`.
    pub rule_status: String,
    pub rule_version: String,
    /// `applies`, `may-apply` (while personal data is unknown) or
    /// `no-longer-applies` (it applied before a fact changed).
    pub applicability: String,
    /// The obligation's track: unassessed, assessing, not-required, due,
    /// submitted, amended, complete or delayed.
    pub status: ObligationStatus,
    /// The rationale of the last assessment.
    pub rationale: String,
    pub stages: Vec<StageView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StageView {
    /// The stage's id, e.g. `notification`, `early-warning`.
    pub stage: String,
    pub name: String,
    /// The anchor its clock runs from, when it runs from one.
    pub anchor: Option<String>,
    /// The earlier stage whose submission starts its clock.
    pub after: Option<String>,
    /// UTC; `null` while its anchor (or earlier stage) is not recorded, or
    /// when the stage has no fixed deadline (see `deadline_words`).
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub due_at: Option<Timestamp>,
    /// The deadline in the organisation's time zone, with its offset.
    pub due_local: Option<String>,
    /// "without undue delay", where the law sets no fixed time.
    pub deadline_words: Option<String>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub submitted_at: Option<Timestamp>,
    /// no-fixed-deadline, waiting, running, overdue, submitted or submitted-late.
    pub state: String,
    /// Seconds to `due_at` (negative once overdue), while not submitted.
    pub seconds_left: Option<i64>,
    /// How the deadline is computed, in words.
    pub explanation: String,
    /// The deadline as the log recorded it when it was last computed (rule
    /// version, anchors, explanation), if it differs from the rules now.
    pub logged: Option<LoggedDeadline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LoggedDeadline {
    pub rule_version: String,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub due_at: Option<Timestamp>,
    pub explanation: String,
}

/// A running deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ClockView {
    pub regime: String,
    pub stage: String,
    pub name: String,
    pub recipient: String,
    #[serde(with = "crate::time")]
    #[schema(value_type = String, format = DateTime)]
    pub due_at: Timestamp,
    /// The deadline in the organisation's time zone, with its offset.
    pub due_local: String,
    pub time_zone: String,
    /// Negative once overdue.
    pub seconds_left: i64,
    /// `running` or `overdue`.
    pub state: String,
    /// How it was computed, in words.
    pub explanation: String,
}

/// A draft of one stage's notification, filled from the incident; the
/// fields still missing are named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DraftView {
    pub regime: String,
    pub stage: String,
    pub recipient: String,
    pub subject: String,
    pub fields: Vec<DraftFieldView>,
    /// The keys of the fields still to fill.
    pub missing: Vec<String>,
    /// The draft as the body of a communication.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DraftFieldView {
    pub key: String,
    pub label: String,
    pub value: Option<String>,
}

/// One incident in the breach register (GDPR Art. 33(5)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterEntry {
    pub reference: String,
    pub title: String,
    pub personal_data: PersonalData,
    pub severity: String,
    pub category: String,
    pub phase: String,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub declared_at: Option<Timestamp>,
    #[serde(with = "crate::time::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub aware_at: Option<Timestamp>,
    pub jurisdictions: Vec<String>,
    /// What happened (the facts): the hypothesis and the known findings.
    pub facts: String,
    /// Its effects: the likely consequences recorded on the board.
    pub effects: String,
    /// The remedial action taken: actions done.
    pub remedial_action: String,
    /// Each regime's decision: notified (with the submission), not required
    /// (with the rationale), or still open.
    pub decisions: Vec<RegisterDecision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RegisterDecision {
    pub regime: String,
    pub status: ObligationStatus,
    pub rationale: String,
    /// Submissions, as `stage reference at`.
    pub submissions: Vec<String>,
}

/// What a draft is asked for with: answers to fields the incident does not
/// hold (field key → text), over what it does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// A rule in force: shipped, or the organisation's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RuleView {
    pub regime: String,
    pub version: String,
    pub title: String,
    pub legal_basis: String,
    pub citation: String,
    /// The first day it applies (YYYY-MM-DD).
    pub effective: String,
    /// `in-force` or `proposed`.
    pub status: String,
    pub verified: bool,
    pub verification_note: Option<String>,
    pub recipients: Vec<String>,
    /// The stage ids, in order.
    pub stages: Vec<String>,
    /// The file it came from.
    pub source: String,
}
