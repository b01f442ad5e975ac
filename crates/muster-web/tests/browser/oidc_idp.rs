//! A real OpenID Provider for the sign-on tests: `oidc-provider` (npm),
//! installed by `test.sh` into `tests/oidc/node_modules` and started here on
//! 127.0.0.1 (`tests/oidc/provider.mjs`), with Muster started beside it on
//! the sign-on settings a test chooses. Without node or the package the tests
//! print that they were skipped, unless `MUSTER_REQUIRE_OIDC` says they must
//! run (test.sh sets it when it installed them).

use crate::app::App;
use crate::http::{Http, Resp, encode};
use muster_oidc::{OidcSettings, Provider};
use muster_store::Store;
use muster_store_sqlite::SqliteStore;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};

pub const CLIENT_ID: &str = "muster";
pub const CLIENT_SECRET: &str = "muster-test-secret-of-enough-length-0123456789";
pub const ADMINS: &str = "muster-admins";

pub struct Idp {
    _child: Child,
    pub issuer: String,
    pub http: Http,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc")
}

/// Whether the provider can run here; panics when it must and cannot.
fn available() -> bool {
    let installed = dir()
        .join("node_modules/oidc-provider/package.json")
        .exists();
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if installed && node {
        return true;
    }
    let why = if node {
        "oidc-provider is not installed (cd crates/muster-web/tests/oidc && npm ci)"
    } else {
        "node is not installed"
    };
    if std::env::var_os("MUSTER_REQUIRE_OIDC").is_some() {
        panic!("MUSTER_REQUIRE_OIDC is set but {why}");
    }
    println!("SKIPPED sign-on test: {why}; set MUSTER_REQUIRE_OIDC=1 to make this a failure");
    false
}

impl Idp {
    /// The provider, with Muster (at `muster_url`) registered as a client.
    async fn start(muster_url: &str) -> Idp {
        let clients = json!([{
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [format!("{muster_url}/auth/oidc/callback")],
            // Only so that ID tokens carry `sid` (see provider.mjs).
            "backchannel_logout_uri": format!("{muster_url}/unused-backchannel"),
            "backchannel_logout_session_required": true,
        }]);
        let mut child = Command::new("node")
            .arg(dir().join("provider.mjs"))
            .arg("0")
            .current_dir(dir())
            .env("MUSTER_TEST_CLIENTS", clients.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start node");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let issuer = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.expect("read") {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    return v["issuer"].as_str().expect("issuer").to_owned();
                }
            }
            panic!("the provider stopped before it listened");
        })
        .await
        .expect("the provider did not start within 60 s");
        Idp {
            _child: child,
            http: Http::new(&issuer),
            issuer,
        }
    }

    /// Sets the claims of account `id` (the login typed into its form).
    pub async fn account(&self, id: &str, claims: Value) {
        let r = self
            .http
            .send(
                axum::http::Method::PUT,
                &format!("/test/accounts/{id}"),
                claims.to_string(),
                &[("content-type", "application/json")],
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
    }

    /// New signing keys; the old ones are no longer published.
    pub async fn rotate(&self) -> Value {
        let r = self
            .http
            .send(
                axum::http::Method::POST,
                "/test/rotate",
                String::new(),
                &[("content-type", "application/json")],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        serde_json::from_str(&r.body).expect("json")
    }

    /// A token over `claims`, signed with the provider's published key for `alg`.
    pub async fn sign(&self, claims: Value, alg: &str) -> String {
        let body = json!({"claims": claims, "alg": alg}).to_string();
        let r = self
            .http
            .send(
                axum::http::Method::POST,
                "/test/sign",
                body,
                &[("content-type", "application/json")],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }
}

/// Muster with sign-on, beside a provider.
pub struct Sso {
    pub app: App,
    pub idp: Idp,
    pub settings: OidcSettings,
}

/// The settings the tests start from: groups decide administration, new
/// people are added, keys may be fetched again at once.
pub fn settings(idp: &Idp, muster_url: &str) -> OidcSettings {
    OidcSettings {
        issuer: Some(idp.issuer.clone()),
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(CLIENT_SECRET.into()),
        public_url: Some(muster_url.into()),
        provider_name: "Test IdP".into(),
        scopes: ["openid", "email", "profile", "groups"]
            .map(String::from)
            .to_vec(),
        create_people: true,
        admin_claim: Some("groups".into()),
        admin_group: Some(ADMINS.into()),
        jwks_min_refetch_secs: 0,
        ..OidcSettings::default()
    }
}

/// The provider and Muster, or `None` when the provider cannot run here.
pub async fn start(adjust: impl FnOnce(&mut OidcSettings)) -> Option<Sso> {
    if !available() {
        return None;
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let idp = Idp::start(&url).await;
    let mut s = settings(&idp, &url);
    adjust(&mut s);
    let provider =
        Provider::new(s.check().expect("settings").expect("configured")).expect("provider");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(db.to_str().expect("utf-8"))
            .await
            .expect("open store"),
    );
    App::seed(store.as_ref()).await;
    let app = App::serve_on(
        store,
        muster_web::ClientAddress::default(),
        Some(dir),
        listener,
        muster_web::SignOn::new(provider),
    )
    .await;
    Some(Sso {
        app,
        idp,
        settings: s,
    })
}

impl Sso {
    /// A provider for the same settings, apart from Muster: its checks,
    /// called directly.
    pub fn verifier(&self) -> Provider {
        Provider::new(self.settings.check().expect("ok").expect("configured")).expect("provider")
    }

    /// Follows a sign-in from Muster's `start` path through the provider's
    /// login form (typing `login`), up to the first request back to
    /// Muster or to the CLI's loopback address, which is returned unsent.
    pub async fn through_provider(
        &self,
        muster: &Http,
        idp: &Http,
        start: &str,
        login: &str,
    ) -> String {
        let mut r: Resp = muster.get(start).await;
        for _ in 0..12 {
            if r.status == 200 && r.body.contains("name=\"login\"") {
                let at = r.body.find("action=\"").expect("a form") + 8;
                let action = &r.body[at..at + r.body[at..].find('"').expect("end")];
                let path = action
                    .strip_prefix(&self.idp.issuer)
                    .unwrap_or(action)
                    .to_owned();
                r = idp
                    .send(
                        axum::http::Method::POST,
                        &path,
                        encode(&[("prompt", "login"), ("login", login), ("password", "any")]),
                        &[],
                    )
                    .await;
                continue;
            }
            assert!(
                (300..400).contains(&r.status),
                "expected a redirect, got {}: {}",
                r.status,
                r.body
            );
            let location = r.location().to_owned();
            if let Some(path) = location.strip_prefix(&self.idp.issuer) {
                r = idp.get(path).await;
            } else if location.starts_with('/') {
                r = idp.get(&location).await;
            } else {
                return location;
            }
        }
        panic!("the sign-in did not come back from the provider");
    }

    /// Signs in through the provider as account `login`; the callback's answer.
    pub async fn sign_in(&self, muster: &Http, login: &str) -> Resp {
        let idp = Http::new(&self.idp.issuer);
        let back = self
            .through_provider(muster, &idp, "/auth/oidc/start?next=/", login)
            .await;
        let path = back
            .strip_prefix(&self.app.url)
            .expect("back to Muster")
            .to_owned();
        muster.get(&path).await
    }
}
