//! Rule 3 and the deputy's clock: which reminders an incident needs, when, and
//! for whom, computed from its state.

use super::fixture::*;
use crate::command::Command::*;
use crate::reminders::{Outside, Recipient, Reminder, ReminderKind, plan};
use crate::*;

fn of(w: &World, kind: ReminderKind, outside: Outside) -> Vec<Reminder> {
    plan(&w.state, &w.policy, w.now, outside)
        .into_iter()
        .filter(|r| r.kind == kind)
        .collect()
}

fn one(w: &World, kind: ReminderKind) -> Reminder {
    let found = of(w, kind, Outside::default());
    assert_eq!(found.len(), 1, "{kind:?}: {found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn rule_3_owners_first_then_the_deputy_and_secretariat() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let dave = w.p.dave.clone();
    let id = w.delegate_action(&dave);
    let due = w.later(60);
    let soon = one(&w, ReminderKind::ActionDueSoon);
    assert_eq!((soon.due_at, soon.about_at), (w.later(30), due));
    assert_eq!(soon.to, vec![Recipient::Person(dave.id)]);
    assert!(
        soon.text.starts_with("INC-2026-0007: action A1"),
        "{}",
        soon.text
    );
    let overdue = one(&w, ReminderKind::ActionOverdue);
    assert_eq!(
        (overdue.due_at, overdue.to.clone()),
        (due, vec![Recipient::Person(dave.id)])
    );
    let escalated = one(&w, ReminderKind::ActionOverdueEscalated);
    assert_eq!(escalated.due_at, w.later(90));
    assert_eq!(
        escalated.to,
        vec![
            Recipient::Person(dave.id),
            Recipient::Role(Role::Deputy),
            Recipient::Role(Role::Secretariat)
        ]
    );

    // Moving the report-back time moves the reminder: same slot, new key.
    let later = w.later(120);
    w.run(
        &dave,
        UpdateAction {
            action: id.clone(),
            status: ActionStatus::InProgress,
            report: None,
            report_back_at: Some(later),
        },
    );
    let moved = one(&w, ReminderKind::ActionDueSoon);
    assert_eq!(
        (moved.slot.clone(), moved.due_at),
        (soon.slot.clone(), w.later(90))
    );
    assert_ne!(moved.key, soon.key);

    // Past the report-back time nothing is "due soon"; done, nothing at all.
    w.advance(121);
    assert!(of(&w, ReminderKind::ActionDueSoon, Outside::default()).is_empty());
    assert_eq!(
        of(&w, ReminderKind::ActionOverdue, Outside::default()).len(),
        1
    );
    w.run(
        &dave,
        UpdateAction {
            action: id,
            status: ActionStatus::Done,
            report: Some("rotated".into()),
            report_back_at: None,
        },
    );
    let kinds: Vec<_> = plan(&w.state, &w.policy, w.now, Outside::default())
        .iter()
        .map(|r| r.kind)
        .filter(|k| k.as_str().starts_with("action"))
        .collect();
    assert!(kinds.is_empty(), "{kinds:?}");
}

#[test]
fn calls_decision_points_and_stakeholder_updates() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (carol, frank, alice) = (w.p.carol.clone(), w.p.frank.clone(), w.p.alice.clone());
    // SEV-2: calls every 120 minutes from declaration, reminded 10 minutes ahead.
    let call = one(&w, ReminderKind::HeartbeatCall);
    assert_eq!((call.due_at, call.about_at), (w.later(110), w.later(120)));
    assert!(call.text.contains("roll call"), "{}", call.text);
    assert!(call.to.contains(&Recipient::Role(Role::Sme)));
    // Updates every 240 minutes from declaration, reminded 15 minutes ahead.
    let update = one(&w, ReminderKind::StakeholderUpdate);
    assert_eq!(update.due_at, w.later(225));
    assert_eq!(
        update.to,
        vec![
            Recipient::Role(Role::CommsLead),
            Recipient::Role(Role::IncidentManager)
        ]
    );

    w.advance(30);
    w.run(
        &carol,
        RecordCall(crate::calls::CallInput {
            held_at: None,
            what_happened: "a".into(),
            what_it_means: "b".into(),
            what_we_have_done: "c".into(),
            what_we_do_next: "d".into(),
            decisions: vec![],
            next_decision_at: Some(w.later(60)),
        }),
    );
    let decision = one(&w, ReminderKind::DecisionPoint);
    assert_eq!(
        (decision.due_at, decision.about_at),
        (w.later(45), w.later(60))
    );

    // A briefing restarts the update clock.
    w.run(
        &w.p.grace.clone(),
        RecordBriefing {
            stakeholder: "SIRO".into(),
            summary: "briefed on the bucket".into(),
        },
    );
    assert_eq!(
        one(&w, ReminderKind::StakeholderUpdate).about_at,
        w.later(240)
    );
    let _ = frank;

    w.run(
        &alice,
        ChangePhase {
            to: Phase::Warm,
            reason: "contained".into(),
        },
    );
    assert!(of(&w, ReminderKind::HeartbeatCall, Outside::default()).is_empty());
    assert_eq!(
        of(&w, ReminderKind::StakeholderUpdate, Outside::default()).len(),
        1
    );
}

#[test]
fn rule_8_an_incident_manager_going_off_duty_without_a_handover_is_reminded() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    let ends = Outside {
        incident_manager_shift_ends: Some(w.later(180)),
    };
    let off = of(&w, ReminderKind::OffDuty, ends);
    assert_eq!(off.len(), 1);
    assert_eq!(off[0].due_at, w.later(120));
    assert!(off[0].text.contains("Alice's shift"), "{}", off[0].text);
    assert!(
        of(&w, ReminderKind::OffDuty, Outside::default()).is_empty(),
        "not on the rota"
    );
    w.run(
        &alice,
        BriefHandover {
            to: bob,
            brief: "all in the log".into(),
            outgoing_role: None,
        },
    );
    assert!(
        of(&w, ReminderKind::OffDuty, ends).is_empty(),
        "a handover is briefed"
    );
}

#[test]
fn a_closed_incident_needs_no_reminders_and_keys_are_unique() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (dave, erin) = (w.p.dave.clone(), w.p.erin.clone());
    w.delegate_action(&dave);
    w.delegate_action(&erin);
    let all = plan(&w.state, &w.policy, w.now, Outside::default());
    let mut keys: Vec<&str> = all.iter().map(|r| r.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), all.len(), "every key distinct");
    w.state.phase = Some(Phase::Closed);
    assert!(plan(&w.state, &w.policy, w.now, Outside::default()).is_empty());
}
