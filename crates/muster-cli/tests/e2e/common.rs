use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_muster");

/// A `muster serve` child process on a port of its own choosing.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    pub fn start(db: &Path) -> Server {
        Self::start_with(db, &[])
    }

    /// `muster serve` with `extra` flags.
    pub fn start_with(db: &Path, extra: &[&str]) -> Server {
        Self::start_with_env(db, extra, &[])
    }

    /// `muster serve` with `extra` flags and environment variables.
    pub fn start_with_env(db: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(extra)
            .env("MUSTER_SETTINGS", "/dev/null")
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start muster serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_owned();
        Server { child, url }
    }

    /// SIGKILL: no chance to flush anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scratch directory with a database path in it.
pub fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("muster.db");
    (dir, db)
}

/// `muster admin init` on `db`; returns the administrator's token.
pub fn admin_init(db: &Path) -> String {
    let out = Command::new(BIN)
        .args([
            "--json",
            "admin",
            "init",
            "--name",
            "Ada Admin",
            "--email",
            "ada@example.org",
            "--db",
        ])
        .arg(db)
        .env("MUSTER_SETTINGS", "/dev/null")
        .output()
        .expect("admin init");
    assert!(
        out.status.success(),
        "admin init: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v["token"].as_str().expect("token").to_owned()
}

/// Someone using the CLI against a server.
#[derive(Clone)]
pub struct User {
    pub url: String,
    pub token: String,
    pub config: PathBuf,
}

impl User {
    pub fn new(url: &str, token: &str, dir: &Path) -> User {
        User {
            url: url.into(),
            token: token.into(),
            config: dir.join("no-such-config.toml"),
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .env("MUSTER_URL", &self.url)
            .env("MUSTER_TOKEN", &self.token)
            .env("MUSTER_CONFIG", &self.config)
            .output()
            .expect("run muster")
    }

    /// Runs a verb with `--json` and returns its output, failing the test if it failed.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(
            out.status.success(),
            "muster {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "muster {args:?} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs a verb that must be refused; returns (exit code, standard error).
    #[track_caller]
    pub fn refused(&self, args: &[&str]) -> (i32, String) {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "muster {args:?} should have been refused"
        );
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Adds a person with a login and returns them as a CLI user.
    pub fn add_person(&self, name: &str, email: &str, expertise: &[&str]) -> User {
        let mut args = vec!["people", "add", "--name", name, "--email", email];
        for t in expertise {
            args.extend(["--expertise", t]);
        }
        self.ok(&args);
        self.ok(&["people", "login", email]);
        let token = self.ok(&["token", "create", "e2e", "--person", email]);
        User {
            token: token["token"].as_str().expect("token").to_owned(),
            ..self.clone()
        }
    }
}

pub fn rfc3339_in(secs: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_secs(secs)).to_string()
}

/// Puts the administrator on call and declares a lost-laptop incident from a
/// new report: two entries (the declaration and the incident manager's role).
pub fn declared(admin: &User) -> String {
    admin.ok(&[
        "rota",
        "add",
        "--person",
        "ada@example.org",
        "--from",
        "-1m",
        "--to",
        "+1h",
    ]);
    let rep = admin.ok(&["report", "Lost laptop", "--source", "staff"])["reference"]
        .as_str()
        .expect("ref")
        .to_owned();
    admin.ok(&[
        "triage",
        &rep,
        "--declare",
        "--severity",
        "SEV-3",
        "--category",
        "lost-device",
        "--no-security",
        "--personal-data",
        "no",
        "--hypothesis",
        "left on a train",
    ])["incident"]
        .as_str()
        .expect("inc")
        .to_owned()
}

/// The same incident with five notes: seven entries.
pub fn incident_with_notes(admin: &User) -> String {
    let inc = declared(admin);
    for i in 0..5 {
        admin.ok(&["note", &inc, &format!("note {i}")]);
    }
    inc
}
