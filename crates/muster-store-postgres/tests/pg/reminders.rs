//! A due reminder fires exactly once with two instances on one PostgreSQL
//! database, each running its own outbox worker: the claim's
//! `FOR UPDATE SKIP LOCKED` hands every row to one worker only.

use crate::instances::{admin_token, start};
use axum::http::HeaderMap;
use jiff::{SignedDuration, Timestamp};
use muster_api::*;
use muster_app::App as AppState;
use muster_domain::{PersonalData, Role};
use muster_notify::{Notifier, NotifySettings, Worker};
use muster_store::{OutboxQuery, OutboxStatus, OutboxStore, Store, WebhookSubscription};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// A webhook receiver that records each delivery's id.
async fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let got = Arc::new(Mutex::new(Vec::new()));
    let seen = got.clone();
    let app = axum::Router::new().route(
        "/",
        axum::routing::post(move |headers: HeaderMap| {
            let seen = seen.clone();
            async move {
                let id = headers
                    .get("muster-delivery")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("?")
                    .to_owned();
                seen.lock().expect("lock").push(id);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

fn worker(store: Arc<dyn Store>, id: &str) -> Worker {
    let app = AppState::new(store, muster_domain::Policy::default());
    let settings = NotifySettings {
        worker_id: id.into(),
        ..NotifySettings::default()
    };
    Worker::named(
        Arc::new(Notifier::new(app, settings).expect("notifier")),
        id,
    )
}

fn in_minutes(m: i64) -> Timestamp {
    Timestamp::now() + SignedDuration::from_mins(m)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_due_reminder_fires_exactly_once_across_two_instances() {
    let Some((db, store_a)) = crate::fresh("a_due_reminder_fires_exactly_once").await else {
        return;
    };
    let store_b = crate::open(&db).await;
    let token = admin_token(&store_a).await;
    let a = start(store_a.clone(), &token).await;
    let (url, received) = receiver().await;
    store_a
        .create_subscription(&WebhookSubscription {
            id: Uuid::now_v7(),
            url,
            secret: "whsec_test_secret_0123456789".into(),
            kinds: vec!["reminder.action-due-soon".into()],
            active: true,
            description: None,
            created_by: Uuid::now_v7(),
            created_at: Timestamp::now().as_microsecond(),
        })
        .await
        .expect("subscription");

    let analyst = a
        .client
        .create_person(&NewPersonRequest {
            name: "Ana Analyst".into(),
            email: "ana@example.org".into(),
            chat_handle: Some("ana".into()),
            slack_id: None,
            matrix_id: None,
            teams_id: None,
            expertise: vec!["security-analyst".into()],
            team: None,
        })
        .await
        .expect("analyst");
    let report = a
        .client
        .create_report(&NewReportRequest {
            title: "Odd logins".into(),
            description: "from one ASN".into(),
            source: "SIEM".into(),
        })
        .await
        .expect("report");
    let declare = DeclareRequest {
        title: None,
        severity: "SEV-2".into(),
        category: "unauthorised-access".into(),
        security: false,
        personal_data: PersonalData::No,
        restricted: None,
        source: None,
        hypothesis: "credential stuffing".into(),
        incident_manager: None,
        team: vec![TeamMember {
            person: analyst.email.clone(),
            role: Role::Sme,
        }],
    };
    let inc = a
        .client
        .triage(
            &report.reference,
            &TriageRequest::Declare(Box::new(declare)),
        )
        .await
        .expect("declare")
        .incident
        .expect("incident");
    const ACTIONS: usize = 6;
    for i in 0..ACTIONS {
        let cmd = Command::CreateAction {
            title: format!("Task {i}"),
            owner: analyst.email.clone(),
            report_back_at: in_minutes(60),
        };
        let req = CommandRequest {
            command: cmd,
            occurred_at: None,
        };
        a.client.command(&inc, &req).await.expect("action");
    }

    // One worker per instance, each on its own pool, stepping at the same
    // moments: both see every row due, and race to claim it.
    let (wa, wb) = (
        worker(store_a.clone(), "instance-a"),
        worker(store_b, "instance-b"),
    );
    for minutes in [0, 31, 32, 33] {
        let at = in_minutes(minutes);
        for _ in 0..4 {
            let (x, y) = tokio::join!(wa.run_once(at), wb.run_once(at));
            x.expect("worker a");
            y.expect("worker b");
        }
    }
    let mut ids = received.lock().expect("lock").clone();
    assert_eq!(ids.len(), ACTIONS, "one reminder per action: {ids:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ACTIONS, "no delivery twice");
    let delivered = store_a
        .list_outbox(&OutboxQuery {
            status: Some(OutboxStatus::Delivered),
            channel: Some("reminder".into()),
            ..OutboxQuery::default()
        })
        .await
        .expect("outbox");
    assert!(!delivered.is_empty(), "the reminders are marked delivered");
}
