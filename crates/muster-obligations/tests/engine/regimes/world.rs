//! Cases for the regimes outside the EU and UK: SEC, HIPAA, US banking, NYDFS, CERT-In, LGPD,
//! PDPA, the NDB scheme, PIPEDA and CIRCIA.

use muster_obligations::Anchor::*;

use super::Case;

pub const CASES: &[Case] = &[
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
