//! What only PostgreSQL has to show: two stores (two pools, as two instances
//! have) racing on one incident still leave one chain, and the log refuses
//! edits at the database itself.

use muster_domain::log::{GENESIS_HASH, verify};
use muster_store::{Append, AppendOutcome, CommitBatch, LogStore, OutboxChanges};
use muster_store_tests::conformance::{chain, entry, summary};
use std::sync::Arc;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pools_racing_on_one_incident_keep_one_chain() {
    let Some((db, a)) = crate::fresh("two_pools_racing_on_one_incident_keep_one_chain").await
    else {
        return;
    };
    let b = crate::open(&db).await;
    let id = Uuid::now_v7();
    let first = chain(id, 0, GENESIS_HASH, 1);
    let s = summary(id, "INC-2026-0001", &first);
    a.create_incident(&s, &first, None, &OutboxChanges::default())
        .await
        .expect("create");

    const EACH: u64 = 40;
    let mut tasks = Vec::new();
    for (w, store) in [a.clone(), b.clone(), a.clone(), b.clone()]
        .into_iter()
        .enumerate()
    {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let (mut written, mut conflicts) = (0, 0);
            while written < EACH {
                let head = store.incident(id).await.expect("head").expect("there");
                let e = entry(
                    id,
                    head.seq + 1,
                    &head.head_hash,
                    &format!("w{w} {written}"),
                );
                let mut next = s.clone();
                next.seq = e.seq;
                next.head_hash = e.hash.clone();
                let batch = CommitBatch {
                    appends: vec![Append {
                        incident: id,
                        expected_seq: head.seq,
                        entries: vec![e],
                        summary: next,
                        outbox: OutboxChanges::default(),
                    }],
                    ..CommitBatch::default()
                };
                match store.commit(&batch).await.expect("commit").as_slice() {
                    [AppendOutcome::Committed] => written += 1,
                    [AppendOutcome::Conflict { .. }] => conflicts += 1,
                    other => panic!("{other:?}"),
                }
            }
            conflicts
        }));
    }
    let mut conflicts = 0;
    for t in tasks {
        conflicts += t.await.expect("writer");
    }
    let entries = a.entries(id, 0, u32::MAX).await.expect("entries");
    assert_eq!(
        entries.len() as u64,
        1 + 4 * EACH,
        "every committed entry, once"
    );
    assert!(verify(&entries).is_whole(), "one unbroken chain");
    let head = b.incident(id).await.expect("head").expect("there");
    assert_eq!(head.seq, 1 + 4 * EACH);
    assert_eq!(head.head_hash, entries.last().expect("last").hash);
    eprintln!("{conflicts} conflicts across two pools, all retried");
}

#[tokio::test]
async fn the_database_refuses_edits_to_the_log() {
    let Some((_db, store)) = crate::fresh("the_database_refuses_edits_to_the_log").await else {
        return;
    };
    let id = Uuid::now_v7();
    let first = chain(id, 0, GENESIS_HASH, 2);
    let s = summary(id, "INC-2026-0001", &first);
    store
        .create_incident(&s, &first, None, &OutboxChanges::default())
        .await
        .expect("create");
    for sql in [
        "UPDATE log_entries SET payload = '{}' WHERE incident = $1",
        "DELETE FROM log_entries WHERE incident = $1",
    ] {
        let err = sqlx::query(sql)
            .bind(id)
            .execute(store.pool())
            .await
            .expect_err("refused");
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    let err = sqlx::query("TRUNCATE log_entries CASCADE")
        .execute(store.pool())
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("append-only"), "{err}");
    let kept = store.entries(id, 0, 10).await.expect("entries");
    assert_eq!(kept, first);
    let _ = Arc::clone(&store);
}

/// A remote database is reached over TLS (`sslmode=require` or stricter in the
/// URL); the store speaks it with rustls on the ring provider.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_speaks_tls_when_the_url_asks() {
    let Some((db, plain)) = crate::fresh("the_store_speaks_tls_when_the_url_asks").await else {
        return;
    };
    let ssl: String = sqlx::query_scalar("SHOW ssl")
        .fetch_one(plain.pool())
        .await
        .expect("show ssl");
    if ssl != "on" {
        eprintln!("skipping the TLS check: this PostgreSQL server has ssl = {ssl}");
        return;
    }
    let sep = if db.url.contains('?') { '&' } else { '?' };
    let url = format!("{}{sep}sslmode=require", db.url);
    let tls = muster_store_postgres::PgStore::open(&url)
        .await
        .expect("open over TLS");
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(tls.pool())
            .await
            .expect("pg_stat_ssl");
    assert!(encrypted, "the connection is encrypted");
    tls.close().await;
}
