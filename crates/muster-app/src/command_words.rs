//! The API's command words, resolved into the domain's command.

use crate::actor::person_ref;
use crate::app::App;
use crate::error::AppResult as ApiResult;
use muster_api::ApiCommand;
use muster_domain::{Command, PersonRef, Phase, PreventiveActionInput, ReviewInput};

async fn who(state: &App, field: &str, key: &str) -> ApiResult<PersonRef> {
    Ok(person_ref(&state.person(field, key).await?))
}

async fn maybe(state: &App, field: &str, key: Option<&str>) -> ApiResult<Option<PersonRef>> {
    match key {
        Some(k) => Ok(Some(who(state, field, k).await?)),
        None => Ok(None),
    }
}

/// Resolves the people a command names and turns it into the domain's command.
/// Public so that the web UI's forms build exactly the commands the API does.
pub async fn to_domain(state: &App, cmd: ApiCommand) -> ApiResult<Command> {
    use ApiCommand as A;
    Ok(match cmd {
        A::Assign { person, role } => Command::AssignRole {
            person: who(state, "person", &person).await?,
            role,
        },
        A::StandDown {
            person,
            role,
            reason,
        } => Command::StandDown {
            person: who(state, "person", &person).await?,
            role,
            reason,
        },
        A::Workstream { name, lead } => Command::CreateWorkstream {
            name,
            lead: who(state, "lead", &lead).await?,
        },
        A::WorkstreamAdd { workstream, person } => Command::AddWorkstreamMember {
            workstream,
            person: who(state, "person", &person).await?,
        },
        A::WorkstreamRemove { workstream, person } => Command::RemoveWorkstreamMember {
            workstream,
            person: who(state, "person", &person).await?,
        },
        A::WorkstreamClose { workstream, reason } => {
            Command::CloseWorkstream { workstream, reason }
        }
        A::Finding { kind, text, source } => Command::AddFinding { kind, text, source },
        A::Delegate {
            finding,
            to,
            report_back_at,
        } => Command::DelegateFinding {
            finding,
            to: who(state, "to", &to).await?,
            report_back_at,
        },
        A::Settle {
            finding,
            status,
            text,
        } => Command::ResolveFinding {
            finding,
            status,
            text,
        },
        A::Assess {
            suspected,
            known,
            consistency,
        } => Command::AssessFinding {
            suspected,
            known,
            consistency,
        },
        A::Recommend { text } => Command::Recommend { text },
        A::Approve {
            recommendation,
            owner,
            report_back_at,
            rationale,
        } => Command::Approve {
            recommendation,
            owner: maybe(state, "owner", owner.as_deref()).await?,
            report_back_at,
            rationale,
        },
        A::Reject {
            recommendation,
            rationale,
        } => Command::Reject {
            recommendation,
            rationale,
        },
        A::Action {
            title,
            owner,
            report_back_at,
        } => Command::CreateAction {
            title,
            owner: who(state, "owner", &owner).await?,
            report_back_at,
        },
        A::ActionUpdate {
            action,
            status,
            report,
            report_back_at,
        } => Command::UpdateAction {
            action,
            status,
            report,
            report_back_at,
        },
        A::ActionReassign {
            action,
            owner,
            report_back_at,
        } => Command::ReassignAction {
            action,
            owner: who(state, "owner", &owner).await?,
            report_back_at,
        },
        A::Decide {
            text,
            rationale,
            by,
        } => Command::RecordDecision {
            text,
            rationale,
            by: maybe(state, "by", by.as_deref()).await?,
        },
        A::Note { text } => Command::AddNote { text },
        A::Correct { seq, text } => Command::Correct { seq, text },
        A::Escalate {
            severity,
            category,
            reason,
            suggestion,
        } => Command::Escalate {
            severity,
            category,
            reason,
            suggestion,
        },
        A::SuggestEscalation {
            severity,
            category,
            reason,
        } => Command::SuggestEscalation {
            severity,
            category,
            reason,
        },
        A::DeclineEscalation { suggestion, reason } => {
            Command::DeclineEscalation { suggestion, reason }
        }
        A::Phase { to, reason } => Command::ChangePhase { to, reason },
        A::Resolve { reason } => Command::ChangePhase {
            to: Phase::Cold,
            reason,
        },
        A::Restrict { restricted, reason } => Command::SetRestricted { restricted, reason },
        A::Handover {
            to,
            brief,
            outgoing_role,
        } => Command::BriefHandover {
            to: who(state, "to", &to).await?,
            brief,
            outgoing_role,
        },
        A::AcknowledgeHandover {} => Command::AcknowledgeHandover,
        A::CancelHandover { reason } => Command::CancelHandover { reason },
        A::AssumeCommand { reason } => Command::AssumeCommand { reason },
        A::DraftCommunication {
            audience,
            recipients,
            subject,
            body,
        } => Command::DraftCommunication {
            audience,
            recipients,
            subject,
            body,
        },
        A::AgreeCommunication { communication } => Command::AgreeCommunication { communication },
        A::SendCommunication { communication, via } => {
            Command::SendCommunication { communication, via }
        }
        A::Briefing {
            stakeholder,
            summary,
        } => Command::RecordBriefing {
            stakeholder,
            summary,
        },
        A::Review {
            went_well,
            even_better_if,
            causes,
            response,
            lessons,
            preventive_actions,
            thanked,
        } => {
            let mut actions = Vec::new();
            for p in preventive_actions {
                actions.push(PreventiveActionInput {
                    title: p.title,
                    owner: who(state, "preventive_actions.owner", &p.owner).await?,
                    due: p.due,
                });
            }
            Command::RecordReview(ReviewInput {
                went_well,
                even_better_if,
                causes,
                response,
                lessons,
                preventive_actions: actions,
                thanked,
            })
        }
        A::PreventiveUpdate { id, done, note } => {
            Command::UpdatePreventiveAction { id, done, note }
        }
        A::Close { reason } => Command::Close { reason },
        A::ScheduleCalls {
            cadence_minutes,
            first_at,
            bridge,
        } => Command::ScheduleCalls {
            cadence_minutes,
            first_at,
            bridge,
        },
        A::RecordCall {
            held_at,
            what_happened,
            what_it_means,
            what_we_have_done,
            what_we_do_next,
            decisions,
            next_decision_at,
        } => Command::RecordCall(muster_domain::calls::CallInput {
            held_at,
            what_happened,
            what_it_means,
            what_we_have_done,
            what_we_do_next,
            decisions,
            next_decision_at,
        }),
    })
}
