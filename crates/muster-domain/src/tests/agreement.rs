//! Rules 5 and 6: recommendations become actions, and communications go out,
//! only with the incident manager's agreement; approvals and rejections are
//! logged decisions.

use super::fixture::*;
use crate::command::Command::*;
use crate::rejection::RejectionKind::*;
use crate::*;

#[test]
fn rule_5_the_incident_manager_does_not_recommend() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let alice = w.p.alice.clone();
    let r = w.refuse(
        &alice,
        Recommend {
            text: "Take the site offline".into(),
        },
    );
    expect(
        &r,
        Some(Rule::RecommendBeforeDoing),
        Conflict,
        None,
        &[
            "incident manager decides on recommendations",
            "does not make them",
        ],
    );
}

#[test]
fn rule_5_an_sme_recommends_and_does_not_delegate_work_itself() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let dave = w.p.dave.clone();
    let action = w.delegate_action(&dave);
    let later = w.later(30);
    let r = w.refuse(
        &dave,
        CreateAction {
            title: "Take the site offline".into(),
            owner: dave.clone(),
            report_back_at: later,
        },
    );
    expect(
        &r,
        Some(Rule::RecommendBeforeDoing),
        Forbidden,
        None,
        &["delegate an action", "recommends one"],
    );
    let r = w.refuse(
        &dave,
        ReassignAction {
            action,
            owner: dave.clone(),
            report_back_at: later,
        },
    );
    expect(
        &r,
        Some(Rule::RecommendBeforeDoing),
        Forbidden,
        None,
        &["reassign an action"],
    );
}

#[test]
fn rule_5_only_the_incident_manager_approves_or_rejects() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (bob, dave) = (w.p.bob.clone(), w.p.dave.clone());
    w.run(
        &dave,
        Recommend {
            text: "Revoke the leaked token".into(),
        },
    );
    assert_eq!(
        w.state.actions.len(),
        0,
        "a recommendation is not yet an action"
    );
    let later = w.later(20);
    for someone in [&bob, &dave] {
        let r = w.refuse(
            someone,
            Approve {
                recommendation: "R1".into(),
                owner: None,
                report_back_at: later,
                rationale: "ok".into(),
            },
        );
        expect(
            &r,
            Some(Rule::RecommendBeforeDoing),
            Forbidden,
            None,
            &[
                "only the incident manager (Alice)",
                "approve a recommendation",
            ],
        );
        let r = w.refuse(
            someone,
            Reject {
                recommendation: "R1".into(),
                rationale: "no".into(),
            },
        );
        expect(
            &r,
            Some(Rule::RecommendBeforeDoing),
            Forbidden,
            None,
            &[
                "only the incident manager (Alice)",
                "reject a recommendation",
            ],
        );
    }
}

#[test]
fn rule_5_approval_is_a_decision_and_creates_an_owned_action() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave) = (w.p.alice.clone(), w.p.dave.clone());
    w.run(
        &dave,
        Recommend {
            text: "Revoke the leaked token".into(),
        },
    );
    let past = w.later(-1);
    let r = w.refuse(
        &alice,
        Approve {
            recommendation: "R1".into(),
            owner: None,
            report_back_at: past,
            rationale: "ok".into(),
        },
    );
    expect(
        &r,
        Some(Rule::OwnerAndReportBack),
        Invalid,
        Some("report_back_at"),
        &["not in the future"],
    );
    let r = w.refuse(
        &alice,
        Approve {
            recommendation: "R9".into(),
            owner: None,
            report_back_at: past,
            rationale: "ok".into(),
        },
    );
    expect(
        &r,
        None,
        NotFound,
        Some("recommendation"),
        &["no recommendation R9"],
    );
    let later = w.later(20);
    let events = w.run(
        &alice,
        Approve {
            recommendation: "R1".into(),
            owner: None,
            report_back_at: later,
            rationale: "stops the bleeding".into(),
        },
    );
    let kinds: Vec<&str> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            "decision-recorded",
            "recommendation-approved",
            "action-created"
        ]
    );

    let d = &w.state.decisions[0];
    assert_eq!(
        (d.id.as_str(), &d.by, d.recommendation.as_deref()),
        ("D1", &alice, Some("R1"))
    );
    assert_eq!(d.rationale, "stops the bleeding");
    let a = w.state.action("A1").unwrap();
    assert_eq!(
        a.owner, dave,
        "the recommender owns it unless another owner is named"
    );
    assert_eq!(a.report_back_at, later);
    assert_eq!(a.recommendation.as_deref(), Some("R1"));
    let rec = w.state.recommendation("R1").unwrap();
    assert_eq!(rec.status, RecommendationStatus::Approved);
    assert_eq!(
        (rec.decision.as_deref(), rec.action.as_deref()),
        (Some("D1"), Some("A1"))
    );

    let r = w.refuse(
        &alice,
        Reject {
            recommendation: "R1".into(),
            rationale: "changed my mind".into(),
        },
    );
    expect(&r, None, Conflict, None, &["R1 was already approved"]);
}

