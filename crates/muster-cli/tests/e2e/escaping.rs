//! Control characters: refused at the door, whichever verb brings them, and
//! shown visibly when an older entry (crafted here straight through the store,
//! as an earlier release would have accepted it) already holds them.

use crate::common::*;
use muster_domain::LogEntry;
use muster_domain::log::canonical_json;
use muster_store::{Append, CommitBatch, NewReport};
use serde_json::Value;
use std::path::Path;

/// A hostile text: clears the screen, rings the bell, reverses the line and
/// starts a forged row of `muster timeline`.
const FORGERY: &str = "ok\u{1b}[2J\u{1b}[H\u{7}\u{202E}gnp.exe\n#99   2026-01-01 00:00Z  Ada Admin  decision: forged\u{9b}31m";

/// (exit status, the JSON printed on standard output).
#[track_caller]
fn refused_json(user: &User, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = user.run(&all);
    let body = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "muster {args:?} printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), body)
}

#[test]
fn every_verb_refuses_control_characters_naming_the_field_and_the_character() {
    let (dir, db) = scratch();
    let admin_token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());
    let inc = declared(&admin);

    let (code, body) = refused_json(&admin, &["report", "Hello\u{1b}[2J", "--source", "x"]);
    assert_eq!(code, 1, "{body}");
    assert_eq!(body["error"]["field"], "title", "{body}");
    assert_eq!(
        body["error"]["message"],
        "`title` contains a control character (U+001B ESC) at position 6"
    );
    let (_, body) = refused_json(
        &admin,
        &[
            "report",
            "Two\nlines",
            "--description",
            "d",
            "--source",
            "x",
        ],
    );
    assert_eq!(body["error"]["field"], "title", "{body}");
    let (_, body) = refused_json(
        &admin,
        &["report", "t", "--description", "d\u{85}", "--source", "x"],
    );
    assert_eq!(body["error"]["field"], "description", "{body}");

    let (code, body) = refused_json(&admin, &["note", &inc, "see invoice\u{202E}fdp.exe"]);
    assert_eq!(code, 1, "{body}");
    assert_eq!(body["error"]["code"], "invalid");
    assert_eq!(body["error"]["field"], "text");
    assert_eq!(
        body["error"]["message"],
        "`text` contains a bidirectional control character (U+202E RLO) at position 12"
    );
    // A note is several lines: newlines and tabs are its own.
    admin.ok(&["note", &inc, "first line\n\tsecond line"]);

    let (_, body) = refused_json(
        &admin,
        &[
            "people",
            "add",
            "--name",
            "Eve\u{7}",
            "--email",
            "eve@example.org",
        ],
    );
    assert_eq!(body["error"]["field"], "name", "{body}");

    // Text mode says the same on standard error, escaped.
    let out = admin.run(&["note", &inc, "bell\u{7}"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "error: invalid: `text` contains a control character (U+0007 BEL) at position 5 (field text)\n"
    );
}

/// Writes what the door now refuses straight into the store, as an older
/// release could have: a report and a log entry whose author's name and text
/// carry escape sequences, a bidirectional override and a forged row.
fn craft(db: &Path, inc: &str) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = muster_store_open::open_store(&format!("sqlite://{}", db.display()))
            .await
            .expect("open store");
        let summary = store
            .incident_by_reference(inc)
            .await
            .expect("read")
            .expect("incident");
        let last = store
            .entries_before(summary.id, summary.seq + 1, 1)
            .await
            .expect("entries")
            .pop()
            .expect("an entry");
        store
            .create_report(NewReport {
                id: uuid::Uuid::now_v7(),
                year: 2026,
                title: FORGERY.into(),
                description: FORGERY.into(),
                source: "old\u{1b}]0;pwned\u{7}".into(),
                reported_by: last.actor,
                reported_at: jiff::Timestamp::now().as_microsecond(),
            })
            .await
            .expect("crafted report");
        let now = jiff::Timestamp::now();
        let entry = LogEntry {
            incident: summary.id,
            seq: summary.seq + 1,
            recorded_at: now.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            occurred_at: None,
            actor: last.actor,
            actor_name: "Ada\u{1b}[8m".into(),
            kind: "note-added".into(),
            v: 1,
            payload: canonical_json(&serde_json::json!({ "text": FORGERY })),
            prev_hash: String::new(),
            hash: String::new(),
        }
        .seal(&summary.head_hash);
        let mut after = summary.clone();
        after.seq = entry.seq;
        after.head_hash.clone_from(&entry.hash);
        after.updated_at = now.as_microsecond();
        store
            .commit(&CommitBatch {
                appends: vec![Append {
                    incident: summary.id,
                    expected_seq: summary.seq,
                    entries: vec![entry],
                    summary: after,
                    outbox: Default::default(),
                }],
                ..Default::default()
            })
            .await
            .expect("crafted entry");
    });
}

/// No byte of `text` drives a terminal: no C0 control but newline, no DEL, no
/// C1 control, no bidirectional control.
#[track_caller]
fn inert(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !(c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)),
            "{c:?} reached the terminal in {text:?}"
        );
    }
}

#[test]
fn old_entries_holding_control_characters_cannot_forge_rows() {
    let (dir, db) = scratch();
    let admin_token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());
    let inc = declared(&admin);
    server.kill();
    craft(&db, &inc);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());

    let text = |args: &[&str]| {
        let out = admin.run(args);
        assert!(out.status.success(), "muster {args:?}: {out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };

    let timeline = text(&["timeline", &inc]);
    inert(&timeline);
    assert!(
        !timeline.lines().any(|l| l.starts_with("#99")),
        "a row was forged:\n{timeline}"
    );
    let crafted = timeline.lines().last().expect("a line");
    assert!(
        crafted.contains("Ada\\u{1b}[8m  note: ok\\u{1b}[2J\\u{1b}[H\\u{7}<U+202E>gnp.exe\\n#99   2026-01-01 00:00Z  Ada Admin  decision: forged\\u{9b}31m"),
        "{timeline}"
    );

    let reports = text(&["reports"]);
    inert(&reports);
    // The header and one row per report: two reports, no forged row.
    assert_eq!(reports.lines().count(), 3, "{reports}");
    let listed = admin.ok(&["reports"]);
    let rep = listed
        .as_array()
        .expect("reports")
        .iter()
        .find(|r| r["source"].as_str().is_some_and(|s| s.starts_with("old")))
        .and_then(|r| r["reference"].as_str())
        .expect("the crafted report")
        .to_owned();
    let one = text(&["reports", &rep]);
    inert(&one);
    assert!(one.contains("source: old\\u{1b}]0;pwned\\u{7}"), "{one}");
    inert(&text(&["show", &inc]));

    // --json hands scripts the text as it is stored.
    let page = admin.ok(&["timeline", &inc]);
    let last = page["entries"].as_array().expect("entries").last().cloned();
    let payload: Value =
        serde_json::from_str(last.expect("entry")["payload"].as_str().expect("payload"))
            .expect("payload JSON");
    assert_eq!(payload["text"], FORGERY);
}
