//! The incident room's view model: the folded state shaped for the page, with
//! every display string computed here so the templates stay plain.

use super::brief;
use crate::dashboard::sev_class;
use crate::reports::Choice;
use crate::time::clock;
use jiff::Timestamp;
use muster_app::Actor;
use muster_domain::Context;
use muster_domain::state::Finding;
use muster_domain::{
    CommunicationStatus, FindingKind, FindingStatus, IncidentState, Phase, Policy,
    RecommendationStatus, Role, permit_item, team,
};
use muster_store::Person;

pub use super::model::*;

fn role_label(role: Role) -> &'static str {
    match role {
        Role::IncidentManager => "Incident manager",
        Role::Deputy => "Deputy",
        Role::Secretariat => "Secretariat",
        Role::Sme => "Subject matter experts",
        Role::CommsLead => "Communications lead",
        Role::Liaison => "Liaison",
    }
}

/// `ticking`: the incident is not closed, so its clocks still run.
fn finding(
    s: &IncidentState,
    f: &Finding,
    ticking: bool,
    now: Timestamp,
    can_settle: bool,
) -> FindingView {
    let open = matches!(f.status, FindingStatus::Open | FindingStatus::Delegated);
    FindingView {
        id: f.id.clone(),
        text: f.text.clone(),
        source: f.source.clone().unwrap_or_default(),
        status: f.status.as_str(),
        delegated_to: f
            .delegated_to
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        clock: f
            .report_back_at
            .filter(|_| open && ticking)
            .map(|t| clock(t, now)),
        overdue: ticking && f.is_overdue(now),
        resolution: f.resolution.clone().unwrap_or_default(),
        open,
        kind: f.kind.as_str(),
        cites: muster_app::citations::citations(s, f)
            .into_iter()
            .map(|c| CiteChip {
                anchor: match c.kind.as_str() {
                    "indicator" => format!("indicator-{}", c.id),
                    "timeline-event" => format!("attack-{}", c.id),
                    _ => format!("evidence-{}", c.id),
                },
                id: c.id,
                summary: c.summary,
            })
            .collect(),
        can_settle,
    }
}

fn choice(value: String, label: String) -> Choice {
    Choice {
        value,
        label,
        selected: false,
    }
}

fn person_label(name: &str, tags: &[String]) -> String {
    if tags.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({})", tags.join(", "))
    }
}

