//! Everything that can happen to an incident, as the log records it. Each event is
//! stored as `kind`, `v` (its payload version) and a JSON payload. A payload's shape
//! never changes under the same version: a new shape is a new version, and
//! [`Event::decode`] keeps reading every old one.

use crate::payload::{CallRecord, ChatChannel};
pub use crate::payload::{Declared, PersonRef, PreventiveActionSpec, ReportSummary, ReviewRecord};
use crate::vocab::*;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "kebab-case")]
pub enum Event {
    Declared(Declared),
    RoleAssigned {
        person: PersonRef,
        role: Role,
    },
    RoleStoodDown {
        person: PersonRef,
        role: Role,
        reason: String,
    },
    WorkstreamCreated {
        id: String,
        name: String,
        lead: PersonRef,
    },
    WorkstreamMemberAdded {
        id: String,
        person: PersonRef,
    },
    WorkstreamMemberRemoved {
        id: String,
        person: PersonRef,
    },
    WorkstreamClosed {
        id: String,
        reason: String,
    },
    FindingAdded {
        id: String,
        finding: FindingKind,
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
    FindingDelegated {
        id: String,
        to: PersonRef,
        report_back_at: Timestamp,
    },
    FindingResolved {
        id: String,
        status: FindingStatus,
        text: String,
    },
    FindingAssessed {
        suspected: String,
        known: String,
        consistency: Consistency,
    },
    RecommendationMade {
        id: String,
        text: String,
        by: PersonRef,
    },
    RecommendationApproved {
        id: String,
        decision: String,
        action: String,
        rationale: String,
    },
    RecommendationRejected {
        id: String,
        decision: String,
        rationale: String,
    },
    ActionCreated {
        id: String,
        title: String,
        owner: PersonRef,
        report_back_at: Timestamp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recommendation: Option<String>,
    },
    ActionUpdated {
        id: String,
        status: ActionStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        report: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        report_back_at: Option<Timestamp>,
    },
    ActionReassigned {
        id: String,
        owner: PersonRef,
        report_back_at: Timestamp,
    },
    /// An open action carried into the review as preventive action `preventive`.
    ActionCarried {
        id: String,
        preventive: String,
        owner: PersonRef,
        due: Timestamp,
    },
    DecisionRecorded {
        id: String,
        text: String,
        rationale: String,
        by: PersonRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recommendation: Option<String>,
    },
    NoteAdded {
        text: String,
    },
    Corrected {
        corrects: u64,
        text: String,
    },
    Escalated {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<String>,
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
    },
    EscalationSuggested {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<String>,
        reason: String,
    },
    EscalationDeclined {
        id: String,
        reason: String,
    },
    PhaseChanged {
        from: Phase,
        to: Phase,
        reason: String,
    },
    RestrictionChanged {
        restricted: bool,
        reason: String,
    },
    /// An escalation of scope: the incident is (or is no longer) a security
    /// incident, or its personal data is re-classified.
    ScopeChanged {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        security: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        personal_data: Option<PersonalData>,
        reason: String,
    },
    HandoverBriefed {
        id: String,
        from: PersonRef,
        to: PersonRef,
        brief: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outgoing_role: Option<Role>,
    },
    HandoverAcknowledged {
        id: String,
    },
    HandoverCancelled {
        id: String,
        reason: String,
    },
    /// The deputy steps into command when the incident manager is unavailable
    /// (seed: "ready to step into the role … should the manager be unavailable").
    CommandAssumed {
        by: PersonRef,
        reason: String,
    },
    CommunicationDrafted {
        id: String,
        audience: Audience,
        recipients: Vec<String>,
        subject: String,
        body: String,
    },
    CommunicationAgreed {
        id: String,
    },
    CommunicationSent {
        id: String,
        via: String,
    },
    BriefingRecorded {
        id: String,
        stakeholder: String,
        summary: String,
    },
    ReviewRecorded(ReviewRecord),
    PreventiveActionUpdated {
        id: String,
        done: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Closed {
        reason: String,
    },
    /// Heartbeat calls every `cadence_minutes` from `first_at`.
    CallsScheduled {
        cadence_minutes: u32,
        first_at: Timestamp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bridge: Option<String>,
    },
    CallRecorded(CallRecord),
    /// Muster opened the incident's chat channel.
    ChatChannelOpened(ChatChannel),
    /// An agreed, sent communication as it actually went out (recorded by Muster).
    CommunicationDelivered {
        id: String,
        via: String,
        recipients: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        failed: Vec<String>,
    },
    /// A moment a regulator's clock runs from, as whoever established it
    /// recorded it. A later entry for the same anchor corrects it.
    AnchorRecorded {
        anchor: Anchor,
        at: Timestamp,
    },
    /// Whose data and which sectors the incident touches (an escalation of
    /// scope): the regimes that apply follow.
    JurisdictionsSet {
        jurisdictions: Vec<String>,
        sectors: Vec<String>,
        reason: String,
    },
    /// The incident manager's assessment of one obligation to notify.
    ObligationAssessed {
        regime: String,
        status: ObligationStatus,
        rationale: String,
    },
    /// A stage of an obligation submitted to its recipient.
    SubmissionRecorded {
        regime: String,
        stage: String,
        reference: String,
        at: Timestamp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        communication: Option<String>,
    },
    /// Muster computed (or recomputed, after a fact changed) the deadlines of
    /// the incident's obligations: each with the rule's version and the
    /// anchor values it used, so the clock can be explained later even
    /// after the rule file changed.
    DeadlinesComputed {
        deadlines: Vec<crate::obligation::Deadline>,
    },
    /// An indicator put on the incident, validated and normalised (issue 11).
    IndicatorAdded(crate::indicator::IndicatorRecord),
    /// An indicator seen somewhere, by someone.
    SightingRecorded(crate::indicator::SightingRecord),
    /// What an indicator says about a finding; a later link for the same
    /// pair replaces it.
    IndicatorLinked {
        indicator: String,
        finding: String,
        link: IndicatorLink,
    },
    /// A step of the attacker's timeline.
    TimelineEventAdded(crate::indicator::TimelineRecord),
    /// A finding cites indicators, timeline events or evidence items that
    /// support it; added to the ones it already cites.
    FindingCited {
        id: String,
        cites: Vec<String>,
    },
    /// An item put on the evidence register (issue 11).
    EvidenceAdded(crate::evidence::EvidenceRecord),
    /// Its custodian hands an item over: who, to whom, why and where it goes.
    /// Custody passes when the receiver acknowledges.
    CustodyTransferred {
        evidence: String,
        from: PersonRef,
        to: PersonRef,
        reason: String,
        destination: String,
    },
    /// The receiver acknowledged: custody is theirs.
    CustodyAcknowledged {
        evidence: String,
        by: PersonRef,
    },
    /// An administrator recorded a break in the chain (rule 9): where it is,
    /// the hash expected there and the hash found, what the verifier said and
    /// why it is acknowledged. Sealed onto the chain as it stands, after
    /// which the log takes entries again (`docs/log-format.md` §6).
    BreakAcknowledged {
        seq: u64,
        expected: String,
        found: String,
        problem: String,
        reason: String,
    },
}

/// Why a stored entry could not be read back as an event.
#[derive(Debug, thiserror::Error)]
#[error("cannot decode event `{kind}` v{version}: {reason}")]
pub struct DecodeError {
    pub kind: String,
    pub version: u32,
    pub reason: String,
}

impl Event {
    /// The payload version written today. Every kind starts at 1; raise one kind's
    /// number when its shape changes and teach [`Event::decode`] the old one.
    pub const VERSION: u32 = 1;

    pub fn kind(&self) -> &'static str {
        match self {
            Event::Declared(_) => "declared",
            Event::RoleAssigned { .. } => "role-assigned",
            Event::RoleStoodDown { .. } => "role-stood-down",
            Event::WorkstreamCreated { .. } => "workstream-created",
            Event::WorkstreamMemberAdded { .. } => "workstream-member-added",
            Event::WorkstreamMemberRemoved { .. } => "workstream-member-removed",
            Event::WorkstreamClosed { .. } => "workstream-closed",
            Event::FindingAdded { .. } => "finding-added",
            Event::FindingDelegated { .. } => "finding-delegated",
            Event::FindingResolved { .. } => "finding-resolved",
            Event::FindingAssessed { .. } => "finding-assessed",
            Event::RecommendationMade { .. } => "recommendation-made",
            Event::RecommendationApproved { .. } => "recommendation-approved",
            Event::RecommendationRejected { .. } => "recommendation-rejected",
            Event::ActionCreated { .. } => "action-created",
            Event::ActionUpdated { .. } => "action-updated",
            Event::ActionReassigned { .. } => "action-reassigned",
            Event::ActionCarried { .. } => "action-carried",
            Event::DecisionRecorded { .. } => "decision-recorded",
            Event::NoteAdded { .. } => "note-added",
            Event::Corrected { .. } => "corrected",
            Event::Escalated { .. } => "escalated",
            Event::EscalationSuggested { .. } => "escalation-suggested",
            Event::EscalationDeclined { .. } => "escalation-declined",
            Event::PhaseChanged { .. } => "phase-changed",
            Event::RestrictionChanged { .. } => "restriction-changed",
            Event::ScopeChanged { .. } => "scope-changed",
            Event::HandoverBriefed { .. } => "handover-briefed",
            Event::HandoverAcknowledged { .. } => "handover-acknowledged",
            Event::HandoverCancelled { .. } => "handover-cancelled",
            Event::CommandAssumed { .. } => "command-assumed",
            Event::CommunicationDrafted { .. } => "communication-drafted",
            Event::CommunicationAgreed { .. } => "communication-agreed",
            Event::CommunicationSent { .. } => "communication-sent",
            Event::BriefingRecorded { .. } => "briefing-recorded",
            Event::ReviewRecorded(_) => "review-recorded",
            Event::PreventiveActionUpdated { .. } => "preventive-action-updated",
            Event::Closed { .. } => "closed",
            Event::CallsScheduled { .. } => "calls-scheduled",
            Event::CallRecorded(_) => "call-recorded",
            Event::ChatChannelOpened(_) => "chat-channel-opened",
            Event::CommunicationDelivered { .. } => "communication-delivered",
            Event::AnchorRecorded { .. } => "anchor-recorded",
            Event::JurisdictionsSet { .. } => "jurisdictions-set",
            Event::ObligationAssessed { .. } => "obligation-assessed",
            Event::SubmissionRecorded { .. } => "submission-recorded",
            Event::DeadlinesComputed { .. } => "deadlines-computed",
            Event::IndicatorAdded(_) => "indicator-added",
            Event::SightingRecorded(_) => "sighting-recorded",
            Event::IndicatorLinked { .. } => "indicator-linked",
            Event::TimelineEventAdded(_) => "timeline-event-added",
            Event::FindingCited { .. } => "finding-cited",
            Event::EvidenceAdded(_) => "evidence-added",
            Event::CustodyTransferred { .. } => "custody-transferred",
            Event::CustodyAcknowledged { .. } => "custody-acknowledged",
            Event::BreakAcknowledged { .. } => crate::log::ACKNOWLEDGED_KIND,
        }
    }

    /// The payload alone, as canonical JSON (keys sorted, no whitespace): what the
    /// log stores and hashes.
    pub fn payload_json(&self) -> String {
        let mut value = serde_json::to_value(self).expect("events always serialise");
        let payload = value
            .get_mut("payload")
            .map(serde_json::Value::take)
            .unwrap_or(serde_json::Value::Object(Default::default()));
        crate::log::canonical_json(&payload)
    }

    /// Reads a stored event of any version ever written.
    pub fn decode(kind: &str, version: u32, payload: &str) -> Result<Event, DecodeError> {
        let fail = |reason: String| DecodeError {
            kind: kind.to_owned(),
            version,
            reason,
        };
        match version {
            1 => {
                let payload: serde_json::Value =
                    serde_json::from_str(payload).map_err(|e| fail(e.to_string()))?;
                let tagged = serde_json::json!({ "kind": kind, "payload": payload });
                serde_json::from_value(tagged).map_err(|e| fail(e.to_string()))
            }
            other => Err(fail(format!("unknown version {other}"))),
        }
    }
}
