//! The people a command names: the one place that walks a command's person
//! fields, so that naming people by email on the wire and holding resolved
//! [`crate::PersonRef`]s inside stay one vocabulary.

use crate::command::{Command, PreventiveActionInput, ReviewInput};

impl<P> Command<P> {
    /// The same command with each person replaced by `f(field, person)`, in
    /// the order they appear; the first error stops it. `field` is the
    /// request path that named the person (`owner`,
    /// `preventive_actions[1].owner`).
    pub fn map_people<Q, E>(
        self,
        mut f: impl FnMut(&str, P) -> Result<Q, E>,
    ) -> Result<Command<Q>, E> {
        use Command as C;
        Ok(match self {
            C::AssignRole { person, role } => C::AssignRole {
                person: f("person", person)?,
                role,
            },
            C::StandDown {
                person,
                role,
                reason,
            } => C::StandDown {
                person: f("person", person)?,
                role,
                reason,
            },
            C::CreateWorkstream { name, lead } => C::CreateWorkstream {
                name,
                lead: f("lead", lead)?,
            },
            C::AddWorkstreamMember { workstream, person } => C::AddWorkstreamMember {
                workstream,
                person: f("person", person)?,
            },
            C::RemoveWorkstreamMember { workstream, person } => C::RemoveWorkstreamMember {
                workstream,
                person: f("person", person)?,
            },
            C::DelegateFinding {
                finding,
                to,
                report_back_at,
            } => C::DelegateFinding {
                finding,
                to: f("to", to)?,
                report_back_at,
            },
            C::Approve {
                recommendation,
                owner,
                report_back_at,
                rationale,
            } => C::Approve {
                recommendation,
                owner: owner.map(|o| f("owner", o)).transpose()?,
                report_back_at,
                rationale,
            },
            C::CreateAction {
                title,
                owner,
                report_back_at,
            } => C::CreateAction {
                title,
                owner: f("owner", owner)?,
                report_back_at,
            },
            C::ReassignAction {
                action,
                owner,
                report_back_at,
            } => C::ReassignAction {
                action,
                owner: f("owner", owner)?,
                report_back_at,
            },
            C::CarryAction { action, due, owner } => C::CarryAction {
                action,
                due,
                owner: owner.map(|o| f("owner", o)).transpose()?,
            },
            C::RecordDecision {
                text,
                rationale,
                by,
            } => C::RecordDecision {
                text,
                rationale,
                by: by.map(|b| f("by", b)).transpose()?,
            },
            C::BriefHandover {
                to,
                brief,
                outgoing_role,
            } => C::BriefHandover {
                to: f("to", to)?,
                brief,
                outgoing_role,
            },
            C::RecordReview(r) => {
                let mut actions = Vec::with_capacity(r.preventive_actions.len());
                for (i, a) in r.preventive_actions.into_iter().enumerate() {
                    actions.push(PreventiveActionInput {
                        title: a.title,
                        owner: f(&format!("preventive_actions[{i}].owner"), a.owner)?,
                        due: a.due,
                    });
                }
                C::RecordReview(ReviewInput {
                    went_well: r.went_well,
                    even_better_if: r.even_better_if,
                    causes: r.causes,
                    response: r.response,
                    lessons: r.lessons,
                    preventive_actions: actions,
                    thanked: r.thanked,
                })
            }
            // The rest name no one.
            C::CloseWorkstream { workstream, reason } => C::CloseWorkstream { workstream, reason },
            C::AddFinding { kind, text, source } => C::AddFinding { kind, text, source },
            C::ResolveFinding {
                finding,
                status,
                text,
            } => C::ResolveFinding {
                finding,
                status,
                text,
            },
            C::AssessFinding {
                suspected,
                known,
                consistency,
            } => C::AssessFinding {
                suspected,
                known,
                consistency,
            },
            C::Recommend { text } => C::Recommend { text },
            C::Reject {
                recommendation,
                rationale,
            } => C::Reject {
                recommendation,
                rationale,
            },
            C::UpdateAction {
                action,
                status,
                report,
                report_back_at,
            } => C::UpdateAction {
                action,
                status,
                report,
                report_back_at,
            },
            C::CancelAction { action, reason } => C::CancelAction { action, reason },
            C::AddNote { text } => C::AddNote { text },
            C::Correct { seq, text } => C::Correct { seq, text },
            C::Escalate {
                severity,
                category,
                reason,
                suggestion,
            } => C::Escalate {
                severity,
                category,
                reason,
                suggestion,
            },
            C::SuggestEscalation {
                severity,
                category,
                reason,
            } => C::SuggestEscalation {
                severity,
                category,
                reason,
            },
            C::DeclineEscalation { suggestion, reason } => {
                C::DeclineEscalation { suggestion, reason }
            }
            C::ChangePhase { to, reason } => C::ChangePhase { to, reason },
            C::Resolve { reason } => C::Resolve { reason },
            C::SetRestricted { restricted, reason } => C::SetRestricted { restricted, reason },
            C::Reclassify {
                security,
                personal_data,
                reason,
            } => C::Reclassify {
                security,
                personal_data,
                reason,
            },
            C::AcknowledgeHandover => C::AcknowledgeHandover,
            C::CancelHandover { reason } => C::CancelHandover { reason },
            C::AssumeCommand { reason } => C::AssumeCommand { reason },
            C::DraftCommunication {
                audience,
                recipients,
                subject,
                body,
            } => C::DraftCommunication {
                audience,
                recipients,
                subject,
                body,
            },
            C::AgreeCommunication { communication } => C::AgreeCommunication { communication },
            C::SendCommunication { communication, via } => {
                C::SendCommunication { communication, via }
            }
            C::RecordBriefing {
                stakeholder,
                summary,
            } => C::RecordBriefing {
                stakeholder,
                summary,
            },
            C::UpdatePreventiveAction { id, done, note } => {
                C::UpdatePreventiveAction { id, done, note }
            }
            C::Close { reason } => C::Close { reason },
            C::ScheduleCalls {
                cadence_minutes,
                first_at,
                bridge,
            } => C::ScheduleCalls {
                cadence_minutes,
                first_at,
                bridge,
            },
            C::RecordCall(call) => C::RecordCall(call),
            C::RecordAnchor { anchor, at } => C::RecordAnchor { anchor, at },
            C::SetJurisdictions {
                jurisdictions,
                sectors,
                reason,
            } => C::SetJurisdictions {
                jurisdictions,
                sectors,
                reason,
            },
            C::AssessObligation {
                regime,
                status,
                rationale,
            } => C::AssessObligation {
                regime,
                status,
                rationale,
            },
            C::RecordSubmission {
                regime,
                stage,
                reference,
                at,
                communication,
            } => C::RecordSubmission {
                regime,
                stage,
                reference,
                at,
                communication,
            },
            C::AddIndicator(i) => C::AddIndicator(i),
            C::AddIndicators(i) => C::AddIndicators(i),
            C::RecordSighting(s) => C::RecordSighting(s),
            C::LinkIndicator {
                indicator,
                finding,
                link,
            } => C::LinkIndicator {
                indicator,
                finding,
                link,
            },
            C::AddTimelineEvent(t) => C::AddTimelineEvent(t),
            C::CiteInFinding { finding, cites } => C::CiteInFinding { finding, cites },
            C::AddEvidence(e) => C::AddEvidence(e),
            C::TransferEvidence {
                evidence,
                to,
                reason,
                destination,
            } => C::TransferEvidence {
                evidence,
                to: f("to", to)?,
                reason,
                destination,
            },
            C::AcknowledgeEvidence { evidence } => C::AcknowledgeEvidence { evidence },
            C::RecordChatChannel(channel) => C::RecordChatChannel(channel),
            C::RecordDelivery {
                communication,
                via,
                recipients,
                failed,
            } => C::RecordDelivery {
                communication,
                via,
                recipients,
                failed,
            },
        })
    }
}
