//! Declaring an incident, escalation, phases, the review and closing (rule 7).

use crate::command::{Context, ReviewInput};
use crate::event::{Declared, Event, PersonRef, PreventiveActionSpec, ReportSummary, ReviewRecord};
use crate::guard;
use crate::permit::{self, Kind};
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::IncidentState;
use crate::vocab::{PersonalData, Phase, Role};
use crate::{settle, team};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Triage's outcome when the event is a real incident, with its team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declaration {
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub category: String,
    pub security: bool,
    pub personal_data: PersonalData,
    /// Defaults to `security`: security incidents are restricted unless said otherwise.
    pub restricted: Option<bool>,
    pub source: String,
    pub hypothesis: String,
    pub report: Option<ReportSummary>,
    /// Defaults to whoever declares.
    pub incident_manager: Option<PersonRef>,
    pub team: Vec<(PersonRef, Role)>,
}

/// Decides the opening events of a new incident, its team staffed under the same
/// rules as later assignments. The returned state is the incident after them.
pub fn declare(id: Uuid, ctx: &Context, d: Declaration) -> Decision<(Vec<Event>, IncidentState)> {
    d.check_text()?;
    let title = guard::text("title", &d.title)?;
    let severity = guard::severity("severity", &d.severity, ctx)?;
    let category = guard::category("category", &d.category, ctx)?;
    let source = guard::text("source", &d.source)?;
    let hypothesis = guard::text("hypothesis", &d.hypothesis)?;
    let im = d.incident_manager.unwrap_or_else(|| ctx.actor.clone());
    let mut events = vec![
        Event::Declared(Declared {
            reference: d.reference,
            title,
            severity,
            category,
            security: d.security,
            personal_data: d.personal_data,
            restricted: d.restricted.unwrap_or(d.security),
            source,
            hypothesis,
            report: d.report,
        }),
        Event::RoleAssigned {
            person: im,
            role: Role::IncidentManager,
        },
    ];
    let mut state = IncidentState::new(id);
    for e in &events {
        state.apply(e, ctx.actor.id, ctx.now);
    }
    // Staffing is decided as the declarer, who may not be on the team yet.
    let staffing = Context {
        admin: true,
        ..ctx.clone()
    };
    for (person, role) in d.team {
        let more = team::assign(&state, &staffing, person, role)?;
        for e in &more {
            state.apply(e, ctx.actor.id, ctx.now);
        }
        events.extend(more);
    }
    Ok((events, state))
}

fn change<'a>(field: &'static str, current: &str, proposed: Option<&'a str>) -> Option<&'a str> {
    let _ = field;
    proposed.filter(|p| *p != current)
}

pub fn escalate(
    state: &IncidentState,
    ctx: &Context,
    severity: Option<&str>,
    category: Option<&str>,
    reason: &str,
    suggestion: Option<&str>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::Escalate)?;
    let (severity, category, suggestion) = match suggestion {
        Some(id) => {
            let s = state
                .escalation_suggestions
                .iter()
                .find(|s| s.id == id && s.open)
                .ok_or_else(|| {
                    Rejection::not_found(
                        "suggestion",
                        format!("no open escalation suggestion {id}"),
                    )
                })?;
            (
                severity.or(s.severity.as_deref()),
                category.or(s.category.as_deref()),
                Some(s.id.clone()),
            )
        }
        None => (severity, category, None),
    };
    let severity = change("severity", &state.severity, severity)
        .map(|s| guard::severity("severity", s, ctx))
        .transpose()?;
    let category = change("category", &state.category, category)
        .map(|c| guard::category("category", c, ctx))
        .transpose()?;
    if severity.is_none() && category.is_none() {
        return Err(Rejection::invalid(
            "severity",
            format!(
                "an escalation changes the severity ({}) or the category ({})",
                state.severity, state.category
            ),
        ));
    }
    Ok(vec![Event::Escalated {
        severity,
        category,
        reason: guard::text("reason", reason)?,
        suggestion,
    }])
}

pub fn suggest_escalation(
    state: &IncidentState,
    ctx: &Context,
    severity: Option<&str>,
    category: Option<&str>,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::SuggestEscalation)?;
    let severity = severity
        .map(|s| guard::severity("severity", s, ctx))
        .transpose()?;
    let category = category
        .map(|c| guard::category("category", c, ctx))
        .transpose()?;
    if severity.is_none() && category.is_none() {
        return Err(Rejection::invalid(
            "severity",
            "suggest a new severity or category",
        ));
    }
    Ok(vec![Event::EscalationSuggested {
        id: guard::next_id("E", state.escalation_suggestions.len()),
        severity,
        category,
        reason: guard::text("reason", reason)?,
    }])
}

pub fn decline_escalation(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::DeclineEscalation)?;
    if !state
        .escalation_suggestions
        .iter()
        .any(|s| s.id == id && s.open)
    {
        return Err(Rejection::not_found(
            "suggestion",
            format!("no open escalation suggestion {id}"),
        ));
    }
    Ok(vec![Event::EscalationDeclined {
        id: id.to_owned(),
        reason: guard::text("reason", reason)?,
    }])
}

