//! What a responder asks of an incident. The server resolves people from the
//! directory into [`PersonRef`]s before a command reaches [`crate::decide`].

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
pub struct PreventiveActionInput {
    pub title: String,
    pub owner: PersonRef,
    pub due: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewInput {
    pub went_well: String,
    pub even_better_if: String,
    pub causes: String,
    pub response: String,
    pub lessons: Vec<String>,
    pub preventive_actions: Vec<PreventiveActionInput>,
    pub thanked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    AssignRole {
        person: PersonRef,
        role: Role,
    },
    StandDown {
        person: PersonRef,
        role: Role,
        reason: String,
    },
    CreateWorkstream {
        name: String,
        lead: PersonRef,
    },
    AddWorkstreamMember {
        workstream: String,
        person: PersonRef,
    },
    RemoveWorkstreamMember {
        workstream: String,
        person: PersonRef,
    },
    CloseWorkstream {
        workstream: String,
        reason: String,
    },
    AddFinding {
        kind: FindingKind,
        text: String,
        source: Option<String>,
    },
    DelegateFinding {
        finding: String,
        to: PersonRef,
        report_back_at: Timestamp,
    },
    ResolveFinding {
        finding: String,
        status: FindingStatus,
        text: String,
    },
    AssessFinding {
        suspected: String,
        known: String,
        consistency: Consistency,
    },
    Recommend {
        text: String,
    },
    Approve {
        recommendation: String,
        owner: Option<PersonRef>,
        report_back_at: Timestamp,
        rationale: String,
    },
    Reject {
        recommendation: String,
        rationale: String,
    },
    CreateAction {
        title: String,
        owner: PersonRef,
        report_back_at: Timestamp,
    },
    UpdateAction {
        action: String,
        status: ActionStatus,
        report: Option<String>,
        report_back_at: Option<Timestamp>,
    },
    ReassignAction {
        action: String,
        owner: PersonRef,
        report_back_at: Timestamp,
    },
    RecordDecision {
        text: String,
        rationale: String,
        by: Option<PersonRef>,
    },
    AddNote {
        text: String,
    },
    Correct {
        seq: u64,
        text: String,
    },
    Escalate {
        severity: Option<String>,
        category: Option<String>,
        reason: String,
        suggestion: Option<String>,
    },
    SuggestEscalation {
        severity: Option<String>,
        category: Option<String>,
        reason: String,
    },
    DeclineEscalation {
        suggestion: String,
        reason: String,
    },
    ChangePhase {
        to: Phase,
        reason: String,
    },
    SetRestricted {
        restricted: bool,
        reason: String,
    },
    BriefHandover {
        to: PersonRef,
        brief: String,
        outgoing_role: Option<Role>,
    },
    AcknowledgeHandover,
    CancelHandover {
        reason: String,
    },
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
    RecordBriefing {
        stakeholder: String,
        summary: String,
    },
    RecordReview(ReviewInput),
    UpdatePreventiveAction {
        id: String,
        done: bool,
        note: Option<String>,
    },
    Close {
        reason: String,
    },
    ScheduleCalls {
        cadence_minutes: Option<u32>,
        first_at: Option<Timestamp>,
        bridge: Option<String>,
    },
    RecordCall(CallInput),
    /// Muster itself records the chat channel it opened.
    RecordChatChannel(ChatChannel),
    /// Muster itself records how an agreed communication went out.
    RecordDelivery {
        communication: String,
        via: String,
        recipients: Vec<String>,
        failed: Vec<String>,
    },
}
