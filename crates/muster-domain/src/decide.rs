//! The one entry point from a command to the events it causes.

use crate::command::{Command, Context};
use crate::event::Event;
use crate::rejection::Decision;
use crate::state::IncidentState;
use crate::vocab::Phase;
use crate::{
    board, calls, evidence, handover, indicator, lifecycle, obligation, scope, settle, team, work,
};

/// Decides what `cmd` causes on `state`, or why it is refused. Pure: the caller
/// records the events and folds them into the state. Every text the command
/// carries is checked first ([`crate::text`]), whichever adapter brought it.
pub fn decide(state: &IncidentState, ctx: &Context, cmd: Command) -> Decision<Vec<Event>> {
    let mut events = decide_alone(state, ctx, cmd)?;
    // Clocks that a changed fact moves are logged with the change.
    obligation::recompute(state, ctx, &mut events);
    Ok(events)
}

fn decide_alone(state: &IncidentState, ctx: &Context, cmd: Command) -> Decision<Vec<Event>> {
    cmd.check_text()?;
    use Command::*;
    match cmd {
        AssignRole { person, role } => team::assign(state, ctx, person, role),
        StandDown {
            person,
            role,
            reason,
        } => team::stand_down(state, ctx, person, role, &reason),
        CreateWorkstream { name, lead } => team::create_workstream(state, ctx, &name, lead),
        AddWorkstreamMember { workstream, person } => {
            team::workstream_member(state, ctx, &workstream, person, true)
        }
        RemoveWorkstreamMember { workstream, person } => {
            team::workstream_member(state, ctx, &workstream, person, false)
        }
        CloseWorkstream { workstream, reason } => {
            team::close_workstream(state, ctx, &workstream, &reason)
        }
        AddFinding { kind, text, source } => board::add(state, ctx, kind, &text, source.as_deref()),
        DelegateFinding {
            finding,
            to,
            report_back_at,
        } => board::delegate(state, ctx, &finding, to, report_back_at),
        ResolveFinding {
            finding,
            status,
            text,
        } => board::resolve(state, ctx, &finding, status, &text),
        AssessFinding {
            suspected,
            known,
            consistency,
        } => board::assess(state, ctx, &suspected, &known, consistency),
        Recommend { text } => work::recommend(state, ctx, &text),
        Approve {
            recommendation,
            owner,
            report_back_at,
            rationale,
        } => work::approve(
            state,
            ctx,
            &recommendation,
            owner,
            report_back_at,
            &rationale,
        ),
        Reject {
            recommendation,
            rationale,
        } => work::reject(state, ctx, &recommendation, &rationale),
        CreateAction {
            title,
            owner,
            report_back_at,
        } => work::create_action(state, ctx, &title, owner, report_back_at),
        UpdateAction {
            action,
            status,
            report,
            report_back_at,
        } => work::update_action(
            state,
            ctx,
            &action,
            status,
            report.as_deref(),
            report_back_at,
        ),
        ReassignAction {
            action,
            owner,
            report_back_at,
        } => work::reassign_action(state, ctx, &action, owner, report_back_at),
        CancelAction { action, reason } => settle::cancel_action(state, ctx, &action, &reason),
        CarryAction { action, due, owner } => settle::carry_action(state, ctx, &action, due, owner),
        RecordDecision {
            text,
            rationale,
            by,
        } => work::record_decision(state, ctx, &text, &rationale, by),
        AddNote { text } => work::note(state, ctx, &text),
        Correct { seq, text } => work::correct(state, ctx, seq, &text),
        Escalate {
            severity,
            category,
            reason,
            suggestion,
        } => lifecycle::escalate(
            state,
            ctx,
            severity.as_deref(),
            category.as_deref(),
            &reason,
            suggestion.as_deref(),
        ),
        SuggestEscalation {
            severity,
            category,
            reason,
        } => lifecycle::suggest_escalation(
            state,
            ctx,
            severity.as_deref(),
            category.as_deref(),
            &reason,
        ),
        DeclineEscalation { suggestion, reason } => {
            lifecycle::decline_escalation(state, ctx, &suggestion, &reason)
        }
        ChangePhase { to, reason } => lifecycle::change_phase(state, ctx, to, &reason),
        Resolve { reason } => lifecycle::change_phase(state, ctx, Phase::Cold, &reason),
        Reclassify {
            security,
            personal_data,
            reason,
        } => scope::reclassify(state, ctx, security, personal_data, &reason),
        SetRestricted { restricted, reason } => {
            lifecycle::set_restricted(state, ctx, restricted, &reason)
        }
        BriefHandover {
            to,
            brief,
            outgoing_role,
        } => handover::brief_handover(state, ctx, to, &brief, outgoing_role),
        AcknowledgeHandover => handover::acknowledge_handover(state, ctx),
        CancelHandover { reason } => handover::cancel_handover(state, ctx, &reason),
        AssumeCommand { reason } => handover::assume_command(state, ctx, &reason),
        DraftCommunication {
            audience,
            recipients,
            subject,
            body,
        } => work::draft_communication(state, ctx, audience, &recipients, &subject, &body),
        AgreeCommunication { communication } => {
            work::agree_communication(state, ctx, &communication)
        }
        SendCommunication { communication, via } => {
            work::send_communication(state, ctx, &communication, &via)
        }
        RecordBriefing {
            stakeholder,
            summary,
        } => work::record_briefing(state, ctx, &stakeholder, &summary),
        RecordReview(review) => lifecycle::record_review(state, ctx, review),
        UpdatePreventiveAction { id, done, note } => {
            lifecycle::update_preventive_action(state, ctx, &id, done, note.as_deref())
        }
        Close { reason } => lifecycle::close(state, ctx, &reason),
        ScheduleCalls {
            cadence_minutes,
            first_at,
            bridge,
        } => calls::schedule_calls(state, ctx, cadence_minutes, first_at, bridge.as_deref()),
        RecordCall(input) => calls::record_call(state, ctx, input),
        RecordAnchor { anchor, at } => obligation::record_anchor(state, ctx, anchor, at),
        SetJurisdictions {
            jurisdictions,
            sectors,
            reason,
        } => obligation::set_jurisdictions(state, ctx, jurisdictions, sectors, &reason),
        AssessObligation {
            regime,
            status,
            rationale,
        } => obligation::assess(state, ctx, &regime, status, &rationale),
        RecordSubmission {
            regime,
            stage,
            reference,
            at,
            communication,
        } => obligation::record_submission(
            state,
            ctx,
            &regime,
            &stage,
            &reference,
            at,
            communication.as_deref(),
        ),
        AddIndicator(input) => indicator::add_indicator(state, ctx, &input),
        AddIndicators(inputs) => indicator::add_indicators(state, ctx, &inputs),
        RecordSighting(input) => indicator::record_sighting(state, ctx, &input),
        LinkIndicator {
            indicator: id,
            finding,
            link,
        } => indicator::link_indicator(state, ctx, &id, &finding, link),
        AddTimelineEvent(input) => indicator::add_timeline_event(state, ctx, &input),
        CiteInFinding { finding, cites } => crate::citation::cite(state, ctx, &finding, &cites),
        AddEvidence(input) => evidence::add_evidence(state, ctx, &input),
        TransferEvidence {
            evidence: id,
            to,
            reason,
            destination,
        } => evidence::transfer(state, ctx, &id, to, &reason, &destination),
        AcknowledgeEvidence { evidence: id } => evidence::acknowledge(state, ctx, &id),
        RecordChatChannel(channel) => calls::record_chat_channel(state, ctx, channel),
        RecordDelivery {
            communication,
            via,
            recipients,
            failed,
        } => calls::record_delivery(state, ctx, &communication, &via, recipients, failed),
    }
}
