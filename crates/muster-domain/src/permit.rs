//! Who may issue which kind of command, now: the actor's part of every rule,
//! before a command's fields are looked at. `decide` asks it through each
//! decision (so a refusal reads the same whichever way it is reached), and the
//! room asks it to offer each person only the commands their role may use.
//!
//! A kind whose rule depends on the item it names (an action's owner, the
//! finding delegated to an SME, the evidence handed to someone) passes here
//! when the incident is open; `permit_item` holds the rule for the item, which
//! the decision and the room both ask.

use crate::command::Context;
pub use crate::command_kind::Kind;
use crate::guard;
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::IncidentState;
use crate::vocab::{Phase, Role};

const IM: Role = Role::IncidentManager;
const DEPUTY: Role = Role::Deputy;

fn im(state: &IncidentState, ctx: &Context, rule: Rule, what: &str) -> Decision<()> {
    guard::incident_manager(state, ctx, rule, what)
}

fn any(state: &IncidentState, ctx: &Context, roles: &[Role], what: &str) -> Decision<()> {
    guard::holds_any(state, ctx, roles, false, None, what)
}

/// Rule 6: communications are the comms lead's to draft and send (once agreed).
fn comms_lead(state: &IncidentState, ctx: &Context, what: &str) -> Decision<()> {
    if state.holds(ctx.actor.id, Role::CommsLead) {
        return Ok(());
    }
    Err(Rejection::rule(
        Rule::AgreedCommunications,
        RejectionKind::Forbidden,
        format!("only the comms-lead may {what}; the incident manager agrees it"),
    ))
}

/// Passes when `ok`, else refuses as `refusal` does.
fn either(ok: bool, refusal: Decision<()>) -> Decision<()> {
    if ok { Ok(()) } else { refusal }
}

