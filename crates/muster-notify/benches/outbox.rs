//! Outbox benchmark: webhook deliveries per second through the worker, and the
//! delay from a committed change to its webhook arriving, each beside a
//! baseline measured in the same run against the same local receiver (plain
//! HTTP POSTs with no outbox; and the commit alone). Run with
//! `cargo bench -p muster-notify --bench outbox`; MUSTER_BENCH_N sets the
//! number of deliveries (default 3000).

use axum::body::Bytes;
use jiff::Timestamp;
use muster_api::*;
use muster_app::App as AppState;
use muster_app::Submission;
use muster_app::actor as auth;
use muster_client::Client;
use muster_domain::{Command, PersonalData, Policy, Role};
use muster_notify::{Notifier, NotifySettings, Worker};
use muster_store::{
    AuthStore, OutboxChanges, OutboxItem, PeopleStore, Person, RotaStore, Shift, User,
    WebhookSubscription,
};
use muster_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use uuid::Uuid;

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn summary(name: &str, mut xs: Vec<Duration>) {
    xs.sort();
    println!(
        "{name:<44} p50 {:>7.3} ms  p95 {:>7.3} ms  p99 {:>7.3} ms  (n={})",
        pct(&xs, 0.5),
        pct(&xs, 0.95),
        pct(&xs, 0.99),
        xs.len()
    );
}