#[test]
fn rule_5_rejection_is_a_logged_decision() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, dave) = (w.p.alice.clone(), w.p.dave.clone());
    w.run(
        &dave,
        Recommend {
            text: "Wipe the laptop now".into(),
        },
    );
    let r = w.refuse(
        &alice,
        Reject {
            recommendation: "R1".into(),
            rationale: "".into(),
        },
    );
    expect(
        &r,
        None,
        Invalid,
        Some("rationale"),
        &["`rationale` must not be empty"],
    );
    let events = w.run(
        &alice,
        Reject {
            recommendation: "R1".into(),
            rationale: "we need the disk for forensics".into(),
        },
    );
    let kinds: Vec<&str> = events.iter().map(|e| e.kind()).collect();
    assert_eq!(kinds, ["decision-recorded", "recommendation-rejected"]);
    let d = &w.state.decisions[0];
    assert_eq!(d.text, "Rejected R1: Wipe the laptop now");
    assert_eq!(d.by, alice);
    assert_eq!(
        w.state.recommendation("R1").unwrap().status,
        RecommendationStatus::Rejected
    );
    assert!(w.state.actions.is_empty());
}

#[test]
fn rule_6_communications_go_out_only_once_the_incident_manager_agrees() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let (alice, bob, frank) = (w.p.alice.clone(), w.p.bob.clone(), w.p.frank.clone());
    let draft = DraftCommunication {
        audience: Audience::External,
        recipients: vec!["customers@example.com".into()],
        subject: "A problem with your exports".into(),
        body: "We found and closed a misconfiguration.".into(),
    };
    let r = w.refuse(&bob, draft.clone());
    expect(
        &r,
        Some(Rule::AgreedCommunications),
        Forbidden,
        None,
        &["only the comms-lead may draft a communication"],
    );
    let r = w.refuse(&alice, draft.clone());
    expect(
        &r,
        Some(Rule::AgreedCommunications),
        Forbidden,
        None,
        &["comms-lead"],
    );
    w.run(&frank, draft);

    let send = SendCommunication {
        communication: "C1".into(),
        via: "email".into(),
    };
    let r = w.refuse(&frank, send.clone());
    expect(
        &r,
        Some(Rule::AgreedCommunications),
        Conflict,
        None,
        &["C1 has not been agreed by the incident manager"],
    );
    for someone in [&bob, &frank] {
        let r = w.refuse(
            someone,
            AgreeCommunication {
                communication: "C1".into(),
            },
        );
        expect(
            &r,
            Some(Rule::AgreedCommunications),
            Forbidden,
            None,
            &["only the incident manager (Alice)", "agree a communication"],
        );
    }
    w.run(
        &alice,
        AgreeCommunication {
            communication: "C1".into(),
        },
    );
    let r = w.refuse(&alice, send.clone());
    expect(
        &r,
        Some(Rule::AgreedCommunications),
        Forbidden,
        None,
        &["only the comms-lead may send a communication"],
    );
    w.run(&frank, send.clone());
    let c = &w.state.communications[0];
    assert_eq!(
        (c.status, c.sent_via.as_deref(), c.sent_at),
        (CommunicationStatus::Sent, Some("email"), Some(w.now))
    );
    let r = w.refuse(&frank, send);
    expect(&r, None, Conflict, None, &["already sent"]);
}
