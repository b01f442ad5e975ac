//! Rule 9 when the database is changed behind Muster's back: entries cut off
//! the end of a log, or one altered. The server notices, refuses to write,
//! says so in `verify`, `show`, `export` and `/metrics`, and takes entries
//! again once an administrator acknowledges the break.

use crate::common::*;
use sqlx::Connection;
use std::io::{Read, Write};
use std::path::Path;

/// Runs `sql` on the file with the plain SQLite library, as an attacker would.
fn tamper(db: &Path, sql: &[&'static str]) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let url = format!("sqlite://{}", db.display());
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("open db");
        for &statement in sql {
            sqlx::query(statement)
                .execute(&mut conn)
                .await
                .expect(statement);
        }
        conn.close().await.expect("close");
    });
}

fn metric(url: &str, name: &str) -> String {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut body = String::new();
    s.read_to_string(&mut body).expect("read");
    body.lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("{name} in /metrics: {body}"))
        .to_owned()
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_cut_log_is_refused_and_shown_until_an_administrator_acknowledges_it() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    server.kill();

    tamper(
        &db,
        &[
            "DROP TRIGGER log_entries_no_delete",
            "DELETE FROM log_entries WHERE seq > 5",
        ],
    );

    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let out = admin.run(&["verify", &inc]);
    assert_eq!(out.status.code(), Some(6), "{}", text(&out));
    assert!(
        text(&out).contains("entries 6 to 7 are missing"),
        "{}",
        text(&out)
    );

    // No write: not after the log's real end, and no gap filled.
    let (code, said) = admin.refused(&["note", &inc, "after the cut"]);
    assert_eq!(code, 1, "a 409, a refusal: {said}");
    assert!(
        said.contains(&format!("the log of {inc} failed verification at seq 6")),
        "{said}"
    );
    assert!(said.contains("an administrator must act"), "{said}");
    assert_eq!(
        metric(&server.url, "muster_broken_chains"),
        "muster_broken_chains 1"
    );

    let out = admin.run(&["show", &inc]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Log: BROKEN at entry #6"),
        "{}",
        text(&out)
    );

    // The export is written, but warns and fails, and does not verify offline.
    let file = dir.path().join("export.json");
    let out = admin.run(&[
        "export",
        &inc,
        "--format",
        "json",
        "--output",
        file.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(6), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning: the log of"),
        "{}",
        text(&out)
    );
    let out = admin.run(&["verify", "--file", file.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(6), "{}", text(&out));

    // Only an administrator may acknowledge, and only with a reason.
    let dev = admin.add_person("Dev Deputy", "dev@example.org", &[]);
    let (code, said) = dev.refused(&["admin", "log", "acknowledge", &inc, "--reason", "x"]);
    assert_eq!(code, 4, "forbidden: {said}");
    let (code, said) = admin.refused(&["admin", "log", "acknowledge", &inc, "--reason", " "]);
    assert!(code == 1 && said.contains("reason"), "{said}");

    let ack = admin.ok(&[
        "admin",
        "log",
        "acknowledge",
        &inc,
        "--reason",
        "restored from backup",
    ]);
    assert_eq!(
        ack["entries"][0]["seq"], 6,
        "sealed onto the log as it stands"
    );
    assert_eq!(ack["entries"][0]["kind"], "break-acknowledged");
    let v = admin.ok(&["verify", &inc]);
    assert!(v["first_break"].is_null(), "{v}");
    assert_eq!(v["acknowledged"][0]["break_seq"], 6);
    assert_eq!(v["acknowledged"][0]["by"], "Ada Admin");
    let out = admin.run(&["verify", &inc]);
    assert!(
        text(&out).contains("1 acknowledged break"),
        "{}",
        text(&out)
    );
    admin.ok(&["note", &inc, "after the acknowledgement"]);
    assert_eq!(
        metric(&server.url, "muster_broken_chains"),
        "muster_broken_chains 0"
    );
    let (code, said) = admin.refused(&["admin", "log", "acknowledge", &inc, "--reason", "again"]);
    assert!(
        code == 1 && said.contains("no break to acknowledge"),
        "{said}"
    );

    // The export verifies again, with either verifier.
    let out = admin.run(&[
        "export",
        &inc,
        "--format",
        "json",
        "--output",
        file.to_str().expect("path"),
    ]);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        text(&out)
    );
    admin.ok(&["verify", "--file", file.to_str().expect("path")]);
    let py = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/verify_log.py"
        ))
        .arg(&file)
        .output()
        .expect("python3");
    assert!(py.status.success(), "{}", text(&py));
    assert!(
        String::from_utf8_lossy(&py.stdout).contains("acknowledged: the break at seq 6"),
        "{}",
        text(&py)
    );
}

#[test]
fn a_log_broken_while_no_server_ran_is_counted_before_anyone_opens_it() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    incident_with_notes(&admin);
    server.kill();
    tamper(
        &db,
        &[
            "DROP TRIGGER log_entries_no_update",
            "UPDATE log_entries SET payload = replace(payload, 'note 2', 'note 7') WHERE seq = 5",
        ],
    );

    // Nothing reads the incident: only the start-up sweep can find the
    // break. It runs beside serving, so wait for it (bounded), never
    // asserting how fast it is.
    let server = Server::start(&db);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut seen = metric(&server.url, "muster_broken_chains");
    while seen != "muster_broken_chains 1" && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
        seen = metric(&server.url, "muster_broken_chains");
    }
    assert_eq!(seen, "muster_broken_chains 1");
}

#[test]
fn an_altered_entry_stops_writes_until_acknowledged() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    server.kill();
    tamper(
        &db,
        &[
            "DROP TRIGGER log_entries_no_update",
            "UPDATE log_entries SET payload = replace(payload, 'note 2', 'note 7') WHERE seq = 5",
        ],
    );

    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let (code, said) = admin.refused(&["note", &inc, "on a broken chain"]);
    assert!(
        code == 1 && said.contains("failed verification at seq 5"),
        "{said}"
    );
    admin.ok(&[
        "admin",
        "log",
        "acknowledge",
        &inc,
        "--reason",
        "checked against the paper log",
    ]);
    let v = admin.ok(&["verify", &inc]);
    assert!(v["first_break"].is_null(), "{v}");
    assert_eq!(v["acknowledged"][0]["break_seq"], 5);
    assert_eq!(
        admin.ok(&["note", &inc, "writes resume"])["entries"][0]["seq"],
        9
    );
}

#[test]
fn a_log_cut_while_the_server_runs_is_refused_at_the_next_append() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());
    let inc = incident_with_notes(&admin);
    // The server holds the incident in memory; the file is cut under it.
    tamper(
        &db,
        &[
            "DROP TRIGGER log_entries_no_delete",
            "DELETE FROM log_entries WHERE seq = 7",
        ],
    );
    let (code, said) = admin.refused(&["note", &inc, "into the gap"]);
    assert!(
        code == 1 && said.contains("failed verification at seq 7"),
        "{said}"
    );
    let out = admin.run(&["verify", &inc]);
    assert_eq!(out.status.code(), Some(6), "{}", text(&out));
}
