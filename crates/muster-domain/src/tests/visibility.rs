//! Rule 10: a restricted incident is visible only to its team, the person a
//! handover is waiting on, and administrators; an unrestricted one to anyone.

use super::fixture::*;
use crate::command::Command::*;
use crate::*;

#[test]
fn rule_10_a_restricted_incident_is_hidden_from_outsiders() {
    let w = World::staffed(true, PersonalData::Yes);
    assert!(w.state.restricted, "security incidents are restricted");
    let (mallory, henry) = (w.p.mallory.id, w.p.henry.id);
    assert!(!can_see(&w.state, mallory, false), "an outsider is refused");
    assert!(
        !can_see(&w.state, henry, false),
        "expertise is not membership"
    );
}

#[test]
fn rule_10_the_team_and_administrators_see_a_restricted_incident() {
    let w = World::staffed(true, PersonalData::Yes);
    let p = &w.p;
    for member in [
        &p.alice, &p.bob, &p.carol, &p.dave, &p.erin, &p.frank, &p.grace,
    ] {
        assert!(
            can_see(&w.state, member.id, false),
            "{} is on the team",
            member.name
        );
    }
    assert!(
        can_see(&w.state, p.mallory.id, true),
        "an administrator sees it"
    );
}

#[test]
fn rule_10_the_person_a_handover_waits_on_sees_it_until_it_is_cancelled() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, mallory) = (w.p.alice.clone(), w.p.mallory.clone());
    assert!(!can_see(&w.state, mallory.id, false));
    w.run(
        &alice,
        BriefHandover {
            to: mallory.clone(),
            brief: "Two open actions; next call 14:00".into(),
            outgoing_role: None,
        },
    );
    assert!(
        can_see(&w.state, mallory.id, false),
        "whoever is to take command reads the incident before acknowledging"
    );
    w.run(
        &alice,
        CancelHandover {
            reason: "Alice stays on".into(),
        },
    );
    assert!(!can_see(&w.state, mallory.id, false), "and no longer after");
}

#[test]
fn rule_10_an_unrestricted_incident_is_visible_to_anyone() {
    let mut w = World::staffed(false, PersonalData::No);
    assert!(
        !w.state.restricted,
        "only security incidents default to restricted"
    );
    assert!(can_see(&w.state, w.p.mallory.id, false));
    let alice = w.p.alice.clone();
    w.run(
        &alice,
        SetRestricted {
            restricted: true,
            reason: "a supplier is implicated".into(),
        },
    );
    assert!(
        !can_see(&w.state, w.p.mallory.id, false),
        "restricting hides it"
    );
}
