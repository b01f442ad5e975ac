//! Regulatory obligations as responders read them: every obligation an
//! incident may owe with its stages, the clocks running, a draft of a
//! stage's notification filled from the incident, and the breach register
//! (GDPR Art. 33(5)). Computed from the folded state and the policy's rules;
//! the deadlines the log recorded are shown beside them.

use crate::actor::Actor;
use crate::app::App;
use crate::error::{AppError, AppResult};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use muster_api::{ClockView, DraftFieldView, DraftView, LoggedDeadline, ObligationView, StageView};
use muster_domain::{
    ActionStatus, Anchor, FindingKind, IncidentState, ObligationStatus, Policy, obligation,
};
use muster_obligations as engine;
use std::collections::BTreeMap;

/// Every obligation `state` may owe, as of `now`.
pub fn obligations(state: &IncidentState, policy: &Policy, now: Timestamp) -> Vec<ObligationView> {
    obligations_of(state, policy, obligation::evaluate(state, policy, now))
}

/// [`obligations`] from an evaluation already made (the room shows both
/// these and the clocks, and evaluates once).
pub fn obligations_of(
    state: &IncidentState,
    policy: &Policy,
    evaluated: Vec<engine::Obligation>,
) -> Vec<ObligationView> {
    let tz = time_zone(policy);
    let o = &state.obligations;
    evaluated
        .into_iter()
        .map(|ob| {
            let track = o.track(&ob.regime);
            ObligationView {
                status: o.status(&ob.regime),
                rationale: track.map(|t| t.rationale.clone()).unwrap_or_default(),
                stages: ob
                    .stages
                    .iter()
                    .map(|s| stage(state, &ob.regime, s, &tz))
                    .collect(),
                regime: ob.regime,
                title: ob.title,
                recipient: ob.recipient,
                legal_basis: ob.legal_basis,
                citation: ob.citation,
                verified: ob.verified,
                verification_note: ob.verification_note,
                rule_status: word(&ob.rule_status),
                rule_version: ob.rule_version.to_string(),
                applicability: word(&ob.applicability),
            }
        })
        .collect()
}

fn stage(
    state: &IncidentState,
    regime: &str,
    s: &engine::StageObligation,
    tz: &TimeZone,
) -> StageView {
    let explanation = s.computed.explanation.to_string();
    let logged = state
        .obligations
        .deadline(regime, &s.stage)
        .filter(|d| d.due_at != s.due_at || d.explanation != explanation)
        .map(|d| LoggedDeadline {
            rule_version: d.rule_version.clone(),
            due_at: d.due_at,
            explanation: d.explanation.clone(),
        });
    StageView {
        stage: s.stage.clone(),
        name: s.name.clone(),
        anchor: s.anchor.map(|a| a.to_string()),
        after: s.after.clone(),
        due_at: s.due_at,
        due_local: s.due_at.map(|t| local(t, tz)),
        deadline_words: s.deadline_words.clone(),
        submitted_at: s.submitted_at,
        state: word(&s.state),
        seconds_left: s.seconds_left,
        explanation,
        logged,
    }
}

/// The deadlines still running (or overdue): applicable, not submitted, and
/// not assessed as not required, delayed or complete. Soonest first.
pub fn clocks(state: &IncidentState, policy: &Policy, now: Timestamp) -> Vec<ClockView> {
    clocks_of(
        state,
        policy,
        &obligation::evaluate(state, policy, now),
        now,
    )
}

/// [`clocks`] from an evaluation already made.
pub fn clocks_of(
    state: &IncidentState,
    policy: &Policy,
    evaluated: &[engine::Obligation],
    now: Timestamp,
) -> Vec<ClockView> {
    let tz = time_zone(policy);
    let mut out = Vec::new();
    for ob in evaluated {
        if ob.applicability == engine::Applicability::NoLongerApplies
            || matches!(
                state.obligations.status(&ob.regime),
                ObligationStatus::NotRequired
                    | ObligationStatus::Delayed
                    | ObligationStatus::Complete
            )
        {
            continue;
        }
        for s in &ob.stages {
            let (Some(due_at), None) = (s.due_at, s.submitted_at) else {
                continue;
            };
            out.push(ClockView {
                regime: ob.regime.clone(),
                stage: s.stage.clone(),
                name: s.name.clone(),
                recipient: ob.recipient.clone(),
                due_at,
                due_local: local(due_at, &tz),
                time_zone: policy.obligations.time_zone.clone(),
                seconds_left: due_at.as_second() - now.as_second(),
                state: if due_at <= now { "overdue" } else { "running" }.into(),
                explanation: s.computed.explanation.to_string(),
            });
        }
    }
    out.sort_by_key(|c| c.due_at);
    out
}

