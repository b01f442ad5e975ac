//! Delegated findings are clocks like actions, and resolving or closing asks
//! the incident manager to settle every open clock first (rule 7); after
//! close only preventive actions tick.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::reminders::{Outside, Recipient, ReminderKind, plan};
use crate::*;

/// Carol puts an unknown on the board and Alice delegates it to `to`, due
/// back in `minutes`; its id.
fn delegated_unknown(w: &mut World, to: &PersonRef, minutes: i64) -> String {
    let (alice, carol) = (w.p.alice.clone(), w.p.carol.clone());
    let id = match &w.run(
        &carol,
        AddFinding {
            kind: FindingKind::Unknown,
            text: "Who downloaded the export?".into(),
            source: None,
        },
    )[..]
    {
        [Event::FindingAdded { id, .. }] => id.clone(),
        other => panic!("unexpected {other:?}"),
    };
    let report_back_at = w.later(minutes);
    w.run(
        &alice,
        DelegateFinding {
            finding: id.clone(),
            to: to.clone(),
            report_back_at,
        },
    );
    id
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    it.collect()
}

#[test]
fn a_delegated_finding_past_its_report_back_time_is_overdue_like_an_action() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (dave, erin) = (w.p.dave.clone(), w.p.erin.clone());
    let action = w.delegate_action(&dave);
    let finding = delegated_unknown(&mut w, &erin, 60);
    assert!(w.state.overdue_findings(w.now).next().is_none());
    assert!(w.state.overdue_actions(w.now).next().is_none());

    w.advance(61);
    let overdue = ids(w.state.overdue_findings(w.now).map(|f| f.id.as_str()));
    assert_eq!(overdue, vec![finding.as_str()]);
    let overdue = ids(w.state.overdue_actions(w.now).map(|a| a.id.as_str()));
    assert_eq!(overdue, vec![action.as_str()]);

    // Answered, it no longer ticks; an undelegated unknown never did.
    w.run(
        &erin,
        ResolveFinding {
            finding: finding.clone(),
            status: FindingStatus::Answered,
            text: "a scraper, from the proxy log".into(),
        },
    );
    assert!(w.state.overdue_findings(w.now).next().is_none());
}

#[test]
fn a_delegated_finding_is_reminded_to_its_sme_then_the_deputy_and_secretariat() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let erin = w.p.erin.clone();
    let id = delegated_unknown(&mut w, &erin, 60);
    let all = plan(&w.state, &w.policy, w.now, Outside::default());
    let of = |kind| {
        all.iter()
            .find(|r| r.kind == kind && r.slot.contains(&format!(":{id}:")))
            .unwrap_or_else(|| panic!("{kind:?} for {id} in {all:?}"))
    };
    let overdue = of(ReminderKind::ActionOverdue);
    assert_eq!(
        (overdue.due_at, overdue.to.clone()),
        (w.later(60), vec![Recipient::Person(erin.id)])
    );
    assert!(overdue.text.contains("finding F1"), "{}", overdue.text);
    let escalated = of(ReminderKind::ActionOverdueEscalated);
    assert_eq!(escalated.due_at, w.later(90));
    assert_eq!(
        escalated.to,
        vec![
            Recipient::Person(erin.id),
            Recipient::Role(Role::Deputy),
            Recipient::Role(Role::Secretariat)
        ]
    );
}

#[test]
fn rule_7_resolving_names_each_open_action_and_delegated_finding() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave, erin) = (w.p.alice.clone(), w.p.dave.clone(), w.p.erin.clone());
    let a1 = w.delegate_action(&dave);
    let a2 = w.delegate_action(&erin);
    let a3 = w.delegate_action(&dave);
    let f1 = delegated_unknown(&mut w, &erin, 45);
    let r = w.try_resolve(&alice).unwrap_err();
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Conflict,
        None,
        &[
            "INC-2026-0007 cannot be resolved while work is open",
            "action A1 \"Rotate the bucket's access keys\" (open, owner Dave)",
            "action A2",
            "action A3",
            "finding F1 \"Who downloaded the export?\" (delegated to Erin, entry",
            "cancelled with a reason (cancel-action)",
            "carried into the review as a preventive action (carry-action)",
            "answered, confirmed or refuted",
        ],
    );

    // Done, cancelled with a reason, carried into the review; the finding answered.
    w.run(
        &dave,
        UpdateAction {
            action: a1,
            status: ActionStatus::Done,
            report: Some("rotated".into()),
            report_back_at: None,
        },
    );
    let r = w.refuse(
        &alice,
        CancelAction {
            action: a2.clone(),
            reason: "  ".into(),
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("reason"),
        &["`reason` must not be empty"],
    );
    let r = w.refuse(
        &dave,
        CancelAction {
            action: a2.clone(),
            reason: "not needed".into(),
        },
    );
    expect(&r, None, Forbidden, None, &["cancel an action"]);
    w.run(
        &alice,
        CancelAction {
            action: a2.clone(),
            reason: "the bucket was deleted instead".into(),
        },
    );
    let r = w.refuse(
        &alice,
        CancelAction {
            action: a2.clone(),
            reason: "again".into(),
        },
    );
    expect(&r, None, Conflict, None, &["A2 is already cancelled"]);
    let past = w.later(-1);
    let r = w.refuse(
        &alice,
        CarryAction {
            action: a3.clone(),
            due: past,
            owner: None,
        },
    );
    expect(&r, None, Invalid, Some("due"), &["not in the future"]);
    let due = w.later(60 * 24 * 7);
    w.run(
        &alice,
        CarryAction {
            action: a3.clone(),
            due,
            owner: None,
        },
    );
    let r = w.try_resolve(&alice).unwrap_err();
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Conflict,
        None,
        &["finding F1"],
    );
    assert!(!r.message.contains("action A"), "{}", r.message);
    w.run(
        &erin,
        ResolveFinding {
            finding: f1,
            status: FindingStatus::Answered,
            text: "no one outside".into(),
        },
    );
    w.try_resolve(&alice).unwrap();

    let a = w.state.action("A2").unwrap();
    assert_eq!(
        (a.status, a.report.as_deref()),
        (
            ActionStatus::Cancelled,
            Some("the bucket was deleted instead")
        )
    );
    assert_eq!(w.state.action(&a3).unwrap().status, ActionStatus::Carried);
    let p = &w.state.preventive_actions[0];
    assert_eq!(
        (p.id.as_str(), p.action.as_deref(), &p.owner, p.due, p.done),
        ("P1", Some(a3.as_str()), &dave, due, false)
    );
    assert_eq!(p.title, "Rotate the bucket's access keys");

    // The review's own preventive actions follow the carried one.
    let carol = w.p.carol.clone();
    w.run(&carol, RecordReview(w.review(&["Check bucket policies"])));
    let ids: Vec<&str> = w
        .state
        .preventive_actions
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, vec!["P1", "P2"]);
    assert_eq!(w.folded(), w.state, "the log folds to the same state");
}