pub fn change_phase(
    state: &IncidentState,
    ctx: &Context,
    to: Phase,
    reason: &str,
) -> Decision<Vec<Event>> {
    guard::open(state)?;
    let from = state.phase.unwrap_or(Phase::Hot);
    let what = match to {
        Phase::Cold => "resolve the incident",
        Phase::Closed => "close the incident",
        _ => "change the incident's phase",
    };
    guard::incident_manager(state, ctx, Rule::OnlyIncidentManager, what)?;
    if to == Phase::Closed {
        return Err(Rejection::invalid(
            "to",
            "closing needs the review: use close",
        ));
    }
    if from == to {
        return Err(Rejection::conflict(format!(
            "{} is already {to}",
            state.reference
        )));
    }
    if to == Phase::Cold {
        let gaps = team::blocking_gaps(state, ctx.policy);
        if let Some(gap) = gaps.first() {
            return Err(Rejection::rule(
                Rule::Composition,
                RejectionKind::Conflict,
                format!(
                    "{} cannot be resolved yet: {}",
                    state.reference, gap.message
                ),
            ));
        }
        if let Some(h) = &state.handover {
            return Err(Rejection::conflict(format!(
                "a handover to {} is waiting; acknowledge or cancel it before resolving",
                h.to.name
            )));
        }
        settle::settled(state, "resolved")?;
    }
    Ok(vec![Event::PhaseChanged {
        from,
        to,
        reason: guard::text("reason", reason)?,
    }])
}

pub fn set_restricted(
    state: &IncidentState,
    ctx: &Context,
    restricted: bool,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::SetRestricted)?;
    if state.restricted == restricted {
        return Err(Rejection::conflict(format!(
            "{} is already {}",
            state.reference,
            if restricted {
                "restricted"
            } else {
                "unrestricted"
            }
        )));
    }
    Ok(vec![Event::RestrictionChanged {
        restricted,
        reason: guard::text("reason", reason)?,
    }])
}

pub fn record_review(state: &IncidentState, ctx: &Context, r: ReviewInput) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::RecordReview)?;
    if state.review.is_some() {
        return Err(Rejection::conflict(
            "the review is already recorded; add a correction to amend it",
        ));
    }
    let lessons: Vec<String> = r
        .lessons
        .iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    if lessons.is_empty() {
        return Err(Rejection::rule(
            Rule::OnlyIncidentManager,
            RejectionKind::Invalid,
            "a review records at least one lesson learned",
        )
        .with_field("lessons"));
    }
    let mut preventive_actions = Vec::new();
    // Numbered after the actions already carried into the review.
    let carried = state.preventive_actions.len();
    for (i, p) in r.preventive_actions.into_iter().enumerate() {
        preventive_actions.push(PreventiveActionSpec {
            id: guard::next_id("P", carried + i),
            title: guard::text("preventive_actions.title", &p.title)?,
            owner: p.owner,
            due: guard::future("preventive_actions.due", p.due, ctx)?,
        });
    }
    Ok(vec![Event::ReviewRecorded(ReviewRecord {
        went_well: guard::text("went_well", &r.went_well)?,
        even_better_if: guard::text("even_better_if", &r.even_better_if)?,
        causes: r.causes.trim().to_owned(),
        response: r.response.trim().to_owned(),
        lessons,
        preventive_actions,
        thanked: r.thanked,
    })])
}

/// Rule 7: preventive actions stay tracked after close.
pub fn update_preventive_action(
    state: &IncidentState,
    ctx: &Context,
    id: &str,
    done: bool,
    note: Option<&str>,
) -> Decision<Vec<Event>> {
    let p = state
        .preventive_actions
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| {
            Rejection::not_found(
                "id",
                format!("{} has no preventive action {id}", state.reference),
            )
        })?;
    crate::permit_item::update_preventive(state, ctx, p)?;
    Ok(vec![Event::PreventiveActionUpdated {
        id: p.id.clone(),
        done,
        note: note.map(|n| guard::text("note", n)).transpose()?,
    }])
}

pub fn close(state: &IncidentState, ctx: &Context, reason: &str) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::Close)?;
    if state.phase != Some(Phase::Cold) {
        return Err(Rejection::conflict(format!(
            "{} is {}; resolve it (cold) before closing",
            state.reference,
            state.phase.map(|p| p.as_str()).unwrap_or("not declared")
        )));
    }
    if state.review.is_none() {
        return Err(Rejection::rule(
            Rule::OnlyIncidentManager,
            RejectionKind::Conflict,
            "closing needs the post-incident review with its lessons learned: record the review first",
        ));
    }
    settle::settled(state, "closed")?;
    Ok(vec![Event::Closed {
        reason: guard::text("reason", reason)?,
    }])
}
