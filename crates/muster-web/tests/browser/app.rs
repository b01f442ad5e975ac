//! The app as the tests run it: the JSON API and the web UI merged as the
//! binary merges them, over a real SQLite file, on a free port of 127.0.0.1,
//! with a small organisation of people who can sign in.

use jiff::{SignedDuration, Timestamp};
use muster_app::App as AppState;
use muster_app::actor::{hash_password, mint_token};
use muster_store::{Person, Shift, Store, User};
use muster_store_sqlite::SqliteStore;
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery staple";

/// The people of the test organisation the tests name, by their first name
/// (Ada the administrator, Rita the reporter and Otto the outsider only sign in).
pub struct People {
    pub ada: Person,
    pub olivia: Person,
    pub dan: Person,
    pub sam: Person,
    pub ravi: Person,
    pub priya: Person,
}

pub struct App {
    pub url: String,
    pub state: AppState,
    pub people: People,
    /// The SQLite file, for tests that change it behind the store's back
    /// (empty for an instance over another's store).
    pub db: std::path::PathBuf,
    _dir: Option<tempfile::TempDir>,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// One argon2 hash for every test user: hashing is slow on purpose.
fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(PASSWORD).expect("hash"))
        .clone()
}

async fn person(store: &dyn Store, name: &str, email: &str, tags: &[&str], admin: bool) -> Person {
    let p = Person {
        id: Uuid::now_v7(),
        name: name.into(),
        email: email.into(),
        chat_handle: None,
        slack_id: None,
        matrix_id: None,
        teams_id: None,
        expertise: tags.iter().map(|t| t.to_string()).collect(),
        team: None,
        created_at: Timestamp::now().as_microsecond(),
    };
    store.create_person(&p).await.expect("create person");
    store
        .upsert_user(&User {
            person: p.id,
            admin,
            password_hash: Some(password_hash()),
            created_at: p.created_at,
        })
        .await
        .expect("create user");
    p
}

impl App {
    pub async fn start() -> App {
        Self::start_with(muster_web::ClientAddress::default()).await
    }

    /// The app over a fresh SQLite file, finding clients as `client` says.
    pub async fn start_with(client: muster_web::ClientAddress) -> App {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("muster.db");
        let store: Arc<dyn Store> = Arc::new(
            SqliteStore::open(db.to_str().expect("utf-8 path"))
                .await
                .expect("open store"),
        );
        Self::seed(store.as_ref()).await;
        Self::serve(store, client, Some(dir)).await
    }

    /// The test organisation, into a fresh store.
    pub async fn seed(s: &dyn Store) {
        person(s, "Ada Admin", "ada@example.org", &[], true).await;
        person(s, "Rita Gomez", "rita@example.org", &[], false).await;
        person(s, "Otto Berg", "otto@example.org", &[], false).await;
        let olivia = person(
            s,
            "Olivia Park",
            "olivia@example.org",
            &["incident-manager"],
            false,
        )
        .await;
        let dan = person(s, "Dan Okafor", "dan@example.org", &[], false).await;
        person(s, "Sam Reyes", "sam@example.org", &[], false).await;
        person(
            s,
            "Ravi Shah",
            "ravi@example.org",
            &["security-analyst"],
            false,
        )
        .await;
        person(
            s,
            "Priya Nair",
            "priya@example.org",
            &["data-privacy"],
            false,
        )
        .await;
        let now = Timestamp::now();
        s.add_shift(&Shift {
            id: Uuid::now_v7(),
            person: olivia.id,
            starts_at: (now - SignedDuration::from_hours(1)).as_microsecond(),
            ends_at: (now + SignedDuration::from_hours(8)).as_microsecond(),
        })
        .await
        .expect("shift");
        s.add_shift(&Shift {
            id: Uuid::now_v7(),
            person: dan.id,
            starts_at: (now + SignedDuration::from_hours(8)).as_microsecond(),
            ends_at: (now + SignedDuration::from_hours(16)).as_microsecond(),
        })
        .await
        .expect("shift");
    }

    /// An instance over `store` (seeded already, perhaps by another instance),
    /// on a free port.
    pub async fn serve(
        store: Arc<dyn Store>,
        client: muster_web::ClientAddress,
        dir: Option<tempfile::TempDir>,
    ) -> App {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        Self::serve_on(store, client, dir, listener, muster_web::SignOn::default()).await
    }

    /// [`App::serve`] on `listener`, offering `sign_on`.
    pub async fn serve_on(
        store: Arc<dyn Store>,
        client: muster_web::ClientAddress,
        dir: Option<tempfile::TempDir>,
        listener: TcpListener,
        sign_on: muster_web::SignOn,
    ) -> App {
        let s = store.as_ref();
        let find = |email: &'static str| async move {
            s.person_by_contact(email)
                .await
                .expect("lookup")
                .expect("seeded person")
        };
        let people = People {
            ada: find("ada@example.org").await,
            olivia: find("olivia@example.org").await,
            dan: find("dan@example.org").await,
            sam: find("sam@example.org").await,
            ravi: find("ravi@example.org").await,
            priya: find("priya@example.org").await,
        };
        let state = AppState::new(store, muster_domain::Policy::default());
        let router = muster_server::routes::router(state.clone()).merge(
            muster_web::router_with_sign_on(state.clone(), client, sign_on),
        );
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(muster_server::serve_router(router, listener, async move {
            let _ = stopped.await;
        }));
        let db = dir
            .as_ref()
            .map(|d| d.path().join("muster.db"))
            .unwrap_or_default();
        App {
            url,
            state,
            people,
            db,
            _dir: dir,
            stop: Some(stop),
        }
    }

    /// An API token for `person`, for changes made "by someone else" over the API.
    pub async fn token(&self, person: &Person) -> String {
        mint_token(self.state.logins(), person.id, "test")
            .await
            .expect("token")
            .token
    }

    /// An API token for the person with this email.
    pub async fn token_for(&self, email: &str) -> String {
        let person = self
            .state
            .directory()
            .person_by_contact(email)
            .await
            .expect("directory")
            .expect("a person with that email");
        self.token(&person).await
    }
}
