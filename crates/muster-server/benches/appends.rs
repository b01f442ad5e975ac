//! Durable appends over HTTP (a hand-rolled keep-alive HTTP/1.1 load generator in
//! the same process, so that its own cost stays small), log verification and reading a large incident,
//! each beside a baseline measured in the same run on the same machine.
//!
//! Run: `cargo bench -p muster-server --bench appends` (add `-- --quick` for a
//! short run). Prints a Markdown table for BENCHMARKS.md.

use muster_api::*;
use muster_client::Client;
use muster_domain::log::{GENESIS_HASH, LogEntry, verify};
use muster_domain::{PersonalData, Role};
use muster_server::ServerConfig;
use muster_store::{LogStore, Person, Store};
use muster_store_sqlite::SqliteStore;
use sha2::{Digest, Sha256};
use sqlx::{Connection, SqliteConnection};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[path = "support/people.rs"]
mod people;
use people::person;

struct Stats {
    ops: usize,
    secs: f64,
    p50_ms: f64,
    p99_ms: f64,
}

impl Stats {
    fn from(mut latencies: Vec<Duration>, secs: f64) -> Stats {
        latencies.sort();
        let pick = |q: f64| {
            let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1;
            latencies[i].as_secs_f64() * 1000.0
        };
        Stats {
            ops: latencies.len(),
            secs,
            p50_ms: pick(0.50),
            p99_ms: pick(0.99),
        }
    }

    fn rate(&self) -> f64 {
        self.ops as f64 / self.secs
    }
}

/// Declares an incident staffed so that the secretariat can log notes.
async fn incident(admin: &Client, im: &Person, team: &[(&Person, Role)]) -> String {
    let report = admin
        .create_report(&NewReportRequest {
            title: "bench".into(),
            description: "bench".into(),
            source: "bench".into(),
        })
        .await
        .expect("report");
    let d = DeclareRequest {
        title: None,
        severity: "SEV-2".into(),
        category: "malware".into(),
        security: true,
        personal_data: PersonalData::No,
        restricted: None,
        source: None,
        hypothesis: "bench".into(),
        incident_manager: Some(im.email.clone()),
        team: team
            .iter()
            .map(|(p, r)| TeamMember {
                person: p.email.clone(),
                role: *r,
            })
            .collect(),
    };
    admin
        .triage(&report.reference, &TriageRequest::Declare(Box::new(d)))
        .await
        .expect("declare")
        .incident
        .expect("reference")
}

/// One keep-alive HTTP/1.1 connection writing requests by hand, so that the
/// load generator spends next to nothing and the server's cost is what shows.
struct RawConn {
    stream: tokio::net::TcpStream,
    buf: Vec<u8>,
}

impl RawConn {
    async fn connect(addr: &str) -> RawConn {
        let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        RawConn {
            stream,
            buf: Vec::with_capacity(8192),
        }
    }

    /// Sends one POST and reads the whole response; returns its status.
    async fn post(&mut self, path: &str, token: &str, body: &str) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let req = format!(
            "POST {path} HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        self.stream.write_all(req.as_bytes()).await.expect("write");
        self.buf.clear();
        loop {
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk).await.expect("read");
            assert!(n > 0, "server closed the connection");
            self.buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buf[..end]).expect("head");
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().expect("len"))
                    })
                    .expect("content-length");
                if self.buf.len() >= end + 4 + len {
                    return head[9..12].parse().expect("status");
                }
            }
        }
    }
}

