//! The incident room of an incident with 10,000 log entries, rendered by the
//! server (target: ≤ 50 ms), beside the time to read the same incident from
//! the store, in the same run.
//!
//! Run: `cargo bench -p muster-web --bench room`

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use muster_api::{DeclareRequest, NewReportRequest, TriageRequest};
use muster_app::App as AppState;
use muster_app::Submission;
use muster_app::actor::{WEB_SESSION, actor_for_person, mint_token};
use muster_domain::{Command, IncidentState, PersonalData, Policy};
use muster_store::{Person, Store, User};
use muster_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use uuid::Uuid;

const ENTRIES: u64 = 10_000;
const WARMUP: usize = 20;
const RUNS: usize = 200;

struct Stats {
    median: Duration,
    p99: Duration,
    mean: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    Stats {
        median: at(0.5),
        p99: at(0.99),
        mean,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn row(name: &str, s: &Stats) {
    println!(
        "| {name:<58} | {:>10} | {:>10} | {:>10} |",
        ms(s.median),
        ms(s.p99),
        ms(s.mean)
    );
}

async fn time<F, Fut>(runs: usize, mut f: F) -> Stats
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..WARMUP {
        f().await;
    }
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f().await;
        samples.push(started.elapsed());
    }
    stats(samples)
}

/// Declares an incident and fills its log with notes up to `ENTRIES` entries.
async fn incident(app: &AppState, im: &Person, restricted: bool) -> (String, Uuid) {
    let actor = actor_for_person(app, im.id).await.unwrap().unwrap();
    let report = app
        .create_report(
            &actor,
            NewReportRequest {
                title: "Benchmark incident".into(),
                description: "ten thousand entries".into(),
                source: "bench".into(),
            },
        )
        .await
        .unwrap();
    let triaged = app
        .triage(
            &actor,
            &report.reference,
            TriageRequest::Declare(Box::new(DeclareRequest {
                title: None,
                severity: "SEV-2".into(),
                category: "malware".into(),
                security: restricted,
                personal_data: PersonalData::No,
                restricted: Some(restricted),
                source: None,
                hypothesis: "a benchmark".into(),
                incident_manager: None,
                team: Vec::new(),
            })),
        )
        .await
        .unwrap();
    let reference = triaged.incident.unwrap();
    let id = app.incident_id(&reference).await.unwrap();
    let mut seq = app.state(id).await.unwrap().unwrap().seq;
    while seq < ENTRIES {
        let batch = (ENTRIES - seq).min(500);
        let writes = (0..batch).map(|i| {
            app.submit(Submission {
                incident: id,
                actor: actor.person_ref(),
                admin: true,
                occurred_at: None,
                command: Command::AddNote {
                    text: format!("note {} of the benchmark: who said what, and when", seq + i),
                },
            })
        });
        for r in futures::future::join_all(writes).await {
            r.unwrap();
        }
        seq = app.state(id).await.unwrap().unwrap().seq;
    }
    (reference, id)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(path.to_str().unwrap()).await.unwrap());
    let im = Person {
        id: Uuid::now_v7(),
        name: "Bench Manager".into(),
        email: "bench@example.org".into(),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: Vec::new(),
        team: None,
        created_at: jiff::Timestamp::now().as_microsecond(),
    };
    store.create_person(&im).await.unwrap();
    store
        .upsert_user(&User {
            person: im.id,
            admin: true,
            password_hash: None,
            created_at: im.created_at,
        })
        .await
        .unwrap();
    let app = AppState::new(store.clone(), Policy::default());
    let seeding = Instant::now();
    let (open_ref, open_id) = incident(&app, &im, false).await;
    let (restricted_ref, _) = incident(&app, &im, true).await;
    println!(
        "seeded two incidents of {ENTRIES} entries each in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let session = mint_token(store.as_ref(), im.id, WEB_SESSION)
        .await
        .unwrap()
        .token;
    let cookie = format!("muster_session={session}");
    let router = muster_web::router(app.clone());

    let get = |path: String| {
        let router = router.clone();
        let cookie = cookie.clone();
        async move {
            let res = router
                .oneshot(
                    Request::get(path)
                        .header(header::COOKIE, cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let body = res.into_body().collect().await.unwrap().to_bytes();
            assert!(body.len() > 10_000);
        }
    };

    println!(
        "\n| {:<58} | {:>10} | {:>10} | {:>10} |",
        "what (10,000-entry incident)", "median", "p99", "mean"
    );
    println!(
        "|{}|{}|{}|{}|",
        "-".repeat(60),
        "-".repeat(12),
        "-".repeat(12),
        "-".repeat(12)
    );
    let room = time(RUNS, || get(format!("/incidents/{open_ref}"))).await;
    row(
        "room page rendered (GET /incidents/{ref}, warm state)",
        &room,
    );
    let fragments = time(RUNS, || {
        get(format!("/incidents/{open_ref}/fragments?after={ENTRIES}"))
    })
    .await;
    row("live refresh (GET …/fragments, no new entries)", &fragments);
    let restricted = time(RUNS, || get(format!("/incidents/{restricted_ref}"))).await;
    row(
        "room page of a restricted incident (+ durable audit write)",
        &restricted,
    );
    let cold = time(50, || {
        app.evict(open_id);
        get(format!("/incidents/{open_ref}"))
    })
    .await;
    row(
        "room page, state not in memory (read + fold + render)",
        &cold,
    );
    let read = time(50, || async {
        let s = muster_app::cache::catch_up(store.as_ref(), IncidentState::new(open_id))
            .await
            .unwrap();
        assert_eq!(s.seq, ENTRIES);
    })
    .await;
    row(
        "baseline: read all entries from the store and fold them",
        &read,
    );
    let window = time(RUNS, || async {
        let page = store
            .entries_before(open_id, ENTRIES + 1, 200)
            .await
            .unwrap();
        assert_eq!(page.len(), 200);
    })
    .await;
    row(
        "baseline: read the room's 200-entry window from the store",
        &window,
    );
    println!(
        "\nroom render median {} (target ≤ 50 ms): {}",
        ms(room.median),
        if room.median <= Duration::from_millis(50) {
            "met"
        } else {
            "MISSED"
        }
    );
}
