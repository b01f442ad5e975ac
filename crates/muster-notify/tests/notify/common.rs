//! A Muster server with the notifier's routes, on a real SQLite file, whose
//! worker the tests step by hand; a team with logins and Slack ids; and a
//! local webhook receiver that records what it is sent.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use jiff::{SignedDuration, Timestamp};
use muster_api::*;
use muster_app::App as AppState;
use muster_app::actor as auth;
use muster_client::Client;
use muster_domain::{PersonalData, Policy, Role};
use muster_notify::{Notifier, NotifySettings, Worker};
use muster_store::{
    AuthStore, OutboxStore, PeopleStore, Person, RotaStore, Shift, User, WebhookSubscription,
};
use muster_store_sqlite::SqliteStore;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;
use uuid::Uuid;

pub struct Harness {
    pub app: AppState,
    pub store: Arc<SqliteStore>,
    pub notifier: Arc<Notifier>,
    pub url: String,
    pub team: Vec<(Person, Client)>,
    pub path: String,
    _dir: tempfile::TempDir,
    _shutdown: oneshot::Sender<()>,
}

pub const IM: usize = 0;
pub const DEPUTY: usize = 1;
pub const SECRETARIAT: usize = 2;
pub const ANALYST: usize = 3;
pub const PRIVACY: usize = 4;
pub const COMMS: usize = 5;

pub fn settings() -> NotifySettings {
    NotifySettings {
        worker_id: "test-worker".into(),
        max_attempts: 3,
        backoff_base: Duration::from_secs(10),
        backoff_max: Duration::from_secs(60),
        http_timeout: Duration::from_secs(5),
        ..NotifySettings::default()
    }
}

impl Harness {
    pub async fn start(settings: NotifySettings) -> Harness {
        Harness::with_policy(settings, Policy::default()).await
    }

    pub async fn with_policy(settings: NotifySettings, policy: Policy) -> Harness {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("muster.db");
        let path = path.to_str().expect("utf-8").to_owned();
        let store = Arc::new(SqliteStore::open(&path).await.expect("open"));
        let dyn_store: Arc<dyn muster_store::Store> = store.clone();
        let app = AppState::new(dyn_store, policy);
        let notifier = Arc::new(Notifier::new(app.clone(), settings).expect("notifier"));
        let router =
            muster_server::routes::router_with_docs(app.clone(), vec![muster_notify::openapi()])
                .merge(muster_notify::router(notifier.clone()))
                .fallback(muster_server::routes::not_found);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(muster_server::serve_router(router, listener, async {
            let _ = rx.await;
        }));
        let people = [
            ("Imogen Manager", "U0IMOGEN", vec!["incident-manager"], true),
            ("Dev Deputy", "U0DEV", vec![], false),
            ("Sam Secretariat", "U0SAM", vec![], false),
            ("Ana Analyst", "U0ANA", vec!["security-analyst"], false),
            ("Priya Privacy", "U0PRIYA", vec!["data-privacy"], false),
            ("Cora Comms", "U0CORA", vec![], false),
        ];
        let mut team = Vec::new();
        for (n, (name, slack, tags, admin)) in people.into_iter().enumerate() {
            let first = name.split(' ').next().unwrap_or(name).to_lowercase();
            let person = Person {
                id: Uuid::now_v7(),
                name: name.into(),
                email: format!("{first}@example.org"),
                chat_handle: Some(first.clone()),
                slack_id: Some(slack.into()),
                matrix_id: None,
                // The Entra object id `teams_bot::entra_id(n)` says.
                teams_id: Some(format!("0ee10000-0000-4000-8000-{n:012}")),
                expertise: tags.into_iter().map(String::from).collect(),
                team: None,
                created_at: Timestamp::now().as_microsecond(),
            };
            store.create_person(&person).await.expect("person");
            store
                .upsert_user(&User {
                    person: person.id,
                    admin,
                    password_hash: None,
                    created_at: person.created_at,
                })
                .await
                .expect("user");
            let token = auth::mint_token(store.as_ref(), person.id, "tests")
                .await
                .expect("token");
            team.push((
                person,
                Client::new(&url, Some(token.token)).expect("client"),
            ));
        }
        Harness {
            app,
            store,
            notifier,
            url,
            team,
            path,
            _dir: dir,
            _shutdown: tx,
        }
    }

    /// Another Muster instance on the same database file, as a second
    /// process behind a load balancer would be.
    pub async fn second_instance(&self) -> Arc<Notifier> {
        let store: Arc<dyn muster_store::Store> =
            Arc::new(SqliteStore::open(&self.path).await.expect("open again"));
        let app = AppState::new(store, self.app.policy().clone());
        Arc::new(Notifier::new(app, self.notifier.settings.clone()).expect("notifier"))
    }

    /// Someone in the directory, linked on the chat platforms, who is on
    /// no incident's team: rule 10's non-member.
    pub async fn outsider(
        &self,
        slack_id: Option<&str>,
        matrix_id: Option<&str>,
        teams_id: Option<&str>,
    ) -> Person {
        let person = Person {
            id: Uuid::now_v7(),
            name: "Nora Outsider".into(),
            email: "nora@example.org".into(),
            chat_handle: Some("nora".into()),
            slack_id: slack_id.map(String::from),
            teams_id: teams_id.map(String::from),
            matrix_id: matrix_id.map(String::from),
            expertise: Vec::new(),
            team: None,
            created_at: Timestamp::now().as_microsecond(),
        };
        self.store.create_person(&person).await.expect("outsider");
        person
    }