pub fn build(
    s: &IncidentState,
    policy: &Policy,
    actor: &Actor,
    csrf: &str,
    directory: &[Person],
    now: Timestamp,
) -> RoomView {
    let me = actor.person.id;
    let ctx = Context {
        actor: actor.person_ref(),
        admin: actor.admin,
        now,
        policy,
    };
    let may = Offer::build(s, &ctx);
    let gaps = team::gaps(s, policy);
    let roll = Role::ALL
        .iter()
        .map(|r| RoleRow {
            role: r.as_str(),
            label: role_label(*r),
            people: s
                .holders(*r)
                .map(|p| Chip {
                    id: p.id.to_string(),
                    name: p.name.clone(),
                    tags: p.expertise.join(", "),
                    is_me: p.id == me,
                    can_stand_down: permit_item::stand_down(s, &ctx, p).is_ok(),
                })
                .collect(),
        })
        .collect();
    let by_kind = |k: FindingKind| -> Vec<FindingView> {
        s.findings
            .iter()
            .filter(|f| f.kind == k)
            .map(|f| {
                finding(
                    s,
                    f,
                    s.is_open(),
                    now,
                    permit_item::settle(s, &ctx, f).is_ok(),
                )
            })
            .collect()
    };
    let knowns: Vec<&Finding> = s
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Known)
        .collect();
    let grid = s
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Suspected)
        .map(|sus| GridRow {
            suspected: sus.id.clone(),
            text: sus.text.clone(),
            cells: knowns
                .iter()
                .map(|k| Cell {
                    known: k.id.clone(),
                    value: s
                        .assessments
                        .iter()
                        .find(|a| a.suspected == sus.id && a.known == k.id)
                        .map(|a| a.consistency.as_str())
                        .unwrap_or(""),
                })
                .collect(),
        })
        .collect();
    let mut actions: Vec<ActionView> = s
        .actions
        .iter()
        .map(|a| ActionView {
            id: a.id.clone(),
            title: a.title.clone(),
            owner: a.owner.name.clone(),
            status: a.status.as_str(),
            report: a.report.clone().unwrap_or_default(),
            clock: clock(a.report_back_at, now),
            // After close only preventive actions tick (rule 7).
            open: a.status.is_open() && s.is_open(),
            can_update: permit_item::update_action(s, &ctx, a).is_ok(),
        })
        .collect();
    // Open work first, the most urgent at the top; finished work below.
    actions.sort_by(|a, b| b.open.cmp(&a.open).then(a.clock.iso.cmp(&b.clock.iso)));
    let members: Vec<Choice> = s
        .members()
        .into_iter()
        .map(|p| choice(p.id.to_string(), person_label(&p.name, &p.expertise)))
        .collect();
    RoomView {
        chain_break: None,
        ind: Default::default(),
        reference: s.reference.clone(),
        title: s.title.clone(),
        severity: s.severity.clone(),
        sev_class: sev_class(policy, &s.severity),
        category: s.category.clone(),
        phase: s.phase.map(|p| p.as_str()).unwrap_or("—"),
        restricted: s.restricted,
        security: s.security,
        personal_data: s.personal_data.map(|p| p.as_str()).unwrap_or("—"),
        source: s.source.clone(),
        hypothesis: s.hypothesis.clone(),
        chat: s.chat.as_ref().map(|c| ChatLink {
            platform: match c.provider.as_str() {
                "slack" => "Slack".into(),
                "matrix" => "Matrix".into(),
                "teams" => "Teams".into(),
                other => other.into(),
            },
            name: c.name.clone(),
            // Only a web link is offered: a stored scheme other than https
            // (never written by Muster) is shown as text.
            url: c.url.clone().filter(|u| u.starts_with("https://")),
        }),
        open: s.is_open(),
        cold: s.phase == Some(Phase::Cold),
        closed: s.phase == Some(Phase::Closed),
        csrf: csrf.to_owned(),
        head_seq: s.seq,
        my_roles: s
            .roles_of(me)
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        owed: super::owed::build(s, me, &may, now),
        may,
        indicators: s.indicators.items.len(),
        evidence: s.evidence.len(),
        can_write: s.is_member(me) || actor.admin,
        im_name: s
            .incident_manager()
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "none".into()),
        roll,
        gaps: gaps
            .iter()
            .map(|g| GapView {
                message: g.message.clone(),
                rule: g.rule.map(muster_domain::Rule::number),
            })
            .collect(),
        span_warning: team::span_warning(s, policy),
        direct_reports: team::direct_reports(s),
        span_limit: policy.span_of_control,
        workstreams: s
            .workstreams
            .iter()
            .map(|w| WorkstreamView {
                id: w.id.clone(),
                name: w.name.clone(),
                lead: w.lead.name.clone(),
                members: w
                    .members
                    .iter()
                    .map(|m| m.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                open: w.open,
            })
            .collect(),
        known: by_kind(FindingKind::Known),
        unknown: by_kind(FindingKind::Unknown),
        suspected: by_kind(FindingKind::Suspected),
        grid_known: knowns.iter().map(|k| k.id.clone()).collect(),
        grid,
        pending: s
            .recommendations
            .iter()
            .filter(|r| r.status == RecommendationStatus::Pending)
            .map(|r| RecView {
                id: r.id.clone(),
                text: r.text.clone(),
                by: r.by.name.clone(),
                by_id: r.by.id.to_string(),
            })
            .collect(),
        decided_recs: s
            .recommendations
            .iter()
            .filter(|r| r.status != RecommendationStatus::Pending)
            .count(),
        overdue: s.overdue_actions(now).count(),
        overdue_findings: s.overdue_findings(now).count(),
        overdue_preventive: s.overdue_preventive_actions(now).count(),
        actions,
        decisions: s
            .decisions
            .iter()
            .rev()
            .map(|d| DecisionView {
                id: d.id.clone(),
                text: d.text.clone(),
                rationale: d.rationale.clone(),
                by: d.by.name.clone(),
                at: crate::time::short(d.at, now),
            })
            .collect(),
        suggestions: s
            .escalation_suggestions
            .iter()
            .filter(|e| e.open)
            .map(|e| SuggestionView {
                id: e.id.clone(),
                text: format!(
                    "{}{}{}: {}",
                    e.severity.as_deref().unwrap_or(""),
                    if e.severity.is_some() && e.category.is_some() {
                        ", "
                    } else {
                        ""
                    },
                    e.category.as_deref().unwrap_or(""),
                    e.reason
                ),
            })
            .collect(),
        handover: s.handover.as_ref().map(|h| HandoverView {
            from: h.from.name.clone(),
            to: h.to.name.clone(),
            brief: h.brief.clone(),
            to_me: h.to.id == me,
        }),
        brief: brief::prefill(s, now),
        communications: s
            .communications
            .iter()
            .map(|c| CommView {
                id: c.id.clone(),
                audience: c.audience.as_str(),
                subject: c.subject.clone(),
                recipients: c.recipients.join(", "),
                status: c.status.as_str(),
                draft: c.status == CommunicationStatus::Draft,
                agreed: c.status == CommunicationStatus::Agreed,
            })
            .collect(),
        briefings: s
            .briefings
            .iter()
            .map(|b| BriefingView {
                stakeholder: b.stakeholder.clone(),
                summary: b.summary.clone(),
            })
            .collect(),
        has_review: s.review.is_some(),
        lessons: s
            .review
            .as_ref()
            .map(|r| r.lessons.clone())
            .unwrap_or_default(),
        preventive: s
            .preventive_actions
            .iter()
            .map(|p| PreventiveView {
                id: p.id.clone(),
                title: p.title.clone(),
                owner: p.owner.name.clone(),
                clock: clock(p.due, now),
                done: p.done,
                carried_from: p.action.clone().unwrap_or_default(),
                can_update: permit_item::update_preventive(s, &ctx, p).is_ok(),
            })
            .collect(),
        people: directory
            .iter()
            .map(|p| choice(p.id.to_string(), person_label(&p.name, &p.expertise)))
            .collect(),
        smes: s
            .holders(Role::Sme)
            .map(|p| choice(p.id.to_string(), person_label(&p.name, &p.expertise)))
            .collect(),
        owners: s
            .members()
            .into_iter()
            .filter(|p| permit_item::owner(s, p).is_ok())
            .map(|p| choice(p.id.to_string(), person_label(&p.name, &p.expertise)))
            .collect(),
        team_people: members,
        roles: Role::ALL
            .iter()
            .filter(|r| **r != Role::IncidentManager)
            .map(|r| r.as_str())
            .collect(),
        severities: policy.severities.iter().map(|s| s.name.clone()).collect(),
        categories: policy.categories.clone(),
        obligations: super::obligations::build(s, policy, now),
    }
}