/// A receiver that answers 200 and reports each body's `seq` (0 when absent).
async fn receiver() -> (String, mpsc::UnboundedReceiver<u64>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: Bytes| {
            let tx = tx.clone();
            async move {
                let seq = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v["seq"].as_u64())
                    .unwrap_or(0);
                let _ = tx.send(seq);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

async fn person(store: &SqliteStore, name: &str, tags: &[&str]) -> Person {
    let p = Person {
        id: Uuid::now_v7(),
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase()),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: tags.iter().map(|t| (*t).to_owned()).collect(),
        team: None,
        created_at: Timestamp::now().as_microsecond(),
    };
    store.create_person(&p).await.unwrap();
    store
        .upsert_user(&User {
            person: p.id,
            admin: true,
            password_hash: None,
            created_at: 0,
        })
        .await
        .unwrap();
    p
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    muster_notify::install_crypto_provider();
    let n: usize = std::env::var("MUSTER_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let store = Arc::new(SqliteStore::open(path.to_str().unwrap()).await.unwrap());
    let dyn_store: Arc<dyn muster_store::Store> = store.clone();
    let app = AppState::new(dyn_store, Policy::default());
    let settings = NotifySettings {
        batch: 64,
        ..NotifySettings::default()
    };
    let notifier = Arc::new(Notifier::new(app.clone(), settings).unwrap());
    let (hook, mut got) = receiver().await;
    let http = reqwest::Client::new();
    let body =
        serde_json::json!({"kind": "note-added", "seq": 0, "payload": {"text": "x".repeat(200)}})
            .to_string();

    // Baseline 1: one empty round trip at a time to the same receiver.
    let mut rtt = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        http.post(&hook).body(body.clone()).send().await.unwrap();
        got.recv().await;
        rtt.push(t.elapsed());
    }
    // Baseline 2: plain POSTs, 64 in flight, as fast as they go.
    let t = Instant::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(64) {
        futures::future::join_all(
            chunk
                .iter()
                .map(|_| http.post(&hook).body(body.clone()).send()),
        )
        .await;
    }
    let plain = n as f64 / t.elapsed().as_secs_f64();
    while got.try_recv().is_ok() {}

    // Outbox throughput: n webhook rows due now, delivered by one worker.
    let admin = person(&store, "Ada", &[]).await;
    let sub = WebhookSubscription {
        id: Uuid::now_v7(),
        url: hook.clone(),
        secret: "whsec_bench_secret_000000".into(),
        kinds: vec!["*".into()],
        active: true,
        description: None,
        created_by: admin.id,
        created_at: 0,
    };
    muster_store::OutboxStore::create_subscription(store.as_ref(), &sub)
        .await
        .unwrap();
    let now = Timestamp::now().as_microsecond();
    let rows = (0..n)
        .map(|i| {
            OutboxItem::new(
                format!("bench:{i}"),
                "webhook",
                serde_json::json!({"subscription": sub.id, "kind": "note-added", "body": body}),
                now,
                now,
            )
        })
        .collect();
    muster_store::OutboxStore::enqueue(
        store.as_ref(),
        &OutboxChanges {
            enqueue: rows,
            cancel: vec![],
            if_subscribed: Vec::new(),
        },
    )
    .await
    .unwrap();
    let worker = Worker::named(notifier.clone(), "bench");
    let t = Instant::now();
    let mut delivered = 0;
    while delivered < n {
        delivered += worker.run_once(Timestamp::now()).await.unwrap().delivered;
    }
    let outbox = n as f64 / t.elapsed().as_secs_f64();
    while got.try_recv().is_ok() {}

    // Change to notification: a declared incident, the worker running, notes committed one at a time.
    let im = person(&store, "Imogen", &["incident-manager"]).await;
    let analyst = person(&store, "Ana", &["security-analyst"]).await;
    let privacy = person(&store, "Priya", &["data-privacy"]).await;
    store
        .add_shift(&Shift {
            id: Uuid::now_v7(),
            person: im.id,
            starts_at: 0,
            ends_at: i64::MAX / 2,
        })
        .await
        .unwrap();
    let router = muster_server::routes::router(app.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(muster_server::serve_router(
        router,
        listener,
        std::future::pending(),
    ));
    let token = auth::mint_token(store.as_ref(), im.id, "bench")
        .await
        .unwrap()
        .token;
    let client = Client::new(&url, Some(token)).unwrap();
    let report = client
        .create_report(&NewReportRequest {
            title: "Bench".into(),
            description: "d".into(),
            source: "s".into(),
        })
        .await
        .unwrap();
    let team = vec![
        TeamMember {
            person: analyst.email.clone(),
            role: Role::Sme,
        },
        TeamMember {
            person: privacy.email.clone(),
            role: Role::Sme,
        },
    ];
    let declared = client
        .triage(
            &report.reference,
            &TriageRequest::Declare(Box::new(DeclareRequest {
                title: None,
                severity: "SEV-3".into(),
                category: "other".into(),
                security: false,
                personal_data: PersonalData::No,
                restricted: Some(false),
                source: None,
                hypothesis: "h".into(),
                incident_manager: None,
                team,
            })),
        )
        .await
        .unwrap();
    let incident = app.incident_id(&declared.incident.unwrap()).await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(Worker::named(notifier.clone(), "live").run(async {
        let _ = stopped.await;
    }));
    tokio::time::sleep(Duration::from_millis(200)).await;
    while got.try_recv().is_ok() {}
    let actor = muster_app::actor::person_ref(&analyst);
    let (mut commit, mut delay) = (Vec::new(), Vec::new());
    for i in 0..300 {
        let t = Instant::now();
        let done = app
            .submit(Submission {
                incident,
                actor: actor.clone(),
                admin: false,
                occurred_at: None,
                command: Command::AddNote {
                    text: format!("note {i}"),
                },
            })
            .await
            .unwrap();
        commit.push(t.elapsed());
        let seq = done.entries[0].seq;
        while got.recv().await != Some(seq) {}
        delay.push(t.elapsed());
    }
    let _ = stop.send(());

    println!("outbox benchmark (SQLite, synchronous=FULL; local receiver on 127.0.0.1)");
    println!(
        "{:<44} {plain:>9.0} deliveries/s",
        "baseline: plain POSTs, 64 in flight"
    );
    println!(
        "{:<44} {outbox:>9.0} deliveries/s  ({:.0}% of baseline; n={n})",
        "outbox worker: claim, sign, POST, complete",
        100.0 * outbox / plain
    );
    summary("baseline: empty round trip to the receiver", rtt);
    summary("commit alone (note, group commit + fsync)", commit);
    summary("change -> webhook received (worker loop)", delay);
}