    pub fn worker(&self, id: &str) -> Worker {
        Worker::named(self.notifier.clone(), id)
    }

    pub fn client(&self, who: usize) -> &Client {
        &self.team[who].1
    }

    pub fn person(&self, who: usize) -> &Person {
        &self.team[who].0
    }

    /// Puts the incident manager on call until `ends`.
    pub async fn on_call_until(&self, ends: Timestamp) {
        self.store
            .add_shift(&Shift {
                id: Uuid::now_v7(),
                person: self.person(IM).id,
                starts_at: (Timestamp::now() - SignedDuration::from_mins(5)).as_microsecond(),
                ends_at: ends.as_microsecond(),
            })
            .await
            .expect("shift");
    }

    /// Declares a staffed incident (no composition gap) and returns its reference.
    pub async fn declare(&self, restricted: bool) -> String {
        if self
            .store
            .shifts_from(Timestamp::now().as_microsecond())
            .await
            .expect("rota")
            .is_empty()
        {
            self.on_call_until(Timestamp::now() + SignedDuration::from_hours(12))
                .await;
        }
        let report = self
            .client(ANALYST)
            .create_report(&NewReportRequest {
                title: "Customer export bucket readable by anyone".into(),
                description: "Found by a researcher".into(),
                source: "email to security@".into(),
            })
            .await
            .expect("report");
        let member = |who: usize, role| TeamMember {
            person: self.person(who).email.clone(),
            role,
        };
        let req = DeclareRequest {
            title: None,
            severity: "SEV-2".into(),
            category: "data-breach".into(),
            security: true,
            personal_data: PersonalData::Unknown,
            restricted: Some(restricted),
            source: None,
            hypothesis: "a misconfigured bucket policy".into(),
            incident_manager: None,
            team: vec![
                member(DEPUTY, Role::Deputy),
                member(SECRETARIAT, Role::Secretariat),
                member(ANALYST, Role::Sme),
                member(PRIVACY, Role::Sme),
                member(COMMS, Role::CommsLead),
            ],
        };
        let triaged = self
            .client(IM)
            .triage(&report.reference, &TriageRequest::Declare(Box::new(req)))
            .await
            .expect("declare");
        triaged.incident.expect("a reference")
    }

    pub async fn run(
        &self,
        who: usize,
        reference: &str,
        command: Command<String>,
    ) -> CommandResponse {
        self.client(who)
            .command(
                reference,
                &CommandRequest {
                    command,
                    occurred_at: None,
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{command_text}: {e}", command_text = reference))
    }

    pub async fn subscribe(&self, url: &str, kinds: &[&str]) -> WebhookSubscription {
        let sub = WebhookSubscription {
            id: Uuid::now_v7(),
            url: url.into(),
            secret: "whsec_test_secret_0123456789".into(),
            kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
            active: true,
            description: None,
            created_by: self.person(IM).id,
            created_at: Timestamp::now().as_microsecond(),
        };
        self.store
            .create_subscription(&sub)
            .await
            .expect("subscription");
        sub
    }

    /// Steps `worker` at `now` until a step claims nothing; the steps' total.
    pub async fn drain(&self, worker: &Worker, now: Timestamp) -> muster_notify::Step {
        let mut total = muster_notify::Step::default();
        for _ in 0..20 {
            let s = worker.run_once(now).await.expect("step");
            if s.claimed == 0 {
                return total;
            }
            total.claimed += s.claimed;
            total.delivered += s.delivered;
            total.retried += s.retried;
            total.dead += s.dead;
            total.cancelled += s.cancelled;
        }
        panic!("the outbox did not settle in 20 steps");
    }
}

pub fn in_minutes(m: i64) -> Timestamp {
    Timestamp::now() + SignedDuration::from_mins(m)
}

/// One request a receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("json body")
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// A local webhook receiver: records every POST, answering with the queued
/// statuses first (to simulate failures), then 200.
#[derive(Clone, Default)]
pub struct Receiver {
    pub got: Arc<Mutex<Vec<Received>>>,
    pub answers: Arc<Mutex<Vec<StatusCode>>>,
    pub url: String,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let mut r = Receiver::default();
        let (got, answers) = (r.got.clone(), r.answers.clone());
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let (got, answers) = (got.clone(), answers.clone());
                async move {
                    got.lock().unwrap().push(Received { headers, body });
                    let mut a = answers.lock().unwrap();
                    if a.is_empty() {
                        StatusCode::OK
                    } else {
                        a.remove(0)
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        r.url = format!("http://{}/hook", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        r
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    pub fn of_kind(&self, kind: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.header("muster-event") == kind)
            .collect()
    }

    pub fn fail_next(&self, statuses: &[StatusCode]) {
        self.answers.lock().unwrap().extend_from_slice(statuses);
    }
}
