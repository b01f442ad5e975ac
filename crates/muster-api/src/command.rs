//! Every write to a declared incident is a command posted to
//! `POST /api/incidents/{reference}/commands`. People are named by email, chat
//! handle or id; the server resolves them from the directory.

use jiff::Timestamp;
use muster_domain::vocab::{
    ActionStatus, Audience, Consistency, FindingKind, FindingStatus, Phase, Role,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreventiveActionRequest {
    pub title: String,
    pub owner: String,
    pub due: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ApiCommand {
    /// Staff a role (incident manager or deputy; rules 1, 2).
    Assign {
        person: String,
        role: Role,
    },
    /// Stand someone down from a role, with the reason.
    StandDown {
        person: String,
        role: Role,
        reason: String,
    },
    /// Split off a workstream with its own lead (incident manager).
    Workstream {
        name: String,
        lead: String,
    },
    WorkstreamAdd {
        workstream: String,
        person: String,
    },
    WorkstreamRemove {
        workstream: String,
        person: String,
    },
    WorkstreamClose {
        workstream: String,
        reason: String,
    },
    /// Put a known, unknown or suspected finding on the board.
    Finding {
        kind: FindingKind,
        text: String,
        #[serde(default)]
        source: Option<String>,
    },
    /// Delegate an unknown or suspicion to an SME.
    Delegate {
        finding: String,
        to: String,
        report_back_at: Timestamp,
    },
    /// Answer an unknown, or confirm or refute a suspicion.
    Settle {
        finding: String,
        status: FindingStatus,
        text: String,
    },
    /// Mark a suspected × known pair in the competing-hypotheses grid.
    Assess {
        suspected: String,
        known: String,
        consistency: Consistency,
    },
    /// An SME's recommendation, put to the group before doing it (rule 5).
    Recommend {
        text: String,
    },
    /// The incident manager approves: a decision, and an action (rule 5).
    Approve {
        recommendation: String,
        #[serde(default)]
        owner: Option<String>,
        report_back_at: Timestamp,
        rationale: String,
    },
    Reject {
        recommendation: String,
        rationale: String,
    },
    /// Delegate an action: always an owner and a report-back time (rule 3).
    Action {
        title: String,
        owner: String,
        report_back_at: Timestamp,
    },
    ActionUpdate {
        action: String,
        status: ActionStatus,
        #[serde(default)]
        report: Option<String>,
        #[serde(default)]
        report_back_at: Option<Timestamp>,
    },
    ActionReassign {
        action: String,
        owner: String,
        report_back_at: Timestamp,
    },
    /// Record what was decided, by whom, with the rationale.
    Decide {
        text: String,
        rationale: String,
        #[serde(default)]
        by: Option<String>,
    },
    Note {
        text: String,
    },
    /// A new entry that corrects an earlier one (rule 9).
    Correct {
        seq: u64,
        text: String,
    },
    /// Change severity or category (incident manager; rule 7).
    Escalate {
        #[serde(default)]
        severity: Option<String>,
        #[serde(default)]
        category: Option<String>,
        reason: String,
        /// Accepts the deputy's suggestion with this id.
        #[serde(default)]
        suggestion: Option<String>,
    },
    SuggestEscalation {
        #[serde(default)]
        severity: Option<String>,
        #[serde(default)]
        category: Option<String>,
        reason: String,
    },
    DeclineEscalation {
        suggestion: String,
        reason: String,
    },
    /// Move between `hot` and `warm`, or reopen a resolved incident.
    Phase {
        to: Phase,
        reason: String,
    },
    /// Resolve: move to `cold` (incident manager; refused while rule 4 leaves a gap).
    Resolve {
        reason: String,
    },
    Restrict {
        restricted: bool,
        reason: String,
    },
    /// Brief the next incident manager (rule 8).
    Handover {
        to: String,
        brief: String,
        #[serde(default)]
        outgoing_role: Option<Role>,
    },
    AcknowledgeHandover {},
    CancelHandover {
        reason: String,
    },
    /// The deputy steps in when the incident manager is unavailable.
    AssumeCommand {
        reason: String,
    },
    DraftCommunication {
        audience: Audience,
        recipients: Vec<String>,
        subject: String,
        body: String,
    },
    AgreeCommunication {
        communication: String,
    },
    SendCommunication {
        communication: String,
        via: String,
    },
    Briefing {
        stakeholder: String,
        summary: String,
    },
    Review {
        went_well: String,
        even_better_if: String,
        #[serde(default)]
        causes: String,
        #[serde(default)]
        response: String,
        lessons: Vec<String>,
        #[serde(default)]
        preventive_actions: Vec<PreventiveActionRequest>,
        #[serde(default)]
        thanked: bool,
    },
    PreventiveUpdate {
        id: String,
        done: bool,
        #[serde(default)]
        note: Option<String>,
    },
    Close {
        reason: String,
    },
    /// Set the heartbeat calls (incident manager or secretariat). Left out: the
    /// severity's cadence from the policy, the first call now, the policy's bridge.
    ScheduleCalls {
        #[serde(default)]
        cadence_minutes: Option<u32>,
        #[serde(default)]
        first_at: Option<Timestamp>,
        #[serde(default)]
        bridge: Option<String>,
    },
    /// Record a heartbeat call (incident manager, deputy or secretariat): the
    /// answers to the four questions, the decisions taken (each logged as the
    /// incident manager's decision), and the next decision point.
    RecordCall {
        #[serde(default)]
        held_at: Option<Timestamp>,
        what_happened: String,
        what_it_means: String,
        what_we_have_done: String,
        what_we_do_next: String,
        #[serde(default)]
        decisions: Vec<String>,
        #[serde(default)]
        next_decision_at: Option<Timestamp>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CommandRequest {
    #[serde(flatten)]
    pub command: ApiCommand,
    /// When it happened, if earlier than now (the log records both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<Timestamp>,
}
