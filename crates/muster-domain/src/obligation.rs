//! Regulatory obligations (issue 10) as the incident's rules see them: the
//! anchors the clocks run from, the jurisdictions and sectors that make a
//! regime apply, the incident manager's assessment of each obligation, and
//! the submissions made. The clocks are computed by `muster-obligations`
//! from rule data; each computation is logged (`deadlines-computed`) with the
//! rule's version and the anchor values it used, so that a clock shown last
//! month can be explained today even after its rule file changed.

use crate::command::Context;
use crate::event::Event;
use crate::guard;
use crate::permit::{self, Kind};
use crate::policy::Policy;
use crate::rejection::{Decision, Rejection, RejectionKind};
use crate::rule::Rule;
use crate::state::IncidentState;
use crate::vocab::{Anchor, CommunicationStatus, ObligationStatus, PersonalData};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use muster_obligations as engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How far past the server's clock a moment may be recorded as having
/// happened: clocks on laptops drift; later than this has not happened yet.
const SKEW_SECONDS: i64 = 300;

/// One stage's deadline as computed, as the log keeps it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub regime: String,
    pub rule_version: String,
    pub stage: String,
    /// The anchor values (`aware`) and earlier submissions
    /// (`after:early-warning`) the clock ran from.
    pub anchors_used: BTreeMap<String, Timestamp>,
    pub due_at: Option<Timestamp>,
    /// How it was computed, in words: the rule and version, the anchor and
    /// its value, the unit, and each calendar step.
    pub explanation: String,
}

pub fn record_anchor(
    state: &IncidentState,
    ctx: &Context,
    anchor: Anchor,
    at: Timestamp,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::RecordAnchor)?;
    happened("at", at, ctx)?;
    Ok(vec![Event::AnchorRecorded { anchor, at }])
}

pub fn set_jurisdictions(
    state: &IncidentState,
    ctx: &Context,
    jurisdictions: Vec<String>,
    sectors: Vec<String>,
    reason: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::SetJurisdictions)?;
    let jurisdictions = words("jurisdictions", jurisdictions, jurisdiction)?;
    let sectors = words("sectors", sectors, sector)?;
    let o = &state.obligations;
    if jurisdictions == o.jurisdictions && sectors == o.sectors {
        return Err(Rejection::invalid(
            "jurisdictions",
            format!(
                "the incident's jurisdictions ({}) and sectors ({}) are already these",
                list(&o.jurisdictions),
                list(&o.sectors)
            ),
        ));
    }
    Ok(vec![Event::JurisdictionsSet {
        jurisdictions,
        sectors,
        reason: guard::text("reason", reason)?,
    }])
}

pub fn assess(
    state: &IncidentState,
    ctx: &Context,
    regime: &str,
    status: ObligationStatus,
    rationale: &str,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::AssessObligation)?;
    rule(ctx.policy, regime)?;
    match status {
        ObligationStatus::Unassessed => {
            return Err(Rejection::invalid(
                "status",
                "an obligation cannot go back to unassessed; assess it as assessing, not-required, due, delayed or complete",
            ));
        }
        ObligationStatus::Submitted | ObligationStatus::Amended => {
            return Err(Rejection::invalid(
                "status",
                "submitted and amended follow from recording a submission (record-submission), not from an assessment",
            ));
        }
        _ => {}
    }
    let rationale = rationale.trim();
    if rationale.is_empty() {
        let why = match status {
            ObligationStatus::NotRequired => {
                "a decision that notice is not required goes in the breach register with its rationale: say why"
            }
            ObligationStatus::Delayed => {
                "an authorised delay needs its evidence: who authorised it, under which provision"
            }
            _ => "say why: the assessment is logged with its rationale",
        };
        return Err(Rejection::invalid("rationale", why));
    }
    if state.obligations.status(regime) == status {
        return Err(Rejection::conflict(format!(
            "the obligation under {regime} is already {status}"
        )));
    }
    Ok(vec![Event::ObligationAssessed {
        regime: regime.to_owned(),
        status,
        rationale: rationale.to_owned(),
    }])
}

