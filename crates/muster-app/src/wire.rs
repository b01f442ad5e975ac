//! Maps the folded state onto the read's wire types (`muster_api`'s
//! `IncidentStateView` and its parts): the domain may reshape its state; what
//! clients read changes only here, on purpose.

use muster_api::*;
use muster_domain::calls::{CallRecord, ChatChannel};
use muster_domain::event::{PersonRef, ReportSummary, ReviewRecord};
use muster_domain::state::{self as s, IncidentState};
use muster_domain::team::Gap;

pub fn state(st: &IncidentState) -> IncidentStateView {
    IncidentStateView {
        id: st.id,
        reference: st.reference.clone(),
        title: st.title.clone(),
        severity: st.severity.clone(),
        category: st.category.clone(),
        security: st.security,
        personal_data: st.personal_data,
        restricted: st.restricted,
        source: st.source.clone(),
        hypothesis: st.hypothesis.clone(),
        phase: st.phase,
        report: st.report.as_ref().map(report),
        seq: st.seq,
        head_hash: st.head_hash.clone(),
        timings: timings(&st.timings),
        team: st.team.iter().map(assignment).collect(),
        workstreams: st.workstreams.iter().map(workstream).collect(),
        findings: st.findings.iter().map(|f| finding(st, f)).collect(),
        assessments: st.assessments.iter().map(assessment).collect(),
        recommendations: st.recommendations.iter().map(recommendation).collect(),
        actions: st.actions.iter().map(action).collect(),
        decisions: st.decisions.iter().map(decision).collect(),
        escalation_suggestions: st.escalation_suggestions.iter().map(suggestion).collect(),
        handover: st.handover.as_ref().map(handover),
        communications: st.communications.iter().map(communication).collect(),
        briefings: st.briefings.iter().map(briefing).collect(),
        review: st.review.as_ref().map(review),
        preventive_actions: st.preventive_actions.iter().map(preventive).collect(),
        notes: st.notes,
        calls: st.calls.as_ref().map(calls),
        call_records: st.call_records.iter().map(call_record).collect(),
        next_decision_at: st.next_decision_at,
        chat: st.chat.as_ref().map(chat),
        deliveries: st.deliveries.iter().map(delivery).collect(),
    }
}

pub fn gap(g: &Gap) -> GapView {
    GapView {
        code: g.code.clone(),
        message: g.message.clone(),
        rule: g.rule,
    }
}

pub fn person(p: &PersonRef) -> PersonRefView {
    PersonRefView {
        id: p.id,
        name: p.name.clone(),
        expertise: p.expertise.clone(),
        chat_handle: p.chat_handle.clone(),
    }
}

fn report(r: &ReportSummary) -> ReportSummaryView {
    ReportSummaryView {
        reference: r.reference.clone(),
        reported_by: person(&r.reported_by),
        reported_at: r.reported_at,
        description: r.description.clone(),
    }
}

fn timings(t: &s::Timings) -> TimingsView {
    TimingsView {
        reported_at: t.reported_at,
        declared_at: t.declared_at,
        assembled_at: t.assembled_at,
        contained_at: t.contained_at,
        resolved_at: t.resolved_at,
        closed_at: t.closed_at,
    }
}

fn assignment(a: &s::Assignment) -> AssignmentView {
    AssignmentView {
        person: person(&a.person),
        role: a.role,
        since: a.since,
    }
}

fn workstream(w: &s::Workstream) -> WorkstreamView {
    WorkstreamView {
        id: w.id.clone(),
        name: w.name.clone(),
        lead: person(&w.lead),
        members: w.members.iter().map(person).collect(),
        open: w.open,
    }
}

fn finding(st: &IncidentState, f: &s::Finding) -> FindingView {
    FindingView {
        id: f.id.clone(),
        kind: f.kind,
        text: f.text.clone(),
        source: f.source.clone(),
        status: f.status,
        delegated_to: f.delegated_to.as_ref().map(person),
        report_back_at: f.report_back_at,
        resolution: f.resolution.clone(),
        seq: f.seq,
        cites: crate::citations::citations(st, f),
    }
}

fn assessment(a: &s::Assessment) -> AssessmentView {
    AssessmentView {
        suspected: a.suspected.clone(),
        known: a.known.clone(),
        consistency: a.consistency,
    }
}

