//! Cases for the EU and UK regimes: GDPR, UK GDPR, PECR, NIS2, DORA, the CRA.

use muster_obligations::Anchor::*;

use super::Case;

pub const CASES: &[Case] = &[
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
];
