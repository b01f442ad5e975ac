use jiff::{SignedDuration, Timestamp};
use muster_api::*;
use muster_app::actor as auth;
use muster_client::{Client, ClientError};
use muster_domain::{PersonalData, Role};
use muster_server::ServerConfig;
use muster_store::{Person, Store, User};
use muster_store_postgres::PgStore;
use muster_store_postgres::testing::TestDatabase;
use muster_store_sqlite::SqliteStore;
use std::sync::Arc;
use tokio::sync::oneshot;
use uuid::Uuid;

/// Runs a test once against each store: `NAME::sqlite` always, and
/// `NAME::postgres` when `MUSTER_TEST_DATABASE_URL` is set (it says it skipped
/// otherwise).
macro_rules! backends {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::common::TestServer::sqlite().await).await
            }

            // Multi-threaded so the server keeps answering PostgreSQL while the
            // test's last act (dropping its database) blocks one thread.
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(server) = $crate::common::TestServer::postgres(stringify!($name)).await
                else {
                    return;
                };
                super::$name(server).await
            }
        }
    };
}

pub struct TestServer {
    pub url: String,
    pub admin: Client,
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
    _db: Option<TestDatabase>,
    _shutdown: oneshot::Sender<()>,
    /// Where the evidence files' bytes are, for tests that change them.
    blobs_at: BlobsAt,
}

enum BlobsAt {
    Files(muster_store::FsBlobStore),
    Rows(sqlx::PgPool),
}

/// Someone in the directory with a login and their own client.
pub struct Member {
    pub view: PersonView,
    pub client: Client,
}

impl Member {
    pub fn email(&self) -> &str {
        &self.view.email
    }
}

impl TestServer {
    /// The server over a fresh SQLite file.
    pub async fn sqlite() -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("muster.db");
        let store = SqliteStore::open(path.to_str().expect("utf-8 path"))
            .await
            .expect("open store");
        let blobs = BlobsAt::Files(muster_store::FsBlobStore::beside(&path));
        Self::start_with(Arc::new(store), dir, None, ServerConfig::default(), blobs).await
    }

    /// The server over a fresh PostgreSQL database, if one is configured.
    pub async fn postgres(test: &str) -> Option<TestServer> {
        Self::postgres_with(test, ServerConfig::default()).await
    }

    /// The server over a fresh PostgreSQL database with `config`, if one is configured.
    pub async fn postgres_with(test: &str, config: ServerConfig) -> Option<TestServer> {
        let db = TestDatabase::create(test).await?;
        let store = PgStore::open(&db.url).await.expect("open PostgreSQL store");
        let dir = tempfile::tempdir().expect("tempdir");
        let blobs = BlobsAt::Rows(store.pool().clone());
        Some(Self::start_with(Arc::new(store), dir, Some(db), config, blobs).await)
    }

    /// Changes the first byte of the stored file `sha256` behind Muster's back
    /// (as someone with the disk or the database could).
    pub async fn tamper_blob(&self, sha256: &str) {
        match &self.blobs_at {
            BlobsAt::Files(fs) => {
                let path = fs.path_of(sha256);
                let mut bytes = std::fs::read(&path).expect("stored file");
                bytes[0] ^= 0xff;
                std::fs::write(&path, bytes).expect("changed");
            }
            BlobsAt::Rows(pool) => {
                for sql in [
                    "ALTER TABLE evidence_chunks DISABLE TRIGGER evidence_chunks_write_once",
                    "UPDATE evidence_chunks SET data = overlay(data placing '\\xff'::bytea from 1 for 1) \
                     WHERE n = 0 AND upload = (SELECT upload FROM evidence_blobs WHERE sha256 = $1)",
                    "ALTER TABLE evidence_chunks ENABLE TRIGGER evidence_chunks_write_once",
                ] {
                    let q = sqlx::query(sql);
                    let q = if sql.contains("$1") {
                        q.bind(sha256)
                    } else {
                        q
                    };
                    q.execute(pool).await.expect("tamper");
                }
            }
        }
    }

    /// The server over a fresh SQLite file, with `config`.
    pub async fn sqlite_with(config: ServerConfig) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("muster.db");
        let store = SqliteStore::open(path.to_str().expect("utf-8 path"))
            .await
            .expect("open store");
        let blobs = BlobsAt::Files(muster_store::FsBlobStore::beside(&path));
        Self::start_with(Arc::new(store), dir, None, config, blobs).await
    }

    async fn start_with(
        store: Arc<dyn Store>,
        dir: tempfile::TempDir,
        db: Option<TestDatabase>,
        config: ServerConfig,
        blobs_at: BlobsAt,
    ) -> TestServer {
        let admin = Person {
            id: Uuid::now_v7(),
            name: "Ada Admin".into(),
            email: "ada@example.org".into(),
            chat_handle: Some("ada".into()),
            slack_id: None,
            matrix_id: None,
            teams_id: None,
            expertise: vec![],
            team: Some("security".into()),
            created_at: Timestamp::now().as_microsecond(),
        };
        store.create_person(&admin).await.expect("admin person");
        store
            .upsert_user(&User {
                person: admin.id,
                admin: true,
                password_hash: None,
                created_at: Timestamp::now().as_microsecond(),
            })
            .await
            .expect("admin user");
        let token = auth::mint_token(store.as_ref(), admin.id, "tests")
            .await
            .expect("token");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(muster_server::serve(
            config,
            store.clone(),
            listener,
            async {
                let _ = rx.await;
            },
        ));
        let admin = Client::new(&url, Some(token.token)).expect("client");
        TestServer {
            url,
            admin,
            store,
            _dir: dir,
            _db: db,
            _shutdown: tx,
            blobs_at,
        }
    }

    /// Adds a person with a login and returns them with a client of their own.
    /// A client of this server with `token` (none: anonymous).
    pub fn client_with(&self, token: Option<String>) -> Client {
        Client::new(&self.url, token).expect("client")
    }

    pub async fn member(&self, name: &str, tags: &[&str]) -> Member {
        let handle = name
            .split_whitespace()
            .next()
            .unwrap_or(name)
            .to_lowercase();
        let view = self
            .admin
            .create_person(&NewPersonRequest {
                name: name.into(),
                email: format!("{handle}@example.org"),
                chat_handle: Some(handle.clone()),
                slack_id: None,
                matrix_id: None,
                teams_id: None,
                expertise: tags.iter().map(|t| t.to_string()).collect(),
                team: None,
            })
            .await
            .expect("create person");
        let view = self
            .admin
            .set_login(
                &view.email,
                &LoginRequest {
                    admin: false,
                    password: None,
                },
            )
            .await
            .expect("login");
        let token = self
            .admin
            .create_token(&NewTokenRequest {
                name: "tests".into(),
                person: Some(view.email.clone()),
            })
            .await
            .expect("token");
        Member {
            client: self.client_with(Some(token.token)),
            view,
        }
    }

    /// A fresh raw token for `who`, for tests that speak HTTP without the client.
    pub async fn store_token_for(&self, who: &Member) -> String {
        auth::mint_token(self.store.as_ref(), who.view.id, "raw")
            .await
            .expect("token")
            .token
    }

    /// Puts `who` on call for the next hour.
    pub async fn on_call(&self, who: &Member) {
        self.admin
            .add_shift(&NewShiftRequest {
                person: who.email().into(),
                starts_at: Timestamp::now() - SignedDuration::from_mins(1),
                ends_at: Timestamp::now() + SignedDuration::from_hours(1),
            })
            .await
            .expect("shift");
    }
}

