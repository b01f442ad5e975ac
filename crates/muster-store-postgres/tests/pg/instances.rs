//! Muster servers for the tests: each `muster_server::serve` on its own
//! 127.0.0.1:0 port over its own pool, all on one database, as several
//! instances behind a load balancer are.

use jiff::Timestamp;
use muster_api::*;
use muster_app::actor as auth;
use muster_client::{Client, ClientError};
use muster_domain::PersonalData;
use muster_server::ServerConfig;
use muster_store::{AuthStore, PeopleStore, Person, Store, User};
use muster_store_postgres::PgStore;
use std::sync::Arc;
use tokio::sync::oneshot;
use uuid::Uuid;

pub struct Instance {
    pub client: Client,
    _shutdown: oneshot::Sender<()>,
}

/// Adds an administrator directly in the store and returns their API token.
pub async fn admin_token(store: &PgStore) -> String {
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
    auth::mint_token(store, admin.id, "tests")
        .await
        .expect("token")
        .token
}

/// Starts a server on `store`, with a client holding `token`.
pub async fn start(store: Arc<PgStore>, token: &str) -> Instance {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = oneshot::channel::<()>();
    let store: Arc<dyn Store> = store;
    tokio::spawn(muster_server::serve(
        ServerConfig::default(),
        store,
        listener,
        async {
            let _ = rx.await;
        },
    ));
    Instance {
        client: Client::new(&url, Some(token.to_owned())).expect("client"),
        _shutdown: tx,
    }
}

/// Reports an event and declares it as the administrator (the incident
/// manager), returning the incident's reference.
pub async fn declare(client: &Client) -> String {
    let report = client
        .create_report(&NewReportRequest {
            title: "Odd logins on the customer portal".into(),
            description: "Hundreds of failed logins from one ASN, then successes".into(),
            source: "SIEM alert 4411".into(),
        })
        .await
        .expect("report");
    let declare = DeclareRequest {
        title: None,
        severity: "SEV-2".into(),
        category: "unauthorised-access".into(),
        security: false,
        personal_data: PersonalData::No,
        restricted: None,
        source: None,
        hypothesis: "credential stuffing".into(),
        incident_manager: None,
        team: Vec::new(),
    };
    client
        .triage(
            &report.reference,
            &TriageRequest::Declare(Box::new(declare)),
        )
        .await
        .expect("declare")
        .incident
        .expect("an incident reference")
}

pub async fn note(
    client: &Client,
    reference: &str,
    text: String,
) -> Result<CommandResponse, ClientError> {
    client
        .command(
            reference,
            &CommandRequest {
                command: Command::AddNote { text },
                occurred_at: None,
            },
        )
        .await
}

/// The whole log as the server returns it.
pub async fn whole_log(client: &Client, reference: &str) -> Vec<muster_domain::LogEntry> {
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = client.log(reference, after, 1000).await.expect("log page");
        all.extend(page.entries.iter().cloned());
        match page.next_after {
            Some(next) => after = next,
            None => return all,
        }
    }
}
