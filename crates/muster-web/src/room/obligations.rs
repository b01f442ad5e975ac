//! The room's obligations panel: the regulators' deadlines running, coloured
//! as they near, every obligation the incident may owe with its track, the
//! anchors recorded, and the forms to record an anchor, assess an obligation
//! and record a submission, offered to those who may use them.

use crate::reports::Choice;
use crate::time::{Clock, clock};
use jiff::Timestamp;
use muster_domain::{Anchor, IncidentState, ObligationStatus, Policy};

pub struct ObligationsPanel {
    pub clocks: Vec<DeadlineRow>,
    pub obligations: Vec<ObligationRow>,
    pub anchors: Vec<AnchorRow>,
    pub time_zone: String,
    /// The regimes the forms offer.
    pub regimes: Vec<Choice>,
    pub anchor_choices: Vec<Choice>,
    pub statuses: Vec<Choice>,
    /// `regime stage` pairs for the submission form.
    pub stages: Vec<Choice>,
}

pub struct DeadlineRow {
    pub regime: String,
    pub name: String,
    pub recipient: String,
    pub clock: Clock,
    pub local: String,
    /// `overdue`, `near` (under 6 h), `soon` (under 24 h) or `far`.
    pub urgency: &'static str,
}

pub struct ObligationRow {
    pub regime: String,
    pub title: String,
    pub applicability: String,
    pub status: String,
    pub verified: bool,
    pub proposed: bool,
    pub rationale: String,
    pub stages: Vec<String>,
}

pub struct AnchorRow {
    pub anchor: &'static str,
    pub at: String,
    pub corrected: bool,
}

fn urgency(seconds_left: i64) -> &'static str {
    match seconds_left {
        s if s < 0 => "overdue",
        s if s < 6 * 3600 => "near",
        s if s < 24 * 3600 => "soon",
        _ => "far",
    }
}

fn choice(value: &str, label: &str) -> Choice {
    Choice {
        value: value.to_owned(),
        label: label.to_owned(),
        selected: false,
    }
}

pub fn build(s: &IncidentState, policy: &Policy, now: Timestamp) -> ObligationsPanel {
    let evaluated = muster_domain::obligation::evaluate(s, policy, now);
    let clocks = muster_app::obligations::clocks_of(s, policy, &evaluated, now)
        .into_iter()
        .map(|c| DeadlineRow {
            urgency: urgency(c.seconds_left),
            clock: clock(c.due_at, now),
            local: c.due_local,
            regime: c.regime,
            name: c.name,
            recipient: c.recipient,
        })
        .collect();
    let views = muster_app::obligations::obligations_of(s, policy, evaluated);
    let mut stages = Vec::new();
    let obligations = views
        .iter()
        .map(|o| {
            for st in &o.stages {
                stages.push(choice(
                    &format!("{} {}", o.regime, st.stage),
                    &format!("{}: {}", o.regime, st.name),
                ));
            }
            ObligationRow {
                regime: o.regime.clone(),
                title: o.title.clone(),
                applicability: o.applicability.clone(),
                status: o.status.to_string(),
                verified: o.verified,
                proposed: o.rule_status == "proposed",
                rationale: o.rationale.clone(),
                stages: o
                    .stages
                    .iter()
                    .map(|st| {
                        let when = match (&st.due_local, &st.deadline_words, st.submitted_at) {
                            (_, _, Some(at)) => {
                                format!("submitted {}", crate::time::short(at, now))
                            }
                            (Some(local), _, None) => format!("due {local}"),
                            (None, Some(words), None) => words.clone(),
                            (None, None, None) => format!(
                                "waiting for {}",
                                st.anchor
                                    .as_deref()
                                    .or(st.after.as_deref())
                                    .unwrap_or("its start")
                            ),
                        };
                        format!("{}: {when}", st.name)
                    })
                    .collect(),
            }
        })
        .collect();
    let anchors = s
        .obligations
        .anchors
        .iter()
        .map(|a| AnchorRow {
            anchor: a.anchor.as_str(),
            at: crate::time::short(a.at, now),
            corrected: a.records > 1,
        })
        .collect();
    ObligationsPanel {
        clocks,
        obligations,
        anchors,
        time_zone: policy.obligations.time_zone.clone(),
        regimes: views.iter().map(|o| choice(&o.regime, &o.title)).collect(),
        anchor_choices: Anchor::ALL
            .iter()
            .map(|a| choice(a.as_str(), a.as_str()))
            .collect(),
        statuses: [
            ObligationStatus::Assessing,
            ObligationStatus::NotRequired,
            ObligationStatus::Due,
            ObligationStatus::Delayed,
            ObligationStatus::Complete,
        ]
        .iter()
        .map(|st| choice(st.as_str(), st.as_str()))
        .collect(),
        stages,
    }
}
