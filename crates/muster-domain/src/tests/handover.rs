//! Rule 8: command passes by a briefed handover when the next incident manager
//! acknowledges it, or by the deputy assuming it; rule 2 holds across both.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn rule_2_refuses_handover_to_someone_who_owns_open_actions() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob, dave) = (w.p.alice.clone(), w.p.bob.clone(), w.p.dave.clone());
    let a = w.delegate_action(&bob);
    let brief = BriefHandover {
        to: bob.clone(),
        brief: "Keys rotated; waiting on supplier".into(),
        outgoing_role: None,
    };
    let r = w.refuse(&alice, brief.clone());
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        None,
        &[
            "Bob owns open actions A1",
            "reassign them before taking command",
        ],
    );

    // Once the action moves to someone else the handover goes ahead...
    let later = w.later(45);
    w.run(
        &alice,
        ReassignAction {
            action: a,
            owner: dave.clone(),
            report_back_at: later,
        },
    );
    w.run(&alice, brief);
    // ...but taking on work between brief and acknowledgement blocks it again.
    w.delegate_action(&bob);
    let r = w.refuse(&bob, AcknowledgeHandover);
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        None,
        &["Bob owns open actions A2"],
    );
    assert!(w.state.is_incident_manager(alice.id));
}

#[test]
fn rule_2_the_incoming_incident_manager_gives_up_every_other_role() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    w.run(
        &alice,
        AssignRole {
            person: bob.clone(),
            role: Role::Liaison,
        },
    );
    assert_eq!(w.state.roles_of(bob.id).count(), 2);
    w.run(
        &alice,
        BriefHandover {
            to: bob.clone(),
            brief: "Containment done; forensics running".into(),
            outgoing_role: Some(Role::Deputy),
        },
    );
    w.run(&bob, AcknowledgeHandover);
    assert_eq!(
        w.state.roles_of(bob.id).collect::<Vec<_>>(),
        [Role::IncidentManager]
    );
    assert_eq!(
        w.state.roles_of(alice.id).collect::<Vec<_>>(),
        [Role::Deputy]
    );
    assert_eq!(w.folded().team, w.state.team);
}

#[test]
fn rule_8_only_the_named_person_acknowledges_and_command_passes_then() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob, carol) = (w.p.alice.clone(), w.p.bob.clone(), w.p.carol.clone());
    w.run(
        &alice,
        BriefHandover {
            to: bob.clone(),
            brief: "Two open actions; next call 14:00".into(),
            outgoing_role: None,
        },
    );
    // Briefed is not acknowledged: Alice still commands.
    assert!(w.state.is_incident_manager(alice.id));
    assert_eq!(w.state.handover.as_ref().map(|h| h.to.id), Some(bob.id));
    for someone in [&carol, &alice] {
        let r = w.refuse(someone, AcknowledgeHandover);
        expect(
            &r,
            Some(Rule::NeverWithoutCommander),
            Forbidden,
            None,
            &["only Bob", "acknowledge"],
        );
    }
    let r = w.refuse(
        &carol,
        CancelHandover {
            reason: "not Carol's to cancel".into(),
        },
    );
    expect(
        &r,
        Some(Rule::NeverWithoutCommander),
        Forbidden,
        None,
        &["only the incident manager or the person named", "cancel"],
    );
    w.run(&bob, AcknowledgeHandover);
    assert!(w.state.is_incident_manager(bob.id));
    assert!(
        !w.state.is_member(alice.id),
        "no outgoing role: Alice leaves the team"
    );
    assert!(w.state.handover.is_none());
    let r = w.refuse(&bob, AcknowledgeHandover);
    expect(&r, None, NotFound, Some("handover"), &["no handover"]);
}

#[test]
fn rule_8_a_handover_needs_a_brief_and_only_the_incident_manager_gives_one() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob, carol) = (w.p.alice.clone(), w.p.bob.clone(), w.p.carol.clone());
    let r = w.refuse(
        &alice,
        BriefHandover {
            to: bob.clone(),
            brief: " \n ".into(),
            outgoing_role: None,
        },
    );
    expect(
        &r,
        Some(Rule::NeverWithoutCommander),
        Invalid,
        Some("brief"),
        &["`brief` must not be empty"],
    );
    let r = w.refuse(
        &bob,
        BriefHandover {
            to: carol,
            brief: "all yours".into(),
            outgoing_role: None,
        },
    );
    expect(
        &r,
        Some(Rule::NeverWithoutCommander),
        Forbidden,
        None,
        &["only the incident manager (Alice)", "hand over"],
    );
    let r = w.refuse(
        &alice,
        BriefHandover {
            to: alice.clone(),
            brief: "me".into(),
            outgoing_role: None,
        },
    );
    expect(&r, None, Invalid, Some("to"), &["someone else"]);
    let r = w.refuse(
        &alice,
        BriefHandover {
            to: bob.clone(),
            brief: "b".into(),
            outgoing_role: Some(Role::IncidentManager),
        },
    );
    expect(
        &r,
        Some(Rule::OneIncidentManager),
        Invalid,
        Some("outgoing_role"),
        &["only one incident manager"],
    );
    w.run(
        &alice,
        BriefHandover {
            to: bob.clone(),
            brief: "b".into(),
            outgoing_role: None,
        },
    );
    let r = w.refuse(
        &alice,
        BriefHandover {
            to: bob,
            brief: "again".into(),
            outgoing_role: None,
        },
    );
    expect(&r, None, Conflict, None, &["already waiting", "cancel"]);
    w.run(
        &alice,
        CancelHandover {
            reason: "staying on".into(),
        },
    );
    assert!(w.state.handover.is_none());
}

#[test]
fn rule_8_the_deputy_can_assume_command() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob, carol) = (w.p.alice.clone(), w.p.bob.clone(), w.p.carol.clone());
    let r = w.refuse(
        &carol,
        AssumeCommand {
            reason: "Alice is unreachable".into(),
        },
    );
    expect(
        &r,
        Some(Rule::NeverWithoutCommander),
        Forbidden,
        None,
        &["only the deputy", "assume command"],
    );
    let a = w.delegate_action(&bob);
    let r = w.refuse(
        &bob,
        AssumeCommand {
            reason: "Alice is unreachable".into(),
        },
    );
    expect(
        &r,
        Some(Rule::DelegateNotDo),
        Conflict,
        None,
        &["Bob owns open actions A1"],
    );
    w.run(
        &bob,
        UpdateAction {
            action: a,
            status: ActionStatus::Done,
            report: Some("done".into()),
            report_back_at: None,
        },
    );
    w.run(
        &bob,
        AssumeCommand {
            reason: "Alice is unreachable".into(),
        },
    );
    assert_eq!(w.state.incident_manager(), Some(&bob));
    assert!(!w.state.is_member(alice.id));
    assert_eq!(
        w.state.roles_of(bob.id).collect::<Vec<_>>(),
        [Role::IncidentManager]
    );
}
