//! `permit::may`: what each role is offered on a staffed, hot incident, and
//! that `decide` refuses a forbidden actor with the very words `may` gives.

use super::fixture::*;
use crate::command::Command::*;
use crate::permit::{self, Kind};
use crate::*;

fn offered(w: &World, who: &PersonRef, admin: bool) -> Vec<&'static str> {
    let ctx = Context {
        admin,
        ..w.ctx(who)
    };
    permit::offered(&w.state, &ctx)
        .into_iter()
        .map(Kind::as_str)
        .collect()
}

/// What every member may do on an open incident.
const MEMBER: [&str; 16] = [
    "add-finding",
    "resolve-finding",
    "update-action",
    "acknowledge-evidence",
    "assess-finding",
    "record-decision",
    "add-note",
    "correct",
    "record-anchor",
    "add-indicator",
    "add-indicators",
    "record-sighting",
    "link-indicator",
    "add-timeline-event",
    "add-evidence",
    "transfer-evidence",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    let mut all: Vec<&str> = MEMBER
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect();
    all.push("stand-down");
    let order = |k: &&str| Kind::ALL.iter().position(|x| x.as_str() == *k).unwrap();
    all.sort_by_key(order);
    all
}

#[test]
fn each_role_is_offered_exactly_what_it_may_do() {
    let w = World::staffed(true, PersonalData::Yes);
    let p = w.p.clone();
    assert_eq!(
        offered(&w, &p.alice, false),
        with(&[
            "assign-role",
            "create-workstream",
            "add-workstream-member",
            "remove-workstream-member",
            "close-workstream",
            "delegate-finding",
            "approve",
            "reject",
            "create-action",
            "reassign-action",
            "cancel-action",
            "carry-action",
            "escalate",
            "decline-escalation",
            "change-phase",
            "resolve",
            "reclassify",
            "set-restricted",
            "brief-handover",
            "agree-communication",
            "update-preventive-action",
            "close",
            "schedule-calls",
            "record-call",
            "set-jurisdictions",
            "assess-obligation",
            "record-submission",
        ]),
        "incident manager"
    );
    assert_eq!(
        offered(&w, &p.bob, false),
        with(&[
            "assign-role",
            "delegate-finding",
            "recommend",
            "create-action",
            "reassign-action",
            "cancel-action",
            "carry-action",
            "suggest-escalation",
            "assume-command",
            "record-call",
        ]),
        "deputy"
    );
    assert_eq!(
        offered(&w, &p.carol, false),
        with(&["recommend", "schedule-calls", "record-call"]),
        "secretariat"
    );
    assert_eq!(offered(&w, &p.dave, false), with(&["recommend"]), "SME");
    assert_eq!(
        offered(&w, &p.frank, false),
        with(&[
            "recommend",
            "draft-communication",
            "send-communication",
            "record-briefing",
            "record-submission",
        ]),
        "communications lead"
    );
    assert_eq!(
        offered(&w, &p.grace, false),
        with(&["recommend", "record-briefing"]),
        "liaison"
    );
    assert_eq!(
        offered(&w, &p.mallory, true),
        vec![
            "assign-role",
            "stand-down",
            "assume-command",
            "update-preventive-action",
        ],
        "a non-member administrator staffs the team and may take command, nothing else"
    );
    assert!(offered(&w, &p.mallory, false).is_empty(), "a non-member");
}

#[test]
fn an_item_rule_offers_the_owner_and_the_delegate_their_own_work() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let p = w.p.clone();
    let due = w.later(30);
    w.run(
        &p.alice,
        CreateAction {
            title: "isolate the host".into(),
            owner: p.dave.clone(),
            report_back_at: due,
        },
    );
    w.run(
        &p.alice,
        AddFinding {
            kind: FindingKind::Unknown,
            text: "how did they get in?".into(),
            source: None,
        },
    );
    w.run(
        &p.alice,
        DelegateFinding {
            finding: "F1".into(),
            to: p.erin.clone(),
            report_back_at: due,
        },
    );
    let item = |who: &PersonRef| {
        let ctx = w.ctx(who);
        (
            crate::permit_item::update_action(&w.state, &ctx, &w.state.actions[0]).is_ok(),
            crate::permit_item::settle(&w.state, &ctx, &w.state.findings[0]).is_ok(),
        )
    };
    assert_eq!(item(&p.dave), (true, false), "Dave owns A1");
    assert_eq!(item(&p.erin), (false, true), "F1 is delegated to Erin");
    assert_eq!(
        item(&p.carol),
        (true, false),
        "the secretariat updates for owners"
    );
    assert_eq!(item(&p.grace), (false, false), "the liaison does neither");
    // Yet only on the item: Erin does not update Dave's action.
    let r = w.refuse(
        &p.erin,
        UpdateAction {
            action: "A1".into(),
            status: ActionStatus::Done,
            report: Some("done".into()),
            report_back_at: None,
        },
    );
    assert!(
        r.message.contains("its owner reports back"),
        "{}",
        r.message
    );
}

#[test]
fn decide_refuses_a_forbidden_actor_with_the_words_of_may() {
    let mut w = World::staffed(true, PersonalData::Yes);
    let p = w.p.clone();
    let cases: Vec<(PersonRef, Command)> = vec![
        (
            p.dave.clone(),
            Escalate {
                severity: None,
                category: None,
                reason: "worse".into(),
                suggestion: None,
            },
        ),
        (
            p.carol.clone(),
            DraftCommunication {
                audience: Audience::Internal,
                recipients: vec!["all@example.org".into()],
                subject: "s".into(),
                body: "b".into(),
            },
        ),
        (p.alice.clone(), Recommend { text: "x".into() }),
        (p.grace.clone(), AssumeCommand { reason: "x".into() }),
        (
            p.mallory.clone(),
            AddNote {
                text: "hello".into(),
            },
        ),
    ];
    for (who, cmd) in cases {
        let kind = cmd.kind();
        let expected = permit::may(&w.state, &w.ctx(&who), kind).unwrap_err();
        let got = w.refuse(&who, cmd);
        assert_eq!(got.message, expected.message, "{}", kind.as_str());
        assert_eq!(got.rule, expected.rule, "{}", kind.as_str());
    }
}

#[test]
fn kinds_are_named_as_on_the_wire() {
    let cmd: Command = AddNote { text: "x".into() };
    let wire = serde_json::to_value(&cmd).unwrap();
    assert_eq!(wire["command"], cmd.kind().as_str());
    let cmd: Command = AcknowledgeHandover;
    let wire = serde_json::to_value(&cmd).unwrap();
    assert_eq!(wire["command"], cmd.kind().as_str());
    let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), Kind::ALL.len(), "every kind has its own name");
}
