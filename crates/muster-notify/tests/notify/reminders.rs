//! Every reminder kind, delivered by stepping the worker on a clock the test
//! moves, and observed as the signed `reminder.<kind>` webhooks it causes.

use crate::common::*;
use muster_api::Command;
use muster_notify::Worker;
use muster_store::{OutboxQuery, OutboxStatus, OutboxStore};

fn emails(r: &Received) -> Vec<String> {
    serde_json::from_value(r.json()["reminder"]["to"].clone()).expect("to")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn action_reminders_go_to_the_owner_then_the_deputy_and_secretariat_once() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(
        &hook.url,
        &[
            "reminder.action-due-soon",
            "reminder.action-overdue",
            "reminder.action-overdue-escalated",
        ],
    )
    .await;
    let inc = h.declare(false).await;
    h.run(
        IM,
        &inc,
        Command::CreateAction {
            title: "Rotate the bucket's keys".into(),
            owner: h.person(ANALYST).email.clone(),
            report_back_at: in_minutes(60),
        },
    )
    .await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    assert!(hook.received().is_empty(), "nothing is due yet");

    h.drain(&w, in_minutes(31)).await;
    let soon = hook.of_kind("reminder.action-due-soon");
    assert_eq!(soon.len(), 1);
    assert_eq!(emails(&soon[0]), vec!["ana@example.org"]);
    assert!(
        soon[0].json()["reminder"]["text"]
            .as_str()
            .unwrap()
            .contains("Rotate the bucket's keys")
    );

    h.drain(&w, in_minutes(61)).await;
    let overdue = hook.of_kind("reminder.action-overdue");
    assert_eq!(overdue.len(), 1);
    assert_eq!(
        emails(&overdue[0]),
        vec!["ana@example.org"],
        "the owner first"
    );

    h.drain(&w, in_minutes(91)).await;
    let escalated = hook.of_kind("reminder.action-overdue-escalated");
    assert_eq!(escalated.len(), 1);
    assert_eq!(
        emails(&escalated[0]),
        vec!["ana@example.org", "dev@example.org", "sam@example.org"]
    );

    // However often the worker steps, and the sweep re-plans, each fired once.
    h.drain(&w, in_minutes(92)).await;
    h.drain(&w, in_minutes(200)).await;
    assert_eq!(hook.of_kind("reminder.action-due-soon").len(), 1);
    assert_eq!(hook.of_kind("reminder.action-overdue").len(), 1);
    assert_eq!(hook.of_kind("reminder.action-overdue-escalated").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_back_before_the_reminder_cancels_it() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(
        &hook.url,
        &["reminder.action-due-soon", "reminder.action-overdue"],
    )
    .await;
    let inc = h.declare(false).await;
    let done = h
        .run(
            IM,
            &inc,
            Command::CreateAction {
                title: "Pull the access logs".into(),
                owner: h.person(ANALYST).email.clone(),
                report_back_at: in_minutes(60),
            },
        )
        .await;
    let payload: serde_json::Value = serde_json::from_str(&done.entries[0].payload).unwrap();
    let id = payload["id"].as_str().expect("action id").to_owned();
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.run(
        ANALYST,
        &inc,
        Command::UpdateAction {
            action: id,
            status: muster_domain::ActionStatus::Done,
            report: Some("logs pulled".into()),
            report_back_at: None,
        },
    )
    .await;
    h.drain(&w, in_minutes(61)).await;
    assert!(hook.received().is_empty(), "{:?}", hook.received());
    let cancelled = h
        .store
        .list_outbox(&OutboxQuery {
            status: Some(OutboxStatus::Cancelled),
            channel: Some("reminder".into()),
            ..OutboxQuery::default()
        })
        .await
        .unwrap();
    assert!(
        cancelled.len() >= 2,
        "the plan's reminders were cancelled: {cancelled:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decision_points_heartbeat_calls_and_stakeholder_updates() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(
        &hook.url,
        &[
            "reminder.decision-point",
            "reminder.heartbeat-call",
            "reminder.stakeholder-update",
        ],
    )
    .await;
    let inc = h.declare(false).await;
    h.run(
        SECRETARIAT,
        &inc,
        Command::RecordCall(muster_domain::calls::CallInput {
            held_at: None,
            what_happened: "The export bucket was public".into(),
            what_it_means: "Customer emails may be exposed".into(),
            what_we_have_done: "Closed the bucket".into(),
            what_we_do_next: "Read the access logs".into(),
            decisions: vec!["Prepare an ICO notification".into()],
            next_decision_at: Some(in_minutes(60)),
        }),
    )
    .await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(46)).await;
    let decision = hook.of_kind("reminder.decision-point");
    assert_eq!(decision.len(), 1);
    assert_eq!(
        emails(&decision[0]),
        vec!["imogen@example.org", "dev@example.org", "sam@example.org"]
    );

    // SEV-2: calls every 120 minutes from the declaration, reminded 10 ahead.
    h.drain(&w, in_minutes(111)).await;
    assert_eq!(hook.of_kind("reminder.heartbeat-call").len(), 1);
    let text = hook.of_kind("reminder.heartbeat-call")[0].json()["reminder"]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(text.contains("roll call, then what happened"), "{text}");
    // Stakeholder updates every 240 minutes, reminded 15 ahead.
    h.drain(&w, in_minutes(226)).await;
    let update = hook.of_kind("reminder.stakeholder-update");
    assert_eq!(update.len(), 1);
    assert_eq!(
        emails(&update[0]),
        vec!["cora@example.org", "imogen@example.org"]
    );
    // Once the first call's time has passed, the sweep plans the next one.
    h.drain(&w, in_minutes(231)).await;
    assert_eq!(
        hook.of_kind("reminder.heartbeat-call").len(),
        2,
        "the second call, at 240"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_manager_going_off_duty_without_a_handover_is_reminded() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(&hook.url, &["reminder.off-duty"]).await;
    h.on_call_until(in_minutes(90)).await;
    let inc = h.declare(false).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await;
    h.drain(&w, in_minutes(31)).await;
    let off = hook.of_kind("reminder.off-duty");
    assert_eq!(off.len(), 1);
    assert_eq!(
        emails(&off[0]),
        vec!["imogen@example.org", "dev@example.org"]
    );
    let _ = inc;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_briefed_handover_cancels_the_off_duty_reminder() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(&hook.url, &["reminder.off-duty"]).await;
    h.on_call_until(in_minutes(90)).await;
    let inc = h.declare(false).await;
    let w = h.worker("w1");
    h.drain(&w, in_minutes(0)).await; // the sweep plans the reminder
    h.run(
        IM,
        &inc,
        Command::BriefHandover {
            to: h.person(DEPUTY).email.clone(),
            brief: "Everything is in the log; ICO decision at 17:00".into(),
            outgoing_role: None,
        },
    )
    .await;
    let step = h.drain(&w, in_minutes(31)).await;
    assert!(hook.of_kind("reminder.off-duty").is_empty());
    assert!(step.cancelled >= 1, "{step:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_two_instances_never_deliver_a_reminder_twice() {
    let h = Harness::start(settings()).await;
    let hook = Receiver::start().await;
    h.subscribe(&hook.url, &["reminder.action-due-soon"]).await;
    let inc = h.declare(false).await;
    for i in 0..6 {
        h.run(
            IM,
            &inc,
            Command::CreateAction {
                title: format!("Task {i}"),
                owner: h.person(ANALYST).email.clone(),
                report_back_at: in_minutes(60),
            },
        )
        .await;
    }
    // A second instance: its own store connections and state on the same file.
    let second = h.second_instance().await;
    let (a, b) = (h.worker("instance-a"), Worker::named(second, "instance-b"));
    for minutes in [0, 31, 32, 33] {
        let at = in_minutes(minutes);
        for _ in 0..4 {
            let (x, y) = tokio::join!(a.run_once(at), b.run_once(at));
            x.expect("a");
            y.expect("b");
        }
    }
    let soon = hook.of_kind("reminder.action-due-soon");
    assert_eq!(soon.len(), 6, "one per action, whichever worker took it");
    let mut ids: Vec<&str> = soon.iter().map(|r| r.header("muster-delivery")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    let done = h
        .store
        .list_outbox(&OutboxQuery {
            status: Some(OutboxStatus::Delivered),
            channel: Some("reminder".into()),
            ..OutboxQuery::default()
        })
        .await
        .unwrap();
    let by: std::collections::HashSet<_> =
        done.iter().filter_map(|r| r.claimed_by.clone()).collect();
    assert!(!by.is_empty());
}
