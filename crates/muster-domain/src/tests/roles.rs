//! Rules 1 and 2: an open incident has exactly one incident manager, who
//! holds no other role and owns no action.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn rule_1_refuses_a_second_incident_manager() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    let r = w.refuse(
        &alice,
        AssignRole {
            person: bob,
            role: Role::IncidentManager,
        },
    );
    expect(
        &r,
        Some(Rule::OneIncidentManager),
        Conflict,
        Some("role"),
        &[
            "already has an incident manager",
            "Alice",
            "single authority",
            "handover",
        ],
    );
    // Not even someone new to the team, and not even by an administrator.
    let mallory = w.p.mallory.clone();
    let r = w
        .try_run_admin(
            &alice,
            AssignRole {
                person: mallory,
                role: Role::IncidentManager,
            },
        )
        .unwrap_err();
    expect(
        &r,
        Some(Rule::OneIncidentManager),
        Conflict,
        Some("role"),
        &["already has an incident manager"],
    );
}

#[test]
fn rule_1_refuses_standing_down_the_incident_manager() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    let stand_down = StandDown {
        person: alice.clone(),
        role: Role::IncidentManager,
        reason: "going off shift".into(),
    };
    let r = w.refuse(&alice, stand_down.clone());
    expect(
        &r,
        Some(Rule::OneIncidentManager),
        Conflict,
        Some("role"),
        &["exactly one incident manager", "hand over"],
    );
    let r = w.refuse(&bob, stand_down);
    expect(
        &r,
        Some(Rule::OneIncidentManager),
        Conflict,
        Some("role"),
        &["exactly one incident manager"],
    );
}

#[test]
fn rule_1_every_change_of_role_is_logged_and_the_roll_call_reads_from_it() {
    let mut w = World::declared(false, PersonalData::No);
    let (alice, bob, carol) = (w.p.alice.clone(), w.p.bob.clone(), w.p.carol.clone());
    w.run(
        &alice,
        AssignRole {
            person: bob.clone(),
            role: Role::Deputy,
        },
    );
    w.run(
        &bob,
        AssignRole {
            person: carol.clone(),
            role: Role::Secretariat,
        },
    );
    w.run(
        &alice,
        StandDown {
            person: carol.clone(),
            role: Role::Secretariat,
            reason: "needed elsewhere".into(),
        },
    );
    let kinds: Vec<&str> = w.log.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "declared",
            "role-assigned",
            "role-assigned",
            "role-assigned",
            "role-stood-down"
        ]
    );
    assert_eq!(w.state.incident_manager(), Some(&alice));
    assert_eq!(w.state.holders(Role::Deputy).collect::<Vec<_>>(), [&bob]);
    assert_eq!(w.state.holders(Role::Secretariat).count(), 0);
    assert_eq!(w.folded().team, w.state.team);
}

#[test]
fn rule_2_refuses_giving_the_incident_manager_another_role() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    for role in [
        Role::Deputy,
        Role::Sme,
        Role::Secretariat,
        Role::CommsLead,
        Role::Liaison,
    ] {
        let r = w.refuse(
            &bob,
            AssignRole {
                person: alice.clone(),
                role,
            },
        );
        expect(
            &r,
            Some(Rule::DelegateNotDo),
            Conflict,
            Some("person"),
            &[
                "Alice is the incident manager",
                "holds no other role",
                "hand command over",
            ],
        );
    }
}

#[test]
fn rule_2_refuses_the_incident_manager_owning_an_action() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob, dave) = (w.p.alice.clone(), w.p.bob.clone(), w.p.dave.clone());
    let later = w.later(30);
    let words = ["Alice is the incident manager", "delegates and does not do"];

    let r = w.refuse(
        &bob,
        CreateAction {
            title: "Block the IP".into(),
            owner: alice.clone(),
            report_back_at: later,
        },
    );
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        Some("owner"),
        &words,
    );

    w.run(
        &dave,
        Recommend {
            text: "Block the attacker's IP range".into(),
        },
    );
    let r = w.refuse(
        &alice,
        Approve {
            recommendation: "R1".into(),
            owner: Some(alice.clone()),
            report_back_at: later,
            rationale: "fast".into(),
        },
    );
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        Some("owner"),
        &words,
    );

    let a = w.delegate_action(&dave);
    let r = w.refuse(
        &bob,
        ReassignAction {
            action: a,
            owner: alice,
            report_back_at: later,
        },
    );
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        Some("owner"),
        &words,
    );
}