#[test]
fn rule_7_closing_names_open_work_too() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, carol, dave) = (w.p.alice.clone(), w.p.carol.clone(), w.p.dave.clone());
    w.try_resolve(&alice).unwrap();
    w.run(&carol, RecordReview(w.review(&["Check bucket policies"])));
    // Work delegated after resolving must be settled before closing.
    let a = w.delegate_action(&dave);
    let r = w.refuse(
        &alice,
        Close {
            reason: "review done".into(),
        },
    );
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Conflict,
        None,
        &["cannot be closed while work is open", "action A1"],
    );
    let due = w.later(60 * 24);
    w.run(
        &alice,
        CarryAction {
            action: a,
            due,
            owner: Some(carol.clone()),
        },
    );
    assert_eq!(w.state.preventive_actions[1].id, "P2");
    assert_eq!(w.state.preventive_actions[1].owner, carol);
    w.run(
        &alice,
        Close {
            reason: "review done".into(),
        },
    );
}

#[test]
fn update_action_cancels_only_with_a_reason_and_never_carries() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let dave = w.p.dave.clone();
    let a = w.delegate_action(&dave);
    let r = w.refuse(
        &dave,
        UpdateAction {
            action: a.clone(),
            status: ActionStatus::Cancelled,
            report: None,
            report_back_at: None,
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("report"),
        &["cancelled with a reason"],
    );
    let r = w.refuse(
        &dave,
        UpdateAction {
            action: a,
            status: ActionStatus::Carried,
            report: Some("later".into()),
            report_back_at: None,
        },
    );
    expect(&r, None, Invalid, Some("status"), &["carry-action"]);
}

#[test]
fn after_close_only_preventive_actions_tick_and_are_reminded() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, carol, dave, erin, henry) = (
        w.p.alice.clone(),
        w.p.carol.clone(),
        w.p.dave.clone(),
        w.p.erin.clone(),
        w.p.henry.clone(),
    );
    w.try_resolve(&alice).unwrap();
    w.run(&carol, RecordReview(w.review(&["Check bucket policies"])));
    let kinds = |w: &World| -> Vec<ReminderKind> {
        let mut k: Vec<_> = plan(&w.state, &w.policy, w.now, Outside::default())
            .iter()
            .filter(|r| r.slot.contains(":P1:"))
            .map(|r| r.kind)
            .collect();
        k.sort_by_key(|k| k.as_str());
        k
    };
    // Due in a fortnight: the owner is reminded a day ahead and on the day.
    let reminders = plan(&w.state, &w.policy, w.now, Outside::default());
    let soon = reminders
        .iter()
        .find(|r| r.kind == ReminderKind::PreventiveActionDueSoon)
        .expect("due soon");
    assert_eq!(
        (soon.due_at, soon.to.clone()),
        (w.later(60 * 24 * 13), vec![Recipient::Person(henry.id)])
    );
    assert!(soon.text.contains("preventive action P1"), "{}", soon.text);
    w.run(
        &alice,
        Close {
            reason: "review done".into(),
        },
    );
    assert_eq!(
        kinds(&w),
        vec![
            ReminderKind::PreventiveActionDueSoon,
            ReminderKind::PreventiveActionOverdue
        ]
    );
    w.advance(60 * 24 * 15);
    let overdue = ids(w
        .state
        .overdue_preventive_actions(w.now)
        .map(|p| p.id.as_str()));
    assert_eq!(overdue, vec!["P1"]);
    assert_eq!(kinds(&w), vec![ReminderKind::PreventiveActionOverdue]);
    w.run(
        &henry,
        UpdatePreventiveAction {
            id: "P1".into(),
            done: true,
            note: Some("merged".into()),
        },
    );
    assert!(kinds(&w).is_empty(), "done: reminded no more");
    assert!(w.state.overdue_preventive_actions(w.now).next().is_none());

    // An incident closed before open work had to be settled (an older log)
    // still shows none of it as ticking, and reminds no one of it.
    let mut old = World::staffed(true, PersonalData::Yes);
    old.delegate_action(&dave);
    delegated_unknown(&mut old, &erin, 30);
    old.state.phase = Some(Phase::Closed);
    old.advance(120);
    assert!(old.state.overdue_actions(old.now).next().is_none());
    assert!(old.state.overdue_findings(old.now).next().is_none());
    assert!(plan(&old.state, &old.policy, old.now, Outside::default()).is_empty());
}