fn recommendation(r: &s::Recommendation) -> RecommendationView {
    RecommendationView {
        id: r.id.clone(),
        text: r.text.clone(),
        by: person(&r.by),
        status: r.status,
        decision: r.decision.clone(),
        action: r.action.clone(),
        seq: r.seq,
    }
}

fn action(a: &s::Action) -> ActionView {
    ActionView {
        id: a.id.clone(),
        title: a.title.clone(),
        owner: person(&a.owner),
        report_back_at: a.report_back_at,
        status: a.status,
        report: a.report.clone(),
        recommendation: a.recommendation.clone(),
        created_at: a.created_at,
    }
}

fn decision(d: &s::DecisionRecord) -> DecisionView {
    DecisionView {
        id: d.id.clone(),
        text: d.text.clone(),
        rationale: d.rationale.clone(),
        by: person(&d.by),
        recommendation: d.recommendation.clone(),
        at: d.at,
        seq: d.seq,
    }
}

fn suggestion(e: &s::EscalationSuggestion) -> EscalationSuggestionView {
    EscalationSuggestionView {
        id: e.id.clone(),
        severity: e.severity.clone(),
        category: e.category.clone(),
        reason: e.reason.clone(),
        by: e.by,
        open: e.open,
    }
}

fn handover(h: &s::Handover) -> HandoverView {
    HandoverView {
        id: h.id.clone(),
        from: person(&h.from),
        to: person(&h.to),
        brief: h.brief.clone(),
        outgoing_role: h.outgoing_role,
        briefed_at: h.briefed_at,
    }
}

fn communication(c: &s::Communication) -> CommunicationView {
    CommunicationView {
        id: c.id.clone(),
        audience: c.audience,
        recipients: c.recipients.clone(),
        subject: c.subject.clone(),
        body: c.body.clone(),
        status: c.status,
        sent_via: c.sent_via.clone(),
        sent_at: c.sent_at,
    }
}

fn briefing(b: &s::Briefing) -> BriefingView {
    BriefingView {
        id: b.id.clone(),
        stakeholder: b.stakeholder.clone(),
        summary: b.summary.clone(),
        by: b.by,
        at: b.at,
    }
}

fn review(r: &ReviewRecord) -> ReviewView {
    ReviewView {
        went_well: r.went_well.clone(),
        even_better_if: r.even_better_if.clone(),
        causes: r.causes.clone(),
        response: r.response.clone(),
        lessons: r.lessons.clone(),
        preventive_actions: r
            .preventive_actions
            .iter()
            .map(|p| PreventiveActionSpecView {
                id: p.id.clone(),
                title: p.title.clone(),
                owner: person(&p.owner),
                due: p.due,
            })
            .collect(),
        thanked: r.thanked,
    }
}

fn preventive(p: &s::PreventiveAction) -> PreventiveActionView {
    PreventiveActionView {
        id: p.id.clone(),
        title: p.title.clone(),
        owner: person(&p.owner),
        due: p.due,
        done: p.done,
        note: p.note.clone(),
        action: p.action.clone(),
    }
}

pub fn calls(c: &s::CallSchedule) -> CallScheduleView {
    CallScheduleView {
        cadence_minutes: c.cadence_minutes,
        first_at: c.first_at,
        bridge: c.bridge.clone(),
    }
}

pub fn call_record(c: &CallRecord) -> CallRecordView {
    CallRecordView {
        id: c.id.clone(),
        held_at: c.held_at,
        roll_call: c
            .roll_call
            .iter()
            .map(|l| RollCallLineView {
                role: l.role,
                person: person(&l.person),
            })
            .collect(),
        what_happened: c.what_happened.clone(),
        what_it_means: c.what_it_means.clone(),
        what_we_have_done: c.what_we_have_done.clone(),
        what_we_do_next: c.what_we_do_next.clone(),
        decisions: c.decisions.clone(),
        next_decision_at: c.next_decision_at,
    }
}

fn chat(c: &ChatChannel) -> ChatChannelView {
    ChatChannelView {
        provider: c.provider.clone(),
        channel: c.channel.clone(),
        name: c.name.clone(),
        url: c.url.clone(),
    }
}

pub fn delivery(d: &s::Delivery) -> CommunicationDeliveryView {
    CommunicationDeliveryView {
        communication: d.communication.clone(),
        via: d.via.clone(),
        recipients: d.recipients.clone(),
        failed: d.failed.clone(),
        at: d.at,
    }
}
