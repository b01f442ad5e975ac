//! A command's kind, without its fields: what [`crate::permit::may`] is asked
//! about, named as on the wire.

use crate::command::Command;

/// Declares [`Kind`], its [`Kind::ALL`] and its wire names from one list, so
/// the three cannot drift apart.
macro_rules! kinds {
    ($($kind:ident => $name:literal,)*) => {
        /// A command without its fields. `as_str` is the command's wire name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($kind,)*
        }

        impl Kind {
            /// Every kind, in the order the room offers them.
            pub const ALL: &'static [Kind] = &[$(Kind::$kind,)*];

            /// The command's name on the wire (`{"command": "…"}`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$kind => $name,)*
                }
            }
        }
    };
}

kinds! {
    AssignRole => "assign-role",
    StandDown => "stand-down",
    CreateWorkstream => "create-workstream",
    AddWorkstreamMember => "add-workstream-member",
    RemoveWorkstreamMember => "remove-workstream-member",
    CloseWorkstream => "close-workstream",
    AddFinding => "add-finding",
    DelegateFinding => "delegate-finding",
    ResolveFinding => "resolve-finding",
    AssessFinding => "assess-finding",
    Recommend => "recommend",
    Approve => "approve",
    Reject => "reject",
    CreateAction => "create-action",
    UpdateAction => "update-action",
    ReassignAction => "reassign-action",
    CancelAction => "cancel-action",
    CarryAction => "carry-action",
    RecordDecision => "record-decision",
    AddNote => "add-note",
    Correct => "correct",
    Escalate => "escalate",
    SuggestEscalation => "suggest-escalation",
    DeclineEscalation => "decline-escalation",
    ChangePhase => "change-phase",
    Resolve => "resolve",
    Reclassify => "reclassify",
    SetRestricted => "set-restricted",
    BriefHandover => "brief-handover",
    AcknowledgeHandover => "acknowledge-handover",
    CancelHandover => "cancel-handover",
    AssumeCommand => "assume-command",
    DraftCommunication => "draft-communication",
    AgreeCommunication => "agree-communication",
    SendCommunication => "send-communication",
    RecordBriefing => "record-briefing",
    RecordReview => "record-review",
    UpdatePreventiveAction => "update-preventive-action",
    Close => "close",
    ScheduleCalls => "schedule-calls",
    RecordCall => "record-call",
    RecordAnchor => "record-anchor",
    SetJurisdictions => "set-jurisdictions",
    AssessObligation => "assess-obligation",
    RecordSubmission => "record-submission",
    AddIndicator => "add-indicator",
    AddIndicators => "add-indicators",
    RecordSighting => "record-sighting",
    LinkIndicator => "link-indicator",
    CiteInFinding => "cite-in-finding",
    AddTimelineEvent => "add-timeline-event",
    AddEvidence => "add-evidence",
    TransferEvidence => "transfer-evidence",
    AcknowledgeEvidence => "acknowledge-evidence",
    RecordChatChannel => "record-chat-channel",
    RecordDelivery => "record-delivery",
}

impl<P> Command<P> {
    pub fn kind(&self) -> Kind {
        use Command as C;
        match self {
            C::AssignRole { .. } => Kind::AssignRole,
            C::StandDown { .. } => Kind::StandDown,
            C::CreateWorkstream { .. } => Kind::CreateWorkstream,
            C::AddWorkstreamMember { .. } => Kind::AddWorkstreamMember,
            C::RemoveWorkstreamMember { .. } => Kind::RemoveWorkstreamMember,
            C::CloseWorkstream { .. } => Kind::CloseWorkstream,
            C::AddFinding { .. } => Kind::AddFinding,
            C::DelegateFinding { .. } => Kind::DelegateFinding,
            C::ResolveFinding { .. } => Kind::ResolveFinding,
            C::AssessFinding { .. } => Kind::AssessFinding,
            C::Recommend { .. } => Kind::Recommend,
            C::Approve { .. } => Kind::Approve,
            C::Reject { .. } => Kind::Reject,
            C::CreateAction { .. } => Kind::CreateAction,
            C::UpdateAction { .. } => Kind::UpdateAction,
            C::ReassignAction { .. } => Kind::ReassignAction,
            C::CancelAction { .. } => Kind::CancelAction,
            C::CarryAction { .. } => Kind::CarryAction,
            C::RecordDecision { .. } => Kind::RecordDecision,
            C::AddNote { .. } => Kind::AddNote,
            C::Correct { .. } => Kind::Correct,
            C::Escalate { .. } => Kind::Escalate,
            C::SuggestEscalation { .. } => Kind::SuggestEscalation,
            C::DeclineEscalation { .. } => Kind::DeclineEscalation,
            C::ChangePhase { .. } => Kind::ChangePhase,
            C::Resolve { .. } => Kind::Resolve,
            C::Reclassify { .. } => Kind::Reclassify,
            C::SetRestricted { .. } => Kind::SetRestricted,
            C::BriefHandover { .. } => Kind::BriefHandover,
            C::AcknowledgeHandover => Kind::AcknowledgeHandover,
            C::CancelHandover { .. } => Kind::CancelHandover,
            C::AssumeCommand { .. } => Kind::AssumeCommand,
            C::DraftCommunication { .. } => Kind::DraftCommunication,
            C::AgreeCommunication { .. } => Kind::AgreeCommunication,
            C::SendCommunication { .. } => Kind::SendCommunication,
            C::RecordBriefing { .. } => Kind::RecordBriefing,
            C::RecordReview(_) => Kind::RecordReview,
            C::UpdatePreventiveAction { .. } => Kind::UpdatePreventiveAction,
            C::Close { .. } => Kind::Close,
            C::ScheduleCalls { .. } => Kind::ScheduleCalls,
            C::RecordCall(_) => Kind::RecordCall,
            C::RecordAnchor { .. } => Kind::RecordAnchor,
            C::SetJurisdictions { .. } => Kind::SetJurisdictions,
            C::AssessObligation { .. } => Kind::AssessObligation,
            C::RecordSubmission { .. } => Kind::RecordSubmission,
            C::AddIndicator(_) => Kind::AddIndicator,
            C::AddIndicators(_) => Kind::AddIndicators,
            C::RecordSighting(_) => Kind::RecordSighting,
            C::LinkIndicator { .. } => Kind::LinkIndicator,
            C::CiteInFinding { .. } => Kind::CiteInFinding,
            C::AddTimelineEvent(_) => Kind::AddTimelineEvent,
            C::AddEvidence(_) => Kind::AddEvidence,
            C::TransferEvidence { .. } => Kind::TransferEvidence,
            C::AcknowledgeEvidence { .. } => Kind::AcknowledgeEvidence,
            C::RecordChatChannel(_) => Kind::RecordChatChannel,
            C::RecordDelivery { .. } => Kind::RecordDelivery,
        }
    }
}
