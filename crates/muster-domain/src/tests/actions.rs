//! Rule 3: every action has an owner on the team and a report-back time ahead
//! of now, and overdue actions are computed from the clock.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn rule_3_refuses_a_report_back_time_that_is_not_in_the_future() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave) = (w.p.alice.clone(), w.p.dave.clone());
    for at in [w.later(-5), w.now] {
        let r = w.refuse(
            &alice,
            CreateAction {
                title: "Pull the logs".into(),
                owner: dave.clone(),
                report_back_at: at,
            },
        );
        expect(
            &r,
            Some(Rule::OwnerAndReportBack),
            Invalid,
            Some("report_back_at"),
            &["not in the future", "report-back time"],
        );
    }
    let later = w.later(30);
    w.run(
        &alice,
        CreateAction {
            title: "Pull the logs".into(),
            owner: dave.clone(),
            report_back_at: later,
        },
    );
    let past = w.later(-1);
    let r = w.refuse(
        &alice,
        ReassignAction {
            action: "A1".into(),
            owner: dave.clone(),
            report_back_at: past,
        },
    );
    expect(
        &r,
        Some(Rule::OwnerAndReportBack),
        Invalid,
        Some("report_back_at"),
        &["not in the future"],
    );
    let r = w.refuse(
        &dave,
        UpdateAction {
            action: "A1".into(),
            status: ActionStatus::InProgress,
            report: None,
            report_back_at: Some(past),
        },
    );
    expect(
        &r,
        Some(Rule::OwnerAndReportBack),
        Invalid,
        Some("report_back_at"),
        &["not in the future"],
    );
}

#[test]
fn rule_3_every_action_has_an_owner_on_the_team() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, mallory) = (w.p.alice.clone(), w.p.mallory.clone());
    let later = w.later(30);
    let r = w.refuse(
        &alice,
        CreateAction {
            title: "Call the supplier".into(),
            owner: mallory,
            report_back_at: later,
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("owner"),
        &["Mallory is not on the team", "assign them a role"],
    );
    let dave = w.p.dave.clone();
    let r = w.refuse(
        &alice,
        CreateAction {
            title: "  ".into(),
            owner: dave,
            report_back_at: later,
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("title"),
        &["`title` must not be empty"],
    );
}

#[test]
fn rule_3_refuses_standing_down_someone_who_still_owns_open_actions() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave, henry) = (w.p.alice.clone(), w.p.dave.clone(), w.p.henry.clone());
    let later = w.later(30);
    w.run(
        &alice,
        CreateAction {
            title: "Image the host".into(),
            owner: dave.clone(),
            report_back_at: later,
        },
    );
    let stand_down = StandDown {
        person: dave.clone(),
        role: Role::Sme,
        reason: "end of shift".into(),
    };
    let r = w.refuse(&alice, stand_down.clone());
    expect(
        &r,
        Some(Rule::OwnerAndReportBack),
        Conflict,
        None,
        &["Dave still owns open actions A1", "reassign"],
    );
    // Dave may not slip away on his own either.
    let r = w.refuse(&dave, stand_down.clone());
    expect(
        &r,
        Some(Rule::OwnerAndReportBack),
        Conflict,
        None,
        &["still owns open actions"],
    );

    // Someone with another role keeps owning the action through it.
    w.run(
        &alice,
        AssignRole {
            person: dave.clone(),
            role: Role::Liaison,
        },
    );
    w.run(&alice, stand_down.clone());
    let r = w.refuse(
        &alice,
        StandDown {
            person: dave.clone(),
            role: Role::Liaison,
            reason: "gone".into(),
        },
    );
    expect(&r, Some(Rule::OwnerAndReportBack), Conflict, None, &["A1"]);

    // Reassigned, the action no longer holds Dave.
    w.run(
        &alice,
        AssignRole {
            person: henry.clone(),
            role: Role::Sme,
        },
    );
    w.run(
        &alice,
        ReassignAction {
            action: "A1".into(),
            owner: henry,
            report_back_at: later,
        },
    );
    w.run(
        &alice,
        StandDown {
            person: dave.clone(),
            role: Role::Liaison,
            reason: "gone".into(),
        },
    );
    assert!(!w.state.is_member(dave.id));
    let r = w.refuse(
        &alice,
        StandDown {
            person: dave,
            role: Role::Sme,
            reason: "again".into(),
        },
    );
    expect(&r, None, NotFound, Some("person"), &["Dave is not sme"]);
}

#[test]
fn rule_3_overdue_actions_are_computed_from_the_clock() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave, erin) = (w.p.alice.clone(), w.p.dave.clone(), w.p.erin.clone());
    let (in_30, in_90) = (w.later(30), w.later(90));
    w.run(
        &alice,
        CreateAction {
            title: "Image the host".into(),
            owner: dave.clone(),
            report_back_at: in_30,
        },
    );
    w.run(
        &alice,
        CreateAction {
            title: "Check the DPIA".into(),
            owner: erin.clone(),
            report_back_at: in_90,
        },
    );
    assert_eq!(w.state.overdue_actions(w.now).count(), 0);
    assert_eq!(
        w.state.overdue_actions(in_30).count(),
        0,
        "due is not yet overdue"
    );
    w.advance(31);
    let overdue: Vec<&str> = w
        .state
        .overdue_actions(w.now)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(overdue, ["A1"]);
    // Reporting back (done or a new time) clears the flag; finished work is never overdue.
    w.run(
        &dave,
        UpdateAction {
            action: "A1".into(),
            status: ActionStatus::Done,
            report: Some("imaged; hash recorded".into()),
            report_back_at: None,
        },
    );
    w.advance(120);
    let overdue: Vec<&str> = w
        .state
        .overdue_actions(w.now)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(overdue, ["A2"]);
    let next = w.later(60);
    w.run(
        &erin,
        UpdateAction {
            action: "A2".into(),
            status: ActionStatus::InProgress,
            report: None,
            report_back_at: Some(next),
        },
    );
    assert_eq!(w.state.overdue_actions(w.now).count(), 0);
    let r = w.refuse(
        &erin,
        UpdateAction {
            action: "A2".into(),
            status: ActionStatus::Done,
            report: None,
            report_back_at: None,
        },
    );
    expect(&r, None, Invalid, Some("report"), &["report"]);
    let r = w.refuse(
        &dave,
        UpdateAction {
            action: "A1".into(),
            status: ActionStatus::InProgress,
            report: None,
            report_back_at: None,
        },
    );
    expect(&r, None, Conflict, None, &["A1 is already done"]);
    let r = w.refuse(
        &dave,
        UpdateAction {
            action: "A2".into(),
            status: ActionStatus::InProgress,
            report: None,
            report_back_at: None,
        },
    );
    expect(
        &r,
        Some(Rule::OwnerAndReportBack),
        Forbidden,
        None,
        &["update an action they do not own", "its owner reports back"],
    );
}
