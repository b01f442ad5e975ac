//! What a responder asks of an incident: the one command vocabulary, on the wire
//! and inside. A command names people by `P`: on the way in an email, chat
//! handle or id (`Command<String>`); the application resolves them from the
//! directory into [`PersonRef`]s (`Command`, the default) before a command
//! reaches [`crate::decide`].
//!
//! Each variant is serialised as `{"command": "<kebab-case name>", …fields}`.
//! The names are PRODUCT.md's words; the shorter names of earlier releases
//! (`assign`, `settle`, `decide`, `note`, …) are still accepted as aliases.

use crate::event::PersonRef;
use crate::payload::{CallInput, ChatChannel};
use crate::policy::Policy;
use crate::vocab::*;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Who is acting, when, and under which policy.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub actor: PersonRef,
    pub admin: bool,
    pub now: Timestamp,
    pub policy: &'a Policy,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreventiveActionInput<P = PersonRef> {
    pub title: String,
    pub owner: P,
    pub due: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput<P = PersonRef> {
    pub went_well: String,
    pub even_better_if: String,
    /// What led to the event.
    #[serde(default)]
    pub causes: String,
    /// How the response went.
    #[serde(default)]
    pub response: String,
    pub lessons: Vec<String>,
    #[serde(default = "Vec::new")]
    pub preventive_actions: Vec<PreventiveActionInput<P>>,
    #[serde(default)]
    pub thanked: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Command<P = PersonRef> {
    /// Staff a role (rules 1, 2).
    #[serde(alias = "assign")]
    AssignRole {
        person: P,
        role: Role,
    },
    /// Stand someone down from a role, with the reason.
    StandDown {
        person: P,
        role: Role,
        reason: String,
    },
    /// Split off a workstream with its own lead (incident manager).
    #[serde(alias = "workstream")]
    CreateWorkstream {
        name: String,
        lead: P,
    },
    #[serde(alias = "workstream-add")]
    AddWorkstreamMember {
        workstream: String,
        person: P,
    },
    #[serde(alias = "workstream-remove")]
    RemoveWorkstreamMember {
        workstream: String,
        person: P,
    },
    #[serde(alias = "workstream-close")]
    CloseWorkstream {
        workstream: String,
        reason: String,
    },
    /// Put a known, unknown or suspected finding on the board.
    #[serde(alias = "finding")]
    AddFinding {
        kind: FindingKind,
        text: String,
        #[serde(default)]
        source: Option<String>,
    },
    /// Delegate an unknown or suspicion to an SME.
    #[serde(alias = "delegate")]
    DelegateFinding {
        finding: String,
        to: P,
        report_back_at: Timestamp,
    },
    /// Answer an unknown, or confirm or refute a suspicion.
    #[serde(alias = "settle")]
    ResolveFinding {
        finding: String,
        status: FindingStatus,
        text: String,
    },
    /// Mark a suspected × known pair in the competing-hypotheses grid.
    #[serde(alias = "assess")]
    AssessFinding {
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
        #[serde(default = "Option::default")]
        owner: Option<P>,
        report_back_at: Timestamp,
        rationale: String,
    },
    Reject {
        recommendation: String,
        rationale: String,
    },
    /// Delegate an action: always an owner and a report-back time (rule 3).
    #[serde(alias = "action")]
    CreateAction {
        title: String,
        owner: P,
        report_back_at: Timestamp,
    },
    #[serde(alias = "action-update")]
    UpdateAction {
        action: String,
        status: ActionStatus,
        #[serde(default)]
        report: Option<String>,
        #[serde(default)]
        report_back_at: Option<Timestamp>,
    },
    #[serde(alias = "action-reassign")]
    ReassignAction {
        action: String,
        owner: P,
        report_back_at: Timestamp,
    },
    /// Cancel an open action, with the reason: one way to settle it before
    /// resolving (rule 7).
    #[serde(alias = "action-cancel")]
    CancelAction {
        action: String,
        reason: String,
    },
    /// Carry an open action into the review as a preventive action, due at
    /// `due` and tracked after close (rule 7). The owner stays the action's
    /// unless another is named.
    #[serde(alias = "action-carry")]
    CarryAction {
        action: String,
        due: Timestamp,
        #[serde(default = "Option::default")]
        owner: Option<P>,
    },
    /// Record what was decided, by whom, with the rationale.
    #[serde(alias = "decide")]
    RecordDecision {
        text: String,
        rationale: String,
        #[serde(default = "Option::default")]
        by: Option<P>,
    },
    #[serde(alias = "note")]
    AddNote {
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
    #[serde(alias = "phase")]
    ChangePhase {
        to: Phase,
        reason: String,
    },
    /// Resolve: move to `cold` (incident manager; refused while rule 4 leaves a gap).
    Resolve {
        reason: String,
    },
    /// Re-classify the incident's scope (incident manager; rule 7): whether it
    /// is a security incident, whether it may involve personal data. Rule 4's
    /// gaps and the regulatory clocks follow.
    Reclassify {
        #[serde(default)]
        security: Option<bool>,
        #[serde(default)]
        personal_data: Option<PersonalData>,
        reason: String,
    },
    #[serde(alias = "restrict")]
    SetRestricted {
        restricted: bool,
        reason: String,
    },
    /// Brief the next incident manager (rule 8).
    #[serde(alias = "handover")]
    BriefHandover {
        to: P,
        brief: String,
        #[serde(default)]
        outgoing_role: Option<Role>,
    },
    AcknowledgeHandover,
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
    #[serde(alias = "briefing")]
    RecordBriefing {
        stakeholder: String,
        summary: String,
    },
    /// The post-incident review, with its lessons and preventive actions.
    #[serde(alias = "review")]
    RecordReview(ReviewInput<P>),
    #[serde(alias = "preventive-update")]
    UpdatePreventiveAction {
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
    /// Record a heartbeat call: the answers to the four questions, the
    /// decisions taken and the next decision point.
    RecordCall(CallInput),
    /// Record a moment a regulator's clock runs from, with the time it
    /// happened (any member of the team: whoever establishes it). A
    /// correction is a later entry for the same anchor.
    #[serde(alias = "anchor")]
    RecordAnchor {
        anchor: Anchor,
        at: Timestamp,
    },
    /// Whose personal data the incident touches (jurisdictions) and which
    /// sectors it falls in, beside the organisation's own: the regimes that
    /// apply follow (incident manager; an escalation of scope, rule 7).
    SetJurisdictions {
        jurisdictions: Vec<String>,
        #[serde(default)]
        sectors: Vec<String>,
        reason: String,
    },
    /// The incident manager's assessment of one obligation to notify:
    /// assessing, not required (with the rationale the breach register
    /// keeps), due, delayed (an authorised delay, with its evidence) or
    /// complete.
    AssessObligation {
        regime: String,
        status: ObligationStatus,
        #[serde(default)]
        rationale: String,
    },
    /// A stage of an obligation submitted to its recipient, with the
    /// submission's reference (a case number, a portal receipt) and when it
    /// went. Naming the agreed communication that carried it records that
    /// communication as sent (rule 6).
    RecordSubmission {
        regime: String,
        stage: String,
        reference: String,
        #[serde(default)]
        at: Option<Timestamp>,
        #[serde(default)]
        communication: Option<String>,
    },
    /// Put an indicator on the incident (any member: an observation).
    #[serde(alias = "indicator")]
    AddIndicator(crate::indicator::IndicatorInput),
    /// Where and when an indicator was seen, and by whom (any member).
    #[serde(alias = "sighting")]
    RecordSighting(crate::indicator::SightingInput),
    /// Link an indicator to a finding it supports or refutes (any member).
    LinkIndicator {
        indicator: String,
        finding: String,
        link: IndicatorLink,
    },
    /// A finding cites the indicators (`I3`), timeline events (`TL2`) or
    /// evidence items (`EV1`) that support it (any member).
    #[serde(alias = "cite")]
    CiteInFinding {
        finding: String,
        cites: Vec<String>,
    },
    /// A step of the attacker's timeline (any member).
    #[serde(alias = "timeline-event")]
    AddTimelineEvent(crate::indicator::TimelineInput),
    /// Put an item on the evidence register (any member).
    AddEvidence(crate::evidence::EvidenceInput),
    /// Hand an item over (its custodian): custody passes on acknowledgement.
    TransferEvidence {
        evidence: String,
        to: P,
        reason: String,
        destination: String,
    },
    /// Acknowledge receipt of an item handed to you.
    AcknowledgeEvidence {
        evidence: String,
    },
    /// Many indicators as one submission: what an import becomes. Built by
    /// the import route from a file, never sent as a command body.
    #[serde(skip)]
    AddIndicators(Vec<crate::indicator::IndicatorInput>),
    /// Muster itself records the chat channel it opened; never from outside.
    #[serde(skip)]
    RecordChatChannel(ChatChannel),
    /// Muster itself records how an agreed communication went out; never from outside.
    #[serde(skip)]
    RecordDelivery {
        communication: String,
        via: String,
        recipients: Vec<String>,
        failed: Vec<String>,
    },
}