/// A draft of `regime`'s `stage` notification: what the incident already
/// says, with `given` (field key → text) over it, and what is missing.
pub fn draft(
    state: &IncidentState,
    policy: &Policy,
    regime: &str,
    stage: &str,
    given: &BTreeMap<String, String>,
) -> AppResult<DraftView> {
    let rules = policy.obligations.rules.get();
    let rule = rules
        .get(regime)
        .ok_or_else(|| AppError::not_found(format!("no regime `{regime}`")))?;
    let st = rule.stage(stage).ok_or_else(|| {
        let stages: Vec<&str> = rule.stages.iter().map(|s| s.id.as_str()).collect();
        AppError::not_found(format!(
            "{regime} has no stage `{stage}`; its stages are {}",
            stages.join(", ")
        ))
    })?;
    let mut known = known_fields(state);
    for (k, v) in given {
        known.insert(k.clone(), v.clone());
    }
    let d = engine::fill_draft(st, &known);
    let recipient = if st.recipients.is_empty() {
        rule.recipients.join("; ")
    } else {
        st.recipients.join("; ")
    };
    let subject = format!("{}: {} ({})", st.name, state.title, state.reference);
    let mut body = format!(
        "{}\nTo: {recipient}\nUnder: {}\n\n",
        st.name, rule.legal_basis
    );
    for f in &d.fields {
        let value = f.value.as_deref().unwrap_or("[still to be filled in]");
        body.push_str(&format!("{}:\n{value}\n\n", f.label));
    }
    Ok(DraftView {
        regime: regime.to_owned(),
        stage: st.id.clone(),
        recipient,
        subject,
        fields: d
            .fields
            .into_iter()
            .map(|f| DraftFieldView {
                key: f.key,
                label: f.label,
                value: f.value,
            })
            .collect(),
        missing: d.missing,
        body: body.trim_end().to_owned(),
    })
}

/// What the incident already answers of a notification's fields.
fn known_fields(state: &IncidentState) -> BTreeMap<String, String> {
    let mut k = BTreeMap::new();
    let mut nature = state.title.clone();
    if !state.hypothesis.is_empty() {
        nature.push_str(&format!(". Working hypothesis: {}", state.hypothesis));
    }
    for key in [
        "nature",
        "description",
        "what-happened",
        "initial-assessment",
    ] {
        k.insert(key.to_owned(), nature.clone());
    }
    k.insert("incident-reference".into(), state.reference.clone());
    if let Some(im) = state.incident_manager() {
        k.insert(
            "contact-point".into(),
            format!("{} (incident manager, {})", im.name, state.reference),
        );
    }
    let measures: Vec<String> = state
        .actions
        .iter()
        .filter(|a| a.status != ActionStatus::Cancelled)
        .map(|a| format!("{} ({})", a.title, a.status))
        .collect();
    if !measures.is_empty() {
        let m = measures.join("; ");
        for key in ["measures", "mitigation", "corrective-measures"] {
            k.insert(key.to_owned(), m.clone());
        }
    }
    let known: Vec<&str> = state
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Known)
        .map(|f| f.text.as_str())
        .collect();
    if !known.is_empty() {
        k.insert("detailed-description".into(), known.join("; "));
    }
    for (key, anchor) in [
        ("detected-at", Anchor::Detected),
        ("classified-at", Anchor::ClassifiedMajor),
        ("discovery", Anchor::Discovered),
    ] {
        if let Some(a) = state.obligations.anchor(anchor) {
            k.insert(key.to_owned(), muster_api::time::format(a.at));
        }
    }
    k
}

impl App {
    /// The obligations of `reference` (rule 10: read like the incident).
    pub async fn obligations(
        &self,
        actor: &Actor,
        reference: &str,
    ) -> AppResult<Vec<ObligationView>> {
        let state = self
            .read(actor, reference, &format!("obligations of {reference}"))
            .await?;
        Ok(obligations(&state, self.policy(), Timestamp::now()))
    }

    pub async fn clocks(&self, actor: &Actor, reference: &str) -> AppResult<Vec<ClockView>> {
        let state = self
            .read(actor, reference, &format!("clocks of {reference}"))
            .await?;
        Ok(clocks(&state, self.policy(), Timestamp::now()))
    }

    pub async fn draft_notification(
        &self,
        actor: &Actor,
        reference: &str,
        regime: &str,
        stage: &str,
        given: &BTreeMap<String, String>,
    ) -> AppResult<DraftView> {
        let state = self
            .read(
                actor,
                reference,
                &format!("a draft notification of {reference}"),
            )
            .await?;
        draft(&state, self.policy(), regime, stage, given)
    }
}

fn time_zone(policy: &Policy) -> TimeZone {
    TimeZone::get(&policy.obligations.time_zone).unwrap_or(TimeZone::UTC)
}

fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z[%Q]")
        .to_string()
}

/// A kebab-case enum's wire word.
fn word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The rules in force, as listed to people.
pub fn rules(policy: &Policy) -> Vec<muster_api::RuleView> {
    policy
        .obligations
        .rules
        .get()
        .rules()
        .iter()
        .map(|r| muster_api::RuleView {
            regime: r.id.clone(),
            version: r.version.to_string(),
            title: r.title.clone(),
            legal_basis: r.legal_basis.clone(),
            citation: r.citation.clone(),
            effective: r.effective.to_string(),
            status: word(&r.status),
            verified: r.verified,
            verification_note: r.verification_note.clone(),
            recipients: r.recipients.clone(),
            stages: r.stages.iter().map(|s| s.id.clone()).collect(),
            source: r.source.clone(),
        })
        .collect()
}
