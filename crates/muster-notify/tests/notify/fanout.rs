//! A change's fan-out row is written only when someone will receive
//! something (issue 15): a note nobody subscribes to costs no outbox row and
//! no claim by the worker; a change the worker acts on itself (a role
//! assigned), or any change once a webhook subscription exists, still is.

use crate::common::*;
use muster_api::Command;
use muster_app::outbox::FANOUT;
use muster_store::{OutboxItem, OutboxQuery, OutboxStore};

async fn fanouts(h: &Harness) -> Vec<OutboxItem> {
    h.store
        .list_outbox(&OutboxQuery {
            channel: Some(FANOUT.into()),
            ..OutboxQuery::default()
        })
        .await
        .expect("delivery log")
}

fn note(text: &str) -> Command<String> {
    Command::AddNote { text: text.into() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_nobody_subscribes_to_writes_no_fanout_row() {
    let h = Harness::start(settings()).await;
    let inc = h.declare(false).await;
    // The declaration is work for the worker itself (chat, severity emails).
    let after_declare = fanouts(&h).await.len();
    assert_eq!(after_declare, 1, "the declaration is fanned out");

    h.run(SECRETARIAT, &inc, note("nobody listens")).await;
    assert_eq!(
        fanouts(&h).await.len(),
        after_declare,
        "no subscriber, nothing for the worker: no row"
    );

    // A role change is the worker's own work (the chat channel's members).
    h.run(
        IM,
        &inc,
        Command::StandDown {
            person: h.person(COMMS).email.clone(),
            role: muster_domain::Role::CommsLead,
            reason: "back to the day job".into(),
        },
    )
    .await;
    let after_team = fanouts(&h).await;
    assert_eq!(after_team.len(), after_declare + 1, "{after_team:?}");

    // Once anyone subscribes, every change is fanned out again.
    let hook = Receiver::start().await;
    h.subscribe(&hook.url, &["note-added"]).await;
    h.run(SECRETARIAT, &inc, note("now someone listens")).await;
    assert_eq!(fanouts(&h).await.len(), after_declare + 2);
    h.drain(&h.worker("w1"), in_minutes(0)).await;
    let got = hook.of_kind("note-added");
    assert_eq!(got.len(), 1, "only the note after subscribing: {got:?}");
    assert_eq!(got[0].json()["payload"]["text"], "now someone listens");
}
