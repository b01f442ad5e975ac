//! The log over HTTP: paging, verification, concurrent writers, live events,
//! exports, and the service endpoints.

use crate::common::*;
use futures::StreamExt;
use muster_api::*;
use std::collections::HashSet;

backends!(concurrent_writers_never_fork_or_lose_an_entry);
async fn concurrent_writers_never_fork_or_lose_an_entry(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let start = team.im.client.incident(&inc).await.expect("view").state.seq;

    let writers = 24;
    let each = 15;
    let mut tasks = Vec::new();
    for w in 0..writers {
        let client = if w % 2 == 0 {
            team.secretariat.client.clone()
        } else {
            team.analyst.client.clone()
        };
        let inc = inc.clone();
        tasks.push(tokio::spawn(async move {
            let mut seqs = Vec::new();
            for i in 0..each {
                let r = run(
                    &client,
                    &inc,
                    Command::AddNote {
                        text: format!("writer {w} note {i}"),
                    },
                )
                .await
                .expect("note");
                seqs.push(r.entries[0].seq);
            }
            seqs
        }));
    }
    let mut acknowledged = HashSet::new();
    for t in tasks {
        for seq in t.await.expect("task") {
            assert!(
                acknowledged.insert(seq),
                "two requests were told the same seq {seq}"
            );
        }
    }
    assert_eq!(acknowledged.len(), writers * each);

    // Every acknowledged entry is there, in one gap-free chain.
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = team.im.client.log(&inc, after, 100).await.expect("page");
        all.extend(page.entries.iter().cloned());
        match page.next_after {
            Some(next) => after = next,
            None => {
                assert_eq!(page.head_seq, start + (writers * each) as u64);
                break;
            }
        }
    }
    assert_eq!(all.len() as u64, start + (writers * each) as u64);
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e.seq, i as u64 + 1);
    }
    for seq in &acknowledged {
        assert_eq!(all[(*seq - 1) as usize].kind, "note-added");
    }
    let local = muster_domain::log::verify(&all);
    assert!(local.is_whole(), "{local:?}");
    let remote = team.im.client.verify(&inc).await.expect("verify");
    assert_eq!(remote.verification, local);

    // Reading backwards from the head.
    let tail = team
        .im
        .client
        .log_before(&inc, local.entries + 1, 10)
        .await
        .expect("tail");
    assert_eq!(tail.entries.len(), 10);
    assert_eq!(tail.entries.last().map(|e| e.seq), Some(local.entries));
    assert_eq!(tail.head_hash, local.head_hash);
}

backends!(live_events_resume_without_gap_or_duplicate);
async fn live_events_resume_without_gap_or_duplicate(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    let head = team.im.client.incident(&inc).await.expect("view").state.seq;

    let mut stream = team
        .secretariat
        .client
        .events(&inc, 0)
        .await
        .expect("events");
    // The backlog comes first.
    for expected in 1..=head {
        let e = stream.next().await.expect("backlog entry").expect("entry");
        assert_eq!(e.seq, expected);
    }
    // Then a change by someone else, live.
    run(
        &team.analyst.client,
        &inc,
        Command::AddNote {
            text: "live one".into(),
        },
    )
    .await
    .expect("note");
    let live = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
        .await
        .expect("arrives within 5 s")
        .expect("entry")
        .expect("ok");
    assert_eq!(live.seq, head + 1);
    assert!(live.payload.contains("live one"));
    drop(stream);

    // Written while disconnected, then resumed from the last seen seq.
    run(
        &team.analyst.client,
        &inc,
        Command::AddNote {
            text: "while away".into(),
        },
    )
    .await
    .expect("note");
    let mut resumed = team
        .secretariat
        .client
        .events(&inc, live.seq)
        .await
        .expect("resume");
    let next = resumed.next().await.expect("entry").expect("ok");
    assert_eq!(next.seq, live.seq + 1, "no gap and no duplicate");
    assert!(next.payload.contains("while away"));
}

backends!(exports_carry_the_report_and_a_verifiable_log);
async fn exports_carry_the_report_and_a_verifiable_log(server: TestServer) {
    let team = Team::new(&server).await;
    let inc = team.declare_staffed(&server.admin).await;
    run(
        &team.secretariat.client,
        &inc,
        Command::AddNote {
            text: "Bridge open | all present".into(),
        },
    )
    .await
    .expect("note");

    let doc = team
        .im
        .client
        .export_document(&inc)
        .await
        .expect("json export");
    assert_eq!(doc.format, "muster-export/1");
    assert_eq!(doc.log.entries_count as usize, doc.log.entries.len());
    let v = muster_domain::log::verify(&doc.log.entries);
    assert!(v.is_whole());
    assert_eq!(v.head_hash, doc.log.head_hash);
    assert_eq!(doc.incident.state.reference, inc);

    let md = team.im.client.export(&inc, "md").await.expect("md export");
    assert!(md.starts_with(&format!("# {inc}")));
    assert!(md.contains("## Roll call") && md.contains("Imogen Manager"));
    assert!(md.contains(&doc.log.head_hash));
    assert!(
        md.contains("Bridge open \\| all present"),
        "pipes escaped in tables"
    );
}

backends!(service_endpoints);
async fn service_endpoints(server: TestServer) {
    let health = server.admin.health().await.expect("health");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["store"], server.store.backend());
    let doc = server.admin.openapi().await.expect("openapi");
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/incidents/{reference}/commands",
        "/api/reports/{reference}/triage",
        "/api/incidents/{reference}/log",
        "/api/incidents/{reference}/verify",
        "/api/people",
        "/healthz",
    ] {
        assert!(paths.contains_key(p), "OpenAPI lacks {p}");
    }
    assert!(doc["components"]["schemas"]["Command_String"].is_object());
    let metrics = server.admin.metrics().await.expect("metrics");
    let info = format!(
        "muster_store_info{{backend=\"{}\"}} 1",
        server.store.backend()
    );
    assert!(metrics.contains(&info), "{metrics}");
}
