//! The transparency log through the binary (issue 12): entries appended and a
//! checkpoint signed with the key `admin init` made; `muster log prove` and
//! `muster log consistency` verifying against the pinned key (and refusing
//! another key); a log re-sealed behind Muster's back caught by `verify`
//! because its entries are no longer the tree's leaves; a key file open to
//! others refused at start-up; rule 10 on the proof route.

use crate::common::*;
use muster_domain::LogEntry;
use sqlx::{Connection, Row};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

fn key_file(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".tlog-key");
    name.into()
}

/// A restricted (security) incident declared from a report, with `notes` notes.
pub(crate) fn restricted_incident(admin: &User, notes: usize) -> String {
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
    let rep = admin.ok(&["report", "Phishing wave", "--source", "soc"])["reference"]
        .as_str()
        .expect("ref")
        .to_owned();
    let inc = admin.ok(&[
        "triage",
        &rep,
        "--declare",
        "--severity",
        "SEV-2",
        "--category",
        "phishing",
        "--security",
        "--personal-data",
        "unknown",
        "--hypothesis",
        "credential harvest",
    ])["incident"]
        .as_str()
        .expect("inc")
        .to_owned();
    for i in 0..notes {
        admin.ok(&["note", &inc, &format!("observation {i}")]);
    }
    inc
}

#[test]
fn entries_are_proved_and_checkpoints_proved_consistent_against_the_pinned_key() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let mode = std::fs::metadata(key_file(&db)).expect("admin init made the key file");
    assert_eq!(mode.permissions().mode() & 0o777, 0o600);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);

    let key = admin.ok(&["log", "key"])["key"]
        .as_str()
        .expect("key")
        .to_owned();
    assert!(
        key.starts_with("muster/"),
        "the key is named by the origin: {key}"
    );
    let first = admin.ok(&["log", "checkpoint", "--sign"])["checkpoint"]
        .as_str()
        .expect("note")
        .to_owned();
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(
        lines[0],
        key.split('+').next().expect("name"),
        "origin line"
    );
    let old: u64 = lines[1].parse().expect("size");
    assert!(old >= 7, "every entry so far is a leaf: {first}");
    assert!(lines[4].starts_with("— "), "a signature line: {first}");

    let proof = admin.ok(&["log", "prove", &inc, "3", "--key", &key]);
    assert_eq!(proof["verified"], true);
    assert_eq!(proof["tree_size"], old);
    assert_eq!(proof["seq"], 3);

    for i in 0..4 {
        admin.ok(&["note", &inc, &format!("later note {i}")]);
    }
    let second = admin.ok(&["log", "checkpoint", "--sign"])["checkpoint"]
        .as_str()
        .expect("note")
        .to_owned();
    let new: u64 = second.lines().nth(1).expect("size").parse().expect("size");
    assert_eq!(new, old + 4);
    let (old_s, new_s) = (old.to_string(), new.to_string());
    let consistency = admin.ok(&["log", "consistency", &old_s, &new_s, "--key", &key]);
    assert_eq!(consistency["verified"], true);
    assert_eq!(consistency["from"], old);
    // An old entry against the older checkpoint, a new one against the latest.
    admin.ok(&["log", "prove", &inc, "1", "--size", &old_s, "--key", &key]);
    admin.ok(&["log", "prove", &inc, "11", "--key", &key]);
    let (code, err) = admin.refused(&["log", "prove", &inc, "11", "--size", &old_s, "--key", &key]);
    assert_eq!(code, 1, "not in the older checkpoint yet: {err}");

    // Another key (a server impersonating this log) is not believed.
    let stranger = muster_tlog::Signer::generate(key.split('+').next().expect("name"))
        .expect("key")
        .verifier()
        .to_key_text();
    let (code, err) = admin.refused(&["log", "prove", &inc, "3", "--key", &stranger]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("does not verify"), "{err}");
    let (code, _) = admin.refused(&["log", "consistency", &old_s, &new_s, "--key", &stranger]);
    assert_eq!(code, 6);

    // Witnesses and monitors read them without a token.
    let anonymous = User::new(&server.url, "", dir.path());
    let listed = anonymous.ok(&["log", "checkpoint"]);
    assert_eq!(listed["checkpoint"].as_str(), Some(second.as_str()));
}

