//! Rule 7: only the incident manager escalates, resolves and closes; the deputy
//! may suggest an escalation; closing needs a review with a lesson, and
//! preventive actions stay tracked after close.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn rule_7_only_the_incident_manager_escalates_resolves_and_closes() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob) = (w.p.alice.clone(), w.p.bob.clone());
    let r = w.refuse(
        &bob,
        Escalate {
            severity: Some("SEV-1".into()),
            category: None,
            reason: "customers affected".into(),
            suggestion: None,
        },
    );
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &["only the incident manager (Alice) may escalate"],
    );
    let r = w.try_resolve(&bob).unwrap_err();
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &["only the incident manager (Alice) may resolve the incident"],
    );
    let r = w.refuse(
        &bob,
        ChangePhase {
            to: Phase::Warm,
            reason: "contained".into(),
        },
    );
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &["change the incident's phase"],
    );
    let r = w.refuse(
        &bob,
        Close {
            reason: "done".into(),
        },
    );
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &["only the incident manager (Alice) may close the incident"],
    );

    let r = w.refuse(
        &alice,
        Escalate {
            severity: Some("SEV-2".into()),
            category: None,
            reason: "same".into(),
            suggestion: None,
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("severity"),
        &["an escalation changes the severity (SEV-2) or the category"],
    );
    let r = w.refuse(
        &alice,
        Escalate {
            severity: Some("SEV-0".into()),
            category: None,
            reason: "worse".into(),
            suggestion: None,
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("severity"),
        &["`SEV-0` is not a severity"],
    );
    w.run(
        &alice,
        Escalate {
            severity: Some("SEV-1".into()),
            category: None,
            reason: "customers affected".into(),
            suggestion: None,
        },
    );
    assert_eq!(w.state.severity, "SEV-1");
}

#[test]
fn rule_7_closing_needs_a_review_with_a_lesson() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, carol, henry, mallory) = (
        w.p.alice.clone(),
        w.p.carol.clone(),
        w.p.henry.clone(),
        w.p.mallory.clone(),
    );
    let r = w.refuse(
        &alice,
        Close {
            reason: "done".into(),
        },
    );
    expect(
        &r,
        None,
        Conflict,
        None,
        &["resolve it (cold) before closing"],
    );
    let r = w.refuse(&carol, RecordReview(w.review(&["x"])));
    expect(&r, None, Conflict, None, &["review follows resolution"]);
    w.try_resolve(&alice).unwrap();
    let r = w.refuse(
        &alice,
        Close {
            reason: "done".into(),
        },
    );
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Conflict,
        None,
        &["closing needs the post-incident review", "lessons learned"],
    );
    let r = w.refuse(&carol, RecordReview(w.review(&[" ", ""])));
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Invalid,
        Some("lessons"),
        &["at least one lesson learned"],
    );
    w.run(
        &carol,
        RecordReview(w.review(&["Check bucket policies in CI"])),
    );
    let r = w.refuse(&carol, RecordReview(w.review(&["again"])));
    expect(&r, None, Conflict, None, &["already recorded"]);
    w.run(
        &alice,
        Close {
            reason: "review done".into(),
        },
    );
    assert_eq!(w.state.phase, Some(Phase::Closed));

    // Closed means closed...
    let r = w.refuse(
        &carol,
        AddNote {
            text: "late note".into(),
        },
    );
    expect(
        &r,
        None,
        Conflict,
        None,
        &["INC-2026-0007 is closed", "preventive actions"],
    );
    // ...except that preventive actions stay tracked, by their owner or the manager.
    let r = w.refuse(
        &mallory,
        UpdatePreventiveAction {
            id: "P1".into(),
            done: true,
            note: None,
        },
    );
    expect(&r, None, Forbidden, None, &["owner", "incident manager"]);
    w.run(
        &henry,
        UpdatePreventiveAction {
            id: "P1".into(),
            done: false,
            note: Some("PR open".into()),
        },
    );
    w.run(
        &alice,
        UpdatePreventiveAction {
            id: "P1".into(),
            done: true,
            note: Some("merged".into()),
        },
    );
    let p = &w.state.preventive_actions[0];
    assert_eq!(
        (p.done, p.note.as_deref(), &p.owner),
        (true, Some("merged"), &henry)
    );
    let r = w.refuse(
        &henry,
        UpdatePreventiveAction {
            id: "P7".into(),
            done: true,
            note: None,
        },
    );
    expect(&r, None, NotFound, Some("id"), &["no preventive action P7"]);
}

#[test]
fn rule_7_the_deputy_suggests_escalation_and_the_manager_decides() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob, dave) = (w.p.alice.clone(), w.p.bob.clone(), w.p.dave.clone());
    let suggest = |severity: &str| SuggestEscalation {
        severity: Some(severity.into()),
        category: None,
        reason: "regulator interest".into(),
    };
    let r = w.refuse(&dave, suggest("SEV-1"));
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &[
            "the deputy suggests escalations",
            "incident manager decides",
        ],
    );
    let r = w.refuse(
        &bob,
        SuggestEscalation {
            severity: None,
            category: None,
            reason: "?".into(),
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("severity"),
        &["suggest a new severity or category"],
    );
    w.run(&bob, suggest("SEV-1"));
    w.run(&bob, suggest("SEV-3"));
    assert_eq!(
        w.state.severity, "SEV-2",
        "a suggestion changes nothing by itself"
    );

    let r = w.refuse(
        &bob,
        Escalate {
            severity: None,
            category: None,
            reason: "taking my own advice".into(),
            suggestion: Some("E1".into()),
        },
    );
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &["may escalate"],
    );
    w.run(
        &alice,
        Escalate {
            severity: None,
            category: None,
            reason: "agreed with Bob".into(),
            suggestion: Some("E1".into()),
        },
    );
    assert_eq!(w.state.severity, "SEV-1");
    assert!(!w.state.escalation_suggestions[0].open);

    let r = w.refuse(
        &bob,
        DeclineEscalation {
            suggestion: "E2".into(),
            reason: "no".into(),
        },
    );
    expect(
        &r,
        Some(Rule::OnlyIncidentManager),
        Forbidden,
        None,
        &["decline an escalation"],
    );
    w.run(
        &alice,
        DeclineEscalation {
            suggestion: "E2".into(),
            reason: "impact is not lower".into(),
        },
    );
    assert!(w.state.escalation_suggestions.iter().all(|s| !s.open));
    for id in ["E1", "E2", "E3"] {
        let r = w.refuse(
            &alice,
            DeclineEscalation {
                suggestion: id.into(),
                reason: "no".into(),
            },
        );
        expect(
            &r,
            None,
            NotFound,
            Some("suggestion"),
            &[&format!("no open escalation suggestion {id}")],
        );
    }
}
