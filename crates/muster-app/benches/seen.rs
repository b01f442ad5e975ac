//! "Have we seen this before?" on a million indicators (issue 11), through
//! the application and the store's seen index, beside the in-memory index
//! the lookup used to read, in the same run.
//!
//! A SQLite store is filled with `MUSTER_BENCH_INCIDENTS` incidents (default
//! 1,000) of `MUSTER_BENCH_PER` `ipv4` indicators each (default 1,000),
//! declared and decided by the domain's own rules, each value on one
//! incident. Then, in the same run:
//! - `App::seen` on a new `App` over that store, as a new instance meets
//!   it: the first lookup (it reads the index and folds the one incident
//!   that holds the value), then 200 lookups of values spread over the
//!   incidents (p50, p99), each folding at most its own incident once;
//! - baseline: what the previous lookup needed first on a new instance,
//!   folding every incident to build its in-memory index, and then that
//!   index's lookup alone (a hash map of value → (incident, position)).
//!
//! Run: `cargo bench -p muster-app --bench seen`.

use jiff::{SignedDuration, Timestamp};
use muster_app::{Actor, App};
use muster_domain::indicator::IndicatorInput;
use muster_domain::{
    Command, Context, Declaration, IncidentState, PersonRef, PersonalData, Policy, Role, decide,
    declare,
};
use muster_store::{LogStore, Person, Store};
use muster_store_sqlite::SqliteStore;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;
use uuid::Uuid;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn value(n: usize) -> String {
    format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
}

fn person(n: u128, name: &str, tags: &[&str]) -> PersonRef {
    PersonRef {
        id: Uuid::from_u128(n),
        name: name.into(),
        expertise: tags.iter().map(|t| t.to_string()).collect(),
        chat_handle: None,
    }
}

