//! Durable appends over HTTP at 64 clients: PostgreSQL with one and with two
//! Muster instances, beside SQLite and beside raw PostgreSQL inserts with one
//! commit per row, all in the same run on the same machine.
//!
//! Run: `eval "$(bash .ci/postgres.sh)"` then
//! `cargo bench -p muster-store-postgres --bench appends` (`-- --quick` for a
//! short run). Prints a Markdown table for BENCHMARKS.md. Without
//! `MUSTER_TEST_DATABASE_URL` it says so and measures nothing.

#[path = "../tests/pg/instances.rs"]
#[allow(dead_code)]
mod instances;

use instances::{admin_token, declare, note, start};
use muster_app::actor as auth;
use muster_client::Client;
use muster_server::ServerConfig;
use muster_store::{AuthStore, PeopleStore, Person, Store, User};
use muster_store_postgres::testing::TestDatabase;
use muster_store_postgres::{PgSettings, PgStore};
use muster_store_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

const CLIENTS: usize = 64;
const INCIDENTS: usize = 16;

struct Stats {
    ops: usize,
    conflicts: usize,
    secs: f64,
    p50_ms: f64,
    p99_ms: f64,
}

impl Stats {
    fn from(mut latencies: Vec<Duration>, conflicts: usize, secs: f64) -> Stats {
        latencies.sort();
        let pick = |q: f64| {
            if latencies.is_empty() {
                return f64::NAN;
            }
            let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1;
            latencies[i].as_secs_f64() * 1000.0
        };
        Stats {
            ops: latencies.len(),
            conflicts,
            secs,
            p50_ms: pick(0.50),
            p99_ms: pick(0.99),
        }
    }

    fn row(&self, what: &str) -> String {
        format!(
            "| {what} | {:.0} | {:.1} | {:.1} | {} | {} |",
            self.ops as f64 / self.secs,
            self.p50_ms,
            self.p99_ms,
            self.ops,
            self.conflicts
        )
    }
}

/// 64 clients, each writing notes to one of 16 incidents through the
/// instance `client % instances`, for `run`.
async fn drive(clients: &[Client], incidents: &[String], run: Duration) -> Stats {
    let started = Instant::now();
    let deadline = started + run;
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let client = clients[c % clients.len()].clone();
        let inc = incidents[c % incidents.len()].clone();
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut conflicts, mut i) = (Vec::new(), 0, 0);
            while Instant::now() < deadline {
                let t = Instant::now();
                match note(&client, &inc, format!("client {c} note {i}")).await {
                    Ok(_) => latencies.push(t.elapsed()),
                    Err(e) if e.status() == Some(409) => conflicts += 1,
                    Err(e) => panic!("client {c}: {e}"),
                }
                i += 1;
            }
            (latencies, conflicts)
        }));
    }
    let (mut all, mut conflicts) = (Vec::new(), 0);
    for t in tasks {
        let (l, c) = t.await.expect("client task");
        all.extend(l);
        conflicts += c;
    }
    Stats::from(all, conflicts, started.elapsed().as_secs_f64())
}

async fn incidents(client: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..INCIDENTS {
        out.push(declare(client).await);
    }
    out
}

fn settings() -> PgSettings {
    PgSettings {
        max_connections: 16,
        ..PgSettings::default()
    }
}

async fn postgres(instances: usize, run: Duration) -> Stats {
    let db = TestDatabase::create("bench").await.expect("database");
    let mut stores = Vec::new();
    for _ in 0..instances {
        stores.push(Arc::new(
            PgStore::open_with(&db.url, &settings())
                .await
                .expect("open"),
        ));
    }
    let token = admin_token(&stores[0]).await;
    let mut servers = Vec::new();
    for s in &stores {
        servers.push(start(s.clone(), &token).await);
    }
    let clients: Vec<Client> = servers.iter().map(|s| s.client.clone()).collect();
    let incs = incidents(&clients[0]).await;
    drive(&clients, &incs, run).await
}

async fn sqlite(run: Duration) -> Stats {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("muster.db");
    let store = Arc::new(
        SqliteStore::open(path.to_str().expect("utf-8"))
            .await
            .expect("open"),
    );
    let admin = Person {
        id: Uuid::now_v7(),
        name: "Ada Admin".into(),
        email: "ada@example.org".into(),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: vec![],
        team: None,
        created_at: 0,
    };
    store.create_person(&admin).await.expect("person");
    store
        .upsert_user(&User {
            person: admin.id,
            admin: true,
            password_hash: None,
            created_at: 0,
        })
        .await
        .expect("user");
    let token = auth::mint_token(store.as_ref(), admin.id, "bench")
        .await
        .expect("token")
        .token;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let dyn_store: Arc<dyn Store> = store;
    tokio::spawn(muster_server::serve(
        ServerConfig::default(),
        dyn_store,
        listener,
        async {
            let _ = rx.await;
        },
    ));
    let client = Client::new(&url, Some(token)).expect("client");
    let incs = incidents(&client).await;
    let stats = drive(&[client], &incs, run).await;
    drop(tx);
    stats
}

/// The floor: 64 tasks inserting one row each per transaction (autocommit),
/// straight into PostgreSQL, no Muster in between.
async fn raw_inserts(run: Duration) -> Stats {
    let db = TestDatabase::create("bench-raw").await.expect("database");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(CLIENTS as u32)
        .connect(&db.url)
        .await
        .expect("pool");
    sqlx::query("CREATE TABLE rows (id bigserial PRIMARY KEY, client int, body text)")
        .execute(&pool)
        .await
        .expect("table");
    let started = Instant::now();
    let deadline = started + run;
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                sqlx::query("INSERT INTO rows (client, body) VALUES ($1, $2)")
                    .bind(c as i32)
                    .bind("a note of about the size of a real one, written by a client")
                    .execute(&pool)
                    .await
                    .expect("insert");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    let stats = Stats::from(all, 0, started.elapsed().as_secs_f64());
    pool.close().await;
    stats
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let run = Duration::from_secs(if quick { 3 } else { 10 });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        if muster_store_postgres::testing::server_url("the PostgreSQL benchmark").is_none() {
            return;
        }
        println!(
            "{CLIENTS} clients, {INCIDENTS} incidents, {} s per row\n",
            run.as_secs()
        );
        println!("| setup | appends/s | p50 ms | p99 ms | appends | 409s |");
        println!("|---|---|---|---|---|---|");
        println!(
            "{}",
            raw_inserts(run)
                .await
                .row("raw PostgreSQL INSERT, one commit per row (baseline)")
        );
        println!(
            "{}",
            sqlite(run).await.row("Muster on SQLite, one instance")
        );
        println!(
            "{}",
            postgres(1, run)
                .await
                .row("Muster on PostgreSQL, one instance")
        );
        println!(
            "{}",
            postgres(2, run)
                .await
                .row("Muster on PostgreSQL, two instances")
        );
    });
}
