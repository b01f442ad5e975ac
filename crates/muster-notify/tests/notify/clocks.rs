//! Delegated findings are clocks like actions, and after close only
//! preventive actions are reminded: stepped on a clock the test moves, seen as
//! the signed `reminder.<kind>` webhooks the worker sends.

use crate::common::*;
use muster_api::{Command, CommandRequest};
use muster_domain::{FindingKind, PreventiveActionInput, ReviewInput};

fn emails(r: &Received) -> Vec<String> {
    serde_json::from_value(r.json()["reminder"]["to"].clone()).expect("to")
}

fn text(r: &Received) -> String {
    r.json()["reminder"]["text"]
        .as_str()
        .expect("text")
        .to_owned()
}

/// The id an entry's payload gives what it made (`F1`, `A1`).
fn made(done: &muster_api::CommandResponse) -> String {
    let payload: serde_json::Value = serde_json::from_str(&done.entries[0].payload).unwrap();
    payload["id"].as_str().expect("id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_delegated_finding_is_reminded_to_its_sme_then_the_deputy() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(
        &hook.url,
        &[
            "reminder.action-overdue",
            "reminder.action-overdue-escalated",
        ],
    )
    .await;
    let inc = h.declare(false).await;
    let added = h
        .run(
            SECRETARIAT,
            &inc,
            Command::AddFinding {
                kind: FindingKind::Unknown,
                text: "Who downloaded the export?".into(),
                source: None,
            },
        )
        .await;
    let finding = made(&added);
    h.run(
        IM,
        &inc,
        Command::DelegateFinding {
            finding: finding.clone(),
            to: h.person(ANALYST).email.clone(),
            report_back_at: in_minutes(60),
        },
    )
    .await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(59)).await;
    assert!(hook.received().is_empty(), "nothing is due yet");

    h.drain(&w, in_minutes(61)).await;
    let overdue = hook.of_kind("reminder.action-overdue");
    assert_eq!(overdue.len(), 1);
    assert_eq!(
        emails(&overdue[0]),
        vec!["ana@example.org"],
        "the SME first"
    );
    assert!(
        text(&overdue[0]).contains(&format!("finding {finding} \"Who downloaded the export?\"")),
        "{}",
        text(&overdue[0])
    );

    h.drain(&w, in_minutes(91)).await;
    let escalated = hook.of_kind("reminder.action-overdue-escalated");
    assert_eq!(escalated.len(), 1);
    assert_eq!(
        emails(&escalated[0]),
        vec!["ana@example.org", "dev@example.org", "sam@example.org"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_close_only_preventive_actions_are_reminded_to_their_owners_until_done() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(&hook.url, &["*"]).await;
    let inc = h.declare(false).await;
    let created = h
        .run(
            IM,
            &inc,
            Command::CreateAction {
                title: "Add a bucket-policy check to CI".into(),
                owner: h.person(ANALYST).email.clone(),
                report_back_at: in_minutes(60),
            },
        )
        .await;
    let action = made(&created);

    // Resolving with the action open is refused, naming it and rule 7.
    let refused = h
        .client(IM)
        .command(
            &inc,
            &CommandRequest {
                command: Command::Resolve {
                    reason: "contained".into(),
                },
                occurred_at: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (refused.status(), refused.rule()),
        (Some(409), Some(7)),
        "{refused}"
    );
    assert!(
        refused.to_string().contains(&format!(
            "action {action} \"Add a bucket-policy check to CI\""
        )),
        "{refused}"
    );

    // Carried into the review, due in three days; then resolve, review, close.
    h.run(
        IM,
        &inc,
        Command::CarryAction {
            action: action.clone(),
            due: in_minutes(3 * 24 * 60),
            owner: None,
        },
    )
    .await;
    h.run(
        IM,
        &inc,
        Command::Resolve {
            reason: "contained".into(),
        },
    )
    .await;
    h.run(
        SECRETARIAT,
        &inc,
        Command::RecordReview(ReviewInput {
            went_well: "Fast containment".into(),
            even_better_if: "We had found it ourselves".into(),
            causes: String::new(),
            response: String::new(),
            lessons: vec!["Check bucket policies".into()],
            preventive_actions: vec![PreventiveActionInput {
                title: "Review every bucket".into(),
                owner: h.person(PRIVACY).email.clone(),
                due: in_minutes(10 * 24 * 60),
            }],
            thanked: true,
        }),
    )
    .await;
    h.run(
        IM,
        &inc,
        Command::Close {
            reason: "review done".into(),
        },
    )
    .await;

    let w = h.worker("w1");
    // Past the action's old report-back time, past calls and updates: only
    // the carried preventive action's reminder falls due, a day ahead.
    h.drain(&w, in_minutes(2 * 24 * 60 + 1)).await;
    let reminders: Vec<Received> = hook
        .received()
        .into_iter()
        .filter(|r| r.header("muster-event").starts_with("reminder."))
        .collect();
    let kinds: Vec<&str> = reminders.iter().map(|r| r.header("muster-event")).collect();
    assert_eq!(
        kinds,
        vec!["reminder.preventive-action-due-soon"],
        "{kinds:?}"
    );
    assert_eq!(emails(&reminders[0]), vec!["ana@example.org"]);
    assert!(text(&reminders[0]).contains("preventive action P1"));

    h.drain(&w, in_minutes(3 * 24 * 60 + 1)).await;
    let overdue = hook.of_kind("reminder.preventive-action-overdue");
    assert_eq!(overdue.len(), 1);
    assert_eq!(emails(&overdue[0]), vec!["ana@example.org"]);

    // P2, done before its due date, is never reminded; P1, still open, is
    // reminded again on a later day (until done); nothing else ever was.
    h.run(
        PRIVACY,
        &inc,
        Command::UpdatePreventiveAction {
            id: "P2".into(),
            done: true,
            note: Some("all reviewed".into()),
        },
    )
    .await;
    h.drain(&w, in_minutes(11 * 24 * 60)).await;
    let again = hook.of_kind("reminder.preventive-action-overdue");
    assert_eq!(again.len(), 2, "P1 open days later: reminded again");
    assert!(again.iter().all(|r| emails(r) == vec!["ana@example.org"]));
    assert!(text(&again[1]).contains("preventive action P1"));
    assert_eq!(hook.of_kind("reminder.preventive-action-due-soon").len(), 1);
    assert!(hook.of_kind("reminder.action-overdue").is_empty());
}