/// One incident's summary and log: declared, then `per` indicators in one
/// decision (what an import is).
fn incident(
    policy: &Policy,
    i: usize,
    per: usize,
) -> (IncidentState, Vec<muster_domain::LogEntry>) {
    let im = person(1, "Imogen", &[]);
    let analyst = person(3, "Ana", &["security-analyst"]);
    let at = Timestamp::now() - SignedDuration::from_hours(1);
    let ctx = |actor: &PersonRef| Context {
        actor: actor.clone(),
        admin: false,
        now: at,
        policy,
    };
    let id = Uuid::now_v7();
    let d = Declaration {
        reference: format!("INC-2026-{:05}", i + 1),
        title: format!("Scanning from range {i}"),
        severity: "SEV-3".into(),
        category: "malware".into(),
        security: true,
        personal_data: PersonalData::No,
        restricted: Some(false),
        source: "SIEM".into(),
        hypothesis: String::new(),
        report: None,
        incident_manager: None,
        team: vec![(analyst.clone(), Role::Sme)],
    };
    let (events, _) = declare(id, &ctx(&im), d).expect("declare");
    let mut state = IncidentState::new(id);
    let mut log = Vec::new();
    for e in &events {
        log.push(state.append(&im, at, None, e));
    }
    let inputs = (0..per)
        .map(|j| IndicatorInput {
            ty: "ipv4".into(),
            value: value(i * per + j),
            tlp: None,
            pap: None,
            ioc: true,
            tags: Vec::new(),
            first_seen: None,
            last_seen: None,
            comment: None,
        })
        .collect();
    for e in decide(&state, &ctx(&analyst), Command::AddIndicators(inputs)).expect("accepted") {
        log.push(state.append(&analyst, at, None, &e));
    }
    (state, log)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() {
    let incidents = env("MUSTER_BENCH_INCIDENTS", 1000);
    let per = env("MUSTER_BENCH_PER", 1000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("seen.db");
        let path = path.to_str().expect("utf-8").to_owned();
        let policy = Policy::default();
        {
            let store = SqliteStore::open(&path).await.expect("open");
            let t = Instant::now();
            for i in 0..incidents {
                let (state, log) = incident(&policy, i, per);
                store
                    .create_incident(
                        &muster_app::committer::summary(&state),
                        &log,
                        None,
                        &Default::default(),
                    )
                    .await
                    .expect("create");
            }
            println!(
                "filled: {incidents} incidents × {per} indicators = {} in {:.1} s",
                incidents * per,
                t.elapsed().as_secs_f64()
            );
            store.close().await.expect("close");
        }
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).await.expect("open"));
        let app = App::new(store.clone(), policy.clone());
        let actor = Actor {
            person: Person {
                id: Uuid::now_v7(),
                name: "Otto Outsider".into(),
                email: "otto@example.org".into(),
                chat_handle: None,
                slack_id: None,
                matrix_id: None,
                teams_id: None,
                expertise: Vec::new(),
                team: None,
                created_at: 0,
            },
            admin: false,
            source: None,
        };
        let total = incidents * per;
        let t = Instant::now();
        let first = app
            .seen(&actor, &value(total / 2), None)
            .await
            .expect("seen");
        let first_ms = t.elapsed().as_secs_f64() * 1e3;
        assert_eq!(first.incidents.len(), 1, "each value is on one incident");
        let mut times = Vec::new();
        for k in 0..200 {
            let n = (k * 7919 * per + k) % total;
            let t = Instant::now();
            let answer = app.seen(&actor, &value(n), None).await.expect("seen");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            assert_eq!(answer.incidents.len(), 1, "{}", value(n));
        }
        // The same 200 again: every hit's state is now cached.
        let mut warm = Vec::new();
        for k in 0..200 {
            let n = (k * 7919 * per + k) % total;
            let t = Instant::now();
            let answer = app.seen(&actor, &value(n), None).await.expect("seen");
            warm.push(t.elapsed().as_secs_f64() * 1e3);
            assert_eq!(answer.incidents.len(), 1);
        }
        times.sort_by(f64::total_cmp);
        warm.sort_by(f64::total_cmp);

        // Baseline: the previous lookup's warm-up (fold every incident, index
        // every value) and its index's lookup.
        let fresh = App::new(store.clone(), policy.clone());
        let t = Instant::now();
        let mut index: HashMap<String, Vec<(Uuid, u32)>> = HashMap::new();
        for summary in store.list_incidents().await.expect("list") {
            let state = fresh.state(summary.id).await.expect("fold").expect("state");
            for (at, i) in state.indicators.items.iter().enumerate() {
                index
                    .entry(i.value.clone())
                    .or_default()
                    .push((state.id, at as u32));
            }
        }
        let warmup_s = t.elapsed().as_secs_f64();
        let mut hash = Vec::new();
        for k in 0..200 {
            let n = (k * 7919 * per + k) % total;
            let v = value(n);
            let t = Instant::now();
            let hits = std::hint::black_box(index.get(&v).cloned());
            hash.push(t.elapsed().as_secs_f64() * 1e3);
            assert_eq!(hits.map(|h| h.len()), Some(1));
        }
        hash.sort_by(f64::total_cmp);
        println!("| lookup | p50 | p99 |");
        println!("|---|---|---|");
        println!(
            "| `App::seen`, store index, first lookup on a new instance | {first_ms:.2} ms | — |"
        );
        println!(
            "| `App::seen`, store index, 200 values (each hit's incident folded on first touch) | {:.2} ms | {:.2} ms |",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
        println!(
            "| `App::seen`, store index, the same 200 again (states cached) | {:.3} ms | {:.3} ms |",
            percentile(&warm, 0.5),
            percentile(&warm, 0.99)
        );
        println!(
            "| baseline: in-memory index lookup alone (the previous shape) | {:.4} ms | {:.4} ms |",
            percentile(&hash, 0.5),
            percentile(&hash, 0.99)
        );
        println!(
            "baseline: the previous lookup's warm-up on a new instance (fold every incident, index every value): {warmup_s:.1} s"
        );
    });
}