/// May the actor issue a command of `kind` on `state` now? The refusal is the
/// one `decide` gives, naming the rule that forbids it where one does.
pub fn may(state: &IncidentState, ctx: &Context, kind: Kind) -> Decision<()> {
    use Kind::*;
    let me = ctx.actor.id;
    // What stays open after close (rule 7, rule 9), or is not the team's to do.
    match kind {
        Correct => return guard::member(state, ctx),
        // Whose preventive action decides (permit_item::update_preventive);
        // only an owner, a one-time incident manager or an administrator
        // could pass.
        UpdatePreventiveAction => {
            let was_im = state.team.iter().any(|a| a.person.id == me && a.role == IM);
            let owns = state.preventive_actions.iter().any(|p| p.owner.id == me);
            return either(
                was_im || owns || ctx.admin,
                Err(Rejection::forbidden(
                    "only the preventive action's owner, the incident manager or an administrator may update it",
                )),
            );
        }
        RecordDelivery => return crate::calls::system_only(ctx, "deliveries"),
        _ => {}
    }
    guard::open(state)?;
    match kind {
        AssignRole => guard::holds_any(state, ctx, &[IM, DEPUTY], true, None, "staff the team"),
        // Anyone on the team may stand themselves down.
        StandDown => either(
            state.is_member(me),
            guard::holds_any(
                state,
                ctx,
                &[IM, DEPUTY],
                true,
                None,
                "stand someone else down",
            ),
        ),
        CreateWorkstream => im(state, ctx, Rule::DelegateNotDo, "split off a workstream"),
        CloseWorkstream => im(state, ctx, Rule::DelegateNotDo, "close a workstream"),
        AddWorkstreamMember | RemoveWorkstreamMember => either(
            state.workstreams.iter().any(|w| w.open && w.lead.id == me),
            im(
                state,
                ctx,
                Rule::DelegateNotDo,
                "change a workstream's members",
            ),
        ),
        DelegateFinding => any(state, ctx, &[IM, DEPUTY], "delegate a finding"),
        // Which finding decides (permit_item::settle).
        ResolveFinding => guard::member(state, ctx),
        Recommend => {
            guard::member(state, ctx)?;
            either(
                !state.is_incident_manager(me),
                Err(Rejection::rule(
                    Rule::RecommendBeforeDoing,
                    RejectionKind::Conflict,
                    "the incident manager decides on recommendations and does not make them; delegate an action instead",
                )),
            )
        }
        Approve => im(
            state,
            ctx,
            Rule::RecommendBeforeDoing,
            "approve a recommendation",
        ),
        Reject => im(
            state,
            ctx,
            Rule::RecommendBeforeDoing,
            "reject a recommendation",
        ),
        CreateAction => guard::holds_any(
            state,
            ctx,
            &[IM, DEPUTY],
            false,
            Some(Rule::RecommendBeforeDoing),
            "delegate an action; anyone else recommends one for the incident manager to approve",
        ),
        // Whose action decides (permit_item::update_action).
        UpdateAction => guard::member(state, ctx),
        ReassignAction => guard::holds_any(
            state,
            ctx,
            &[IM, DEPUTY],
            false,
            Some(Rule::RecommendBeforeDoing),
            "reassign an action",
        ),
        CancelAction => any(state, ctx, &[IM, DEPUTY], "cancel an action"),
        CarryAction => any(
            state,
            ctx,
            &[IM, DEPUTY],
            "carry an action into the review as a preventive action",
        ),
        AddFinding | AssessFinding | RecordDecision | AddNote | RecordAnchor | AddIndicator
        | AddIndicators | RecordSighting | LinkIndicator | CiteInFinding | AddTimelineEvent
        | AddEvidence | TransferEvidence => guard::member(state, ctx),
        Escalate => im(state, ctx, Rule::OnlyIncidentManager, "escalate"),
        SuggestEscalation => either(
            state.holds(me, DEPUTY),
            Err(Rejection::rule(
                Rule::OnlyIncidentManager,
                RejectionKind::Forbidden,
                "the deputy suggests escalations; the incident manager decides them",
            )),
        ),
        DeclineEscalation => im(
            state,
            ctx,
            Rule::OnlyIncidentManager,
            "decline an escalation",
        ),
        ChangePhase => im(
            state,
            ctx,
            Rule::OnlyIncidentManager,
            "change the incident's phase",
        ),
        Resolve => im(
            state,
            ctx,
            Rule::OnlyIncidentManager,
            "resolve the incident",
        ),
        Close => im(state, ctx, Rule::OnlyIncidentManager, "close the incident"),
        Reclassify => im(state, ctx, Rule::OnlyIncidentManager, "re-classify"),
        SetRestricted => im(
            state,
            ctx,
            Rule::Restricted,
            "change who can see the incident",
        ),
        BriefHandover => im(state, ctx, Rule::NeverWithoutCommander, "hand over command"),
        AcknowledgeHandover => match &state.handover {
            None => Err(Rejection::not_found(
                "handover",
                "no handover is waiting for acknowledgement",
            )),
            Some(h) => either(
                h.to.id == me,
                Err(Rejection::rule(
                    Rule::NeverWithoutCommander,
                    RejectionKind::Forbidden,
                    format!(
                        "only {}, to whom command is being handed, can acknowledge the handover",
                        h.to.name
                    ),
                )),
            ),
        },
        CancelHandover => match &state.handover {
            None => Err(Rejection::not_found(
                "handover",
                "no handover is waiting for acknowledgement",
            )),
            Some(h) => either(
                h.to.id == me || state.is_incident_manager(me),
                Err(Rejection::rule(
                    Rule::NeverWithoutCommander,
                    RejectionKind::Forbidden,
                    "only the incident manager or the person named in the handover can cancel it",
                )),
            ),
        },
        AssumeCommand => {
            if !ctx.admin && !state.holds(me, DEPUTY) {
                return Err(Rejection::rule(
                    Rule::NeverWithoutCommander,
                    RejectionKind::Forbidden,
                    "only the deputy (or an administrator) may assume command when the incident manager is unavailable; otherwise command passes by handover",
                ));
            }
            either(
                !state.is_incident_manager(me),
                Err(Rejection::conflict("you are already the incident manager")),
            )
        }
        DraftCommunication => comms_lead(state, ctx, "draft a communication"),
        SendCommunication => comms_lead(state, ctx, "send a communication"),
        AgreeCommunication => im(
            state,
            ctx,
            Rule::AgreedCommunications,
            "agree a communication",
        ),
        RecordBriefing => any(
            state,
            ctx,
            &[Role::Liaison, Role::CommsLead],
            "record a stakeholder briefing",
        ),
        RecordReview => {
            any(state, ctx, &[IM, Role::Secretariat], "record the review")?;
            either(
                state.phase == Some(Phase::Cold),
                Err(Rejection::conflict(format!(
                    "the post-incident review follows resolution; {} is {}",
                    state.reference,
                    state.phase.map(|p| p.as_str()).unwrap_or("not declared")
                ))),
            )
        }
        ScheduleCalls => any(
            state,
            ctx,
            &[IM, Role::Secretariat],
            "set the heartbeat calls",
        ),
        RecordCall => any(
            state,
            ctx,
            &[IM, DEPUTY, Role::Secretariat],
            "record a heartbeat call",
        ),
        SetJurisdictions => im(
            state,
            ctx,
            Rule::OnlyIncidentManager,
            "change the incident's jurisdictions and sectors (an escalation of scope)",
        ),
        AssessObligation => im(
            state,
            ctx,
            Rule::OnlyIncidentManager,
            "assess an obligation to notify",
        ),
        RecordSubmission => guard::holds_any(
            state,
            ctx,
            &[IM, Role::CommsLead],
            false,
            Some(Rule::AgreedCommunications),
            "record a submission to a regulator",
        ),
        // Only the item's recipient, checked on the item.
        AcknowledgeEvidence => guard::member(state, ctx),
        RecordChatChannel => crate::calls::system_only(ctx, "the chat channel it opened"),
        // Decided above, before the incident need be open.
        Correct | UpdatePreventiveAction | RecordDelivery => Ok(()),
    }
}

/// Every kind the actor may issue now, in [`Kind::ALL`]'s order.
pub fn offered(state: &IncidentState, ctx: &Context) -> Vec<Kind> {
    Kind::ALL
        .iter()
        .copied()
        .filter(|k| may(state, ctx, *k).is_ok())
        .collect()
}
