//! RFC 3161 timestamps of checkpoints through the real binary against a
//! real timestamp authority (issue 12): OpenSSL's own `openssl ts -reply`
//! behind `tests/tsa/tsa.py` on 127.0.0.1, with a test CA and TSA certificate
//! made by openssl in the test's directory. The stored reply is verified with
//! `openssl ts -verify` over the checkpoint's signed-note bytes. A TSA that is
//! down at first is retried; one that stays down leaves the checkpoint signed
//! and served, its timestamp a clear 404, the failure in the delivery log.

use crate::common::*;
use crate::tlog_http::{get, get_bytes};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The test TSA, killed when dropped.
struct Tsa {
    child: Child,
    url: String,
}

impl Tsa {
    fn start(dir: &Path, fail_first: u32) -> Tsa {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tsa/tsa.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(dir)
            .args(["--fail-first", &fail_first.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the test TSA");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the TSA's first line");
        let port = line
            .strip_prefix("listening on ")
            .map(str::trim)
            .unwrap_or_else(|| panic!("the test TSA did not start (openssl missing?): {line:?}"));
        Tsa {
            child,
            url: format!("http://127.0.0.1:{port}/"),
        }
    }
}

impl Drop for Tsa {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Asks for the checkpoint's timestamp until it is there (the worker
/// retries after its backoff); at most a minute.
fn wait_for_timestamp(server: &Server, size: u64) -> Vec<u8> {
    let started = Instant::now();
    loop {
        let (status, body) = get_bytes(
            server,
            &format!("/api/log/checkpoints/{size}/timestamp"),
            "",
        );
        if status == 200 {
            return body;
        }
        assert_eq!(status, 404, "{}", String::from_utf8_lossy(&body));
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no timestamp after a minute: {}",
            String::from_utf8_lossy(&body)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn openssl_verify(dir: &Path, note: &Path, reply: &Path) -> (bool, String) {
    let out = Command::new("openssl")
        .args(["ts", "-verify", "-data"])
        .arg(note)
        .arg("-in")
        .arg(reply)
        .arg("-CAfile")
        .arg(dir.join("ca.pem"))
        .output()
        .expect("openssl");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.success() && said.contains("Verification: OK"),
        said,
    )
}

fn signed_size(admin: &User) -> (u64, String) {
    let note = admin.ok(&["log", "checkpoint", "--sign"])["checkpoint"]
        .as_str()
        .expect("note")
        .to_owned();
    let size = note
        .lines()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("size");
    (size, note)
}

#[test]
fn each_checkpoint_is_timestamped_by_a_real_tsa_and_openssl_verifies_the_token() {
    let (dir, db) = scratch();
    let tsa_dir = dir.path().join("tsa");
    std::fs::create_dir(&tsa_dir).expect("tsa dir");
    // Down for its first answer: the worker must come back.
    let tsa = Tsa::start(&tsa_dir, 1);
    let token = admin_init(&db);
    let server = Server::start_with_env(
        &db,
        &["--tsa-url", &tsa.url],
        &[("MUSTER_NOTIFY_BACKOFF_SECS", "1")],
    );
    let admin = User::new(&server.url, &token, dir.path());
    incident_with_notes(&admin);
    let (size, note) = signed_size(&admin);

    let reply = wait_for_timestamp(&server, size);
    let (note_file, reply_file) = (
        dir.path().join("checkpoint"),
        dir.path().join("checkpoint.tsr"),
    );
    std::fs::write(&note_file, &note).expect("note");
    std::fs::write(&reply_file, &reply).expect("reply");
    let (ok, said) = openssl_verify(&tsa_dir, &note_file, &reply_file);
    assert!(ok, "the token stamps the checkpoint's exact bytes: {said}");

    // One byte of the note changed: the token does not stamp it.
    std::fs::write(
        &note_file,
        note.replacen(&size.to_string(), &(size + 1).to_string(), 1),
    )
    .expect("note");
    let (ok, said) = openssl_verify(&tsa_dir, &note_file, &reply_file);
    assert!(!ok, "a changed checkpoint must not verify: {said}");

    let log = std::fs::read_to_string(tsa_dir.join("requests.log")).expect("requests");
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        [
            "503 application/timestamp-query",
            "200 application/timestamp-query"
        ],
        "refused once, asked again"
    );
    let (status, list) = get(&server, "/api/log/checkpoints", "");
    assert_eq!(status, 200);
    let listed = list["checkpoints"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["size"] == size))
        .unwrap_or_else(|| panic!("{list}"));
    assert_eq!(listed["timestamped"], true, "{list}");
}

#[test]
fn a_tsa_that_stays_down_leaves_the_checkpoint_signed_and_says_why() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    // Nothing listens on port 9 (discard) here: every request fails.
    let server = Server::start_with_env(
        &db,
        &["--tsa-url", "http://127.0.0.1:9/tsr"],
        &[("MUSTER_NOTIFY_BACKOFF_SECS", "1")],
    );
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    let (size, note) = signed_size(&admin);
    let (status, body) = get(
        &server,
        &format!("/api/log/checkpoints/{size}/timestamp"),
        "",
    );
    assert_eq!(status, 404, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("no timestamp token"), "{body}");

    // The worker tried, failed, and will try again; the log says why.
    let started = Instant::now();
    let row = loop {
        let (status, rows) = get(&server, "/api/admin/deliveries?channel=timestamp", &token);
        assert_eq!(status, 200, "{rows}");
        if let Some(row) = rows
            .as_array()
            .and_then(|r| r.first())
            .filter(|r| r["attempts"].as_u64() >= Some(1) && !r["last_error"].is_null())
        {
            break row.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never tried: {rows}"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(row["status"], "pending", "retried, not given up: {row}");
    assert!(
        row["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("127.0.0.1:9")),
        "names the TSA it could not reach: {row}"
    );
    // Still signed, still served, still writable.
    let (status, latest) = get_bytes(&server, "/api/log/checkpoint", "");
    assert_eq!(
        (status, String::from_utf8_lossy(&latest)),
        (200, note.as_str().into())
    );
    admin.ok(&["note", &inc, "after the TSA failed"]);
    let (status, bad) = get(&server, "/api/log/checkpoints/zero/timestamp", "");
    assert_eq!(
        (status, bad["error"]["field"].as_str()),
        (422, Some("size")),
        "{bad}"
    );
    let (status, none) = get(
        &server,
        &format!("/api/log/checkpoints/{}/timestamp", size + 50),
        "",
    );
    assert_eq!(status, 404, "{none}");
}
