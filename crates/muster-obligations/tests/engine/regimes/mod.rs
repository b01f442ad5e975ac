//! Anchors in, deadlines out, for every shipped rule: weekends, holidays, daylight-saving
//! changes both ways, business days across US federal holidays. The cases are in `eu.rs`
//! (EU and UK regimes) and `world.rs` (the rest).

mod eu;
mod world;

use std::collections::BTreeSet;

use muster_obligations::Anchor::{self, *};
use muster_obligations::{RuleSet, StageState};

use crate::support::*;

pub struct Case {
    pub regime: &'static str,
    pub stage: &'static str,
    pub zone: &'static str,
    pub anchors: &'static [(Anchor, &'static str)],
    /// Earlier stages of the same regime already submitted.
    pub submitted: &'static [(&'static str, &'static str)],
    /// Expected `due_at` in UTC; `None` for no fixed deadline or a missing start.
    pub due: Option<&'static str>,
    /// One explanation step that must appear, word for word.
    pub step: Option<&'static str>,
}

const NOW: &str = "2026-12-05T00:00:00Z";

#[test]
fn every_shipped_stage_from_its_anchors() {
    for (i, case) in eu::CASES.iter().chain(world::CASES).enumerate() {
        let mut facts = every_rule_applies(case.zone);
        for (a, at) in case.anchors {
            anchor(&mut facts, *a, at);
        }
        for (stage, at) in case.submitted {
            submit(&mut facts, case.regime, stage, at);
        }
        let got = shipped_stage(&facts, NOW, case.regime, case.stage);
        assert_eq!(
            got.due_at,
            case.due.map(ts),
            "case {i}: {} {}; explanation:\n{}",
            case.regime,
            case.stage,
            got.computed.explanation
        );
        if let Some(step) = case.step {
            assert_step(&got, step);
        }
    }
}

#[test]
fn every_shipped_stage_has_a_case() {
    let covered: BTreeSet<(String, String)> = eu::CASES
        .iter()
        .chain(world::CASES)
        .map(|c| (c.regime.to_owned(), c.stage.to_owned()))
        .collect();
    for rule in RuleSet::shipped().rules() {
        for stage in &rule.stages {
            assert!(
                covered.contains(&(rule.id.clone(), stage.id.clone())),
                "no case for {} {}",
                rule.id,
                stage.id
            );
        }
    }
}

#[test]
fn open_deadlines_say_so_in_words() {
    let facts = every_rule_applies("Europe/Berlin");
    let s = shipped_stage(&facts, NOW, "gdpr-art-34", "communication");
    assert_eq!(s.state, StageState::NoFixedDeadline);
    assert_eq!(s.deadline_words.as_deref(), Some("without undue delay"));
    let s = shipped_stage(&facts, NOW, "pipeda-10-1", "report");
    assert_eq!(s.deadline_words.as_deref(), Some("as soon as feasible"));
}

#[test]
fn states_and_time_left() {
    let mut facts = every_rule_applies("Europe/Berlin");
    anchor(&mut facts, Aware, "2026-12-04T10:00:00Z");
    let running = shipped_stage(
        &facts,
        "2026-12-05T10:00:00Z",
        "gdpr-art-33",
        "notification",
    );
    assert_eq!(running.state, StageState::Running);
    assert_eq!(running.seconds_left, Some(48 * 3600));
    let overdue = shipped_stage(
        &facts,
        "2026-12-07T11:00:00Z",
        "gdpr-art-33",
        "notification",
    );
    assert_eq!(overdue.state, StageState::Overdue);
    assert_eq!(overdue.seconds_left, Some(-3600));
    submit(
        &mut facts,
        "gdpr-art-33",
        "notification",
        "2026-12-06T09:00:00Z",
    );
    let done = shipped_stage(
        &facts,
        "2026-12-08T00:00:00Z",
        "gdpr-art-33",
        "notification",
    );
    assert_eq!(
        (done.state, done.submitted_at, done.seconds_left),
        (
            StageState::Submitted,
            Some(ts("2026-12-06T09:00:00Z")),
            None
        )
    );
    submit(
        &mut facts,
        "gdpr-art-33",
        "notification",
        "2026-12-07T10:00:01Z",
    );
    let late = shipped_stage(
        &facts,
        "2026-12-08T00:00:00Z",
        "gdpr-art-33",
        "notification",
    );
    assert_eq!(late.state, StageState::SubmittedLate);
    let waiting = shipped_stage(
        &facts,
        "2026-12-08T00:00:00Z",
        "nis2-art-23",
        "final-report",
    );
    assert_eq!(waiting.state, StageState::Waiting);
}