pub fn in_minutes(m: i64) -> Timestamp {
    Timestamp::now() + SignedDuration::from_mins(m)
}

pub fn declare_request(
    security: bool,
    personal_data: PersonalData,
    team: &[(&Member, Role)],
) -> DeclareRequest {
    DeclareRequest {
        title: None,
        severity: "SEV-2".into(),
        category: "unauthorised-access".into(),
        security,
        personal_data,
        restricted: None,
        source: None,
        hypothesis: "credential stuffing against the customer portal".into(),
        incident_manager: None,
        team: team
            .iter()
            .map(|(m, role)| TeamMember {
                person: m.email().into(),
                role: *role,
            })
            .collect(),
    }
}

/// Reports an event as `reporter` and has `triager` declare it.
pub async fn declare(reporter: &Client, triager: &Client, req: DeclareRequest) -> String {
    let report = reporter
        .create_report(&NewReportRequest {
            title: "Odd logins on the customer portal".into(),
            description: "Hundreds of failed logins from one ASN, then successes".into(),
            source: "SIEM alert 4411".into(),
        })
        .await
        .expect("report");
    let triaged = triager
        .triage(&report.reference, &TriageRequest::Declare(Box::new(req)))
        .await
        .expect("declare");
    triaged.incident.expect("an incident reference")
}

pub async fn run(
    client: &Client,
    reference: &str,
    command: Command<String>,
) -> Result<CommandResponse, ClientError> {
    client
        .command(
            reference,
            &CommandRequest {
                command,
                occurred_at: None,
            },
        )
        .await
}

/// Asserts an API refusal: its status, code, and the rule or field it names.
#[track_caller]
pub fn refused<T: std::fmt::Debug>(
    result: Result<T, ClientError>,
    status: u16,
    rule: Option<u8>,
    field: Option<&str>,
) -> String {
    let err = result.expect_err("the request should have been refused");
    assert_eq!(err.status(), Some(status), "status of {err}");
    let detail = err.detail().expect("an API error body");
    assert_eq!(detail.rule, rule, "rule of {err}");
    if let Some(field) = field {
        assert_eq!(detail.field.as_deref(), Some(field), "field of {err}");
    }
    assert!(!detail.message.is_empty());
    detail.message.clone()
}

/// A small staffed team: manager (on call), deputy, secretariat, security and privacy SMEs.
pub struct Team {
    pub im: Member,
    pub deputy: Member,
    pub secretariat: Member,
    pub analyst: Member,
    pub privacy: Member,
}

impl Team {
    pub async fn new(server: &TestServer) -> Team {
        let im = server.member("Imogen Manager", &["incident-manager"]).await;
        server.on_call(&im).await;
        Team {
            im,
            deputy: server.member("Dev Deputy", &[]).await,
            secretariat: server.member("Sam Secretariat", &[]).await,
            analyst: server.member("Ana Analyst", &["security-analyst"]).await,
            privacy: server.member("Priya Privacy", &["data-privacy"]).await,
        }
    }

    /// Declares an incident with the whole team staffed (no composition gap).
    pub async fn declare_staffed(&self, reporter: &Client) -> String {
        declare(
            reporter,
            &self.im.client,
            declare_request(
                true,
                PersonalData::Unknown,
                &[
                    (&self.deputy, Role::Deputy),
                    (&self.secretariat, Role::Secretariat),
                    (&self.analyst, Role::Sme),
                    (&self.privacy, Role::Sme),
                ],
            ),
        )
        .await
    }
}