#[allow(clippy::too_many_arguments)]
pub fn record_submission(
    state: &IncidentState,
    ctx: &Context,
    regime: &str,
    stage: &str,
    reference: &str,
    at: Option<Timestamp>,
    communication: Option<&str>,
) -> Decision<Vec<Event>> {
    permit::may(state, ctx, Kind::RecordSubmission)?;
    let rule = rule(ctx.policy, regime)?;
    let Some(stage_rule) = rule.stages.iter().find(|s| s.id == stage) else {
        let stages: Vec<&str> = rule.stages.iter().map(|s| s.id.as_str()).collect();
        return Err(Rejection::not_found(
            "stage",
            format!(
                "{regime} has no stage `{stage}`; its stages are {}",
                stages.join(", ")
            ),
        ));
    };
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Rejection::invalid(
            "reference",
            "the submission's reference (a case number, a portal receipt) is what shows it went",
        ));
    }
    if state.obligations.status(regime) == ObligationStatus::NotRequired {
        return Err(Rejection::conflict(format!(
            "the obligation under {regime} was assessed as not required; assess it again before recording a submission"
        )));
    }
    let at = at.unwrap_or(ctx.now);
    happened("at", at, ctx)?;
    let mut events = vec![Event::SubmissionRecorded {
        regime: regime.to_owned(),
        stage: stage_rule.id.clone(),
        reference: reference.to_owned(),
        at,
        communication: communication.map(str::to_owned),
    }];
    if let Some(id) = communication {
        let Some(c) = state.communications.iter().find(|c| c.id == id) else {
            return Err(Rejection::not_found(
                "communication",
                format!("no communication {id}"),
            ));
        };
        match c.status {
            CommunicationStatus::Draft => {
                return Err(Rejection::rule(
                    Rule::AgreedCommunications,
                    RejectionKind::Conflict,
                    format!(
                        "communication {id} is still a draft: the incident manager agrees it before it goes to {}",
                        rule.recipients.join("; ")
                    ),
                ));
            }
            CommunicationStatus::Agreed => events.push(Event::CommunicationSent {
                id: id.to_owned(),
                via: format!("submitted to {} ({reference})", rule.recipients.join("; ")),
            }),
            CommunicationStatus::Sent => {}
        }
    }
    Ok(events)
}

/// What the rules read from `state` and the organisation's policy.
pub fn facts(state: &IncidentState, policy: &Policy) -> engine::Facts {
    let p = &policy.obligations;
    let tz = TimeZone::get(&p.time_zone).unwrap_or(TimeZone::UTC);
    let mut facts = engine::Facts::new(tz);
    facts.security = state.security;
    facts.personal_data = match state.personal_data {
        Some(PersonalData::Yes) => engine::PersonalData::Yes,
        Some(PersonalData::No) => engine::PersonalData::No,
        Some(PersonalData::Unknown) | None => engine::PersonalData::Unknown,
    };
    let o = &state.obligations;
    facts.subject_jurisdictions = o.jurisdictions.iter().cloned().collect();
    facts.organisation_jurisdictions = p.jurisdictions.iter().cloned().collect();
    facts.sectors = p.sectors.iter().chain(&o.sectors).cloned().collect();
    for a in &o.anchors {
        if let Ok(anchor) = a.anchor.as_str().parse::<engine::Anchor>() {
            facts.anchors.insert(anchor, a.at);
        }
    }
    for t in &o.tracks {
        for s in &t.submissions {
            facts
                .submissions
                .entry((t.regime.clone(), s.stage.clone()))
                .or_insert(s.at);
        }
    }
    facts.member_state_calendar.clone_from(&p.member_state);
    // A regime once computed or assessed says it no longer applies rather
    // than vanishing when a fact changes.
    facts.previously_applied = o
        .deadlines
        .iter()
        .map(|d| d.regime.clone())
        .chain(o.tracks.iter().map(|t| t.regime.clone()))
        .collect();
    facts
}