/// Rewrites entry 5 and re-seals every entry after it, and the head its row
/// records, as someone with the database file could: the chain verifies.
fn reseal(db: &Path, reference: &str) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let url = format!("sqlite://{}", db.display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open db");
        let id: String = sqlx::query_scalar("SELECT id FROM incidents WHERE reference = ?")
            .bind(reference)
            .fetch_one(&mut conn)
            .await
            .expect("incident");
        let rows = sqlx::query(
            "SELECT seq, recorded_at, occurred_at, actor, actor_name, kind, v, payload, prev_hash, hash
             FROM log_entries WHERE incident = ? ORDER BY seq",
        )
        .bind(&id)
        .fetch_all(&mut conn)
        .await
        .expect("entries");
        sqlx::query("DROP TRIGGER log_entries_no_update").execute(&mut conn).await.expect("drop");
        let mut prev = String::new();
        for row in rows {
            let seq: i64 = row.get("seq");
            let mut e = LogEntry {
                incident: id.parse().expect("uuid"),
                seq: seq as u64,
                recorded_at: row.get("recorded_at"),
                occurred_at: row.get("occurred_at"),
                actor: row.get::<String, _>("actor").parse().expect("uuid"),
                actor_name: row.get("actor_name"),
                kind: row.get("kind"),
                v: row.get::<i64, _>("v") as u32,
                payload: row.get("payload"),
                prev_hash: row.get("prev_hash"),
                hash: row.get("hash"),
            };
            if seq < 5 {
                prev = e.hash.clone();
                continue;
            }
            if seq == 5 {
                e.payload = e.payload.replace("note 2", "note 9");
            }
            let e = e.seal(&prev);
            sqlx::query("UPDATE log_entries SET payload = ?, prev_hash = ?, hash = ? WHERE incident = ? AND seq = ?")
                .bind(&e.payload)
                .bind(&e.prev_hash)
                .bind(&e.hash)
                .bind(&id)
                .bind(seq)
                .execute(&mut conn)
                .await
                .expect("re-seal");
            prev = e.hash;
        }
        sqlx::query("UPDATE incidents SET head_hash = ? WHERE id = ?")
            .bind(&prev)
            .bind(&id)
            .execute(&mut conn)
            .await
            .expect("head");
        conn.close().await.expect("close");
    });
}

#[test]
fn a_resealed_log_is_caught_by_verify_because_the_tree_no_longer_matches() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    admin.ok(&["log", "checkpoint", "--sign"]);
    assert_eq!(
        admin.ok(&["verify", &inc])["first_break"],
        serde_json::Value::Null
    );
    server.kill();

    reseal(&db, &inc);

    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let out = admin.run(&["verify", &inc]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.code(),
        Some(6),
        "a re-sealed chain is not whole: {said}"
    );
    assert!(said.contains("#5") || said.contains("entry 5"), "{said}");
    assert!(
        said.contains("transparency log"),
        "named as the tree's finding: {said}"
    );

    // Writes are refused until an administrator acknowledges each rewritten
    // entry (5, 6 and 7 were re-sealed); then the log takes entries again.
    let (code, err) = admin.refused(&["note", &inc, "after the re-seal"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("failed verification"), "{err}");
    for _ in 0..3 {
        admin.ok(&[
            "admin",
            "log",
            "acknowledge",
            &inc,
            "--reason",
            "restored from a doctored copy; the paper log was checked",
        ]);
    }
    admin.ok(&["note", &inc, "after the acknowledgements"]);
    let v = admin.ok(&["verify", &inc]);
    assert_eq!(v["first_break"], serde_json::Value::Null, "{v}");
    assert_eq!(v["acknowledged"].as_array().map(Vec::len), Some(3), "{v}");
}

#[test]
fn a_key_file_open_to_others_is_refused_at_start_up_naming_its_mode() {
    let (_dir, db) = scratch();
    admin_init(&db);
    let key = key_file(&db);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(&db)
        .env("MUSTER_SETTINGS", "/dev/null")
        .env_remove("MUSTER_TLOG_KEY")
        .output()
        .expect("serve");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "serve must refuse to start: {err}");
    assert!(err.contains("0644"), "the mode is named: {err}");
    assert!(
        err.contains(&key.display().to_string()),
        "the file is named: {err}"
    );
}

#[test]
fn an_outsider_gets_the_same_404_for_a_restricted_incident_s_proof_as_for_none() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = restricted_incident(&admin, 2);
    admin.ok(&["log", "checkpoint", "--sign"]);
    let outsider = admin.add_person("Olly Outsider", "olly@example.org", &[]);

    let refused = outsider.run(&["--json", "log", "prove", &inc, "1"]);
    let none = outsider.run(&["--json", "log", "prove", "INC-2099-0999", "1"]);
    assert_eq!(refused.status.code(), Some(3));
    assert_eq!(none.status.code(), Some(3));
    let body = |o: &std::process::Output| -> serde_json::Value {
        serde_json::from_slice(&o.stdout).expect("error JSON")
    };
    let (a, b) = (body(&refused), body(&none));
    assert_eq!(a["error"]["code"], b["error"]["code"]);
    assert_eq!(
        a["error"]["message"]
            .as_str()
            .map(|m| m.replace(&inc, "REF")),
        b["error"]["message"]
            .as_str()
            .map(|m| m.replace("INC-2099-0999", "REF")),
        "the same answer whether it exists or not"
    );

    // The team (here the administrator) gets it, and the read is audited.
    admin.ok(&["log", "prove", &inc, "1"]);
    let audit = admin.ok(&["audit", "--incident", &inc]);
    let text = audit.to_string();
    assert!(
        text.contains(&format!("/api/log/proof/inclusion?incident={inc}&seq=1")),
        "{text}"
    );
}

#[test]
fn without_a_key_the_server_says_so_at_start_up_and_signs_nothing() {
    use std::io::{BufRead, BufReader, Read};
    let (_dir, db) = scratch();
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(&db)
        .env("MUSTER_SETTINGS", "/dev/null")
        .env("RUST_LOG", "error")
        .env_remove("MUSTER_TLOG_KEY")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    let anonymous = User::new(&url, "", db.parent().expect("dir"));
    let (code, err) = anonymous.refused(&["log", "key"]);
    assert_eq!(code, 3, "no key to serve: {err}");
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    assert!(
        err.contains("warning: no transparency log signing key"),
        "{err}"
    );
    assert!(
        err.contains("nothing") || err.contains("no checkpoint"),
        "{err}"
    );
}
