//! Heartbeat calls (their schedule and record), and the entries only Muster
//! itself may write: the chat channel it opened and how a communication went out.

use super::fixture::*;
use crate::calls::{self, CallInput, ChatChannel, system_actor};
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

fn answers(w: &World) -> CallInput {
    CallInput {
        held_at: None,
        what_happened: "The export bucket was public since Tuesday".into(),
        what_it_means: "Customer emails may have been copied".into(),
        what_we_have_done: "Closed the bucket; rotated keys".into(),
        what_we_do_next: "Check the access logs; decide on notifying the ICO".into(),
        decisions: vec!["Notify the ICO by 17:00".into(), "  ".into()],
        next_decision_at: Some(w.later(90)),
    }
}

#[test]
fn the_secretariat_sets_the_calls_and_the_policy_fills_the_gaps() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (carol, dave) = (w.p.carol.clone(), w.p.dave.clone());
    let cmd = |cadence, bridge: Option<&str>| ScheduleCalls {
        cadence_minutes: cadence,
        first_at: None,
        bridge: bridge.map(String::from),
    };
    let r = w.refuse(&dave, cmd(Some(30), None));
    expect(
        &r,
        None,
        Forbidden,
        None,
        &["incident-manager or secretariat", "heartbeat calls"],
    );
    let r = w.refuse(&carol, cmd(Some(0), None));
    expect(&r, None, Invalid, Some("cadence_minutes"), &["at least 1"]);
    let r = w.refuse(&carol, cmd(Some(30), Some("zoom room 4")));
    expect(&r, None, Invalid, Some("bridge"), &["http(s) URL"]);

    // SEV-2's cadence is 120 minutes; starting now.
    w.run(&carol, cmd(None, Some("https://meet.example.org/inc-7")));
    let s = w.state.calls.clone().expect("scheduled");
    assert_eq!((s.cadence_minutes, s.first_at), (120, w.now));
    assert_eq!(s.bridge.as_deref(), Some("https://meet.example.org/inc-7"));
    assert_eq!(calls::schedule(&w.state, &w.policy), Some(s.clone()));
    assert_eq!(
        calls::next_calls(&s, w.later(1), 2),
        vec![w.later(120), w.later(240)]
    );
    assert_eq!(calls::next_calls(&s, w.later(120), 1), vec![w.later(120)]);
    assert_eq!(w.folded(), w.state);
}

#[test]
fn without_a_schedule_calls_follow_the_severity_from_the_declaration() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let declared = w.now;
    let s = calls::schedule(&w.state, &w.policy).expect("hot incidents have calls");
    assert_eq!((s.cadence_minutes, s.first_at), (120, w.later(120)));
    let alice = w.p.alice.clone();
    w.run(
        &alice,
        ChangePhase {
            to: Phase::Warm,
            reason: "contained".into(),
        },
    );
    assert_eq!(
        calls::schedule(&w.state, &w.policy),
        None,
        "no calls once warm"
    );
    assert_eq!(w.state.timings.declared_at, Some(declared));
}

#[test]
fn a_call_record_keeps_the_roll_call_answers_decisions_and_next_decision_point() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (carol, dave) = (w.p.carol.clone(), w.p.dave.clone());
    let agenda = calls::agenda(&w.state);
    assert_eq!(
        agenda[0],
        "Roll call: incident-manager Alice, deputy Bob, secretariat Carol"
    );
    assert_eq!(agenda[1..5], calls::QUESTIONS.map(String::from));

    let r = w.refuse(&dave, RecordCall(answers(&w)));
    expect(&r, None, Forbidden, None, &["record a heartbeat call"]);
    let mut empty = answers(&w);
    empty.what_it_means = " ".into();
    let r = w.refuse(&carol, RecordCall(empty));
    expect(
        &r,
        None,
        Invalid,
        Some("what_it_means"),
        &["must not be empty"],
    );
    let mut past = answers(&w);
    past.next_decision_at = Some(w.later(-1));
    let r = w.refuse(&carol, RecordCall(past));
    expect(
        &r,
        None,
        Invalid,
        Some("next_decision_at"),
        &["not in the future"],
    );
    let mut future = answers(&w);
    future.held_at = Some(w.later(5));
    let r = w.refuse(&carol, RecordCall(future));
    expect(&r, None, Invalid, Some("held_at"), &["in the future"]);

    let events = w.run(&carol, RecordCall(answers(&w)));
    let [
        Event::CallRecorded(record),
        Event::DecisionRecorded { by, rationale, .. },
    ] = &events[..]
    else {
        panic!("{events:?}")
    };
    assert_eq!(record.id, "H1");
    assert_eq!(record.roll_call.len(), 3);
    assert_eq!(record.decisions, vec!["Notify the ICO by 17:00".to_owned()]);
    assert_eq!(
        by.name, "Alice",
        "decisions on a call are the incident manager's"
    );
    assert_eq!(rationale, "agreed on heartbeat call H1");
    assert_eq!(w.state.next_decision_at, Some(w.later(90)));
    assert_eq!(w.state.decisions.len(), 1);
    assert_eq!(w.folded(), w.state);
}

#[test]
fn only_muster_records_channels_and_deliveries() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, frank) = (w.p.alice.clone(), w.p.frank.clone());
    w.run(
        &frank,
        DraftCommunication {
            audience: Audience::External,
            recipients: vec!["customers@example.org".into()],
            subject: "About your data".into(),
            body: "We found…".into(),
        },
    );
    let delivery = |id: &str| RecordDelivery {
        communication: id.into(),
        via: "email".into(),
        recipients: vec!["customers@example.org".into()],
        failed: vec![],
    };
    let r = w.refuse(&alice, delivery("C1"));
    expect(
        &r,
        None,
        Forbidden,
        None,
        &["only muster itself records deliveries"],
    );
    let channel = ChatChannel {
        provider: "slack".into(),
        channel: "C0123".into(),
        name: "inc-2026-0007-customer-export".into(),
        url: None,
    };
    let r = w.refuse(&frank, RecordChatChannel(channel.clone()));
    expect(&r, None, Forbidden, None, &["chat channel"]);

    let system = system_actor();
    let r = w.refuse(&system, delivery("C9"));
    expect(
        &r,
        None,
        NotFound,
        Some("communication"),
        &["no communication C9"],
    );
    w.run(&system, delivery("C1"));
    assert_eq!(
        w.state.deliveries[0].recipients,
        vec!["customers@example.org".to_owned()]
    );
    w.run(&system, RecordChatChannel(channel.clone()));
    assert_eq!(w.state.chat, Some(channel.clone()));
    assert!(
        w.run(&system, RecordChatChannel(channel)).is_empty(),
        "recording the same channel again is a no-op"
    );
    assert_eq!(w.folded(), w.state);
}
