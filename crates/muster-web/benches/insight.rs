//! The insight page over a generated history of 1,000 incidents, rendered by
//! the server (target: < 50 ms), beside the time to read the same incidents
//! from the store, in the same run.
//!
//! Run: `cargo bench -p muster-web --bench insight`

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use muster_app::App as AppState;
use muster_app::actor::{WEB_SESSION, mint_token};
use muster_domain::{IncidentState, Policy};
use muster_store::{Person, Store, User};
use muster_store_sqlite::SqliteStore;
use muster_store_tests::history;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use uuid::Uuid;

const INCIDENTS: usize = 1000;
const WARMUP: usize = 5;
const RUNS: usize = 50;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn time<F, Fut>(runs: usize, mut f: F) -> (Duration, Duration, Duration)
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
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    (at(0.5), at(0.99), mean)
}

fn row(name: &str, (median, p99, mean): (Duration, Duration, Duration)) {
    println!(
        "| {name:<62} | {:>10} | {:>10} | {:>10} |",
        ms(median),
        ms(p99),
        ms(mean)
    );
}

async fn user(store: &dyn Store, id: Uuid, name: &str, admin: bool) -> String {
    let p = Person {
        id,
        name: name.into(),
        email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: Vec::new(),
        team: None,
        created_at: jiff::Timestamp::now().as_microsecond(),
    };
    store.create_person(&p).await.unwrap();
    store
        .upsert_user(&User {
            person: p.id,
            admin,
            password_hash: None,
            created_at: p.created_at,
        })
        .await
        .unwrap();
    let session = mint_token(store, p.id, WEB_SESSION).await.unwrap().token;
    format!("muster_session={session}")
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
    let seeding = Instant::now();
    let end: jiff::Timestamp = "2026-11-30T00:00:00Z".parse().unwrap();
    let ids = history::generate(store.as_ref(), INCIDENTS, 42, end).await;
    println!(
        "seeded {INCIDENTS} generated incidents in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let admin = user(store.as_ref(), Uuid::now_v7(), "Ada Admin", true).await;
    let member = user(
        store.as_ref(),
        history::cast().team_member.id,
        "Priya Nair",
        false,
    )
    .await;
    let app = AppState::new(store.clone(), Policy::default());
    let router = muster_web::router(app.clone());
    let get = |cookie: String| {
        let router = router.clone();
        async move {
            let res = router
                .oneshot(
                    Request::get("/insights")
                        .header(header::COOKIE, cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let body = res.into_body().collect().await.unwrap().to_bytes();
            assert!(body.len() > 50_000, "a full page");
        }
    };
    // The first render folds every incident into the cache.
    let first = Instant::now();
    get(member.clone()).await;
    println!(
        "first render (every log read, verified and folded): {}",
        ms(first.elapsed())
    );

    println!(
        "\n| {:<62} | {:>10} | {:>10} | {:>10} |",
        "what (1,000 incidents)", "median", "p99", "mean"
    );
    println!(
        "|{}|{}|{}|{}|",
        "-".repeat(64),
        "-".repeat(12),
        "-".repeat(12),
        "-".repeat(12)
    );
    let page = time(RUNS, || get(member.clone())).await;
    row(
        "insight page, a team member (rule 10: her incidents + open ones)",
        page,
    );
    let admin_page = time(RUNS, || get(admin.clone())).await;
    row(
        "insight page, an administrator (all; restricted reads audited)",
        admin_page,
    );
    let now = jiff::Timestamp::now();
    let mut states = Vec::new();
    for id in &ids {
        states.push(app.state(*id).await.unwrap().unwrap());
    }
    let compute = time(RUNS, || {
        let states = &states;
        async move {
            let v = muster_app::insights::compute(states.iter().map(|s| s.as_ref()), &[], now);
            assert_eq!(v.incidents as usize, INCIDENTS);
        }
    })
    .await;
    row(
        "the figures alone (insights::compute over the folded states)",
        compute,
    );
    let read = time(10, || async {
        for id in &ids {
            let entries = store.entries(*id, 0, 1000).await.unwrap();
            assert!(!entries.is_empty());
        }
    })
    .await;
    row(
        "baseline: read the same incidents' entries from the store",
        read,
    );
    let fold = time(10, || async {
        for id in &ids {
            let s = muster_app::cache::catch_up(store.as_ref(), IncidentState::new(*id))
                .await
                .unwrap();
            assert!(s.seq > 0);
        }
    })
    .await;
    row("baseline: read and fold the same incidents", fold);
    println!(
        "\ninsight page median {} (team member), {} (administrator) (target < 50 ms): {}",
        ms(page.0),
        ms(admin_page.0),
        if page.0 < Duration::from_millis(50) && admin_page.0 < Duration::from_millis(50) {
            "met"
        } else {
            "MISSED"
        }
    );
}
