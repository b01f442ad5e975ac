//! Folding a log gives the same state as applying its events one by one.

use super::fixture::*;
use crate::command::Command::*;
use crate::*;

/// A scenario that touches most of the fold: staffing, the board, work,
/// communications, a handover, escalation and the review.
fn busy_world() -> World {
    let mut w = World::staffed(true, PersonalData::Yes);
    let p = w.p.clone();
    let later = |w: &World, m| w.later(m);
    w.run(
        &p.carol,
        AddFinding {
            kind: FindingKind::Known,
            text: "public".into(),
            source: Some("policy".into()),
        },
    );
    w.run(
        &p.carol,
        AddFinding {
            kind: FindingKind::Suspected,
            text: "scraper".into(),
            source: None,
        },
    );
    let t = later(&w, 30);
    w.run(
        &p.alice,
        DelegateFinding {
            finding: "F2".into(),
            to: p.dave.clone(),
            report_back_at: t,
        },
    );
    w.run(
        &p.dave,
        AssessFinding {
            suspected: "F2".into(),
            known: "F1".into(),
            consistency: Consistency::Consistent,
        },
    );
    w.advance(7);
    w.run(
        &p.dave,
        Recommend {
            text: "revoke the links".into(),
        },
    );
    w.run(
        &p.alice,
        Approve {
            recommendation: "R1".into(),
            owner: None,
            report_back_at: t,
            rationale: "now".into(),
        },
    );
    w.run(
        &p.erin,
        Recommend {
            text: "tell nobody".into(),
        },
    );
    w.run(
        &p.alice,
        Reject {
            recommendation: "R2".into(),
            rationale: "we must notify".into(),
        },
    );
    w.run(
        &p.alice,
        AssignRole {
            person: p.henry.clone(),
            role: Role::Sme,
        },
    );
    w.run(
        &p.alice,
        CreateWorkstream {
            name: "Forensics".into(),
            lead: p.dave.clone(),
        },
    );
    w.run(
        &p.dave,
        AddWorkstreamMember {
            workstream: "W1".into(),
            person: p.henry.clone(),
        },
    );
    w.advance(13);
    w.run(
        &p.frank,
        DraftCommunication {
            audience: Audience::Internal,
            recipients: vec!["all@x".into()],
            subject: "s".into(),
            body: "b".into(),
        },
    );
    w.run(
        &p.alice,
        AgreeCommunication {
            communication: "C1".into(),
        },
    );
    w.run(
        &p.frank,
        SendCommunication {
            communication: "C1".into(),
            via: "slack".into(),
        },
    );
    w.run(
        &p.grace,
        RecordBriefing {
            stakeholder: "SIRO".into(),
            summary: "briefed".into(),
        },
    );
    w.run(
        &p.bob,
        SuggestEscalation {
            severity: Some("SEV-1".into()),
            category: None,
            reason: "press".into(),
        },
    );
    w.run(
        &p.alice,
        Escalate {
            severity: None,
            category: None,
            reason: "agreed".into(),
            suggestion: Some("E1".into()),
        },
    );
    w.run(
        &p.dave,
        UpdateAction {
            action: "A1".into(),
            status: ActionStatus::Done,
            report: Some("revoked".into()),
            report_back_at: None,
        },
    );
    w.run(
        &p.dave,
        ResolveFinding {
            finding: "F2".into(),
            status: FindingStatus::Confirmed,
            text: "logs".into(),
        },
    );
    w.run(
        &p.carol,
        Correct {
            seq: 3,
            text: "typo".into(),
        },
    );
    w.advance(60);
    w.run(
        &p.alice,
        BriefHandover {
            to: p.bob.clone(),
            brief: "quiet now".into(),
            outgoing_role: Some(Role::Liaison),
        },
    );
    w.run(&p.bob, AcknowledgeHandover);
    w.run(
        &p.bob,
        SetRestricted {
            restricted: false,
            reason: "wider help".into(),
        },
    );
    w.run(
        &p.bob,
        ChangePhase {
            to: Phase::Warm,
            reason: "contained".into(),
        },
    );
    w.run(
        &p.bob,
        Command::ChangePhase {
            to: Phase::Cold,
            reason: "resolved".into(),
        },
    );
    let review = ReviewInput {
        went_well: "w".into(),
        even_better_if: "e".into(),
        causes: "c".into(),
        response: "r".into(),
        lessons: vec!["l".into()],
        preventive_actions: vec![PreventiveActionInput {
            title: "t".into(),
            owner: p.henry.clone(),
            due: later(&w, 9000),
        }],
        thanked: true,
    };
    w.run(&p.carol, RecordReview(review));
    w.run(
        &p.bob,
        Close {
            reason: "done".into(),
        },
    );
    w.run(
        &p.henry,
        UpdatePreventiveAction {
            id: "P1".into(),
            done: true,
            note: Some("merged".into()),
        },
    );
    w
}

#[test]
fn folding_the_log_equals_applying_each_event() {
    let w = busy_world();
    assert!(w.log.len() > 35, "a long scenario: {}", w.log.len());
    let folded = w.folded();
    assert_eq!(folded, w.state);
    assert_eq!(folded.head_hash, w.log.last().unwrap().hash);
    // Folding in two halves, entry by entry, lands in the same place.
    let (first, rest) = w.log.split_at(w.log.len() / 2);
    let mut state = IncidentState::fold(w.state.id, first).unwrap();
    for entry in rest {
        state.apply_entry(entry).unwrap();
    }
    assert_eq!(state, w.state);
    assert!(log::verify(&w.log).is_whole());
}
