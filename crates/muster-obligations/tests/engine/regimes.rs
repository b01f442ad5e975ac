//! Anchors in, deadlines out, for every shipped rule: weekends, holidays, daylight-saving
//! changes both ways, business days across US federal holidays.

use std::collections::BTreeSet;

use muster_obligations::Anchor::{self, *};
use muster_obligations::{RuleSet, StageState};

use crate::support::*;

struct Case {
    regime: &'static str,
    stage: &'static str,
    zone: &'static str,
    anchors: &'static [(Anchor, &'static str)],
    /// Earlier stages of the same regime already submitted.
    submitted: &'static [(&'static str, &'static str)],
    /// Expected `due_at` in UTC; `None` for no fixed deadline or a missing start.
    due: Option<&'static str>,
    /// One explanation step that must appear, word for word.
    step: Option<&'static str>,
}

const NOW: &str = "2026-12-05T00:00:00Z";

const CASES: &[Case] = &[
    // GDPR: 72 clock hours; across the October change (BST -> GMT) they end at 09:00, not 10:00.
    Case {
        regime: "gdpr-art-33",
        stage: "notification",
        zone: "Europe/London",
        anchors: &[(Aware, "2026-10-23T09:00:00Z")],
        submitted: &[],
        due: Some("2026-10-26T09:00:00Z"),
        step: Some(
            "crosses a daylight-saving change on 2026-10-25: 72 clock hours end at 09:00, not 10:00, local time",
        ),
    },
    Case {
        regime: "gdpr-art-33",
        stage: "notification",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T16:30:00Z")],
        submitted: &[],
        due: Some("2026-12-07T16:30:00Z"),
        step: Some("ends Monday 2026-12-07 17:30 Europe/Berlin"),
    },
    Case {
        regime: "gdpr-art-33",
        stage: "notification",
        zone: "Europe/Berlin",
        anchors: &[],
        submitted: &[],
        due: None,
        step: Some("anchor aware not yet recorded"),
    },
    Case {
        regime: "gdpr-art-34",
        stage: "communication",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T16:30:00Z")],
        submitted: &[],
        due: None,
        step: None,
    },
    // UK GDPR across the March change (GMT -> BST): 72 hours end at 11:00 local, not 10:00.
    Case {
        regime: "uk-gdpr-art-33",
        stage: "notification",
        zone: "Europe/London",
        anchors: &[(Aware, "2026-03-27T10:00:00Z")],
        submitted: &[],
        due: Some("2026-03-30T10:00:00Z"),
        step: Some(
            "crosses a daylight-saving change on 2026-03-29: 72 clock hours end at 11:00, not 10:00, local time",
        ),
    },
    // PECR: 24 hours, weekends count.
    Case {
        regime: "uk-pecr-reg-5a",
        stage: "notification",
        zone: "Europe/London",
        anchors: &[(Aware, "2026-12-05T08:00:00Z")],
        submitted: &[],
        due: Some("2026-12-06T08:00:00Z"),
        step: Some("ends Sunday 2026-12-06 08:00 Europe/London"),
    },
    // NIS2: 24 h, 72 h, and one month after the notification's submission.
    Case {
        regime: "nis2-art-23",
        stage: "early-warning",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T15:00:00Z")],
        submitted: &[],
        due: Some("2026-12-05T15:00:00Z"),
        step: None,
    },
    Case {
        regime: "nis2-art-23",
        stage: "notification",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T15:00:00Z")],
        submitted: &[],
        due: Some("2026-12-07T15:00:00Z"),
        step: None,
    },
    Case {
        regime: "nis2-art-23",
        stage: "final-report",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T15:00:00Z")],
        submitted: &[],
        due: None,
        step: Some("submission of notification not yet recorded"),
    },
    // A month keeps the wall clock across the March change: 11:00 CET to 11:00 CEST.
    Case {
        regime: "nis2-art-23",
        stage: "final-report",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-03-08T10:00:00Z")],
        submitted: &[("notification", "2026-03-10T10:00:00Z")],
        due: Some("2026-04-10T09:00:00Z"),
        step: Some(
            "crosses a daylight-saving change: calendar days and months keep the wall-clock time, so it ends at 11:00 local time",
        ),
    },
    // DORA on a working day: 4 h after classification beats 24 h after awareness.
    Case {
        regime: "dora-art-19",
        stage: "initial-notification",
        zone: "Europe/Berlin",
        anchors: &[
            (Aware, "2026-12-02T06:00:00Z"),
            (ClassifiedMajor, "2026-12-02T09:00:00Z"),
        ],
        submitted: &[],
        due: Some("2026-12-02T13:00:00Z"),
        step: Some(
            "earliest of 2 clocks: the one from anchor classified-major (2026-12-02T13:00:00Z)",
        ),
    },
    // ... and 24 h after awareness wins when classification comes late.
    Case {
        regime: "dora-art-19",
        stage: "initial-notification",
        zone: "Europe/Berlin",
        anchors: &[
            (Aware, "2026-12-02T06:00:00Z"),
            (ClassifiedMajor, "2026-12-03T04:00:00Z"),
        ],
        submitted: &[],
        due: Some("2026-12-03T06:00:00Z"),
        step: Some("earliest of 2 clocks: the one from anchor aware (2026-12-03T06:00:00Z)"),
    },
    Case {
        regime: "dora-art-19",
        stage: "intermediate-report",
        zone: "Europe/Berlin",
        anchors: &[],
        submitted: &[("initial-notification", "2026-11-30T10:00:00Z")],
        due: Some("2026-12-03T10:00:00Z"),
        step: None,
    },
    Case {
        regime: "dora-art-19",
        stage: "final-report",
        zone: "Europe/Berlin",
        anchors: &[],
        submitted: &[
            ("initial-notification", "2026-11-30T10:00:00Z"),
            ("intermediate-report", "2026-12-03T09:00:00Z"),
        ],
        due: Some("2027-01-04T11:00:00Z"),
        step: Some(
            "fell on a Sunday: moved to noon of the next working day, Monday 2027-01-04 12:00 Europe/Berlin",
        ),
    },
    // CRA: 24 h and 72 h from knowing of the exploited vulnerability; the final report is open.
    Case {
        regime: "cra-art-14-vulnerability",
        stage: "early-warning",
        zone: "Europe/Berlin",
        anchors: &[(ExploitedVulnerabilityKnown, "2026-12-04T10:00:00Z")],
        submitted: &[],
        due: Some("2026-12-05T10:00:00Z"),
        step: None,
    },
    Case {
        regime: "cra-art-14-vulnerability",
        stage: "vulnerability-notification",
        zone: "Europe/Berlin",
        anchors: &[(ExploitedVulnerabilityKnown, "2026-12-04T10:00:00Z")],
        submitted: &[],
        due: Some("2026-12-07T10:00:00Z"),
        step: None,
    },
    Case {
        regime: "cra-art-14-vulnerability",
        stage: "final-report",
        zone: "Europe/Berlin",
        anchors: &[(ExploitedVulnerabilityKnown, "2026-12-04T10:00:00Z")],
        submitted: &[],
        due: None,
        step: None,
    },
    Case {
        regime: "cra-art-14-incident",
        stage: "early-warning",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T10:00:00Z")],
        submitted: &[],
        due: Some("2026-12-05T10:00:00Z"),
        step: None,
    },
    Case {
        regime: "cra-art-14-incident",
        stage: "incident-notification",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T10:00:00Z")],
        submitted: &[],
        due: Some("2026-12-07T10:00:00Z"),
        step: None,
    },
    Case {
        regime: "cra-art-14-incident",
        stage: "final-report",
        zone: "Europe/Berlin",
        anchors: &[(Aware, "2026-12-04T10:00:00Z")],
        submitted: &[("incident-notification", "2026-12-06T10:00:00Z")],
        due: Some("2027-01-06T10:00:00Z"),
        step: None,
    },
    // SEC: 4 US business days in New York time, whatever the organisation's zone.
    // Tuesday before Thanksgiving: Wed, (Thu Thanksgiving), Fri, (weekend), Mon, Tue.
    Case {
        regime: "sec-8k-item-1-05",
        stage: "form-8-k",
        zone: "Europe/London",
        anchors: &[(MaterialityDetermined, "2026-11-24T20:00:00Z")],
        submitted: &[],
        due: Some("2026-12-01T20:00:00Z"),
        step: Some("2026-11-26 skipped: Thanksgiving Day (us-federal)"),
    },
    Case {
        regime: "sec-8k-item-1-05",
        stage: "form-8-k",
        zone: "Europe/London",
        anchors: &[(MaterialityDetermined, "2026-11-24T20:00:00Z")],
        submitted: &[],
        due: Some("2026-12-01T20:00:00Z"),
        step: Some("Saturday 2026-11-28 skipped: weekend"),
    },
    // Christmas Day 2026 is a Friday, observed on the day.
    Case {
        regime: "sec-8k-item-1-05",
        stage: "form-8-k",
        zone: "America/New_York",
        anchors: &[(MaterialityDetermined, "2026-12-23T15:00:00Z")],
        submitted: &[],
        due: Some("2026-12-30T15:00:00Z"),
        step: Some("2026-12-25 skipped: Christmas Day (us-federal)"),
    },
    // Independence Day 2026 is a Saturday, observed Friday 3 July.
    Case {
        regime: "sec-8k-item-1-05",
        stage: "form-8-k",
        zone: "America/New_York",
        anchors: &[(MaterialityDetermined, "2026-07-01T14:00:00Z")],
        submitted: &[],
        due: Some("2026-07-08T14:00:00Z"),
        step: Some("2026-07-03 skipped: Independence Day (observed) (us-federal)"),
    },
    // Business days keep the wall clock across the November change: 10:00 EDT to 10:00 EST.
    Case {
        regime: "sec-8k-item-1-05",
        stage: "form-8-k",
        zone: "America/New_York",
        anchors: &[(MaterialityDetermined, "2026-10-29T14:00:00Z")],
        submitted: &[],
        due: Some("2026-11-04T15:00:00Z"),
        step: Some("ends Wednesday 2026-11-04 10:00 America/New_York"),
    },
    Case {
        regime: "sec-8k-item-1-05",
        stage: "amendment",
        zone: "America/New_York",
        anchors: &[(MaterialityDetermined, "2026-10-29T14:00:00Z")],
        submitted: &[],
        due: None,
        step: None,
    },
    // HIPAA: 60 calendar days, wall clock kept across the March change (10:00 EST to 10:00 EDT).
    Case {
        regime: "hipaa-breach",
        stage: "individuals",
        zone: "America/New_York",
        anchors: &[(Discovered, "2026-03-01T15:00:00Z")],
        submitted: &[],
        due: Some("2026-04-30T14:00:00Z"),
        step: Some(
            "crosses a daylight-saving change: calendar days and months keep the wall-clock time, so it ends at 10:00 local time",
        ),
    },
    Case {
        regime: "hipaa-breach",
        stage: "hhs",
        zone: "America/New_York",
        anchors: &[(Discovered, "2026-12-01T15:00:00Z")],
        submitted: &[],
        due: Some("2027-01-30T15:00:00Z"),
        step: None,
    },
    Case {
        regime: "hipaa-breach",
        stage: "media",
        zone: "America/New_York",
        anchors: &[(Discovered, "2026-12-01T15:00:00Z")],
        submitted: &[],
        due: Some("2027-01-30T15:00:00Z"),
        step: None,
    },
    // US banking: 36 clock hours across the November change end at 11:00, not 12:00.
    Case {
        regime: "us-banking-36h",
        stage: "notification",
        zone: "America/New_York",
        anchors: &[(Aware, "2026-11-01T04:00:00Z")],
        submitted: &[],
        due: Some("2026-11-02T16:00:00Z"),
        step: Some(
            "crosses a daylight-saving change on 2026-11-01: 36 clock hours end at 11:00, not 12:00, local time",
        ),
    },
    // NYDFS: 72 hours across the March change end at 11:00, not 10:00.
    Case {
        regime: "nydfs-500-17",
        stage: "notification",
        zone: "America/New_York",
        anchors: &[(Aware, "2026-03-07T15:00:00Z")],
        submitted: &[],
        due: Some("2026-03-10T15:00:00Z"),
        step: Some(
            "crosses a daylight-saving change on 2026-03-08: 72 clock hours end at 11:00, not 10:00, local time",
        ),
    },
    Case {
        regime: "nydfs-500-17",
        stage: "extortion-payment",
        zone: "America/New_York",
        anchors: &[(RansomPaid, "2026-12-04T12:00:00Z")],
        submitted: &[],
        due: Some("2026-12-05T12:00:00Z"),
        step: None,
    },
    Case {
        regime: "nydfs-500-17",
        stage: "extortion-justification",
        zone: "America/New_York",
        anchors: &[(RansomPaid, "2026-12-04T12:00:00Z")],
        submitted: &[],
        due: Some("2027-01-03T12:00:00Z"),
        step: None,
    },
    // CERT-In: 6 clock hours from detection, no weekend rule.
    Case {
        regime: "cert-in-6h",
        stage: "report",
        zone: "Asia/Kolkata",
        anchors: &[(Detected, "2026-12-04T22:00:00Z")],
        submitted: &[],
        due: Some("2026-12-05T04:00:00Z"),
        step: Some("ends Saturday 2026-12-05 09:30 Asia/Kolkata"),
    },
    // LGPD: 3 Brazilian working days; Black Consciousness Day (Friday) and the weekend skipped.
    Case {
        regime: "lgpd-art-48",
        stage: "anpd",
        zone: "America/Sao_Paulo",
        anchors: &[(Aware, "2026-11-19T13:00:00Z")],
        submitted: &[],
        due: Some("2026-11-25T13:00:00Z"),
        step: Some("2026-11-20 skipped: Dia Nacional de Zumbi e da Consciência Negra (br)"),
    },
    Case {
        regime: "lgpd-art-48",
        stage: "data-subjects",
        zone: "America/Sao_Paulo",
        anchors: &[(Aware, "2026-11-19T13:00:00Z")],
        submitted: &[],
        due: Some("2026-11-25T13:00:00Z"),
        step: None,
    },
    // 20 working days from Thursday 19 November: 20 Nov and 8 weekend days skipped.
    Case {
        regime: "lgpd-art-48",
        stage: "complement",
        zone: "America/Sao_Paulo",
        anchors: &[(Aware, "2026-11-19T13:00:00Z")],
        submitted: &[],
        due: Some("2026-12-18T13:00:00Z"),
        step: None,
    },
    // Singapore: 3 calendar days.
    Case {
        regime: "pdpa-sg-26d",
        stage: "pdpc",
        zone: "Asia/Singapore",
        anchors: &[(Aware, "2026-12-04T02:00:00Z")],
        submitted: &[],
        due: Some("2026-12-07T02:00:00Z"),
        step: None,
    },
    Case {
        regime: "pdpa-sg-26d",
        stage: "individuals",
        zone: "Asia/Singapore",
        anchors: &[(Aware, "2026-12-04T02:00:00Z")],
        submitted: &[],
        due: None,
        step: None,
    },
    // Australia: a 30-day assessment across Sydney's April change keeps 11:00 local.
    Case {
        regime: "au-ndb",
        stage: "assessment",
        zone: "Australia/Sydney",
        anchors: &[(Aware, "2026-03-20T00:00:00Z")],
        submitted: &[],
        due: Some("2026-04-19T01:00:00Z"),
        step: Some(
            "crosses a daylight-saving change: calendar days and months keep the wall-clock time, so it ends at 11:00 local time",
        ),
    },
    Case {
        regime: "au-ndb",
        stage: "notification",
        zone: "Australia/Sydney",
        anchors: &[(Aware, "2026-03-20T00:00:00Z")],
        submitted: &[],
        due: None,
        step: None,
    },
    Case {
        regime: "pipeda-10-1",
        stage: "report",
        zone: "America/Toronto",
        anchors: &[(Aware, "2026-12-04T02:00:00Z")],
        submitted: &[],
        due: None,
        step: None,
    },
    // CIRCIA (proposed): 72 h and 24 h from a ransom payment.
    Case {
        regime: "circia",
        stage: "covered-incident",
        zone: "America/Chicago",
        anchors: &[(Aware, "2026-12-04T02:00:00Z")],
        submitted: &[],
        due: Some("2026-12-07T02:00:00Z"),
        step: None,
    },
    Case {
        regime: "circia",
        stage: "ransom-payment",
        zone: "America/Chicago",
        anchors: &[(RansomPaid, "2026-12-04T02:00:00Z")],
        submitted: &[],
        due: Some("2026-12-05T02:00:00Z"),
        step: None,
    },
];

#[test]
fn every_shipped_stage_from_its_anchors() {
    for (i, case) in CASES.iter().enumerate() {
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
    let covered: BTreeSet<(String, String)> = CASES
        .iter()
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
