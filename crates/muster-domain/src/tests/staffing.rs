//! Who may write to an incident at all, and span of control: more than seven
//! direct reports is a warning, and a workstream is the answer.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn non_members_cannot_write() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let mallory = w.p.mallory.clone();
    let r = w.refuse(
        &mallory,
        AddNote {
            text: "hello".into(),
        },
    );
    expect(
        &r,
        None,
        Forbidden,
        None,
        &["Mallory is not on the team of INC-2026-0007"],
    );
    let r = w.refuse(
        &mallory,
        Recommend {
            text: "panic".into(),
        },
    );
    expect(&r, None, Forbidden, None, &["not on the team"]);
    let r = w.refuse(
        &mallory,
        AddFinding {
            kind: FindingKind::Unknown,
            text: "who?".into(),
            source: None,
        },
    );
    expect(&r, None, Forbidden, None, &["not on the team"]);
    let r = w.refuse(
        &mallory,
        AssignRole {
            person: mallory.clone(),
            role: Role::Sme,
        },
    );
    expect(
        &r,
        None,
        Forbidden,
        None,
        &["only the incident-manager or deputy may staff the team"],
    );
    let carol = w.p.carol.clone();
    let r = w.refuse(
        &carol,
        AssignRole {
            person: mallory,
            role: Role::Sme,
        },
    );
    expect(&r, None, Forbidden, None, &["staff the team"]);
}

#[test]
fn span_of_control_warns_past_seven_direct_reports() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let alice = w.p.alice.clone();
    // Six people report to Alice; one more is the limit, two more is a warning.
    assert_eq!(team::direct_reports(&w.state), 6);
    w.run(
        &alice,
        AssignRole {
            person: extra(1),
            role: Role::Sme,
        },
    );
    assert_eq!(team::direct_reports(&w.state), 7);
    assert_eq!(team::span_warning(&w.state, &w.policy), None);
    w.run(
        &alice,
        AssignRole {
            person: extra(2),
            role: Role::Sme,
        },
    );
    let warning = team::span_warning(&w.state, &w.policy).expect("a warning at eight");
    assert!(warning.contains("8 people report directly"), "{warning}");
    assert!(warning.contains("workstream"), "{warning}");
    // One person in two roles is still one direct report.
    w.run(
        &alice,
        AssignRole {
            person: extra(1),
            role: Role::Liaison,
        },
    );
    assert_eq!(team::direct_reports(&w.state), 8);
}

#[test]
fn workstream_members_report_to_their_lead_not_the_incident_manager() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave) = (w.p.alice.clone(), w.p.dave.clone());
    for i in 1..=3 {
        w.run(
            &alice,
            AssignRole {
                person: extra(i),
                role: Role::Sme,
            },
        );
    }
    assert_eq!(team::direct_reports(&w.state), 9);
    assert!(team::span_warning(&w.state, &w.policy).is_some());
    w.run(
        &alice,
        CreateWorkstream {
            name: "Forensics".into(),
            lead: dave.clone(),
        },
    );
    // The lead adds members; the lead still reports to the incident manager.
    for i in 1..=3 {
        w.run(
            &dave,
            AddWorkstreamMember {
                workstream: "W1".into(),
                person: extra(i),
            },
        );
    }
    assert_eq!(team::direct_reports(&w.state), 6);
    assert_eq!(team::span_warning(&w.state, &w.policy), None);
    // Closing the workstream brings its members back to the incident manager.
    w.run(
        &alice,
        CloseWorkstream {
            workstream: "W1".into(),
            reason: "forensics done".into(),
        },
    );
    assert_eq!(team::direct_reports(&w.state), 9);

    let r = w.refuse(
        &alice,
        CreateWorkstream {
            name: "Comms".into(),
            lead: alice.clone(),
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("lead"),
        &["cannot lead a workstream"],
    );
    let bob = w.p.bob.clone();
    let r = w.refuse(
        &bob,
        CreateWorkstream {
            name: "Comms".into(),
            lead: dave,
        },
    );
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Forbidden,
        None,
        &["only the incident manager", "split off a workstream"],
    );
}