/// Every obligation `state` may owe under the policy's rules, as of `now`.
pub fn evaluate(state: &IncidentState, policy: &Policy, now: Timestamp) -> Vec<engine::Obligation> {
    engine::evaluate(policy.obligations.rules.get(), &facts(state, policy), now)
}

/// When `events` change a fact a clock depends on, the deadlines they move,
/// computed on the state they lead to, appended as one `deadlines-computed`
/// event. Deadlines that did not move are not logged again.
pub fn recompute(state: &IncidentState, ctx: &Context, events: &mut Vec<Event>) {
    let moves_clocks = events.iter().any(|e| {
        matches!(
            e,
            Event::AnchorRecorded { .. }
                | Event::JurisdictionsSet { .. }
                | Event::ScopeChanged { .. }
                | Event::SubmissionRecorded { .. }
        )
    });
    if !moves_clocks {
        return;
    }
    let mut next = state.clone();
    for e in events.iter() {
        next.apply(e, ctx.actor.id, ctx.now);
    }
    let mut moved = Vec::new();
    for o in evaluate(&next, ctx.policy, ctx.now) {
        for s in o.stages {
            let known = next.obligations.deadline(&o.regime, &s.stage);
            if s.due_at.is_none() && known.is_none() {
                continue;
            }
            let d = Deadline {
                regime: o.regime.clone(),
                rule_version: s.computed.rule_version.to_string(),
                stage: s.stage.clone(),
                anchors_used: s.computed.anchors_used.clone(),
                due_at: s.due_at,
                explanation: s.computed.explanation.to_string(),
            };
            if known.is_none_or(|k| {
                k.due_at != d.due_at
                    || k.anchors_used != d.anchors_used
                    || k.rule_version != d.rule_version
            }) {
                moved.push(d);
            }
        }
    }
    if !moved.is_empty() {
        events.push(Event::DeadlinesComputed { deadlines: moved });
    }
}

fn rule<'a>(policy: &'a Policy, regime: &str) -> Decision<&'a engine::Rule> {
    let rules = policy.obligations.rules.get();
    rules.get(regime).ok_or_else(|| {
        let known: Vec<&str> = rules.rules().iter().map(|r| r.id.as_str()).collect();
        Rejection::not_found(
            "regime",
            format!("no regime `{regime}`; the rules know {}", known.join(", ")),
        )
    })
}

fn happened(field: &'static str, at: Timestamp, ctx: &Context) -> Decision<()> {
    if at.as_second() > ctx.now.as_second() + SKEW_SECONDS {
        return Err(Rejection::invalid(
            field,
            format!(
                "{at} is in the future: record a moment once it has happened (it is now {})",
                ctx.now
            ),
        ));
    }
    Ok(())
}

/// Lower-cased, trimmed, each checked by `valid`, without repeats.
fn words(
    field: &'static str,
    values: Vec<String>,
    valid: fn(&str) -> bool,
) -> Decision<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for (i, v) in values.into_iter().enumerate() {
        let v = v.trim().to_ascii_lowercase();
        if !valid(&v) {
            let what = if field == "jurisdictions" {
                "a jurisdiction is a country code, optionally with a subdivision (`de`, `uk`, `us-ny`), or `eu`"
            } else {
                "a sector is a tag of letters, digits and hyphens (`financial-entity`)"
            };
            return Err(Rejection::invalid(
                field,
                format!("{field}[{i}]: `{v}` is not one: {what}"),
            ));
        }
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

fn jurisdiction(v: &str) -> bool {
    let (country, sub) = v.split_once('-').unwrap_or((v, ""));
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_lowercase())
        && (sub.is_empty() || v.len() > 3 && sub.len() <= 8)
        && sub
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn sector(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 64
        && v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}
