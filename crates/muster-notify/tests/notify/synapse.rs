//! A real Matrix homeserver for the tests: Synapse (PyPI `matrix-synapse`,
//! installed by `test.sh` into `/opt/synapse`), started by the test on
//! 127.0.0.1 on a free port with its SQLite database in a temporary
//! directory, rate limits relaxed, and users made through the admin API's
//! shared-secret registration. Missing Synapse skips the Matrix tests,
//! saying so, unless `MUSTER_REQUIRE_MATRIX` is set: then it is a failure.

use hmac::{KeyInit, Mac};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "muster-test-registration-secret";
pub const SERVER_NAME: &str = "muster.test";

pub struct Synapse {
    child: Child,
    pub url: String,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Drop for Synapse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> Option<PathBuf> {
    let path = std::env::var_os("MUSTER_SYNAPSE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/opt/synapse/bin/python"));
    let ok = Command::new(&path)
        .args(["-c", "import synapse.app.homeserver"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(path)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Every rate limit Synapse applies, far above what a test sends.
const RELAXED: &str = "{per_second: 10000, burst_count: 10000}";

fn config(dir: &std::path::Path, port: u16) -> String {
    let d = dir.display();
    let limits = [
        "rc_message",
        "rc_registration",
        "rc_admin_redaction",
        "rc_3pid_validation",
        "rc_presence:\n  per_user",
    ]
    .map(|k| format!("{k}: {RELAXED}\n"))
    .concat();
    format!(
        "server_name: \"{SERVER_NAME}\"
pid_file: {d}/hs.pid
listeners:
  - port: {port}
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: {d}/homeserver.db
log_config: {d}/log.yaml
media_store_path: {d}/media
signing_key_path: {d}/signing.key
registration_shared_secret: \"{SECRET}\"
enable_registration: false
report_stats: false
trusted_key_servers: []
suppress_key_server_warning: true
macaroon_secret_key: \"test-macaroon\"
form_secret: \"test-form\"
{limits}rc_login:
  address: {RELAXED}
  account: {RELAXED}
  failed_attempts: {RELAXED}
rc_joins:
  local: {RELAXED}
  remote: {RELAXED}
rc_invites:
  per_room: {RELAXED}
  per_user: {RELAXED}
  per_issuer: {RELAXED}
"
    )
}

impl Synapse {
    /// Starts a homeserver, or `None` (after saying so) when Synapse is not
    /// installed and not required.
    pub async fn start() -> Option<Synapse> {
        muster_notify::install_crypto_provider();
        let Some(python) = python() else {
            if std::env::var_os("MUSTER_REQUIRE_MATRIX").is_some() {
                panic!(
                    "MUSTER_REQUIRE_MATRIX is set but Synapse is not installed: python3 -m venv /opt/synapse && /opt/synapse/bin/pip install matrix-synapse (./test.sh does this as root)"
                );
            }
            println!(
                "SKIPPED Matrix test: Synapse not found at /opt/synapse (./test.sh installs it); set MUSTER_REQUIRE_MATRIX=1 to make this a failure"
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let cfg = dir.path().join("homeserver.yaml");
        std::fs::write(&cfg, config(dir.path(), port)).expect("config");
        std::fs::write(
            dir.path().join("log.yaml"),
            format!(
                "version: 1\nformatters:\n  p: {{format: '%(asctime)s %(name)s %(levelname)s %(message)s'}}\nhandlers:\n  f: {{class: logging.FileHandler, formatter: p, filename: {}/homeserver.log}}\nroot: {{level: WARNING, handlers: [f]}}\ndisable_existing_loggers: false\n",
                dir.path().display()
            ),
        )
        .expect("log config");
        let keys = Command::new(&python)
            .args(["-m", "synapse.app.homeserver", "-c"])
            .arg(&cfg)
            .arg("--generate-keys")
            .stdout(Stdio::null())
            .status()
            .expect("generate Synapse's keys");
        assert!(keys.success(), "Synapse could not generate its keys");
        let child = Command::new(&python)
            .args(["-m", "synapse.app.homeserver", "-c"])
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("stderr.log")).expect("stderr"))
            .spawn()
            .expect("start Synapse");
        let url = format!("http://127.0.0.1:{port}");
        let synapse = Synapse {
            child,
            url,
            http: reqwest::Client::new(),
            _dir: dir,
        };
        let started = Instant::now();
        loop {
            let up = synapse
                .http
                .get(format!("{}/_matrix/client/versions", synapse.url))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                return Some(synapse);
            }
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "Synapse did not start in 90 s: {}",
                std::fs::read_to_string(synapse._dir.path().join("stderr.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Registers `user` through `/_synapse/admin/v1/register` (the shared
    /// secret's HMAC-SHA1 over nonce, user, password and admin flag); their
    /// user id and access token.
    pub async fn register(&self, user: &str) -> (String, String) {
        let endpoint = format!("{}/_synapse/admin/v1/register", self.url);
        let nonce: Value = self
            .http
            .get(&endpoint)
            .send()
            .await
            .expect("nonce")
            .json()
            .await
            .expect("nonce json");
        let nonce = nonce["nonce"].as_str().expect("a nonce").to_owned();
        let password = format!("{user}-password-0123");
        let mut mac = hmac::Hmac::<sha1::Sha1>::new_from_slice(SECRET.as_bytes()).expect("key");
        mac.update(format!("{nonce}\0{user}\0{password}\0notadmin").as_bytes());
        let mac = hex::encode(mac.finalize().into_bytes());
        let res: Value = self
            .http
            .post(&endpoint)
            .json(
                &json!({"nonce": nonce, "username": user, "password": password,
                "admin": false, "mac": mac}),
            )
            .send()
            .await
            .expect("register")
            .json()
            .await
            .expect("register json");
        (
            res["user_id"]
                .as_str()
                .unwrap_or_else(|| panic!("registered: {res}"))
                .to_owned(),
            res["access_token"].as_str().expect("a token").to_owned(),
        )
    }

    /// The harness's team (`common::IM` … `COMMS`, in that order) as
    /// Matrix accounts: (user id, access token) each.
    pub async fn register_team(&self) -> Vec<(String, String)> {
        let mut team = Vec::new();
        for name in ["imogen", "dev", "sam", "ana", "priya", "cora"] {
            team.push(self.register(name).await);
        }
        team
    }

    /// A Client-Server call as the user holding `token`; the status and body.
    pub async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}/_matrix/client/v3{path}", self.url))
            .bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("a Matrix call");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

/// A path segment as the Client-Server API wants it (room and event ids hold `!`, `$`, `:`).
pub fn seg(id: &str) -> String {
    form_urlencoded::byte_serialize(id.as_bytes()).collect()
}
