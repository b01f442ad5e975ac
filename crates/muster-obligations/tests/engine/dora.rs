//! DORA's initial report (the earlier of two clocks) and RTS 2025/301 Art. 5's noon rule: a
//! deadline on a weekend or a member-state holiday moves to noon of the next working day,
//! except the initial and intermediate reports of the exempt sectors.

use muster_obligations::Anchor::{Aware, ClassifiedMajor};

use crate::support::*;

const NOW: &str = "2026-12-05T00:00:00Z";

/// A financial entity that is not also a NIS2 entity (those are exempt from the noon rule).
fn every_rule_applies(zone: &str) -> muster_obligations::Facts {
    let mut f = crate::support::every_rule_applies(zone);
    f.sectors.remove("essential-entity");
    f
}

#[test]
fn nis2_entities_are_exempt_too() {
    let mut f = crate::support::every_rule_applies("Europe/Berlin");
    anchor(&mut f, Aware, "2026-12-06T05:00:00Z");
    anchor(&mut f, ClassifiedMajor, "2026-12-06T07:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, Some(ts("2026-12-06T11:00:00Z")));
    assert_step(
        &s,
        "fell on a Sunday: not moved, the noon rule does not apply to this stage for sector essential-entity",
    );
}

#[test]
fn sunday_deadline_moves_to_monday_noon() {
    let mut f = every_rule_applies("Europe/Berlin");
    // Sunday 06:00 and 08:00 Berlin: 4 h after classification is Sunday 12:00.
    anchor(&mut f, Aware, "2026-12-06T05:00:00Z");
    anchor(&mut f, ClassifiedMajor, "2026-12-06T07:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, Some(ts("2026-12-07T11:00:00Z")));
    assert_step(
        &s,
        "fell on a Sunday: moved to noon of the next working day, Monday 2026-12-07 12:00 Europe/Berlin",
    );
}

#[test]
fn saturday_deadline_moves_to_monday_noon() {
    let mut f = every_rule_applies("Europe/Berlin");
    anchor(&mut f, Aware, "2026-12-05T05:00:00Z");
    anchor(&mut f, ClassifiedMajor, "2026-12-05T07:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, Some(ts("2026-12-07T11:00:00Z")));
    assert_step(
        &s,
        "fell on a Saturday: moved to noon of the next working day, Monday 2026-12-07 12:00 Europe/Berlin",
    );
}

#[test]
fn member_state_holiday_moves_past_christmas() {
    let mut f = every_rule_applies("Europe/Berlin");
    // Friday 25 December 09:00 Berlin; 26th is a holiday and a Saturday.
    anchor(&mut f, Aware, "2026-12-25T07:00:00Z");
    anchor(&mut f, ClassifiedMajor, "2026-12-25T08:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, Some(ts("2026-12-28T11:00:00Z")));
    assert_step(
        &s,
        "fell on 2026-12-25, 1. Weihnachtstag (de): moved to noon of the next working day, Monday 2026-12-28 12:00 Europe/Berlin",
    );
}

#[test]
fn irish_calendar_when_the_member_state_is_ireland() {
    let mut f = every_rule_applies("Europe/Dublin");
    f.member_state_calendar = Some("ie".to_owned());
    // Monday 26 October 2026 is Ireland's October Holiday, a working day in Germany.
    anchor(&mut f, Aware, "2026-10-26T06:00:00Z");
    anchor(&mut f, ClassifiedMajor, "2026-10-26T07:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, Some(ts("2026-10-27T12:00:00Z")));
    assert_step(
        &s,
        "fell on 2026-10-26, October Holiday (ie): moved to noon of the next working day, Tuesday 2026-10-27 12:00 Europe/Dublin",
    );
}

#[test]
fn credit_institutions_are_not_moved_for_initial_and_intermediate() {
    let mut f = every_rule_applies("Europe/Berlin");
    f.sectors.insert("credit-institution".to_owned());
    anchor(&mut f, Aware, "2026-12-06T05:00:00Z");
    anchor(&mut f, ClassifiedMajor, "2026-12-06T07:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, Some(ts("2026-12-06T11:00:00Z")));
    assert_step(
        &s,
        "fell on a Sunday: not moved, the noon rule does not apply to this stage for sector credit-institution",
    );
    // 72 h after an initial report on Wednesday 12:00 ends on Saturday 12:00: not moved either.
    submit(
        &mut f,
        "dora-art-19",
        "initial-notification",
        "2026-12-02T11:00:00Z",
    );
    let s = shipped_stage(&f, NOW, "dora-art-19", "intermediate-report");
    assert_eq!(s.due_at, Some(ts("2026-12-05T11:00:00Z")));
}

#[test]
fn the_final_report_moves_even_for_credit_institutions() {
    let mut f = every_rule_applies("Europe/Berlin");
    f.sectors.insert("credit-institution".to_owned());
    submit(
        &mut f,
        "dora-art-19",
        "initial-notification",
        "2026-11-02T11:00:00Z",
    );
    submit(
        &mut f,
        "dora-art-19",
        "intermediate-report",
        "2026-11-05T11:00:00Z",
    );
    // A month after Thursday 5 November 12:00 is Saturday 5 December 12:00.
    let s = shipped_stage(&f, NOW, "dora-art-19", "final-report");
    assert_eq!(s.due_at, Some(ts("2026-12-07T11:00:00Z")));
    assert_step(
        &s,
        "fell on a Saturday: moved to noon of the next working day, Monday 2026-12-07 12:00 Europe/Berlin",
    );
}

#[test]
fn intermediate_report_moves_for_other_financial_entities() {
    let mut f = every_rule_applies("Europe/Berlin");
    submit(
        &mut f,
        "dora-art-19",
        "initial-notification",
        "2026-12-02T11:00:00Z",
    );
    let s = shipped_stage(&f, NOW, "dora-art-19", "intermediate-report");
    assert_eq!(s.due_at, Some(ts("2026-12-07T11:00:00Z")));
    assert_eq!(s.after.as_deref(), Some("initial-notification"));
}

#[test]
fn initial_report_waits_for_classification() {
    let mut f = every_rule_applies("Europe/Berlin");
    anchor(&mut f, Aware, "2026-12-02T06:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, None);
    assert_step(&s, "anchor classified-major not yet recorded");
    assert_eq!(s.anchor, Some(ClassifiedMajor));
}

#[test]
fn without_a_member_state_calendar_only_weekends_count() {
    let mut f = every_rule_applies("Europe/Berlin");
    f.member_state_calendar = None;
    anchor(&mut f, Aware, "2026-12-25T07:00:00Z");
    anchor(&mut f, ClassifiedMajor, "2026-12-25T08:00:00Z");
    let s = shipped_stage(&f, NOW, "dora-art-19", "initial-notification");
    assert_eq!(s.due_at, Some(ts("2026-12-25T12:00:00Z")));
    assert_step(
        &s,
        "no member-state calendar recorded: only weekends count as non-working days",
    );
}
