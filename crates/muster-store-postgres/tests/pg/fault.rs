//! PostgreSQL stopped and started again under a running Muster: requests
//! during the outage are answered 503 `unavailable` with nothing written,
//! the chain stays whole with every acknowledged entry, and writes succeed
//! again by themselves, without restarting Muster.
//!
//! It stops the real server, so it runs only when `MUSTER_TEST_PG_RESTART=1`
//! (CI sets it; `.ci/postgres.sh` runs the cluster it controls), and alone: it
//! holds every other test of this binary off while it runs.

use crate::instances::{admin_token, declare, note, start, whole_log};
use muster_domain::log::verify;
use muster_store_postgres::testing::TestDatabase;
use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The cluster `pg_ctlcluster` controls, `MUSTER_TEST_PG_CLUSTER` or `15 main`.
fn pg_ctl(action: &str) {
    let cluster = std::env::var("MUSTER_TEST_PG_CLUSTER").unwrap_or_else(|_| "15 main".into());
    let mut args: Vec<&str> = cluster.split_whitespace().collect();
    args.insert(0, action);
    let status = Command::new("pg_ctlcluster")
        .args(&args)
        .status()
        .expect("run pg_ctlcluster");
    assert!(
        status.success(),
        "pg_ctlcluster {action} {cluster}: {status}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restart_mid_write_answers_503_and_recovers() {
    if std::env::var("MUSTER_TEST_PG_RESTART").as_deref() != Ok("1") {
        eprintln!(
            "skipping postgres_restart_mid_write_answers_503_and_recovers: \
             set MUSTER_TEST_PG_RESTART=1 to let it stop and start PostgreSQL"
        );
        return;
    }
    let Some(db) = TestDatabase::create_exclusive("postgres_restart_mid_write").await else {
        return;
    };
    let store_a = crate::open(&db).await;
    let store_b = crate::open(&db).await;
    let token = admin_token(&store_a).await;
    let (a, b) = (start(store_a, &token).await, start(store_b, &token).await);
    let inc = declare(&a.client).await;
    let start_seq = a.client.log(&inc, 0, 1).await.expect("log").head_seq;

    // Two writers, one per instance, writing until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for (w, client) in [a.client.clone(), b.client.clone()].into_iter().enumerate() {
        let (stop, inc) = (stop.clone(), inc.clone());
        writers.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            let mut unavailable = 0;
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("writer {w} note {i}");
                i += 1;
                match note(&client, &inc, text.clone()).await {
                    Ok(r) => acked.push((r.entries[0].seq, text)),
                    Err(e) if e.status() == Some(503) => {
                        let code = e.detail().map(|d| d.code.clone());
                        assert_eq!(code.as_deref(), Some("unavailable"), "{e}");
                        unavailable += 1;
                    }
                    Err(e) if e.status() == Some(409) => {}
                    Err(e) => panic!("writer {w}: only 503 or 409 may fail, got {e}"),
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (acked, unavailable)
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    tokio::task::spawn_blocking(|| pg_ctl("stop"))
        .await
        .expect("stop");
    // Long enough for every pooled connection to fail and for requests to
    // meet the outage, not just a dropped connection.
    tokio::time::sleep(Duration::from_secs(4)).await;
    tokio::task::spawn_blocking(|| pg_ctl("start"))
        .await
        .expect("start");

    // Service resumes by itself: a write through each instance succeeds.
    let deadline = Instant::now() + Duration::from_secs(60);
    for client in [&a.client, &b.client] {
        loop {
            match note(client, &inc, "after the restart".into()).await {
                Ok(_) => break,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("not yet: {e}");
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("writes did not resume: {e}"),
            }
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut acknowledged: HashMap<u64, String> = HashMap::new();
    let mut unavailable = 0;
    for w in writers {
        let (acked, u) = w.await.expect("writer");
        unavailable += u;
        for (seq, text) in acked {
            assert!(acknowledged.insert(seq, text).is_none(), "seq {seq} twice");
        }
    }
    assert!(
        unavailable > 0,
        "requests during the outage were answered 503"
    );

    let log = whole_log(&a.client, &inc).await;
    let verification = verify(&log);
    assert!(verification.is_whole(), "{:?}", verification.first_break);
    for (seq, text) in &acknowledged {
        let entry = &log[(*seq - 1) as usize];
        assert!(
            entry.payload.contains(text.as_str()),
            "seq {seq}: {entry:?}"
        );
    }
    // Each note is one entry, so every entry is whole or absent; beyond the
    // acknowledged ones, only the two probes after the restart (and, at
    // most, a note whose COMMIT reached PostgreSQL as it went down and whose
    // answer was lost: 503, yet written) may be present.
    let extra = log.len() as u64 - start_seq - acknowledged.len() as u64;
    assert!((2..=4).contains(&extra), "{extra} unacknowledged entries");
    eprintln!(
        "{} acknowledged, {unavailable} answered 503 during the outage",
        acknowledged.len()
    );
    // B's live view caught up with everything through the feed's resync.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let seq = b.client.incident(&inc).await.expect("via B").state.seq;
        if seq == log.len() as u64 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "B stuck at {seq} of {}",
            log.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
