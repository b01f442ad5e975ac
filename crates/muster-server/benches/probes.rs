//! Rule 10's refusals, timed: an outsider's 404 for a restricted incident that
//! exists beside the 404 for a reference that names no incident, interleaved on
//! one connection so that the machine's noise falls on both alike, and beside a
//! baseline from the same run (a team member's audited read of the incident).
//! Both refusals take one path (a store lookup and a durable audit record), so
//! their figures should agree within the noise.
//!
//! Run: `cargo bench -p muster-server --bench probes` (add `-- --quick` for a
//! short run). Prints a Markdown table for BENCHMARKS.md.

use muster_api::*;
use muster_client::Client;
use muster_domain::{PersonalData, Role};
use muster_server::ServerConfig;
use muster_store::Store;
use muster_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "support/people.rs"]
mod people;
use people::person;

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 300 } else { 3000 };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(
        SqliteStore::open(dir.path().join("muster.db").to_str().expect("path"))
            .await
            .expect("store"),
    );
    let (_, admin_token) = person(&store, "Ada Admin", &[], true).await;
    let (im, _) = person(&store, "Imogen Manager", &[], false).await;
    let (sme, sme_token) = person(&store, "Ana Analyst", &["security-analyst"], false).await;
    let (_, outsider_token) = person(&store, "Otto Outsider", &[], false).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let dyn_store: Arc<dyn Store> = store.clone();
    tokio::spawn(muster_server::serve(
        ServerConfig::default(),
        dyn_store,
        listener,
        std::future::pending(),
    ));
    let admin = Client::new(&url, Some(admin_token)).expect("client");
    let report = admin
        .create_report(&NewReportRequest {
            title: "bench".into(),
            description: "bench".into(),
            source: "bench".into(),
        })
        .await
        .expect("report");
    let declared = DeclareRequest {
        title: None,
        severity: "SEV-2".into(),
        category: "malware".into(),
        security: true,
        personal_data: PersonalData::No,
        restricted: None,
        source: None,
        hypothesis: "bench".into(),
        incident_manager: Some(im.email.clone()),
        team: vec![TeamMember {
            person: sme.email.clone(),
            role: Role::Sme,
        }],
    };
    let inc = admin
        .triage(
            &report.reference,
            &TriageRequest::Declare(Box::new(declared)),
        )
        .await
        .expect("declare")
        .incident
        .expect("reference");
    let outsider = Client::new(&url, Some(outsider_token)).expect("client");
    let member = Client::new(&url, Some(sme_token)).expect("client");
    // Warm both paths (connection, caches) before measuring.
    for _ in 0..20 {
        let _ = outsider.incident(&inc).await;
        let _ = outsider.incident("INC-1999-0001").await;
        member.incident(&inc).await.expect("member read");
    }

    let (mut hidden, mut absent, mut read) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate which goes first, so neither always follows the other.
        let order: [u8; 3] = if round % 2 == 0 { [0, 1, 2] } else { [1, 0, 2] };
        for which in order {
            let start = Instant::now();
            match which {
                0 => {
                    let e = outsider.incident(&inc).await.expect_err("hidden");
                    assert_eq!(e.status(), Some(404));
                    hidden.push(start.elapsed());
                }
                1 => {
                    let e = outsider
                        .incident("INC-1999-0001")
                        .await
                        .expect_err("absent");
                    assert_eq!(e.status(), Some(404));
                    absent.push(start.elapsed());
                }
                _ => {
                    member.incident(&inc).await.expect("read");
                    read.push(start.elapsed());
                }
            }
        }
    }
    println!("## Rule 10's 404: a restricted incident beside no incident (SQLite)\n");
    println!(
        "{rounds} rounds, interleaved on one client each; every request is audited durably.\n"
    );
    println!("| request | p50 ms | p90 ms | p99 ms |");
    println!("|---|---|---|---|");
    for (name, mut times) in [
        ("outsider, restricted incident (404)", hidden),
        ("outsider, no such incident (404)", absent),
        ("baseline: team member's audited read (200)", read),
    ] {
        times.sort();
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} |",
            percentile(&times, 0.50),
            percentile(&times, 0.90),
            percentile(&times, 0.99)
        );
    }
}