/// `clients` connections each append notes until `total` are written.
async fn appends(addr: &str, token: &str, reference: &str, clients: usize, total: usize) -> Stats {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (addr, token) = (addr.to_owned(), token.to_owned());
        let path = format!("/api/incidents/{reference}/commands");
        let per = total / clients + usize::from(c < total % clients);
        tasks.push(tokio::spawn(async move {
            let mut conn = RawConn::connect(&addr).await;
            let mut lat = Vec::with_capacity(per);
            for i in 0..per {
                let body = format!(r#"{{"command":"note","text":"client {c} note {i}: observed beacon to 203.0.113.7"}}"#);
                let t = Instant::now();
                let status = conn.post(&path, &token, &body).await;
                lat.push(t.elapsed());
                assert_eq!(status, 201, "append refused");
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    Stats::from(all, started.elapsed().as_secs_f64())
}

async fn raw_sqlite(dir: &std::path::Path, rows: usize, per_commit: usize) -> Stats {
    let path = dir.join(format!("raw-{per_commit}.db"));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = SqliteConnection::connect(&url).await.expect("raw connect");
    for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"] {
        sqlx::query(pragma)
            .execute(&mut conn)
            .await
            .expect("pragma");
    }
    sqlx::query("CREATE TABLE entries (incident TEXT, seq INTEGER, payload TEXT, hash TEXT, PRIMARY KEY (incident, seq))")
        .execute(&mut conn)
        .await
        .expect("table");
    let payload = r#"{"text":"observed beacon to 203.0.113.7 from host ws-0142"}"#;
    let hash = "0f".repeat(32);
    // Many rows go in as one multi-row INSERT, as the store writes a batch.
    let sql = format!(
        "INSERT INTO entries VALUES {}",
        vec!["('i', ?, ?, ?)"; per_commit].join(", ")
    );
    let started = Instant::now();
    let mut lat = Vec::new();
    let mut seq = 0i64;
    while (seq as usize) < rows {
        let t = Instant::now();
        let mut tx = conn.begin().await.expect("begin");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
        for _ in 0..per_commit {
            seq += 1;
            q = q.bind(seq).bind(payload).bind(hash.as_str());
        }
        q.execute(&mut *tx).await.expect("insert");
        tx.commit().await.expect("commit");
        let took = t.elapsed();
        lat.extend(std::iter::repeat_n(took, per_commit));
    }
    Stats::from(lat, started.elapsed().as_secs_f64())
}

fn sealed_chain(n: usize) -> Vec<LogEntry> {
    let incident = Uuid::now_v7();
    let actor = Uuid::now_v7();
    let mut prev = GENESIS_HASH.to_owned();
    let mut out = Vec::with_capacity(n);
    for seq in 1..=n as u64 {
        let e = LogEntry {
            incident,
            seq,
            recorded_at: "2026-11-27T13:16:29.123456Z".into(),
            occurred_at: None,
            actor,
            actor_name: "Sam Secretariat".into(),
            kind: "note-added".into(),
            v: 1,
            payload: format!(
                r#"{{"text":"note {seq}: observed beacon to 203.0.113.7 from host ws-0142"}}"#
            ),
            prev_hash: String::new(),
            hash: String::new(),
        }
        .seal(&prev);
        prev.clone_from(&e.hash);
        out.push(e);
    }
    out
}

/// Group commits so far and their entries and time, from `/metrics`.
async fn commits(client: &Client) -> (f64, f64, f64) {
    let text = client.metrics().await.expect("metrics");
    let get = |name: &str| {
        text.lines()
            .find_map(|l| {
                l.strip_prefix(name)
                    .and_then(|v| v.trim().parse::<f64>().ok())
            })
            .unwrap_or(0.0)
    };
    (
        get("muster_commits_total "),
        get("muster_log_entries_total "),
        get("muster_commit_seconds_micros_total "),
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // For profiling the HTTP path alone: skip the baselines and the other sections.
    let appends_only = std::env::args().any(|a| a == "--appends-only");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(
        SqliteStore::open(dir.path().join("muster.db").to_str().expect("path"))
            .await
            .expect("store"),
    );
    let (_, admin_token) = person(&store, "Ada Admin", &[], true).await;
    let (im, _) = person(&store, "Imogen Manager", &[], false).await;
    let (sec, sec_token) = person(&store, "Sam Secretariat", &[], false).await;
    let (sme, _) = person(&store, "Ana Analyst", &["security-analyst"], false).await;
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
    let addr = url.trim_start_matches("http://").to_owned();
    let team = [(&sec, Role::Secretariat), (&sme, Role::Sme)];

    println!("## Durable appends over HTTP (SQLite, WAL, synchronous=FULL)\n");
    println!(
        "| clients | appends | appends/s | p50 ms | p99 ms | entries per commit | ms per commit |\n|---|---|---|---|---|---|---|"
    );
    let scale = if quick { 4 } else { 1 };
    for (clients, total) in [(1, 2_000), (16, 16_000), (64, 64_000), (256, 64_000)] {
        let reference = incident(&admin, &im, &team).await;
        // Warm the connection pool and the incident's cached state.
        appends(&addr, &sec_token, &reference, clients, clients).await;
        let (c0, e0, m0) = commits(&admin).await;
        let s = appends(&addr, &sec_token, &reference, clients, total / scale).await;
        let (c1, e1, m1) = commits(&admin).await;
        let (batches, entries, micros) = (c1 - c0, e1 - e0, m1 - m0);
        println!(
            "| {clients} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {:.2} |",
            s.ops,
            s.rate(),
            s.p50_ms,
            s.p99_ms,
            entries / batches.max(1.0),
            micros / batches.max(1.0) / 1000.0
        );
    }

    if appends_only {
        return;
    }
    println!("\nBaselines, same run, same disk:\n");
    println!("| baseline | rows | rows/s | p50 ms | p99 ms |\n|---|---|---|---|---|");
    let one = raw_sqlite(dir.path(), 2_000 / scale, 1).await;
    println!(
        "| raw SQLite, one durable commit per entry | {} | {:.0} | {:.2} | {:.2} |",
        one.ops,
        one.rate(),
        one.p50_ms,
        one.p99_ms
    );
    let many = raw_sqlite(dir.path(), 64_000 / scale, 64).await;
    println!(
        "| raw SQLite, 64 entries per durable commit | {} | {:.0} | {:.2} | {:.2} |",
        many.ops,
        many.rate(),
        many.p50_ms,
        many.p99_ms
    );

    println!("\n## Log verification\n");
    let n = 1_000_000 / scale;
    let chain = sealed_chain(n);
    let mut verify_rates = Vec::new();
    let mut hash_rates = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let v = verify(&chain);
        verify_rates.push(n as f64 / t.elapsed().as_secs_f64());
        assert!(v.is_whole());
        let t = Instant::now();
        let mut acc = 0u8;
        for e in &chain {
            let mut h = Sha256::new();
            h.update([0u8; 32]);
            h.update(e.payload.as_bytes());
            acc ^= h.finalize()[0];
        }
        std::hint::black_box(acc);
        hash_rates.push(n as f64 / t.elapsed().as_secs_f64());
    }
    println!("| what | entries | entries/s (median of 3) |\n|---|---|---|");
    println!(
        "| `verify` (canonical encoding + SHA-256 + links) | {n} | {:.0} |",
        median(verify_rates)
    );
    println!(
        "| baseline: bare SHA-256 of each payload | {n} | {:.0} |",
        median(hash_rates)
    );

    println!("\n## Reading an incident with 10,000 entries\n");
    let reference = incident(&admin, &im, &team).await;
    let have = admin.incident(&reference).await.expect("view").state.seq as usize;
    appends(&addr, &sec_token, &reference, 50, 10_000 - have).await;
    let view = admin.incident(&reference).await.expect("view");
    assert_eq!(view.state.seq, 10_000);
    let id = view.state.id;
    let rounds = if quick { 20 } else { 100 };
    let mut http = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(admin.incident(&reference).await.expect("read"));
        http.push(t.elapsed());
    }
    let http = Stats::from(http, 1.0);
    let mut fold = Vec::new();
    let mut raw = Vec::new();
    for _ in 0..(rounds / 5).max(5) {
        let t = Instant::now();
        let cache = muster_app::cache::StateCache::default();
        std::hint::black_box(cache.load(store.as_ref(), id).await.expect("fold"));
        fold.push(t.elapsed());
        let t = Instant::now();
        let mut after = 0;
        loop {
            let page = store.entries(id, after, 2000).await.expect("entries");
            match page.last() {
                Some(e) => after = e.seq,
                None => break,
            }
        }
        raw.push(t.elapsed());
    }
    let fold = Stats::from(fold, 1.0);
    let raw = Stats::from(raw, 1.0);
    println!("| what | p50 ms | p99 ms |\n|---|---|---|");
    println!(
        "| `GET /api/incidents/{{ref}}` over HTTP (state cached) | {:.2} | {:.2} |",
        http.p50_ms, http.p99_ms
    );
    println!(
        "| cold: read all 10,000 entries from SQLite and fold them | {:.2} | {:.2} |",
        fold.p50_ms, fold.p99_ms
    );
    println!(
        "| baseline: read all 10,000 entries from SQLite | {:.2} | {:.2} |",
        raw.p50_ms, raw.p99_ms
    );
}
