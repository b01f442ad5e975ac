//! Rule 4: a security incident needs a security analyst among its SMEs and
//! one that may involve personal data a data privacy member; until then the
//! team shows a gap and the incident cannot be resolved.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn rule_4_a_security_incident_needs_a_security_analyst_to_resolve() {
    let mut w = World::declared(true, PersonalData::No);
    let (alice, dave, henry) = (w.p.alice.clone(), w.p.dave.clone(), w.p.henry.clone());
    w.run(
        &alice,
        AssignRole {
            person: henry,
            role: Role::Sme,
        },
    );
    // A security analyst in another role is not the SME the rule asks for.
    w.run(
        &alice,
        AssignRole {
            person: dave.clone(),
            role: Role::Liaison,
        },
    );
    let gaps = team::blocking_gaps(&w.state, &w.policy);
    assert_eq!(
        gaps.iter().map(|g| g.code.as_str()).collect::<Vec<_>>(),
        ["security-analyst"]
    );
    assert_eq!(gaps[0].rule, Some(Rule::Composition));
    let r = w.try_resolve(&alice).unwrap_err();
    expect(
        &r,
        Some(Rule::Composition),
        Conflict,
        None,
        &[
            "INC-2026-0007 cannot be resolved yet",
            "security analyst",
            "security-analyst",
        ],
    );
    w.run(
        &alice,
        AssignRole {
            person: dave,
            role: Role::Sme,
        },
    );
    assert!(team::blocking_gaps(&w.state, &w.policy).is_empty());
    w.try_resolve(&alice).unwrap();
    assert_eq!(w.state.phase, Some(Phase::Cold));
}

#[test]
fn rule_4_personal_data_yes_or_unknown_needs_data_privacy() {
    for pd in [PersonalData::Yes, PersonalData::Unknown] {
        let mut w = World::declared(false, pd);
        let (alice, erin) = (w.p.alice.clone(), w.p.erin.clone());
        let gaps = team::blocking_gaps(&w.state, &w.policy);
        assert_eq!(
            gaps.iter().map(|g| g.code.as_str()).collect::<Vec<_>>(),
            ["data-privacy"],
            "{pd}"
        );
        let r = w.try_resolve(&alice).unwrap_err();
        expect(
            &r,
            Some(Rule::Composition),
            Conflict,
            None,
            &[
                "cannot be resolved yet",
                "personal data",
                "data privacy",
                "data-privacy",
            ],
        );
        w.run(
            &alice,
            AssignRole {
                person: erin,
                role: Role::Sme,
            },
        );
        assert!(team::blocking_gaps(&w.state, &w.policy).is_empty());
        w.try_resolve(&alice).unwrap();
    }
}

#[test]
fn rule_4_no_personal_data_and_not_security_needs_neither() {
    let mut w = World::declared(false, PersonalData::No);
    let alice = w.p.alice.clone();
    assert!(team::blocking_gaps(&w.state, &w.policy).is_empty());
    // The roll call's advisory gaps do not block.
    let advisory: Vec<String> = team::gaps(&w.state, &w.policy)
        .into_iter()
        .map(|g| g.code)
        .collect();
    assert_eq!(advisory, ["deputy", "secretariat", "comms-lead"]);
    w.try_resolve(&alice).unwrap();
}

#[test]
fn rule_4_tags_come_from_policy() {
    let mut w = World::declared(true, PersonalData::No);
    w.policy.security_tags = vec!["network".into()];
    let (alice, henry) = (w.p.alice.clone(), w.p.henry.clone());
    w.run(
        &alice,
        AssignRole {
            person: henry,
            role: Role::Sme,
        },
    );
    w.try_resolve(&alice).unwrap();
}

#[test]
fn rule_4_follows_a_re_classification_of_scope_and_only_the_manager_re_classifies() {
    let mut w = World::declared(false, PersonalData::No);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    assert!(team::blocking_gaps(&w.state, &w.policy).is_empty());

    // The deputy may not (rule 7: only the incident manager escalates).
    let r = w
        .try_run(
            &bob,
            Reclassify {
                security: None,
                personal_data: Some(PersonalData::Yes),
                reason: "emails in the export".into(),
            },
        )
        .unwrap_err();
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &["only the incident manager"],
    );

    // A re-classification that changes nothing is refused, naming the field.
    let r = w
        .try_run(
            &alice,
            Reclassify {
                security: Some(false),
                personal_data: Some(PersonalData::No),
                reason: "no change".into(),
            },
        )
        .unwrap_err();
    expect(&r, None, Invalid, Some("security"), &["re-classification"]);

    // Personal data after all: logged as a change of scope, and rule 4 now
    // asks for a member of the data privacy team.
    let events = w.run(
        &alice,
        Reclassify {
            security: Some(true),
            personal_data: Some(PersonalData::Yes),
            reason: "customer emails were in the export".into(),
        },
    );
    assert!(matches!(events[..], [Event::ScopeChanged { .. }]));
    assert!(w.state.security);
    assert_eq!(w.state.personal_data, Some(PersonalData::Yes));
    let gaps = team::blocking_gaps(&w.state, &w.policy);
    let codes: Vec<&str> = gaps.iter().map(|g| g.code.as_str()).collect();
    assert!(codes.contains(&"data-privacy"), "{codes:?}");
    assert!(codes.contains(&"security-analyst"), "{codes:?}");
}
