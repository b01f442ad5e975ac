//! Each kind of failure has its own exit status, in text and in `--json`
//! mode; with `--json`, the error is the API's error JSON on standard output.

use crate::common::*;
use serde_json::Value;
use std::process::Output;

/// Runs `args` in text mode and in `--json` mode; checks both exit with
/// `status`, that text mode printed `error: …` on standard error and nothing
/// on standard output, and returns the error JSON `--json` printed.
#[track_caller]
fn both(user: &User, args: &[&str], status: i32) -> Value {
    let text = user.run(args);
    let said = String::from_utf8_lossy(&text.stderr);
    assert_eq!(text.status.code(), Some(status), "muster {args:?}: {said}");
    assert!(said.starts_with("error: "), "muster {args:?}: {said}");
    assert!(text.stdout.is_empty(), "muster {args:?}: {text:?}");

    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let json: Output = user.run(&all);
    assert_eq!(json.status.code(), Some(status), "muster --json {args:?}");
    let body: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| {
        panic!(
            "muster --json {args:?} printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&json.stdout),
            String::from_utf8_lossy(&json.stderr)
        )
    });
    assert!(
        body["error"]["code"].is_string() && body["error"]["message"].is_string(),
        "{body}"
    );
    body
}

#[test]
fn exit_statuses_tell_the_kinds_of_failure_apart() {
    let (dir, db) = scratch();
    let admin_token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &admin_token, dir.path());
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
    let rep = admin.ok(&["report", "Phish", "--source", "staff"])["reference"]
        .as_str()
        .expect("ref")
        .to_owned();
    admin.ok(&["triage", &rep, "--false-positive", "--note", "a test"]);

    // 0: ok.
    assert_eq!(admin.run(&["me"]).status.code(), Some(0));

    // 1: refused as invalid (422) or by the state of things (409).
    let body = both(&admin, &["report", "bad\u{7}", "--source", "x"], 1);
    assert_eq!(
        (
            body["error"]["code"].as_str(),
            body["error"]["field"].as_str()
        ),
        (Some("invalid"), Some("title"))
    );
    let body = both(
        &admin,
        &["triage", &rep, "--false-positive", "--note", "again"],
        1,
    );
    assert_eq!(body["error"]["code"], "conflict", "{body}");

    // 2: usage, clap's and the CLI's own.
    let body = both(&admin, &["timeline"], 2);
    assert_eq!(body["error"]["code"], "usage");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("<INCIDENT>")),
        "{body}"
    );
    let body = both(&admin, &["--url", "not a url", "me"], 2);
    assert_eq!(body["error"]["code"], "usage");
    both(&admin, &["triage", &rep, "--declare"], 2);

    // 3: not found.
    let body = both(&admin, &["show", "INC-2099-9999"], 3);
    assert_eq!(body["error"]["code"], "not-found");

    // 4: not signed in, or not allowed.
    let stranger = User {
        token: "mst_not_a_token".into(),
        ..admin.clone()
    };
    let body = both(&stranger, &["me"], 4);
    assert_eq!(body["error"]["code"], "unauthorized");
    let bo = admin.add_person("Bo", "bo@example.org", &[]);
    let body = both(
        &bo,
        &["people", "add", "--name", "X", "--email", "x@example.org"],
        4,
    );
    assert_eq!(body["error"]["code"], "forbidden");

    // 5: no server there.
    let nowhere = User {
        url: "http://127.0.0.1:9".into(),
        ..admin.clone()
    };
    let body = both(&nowhere, &["me"], 5);
    assert_eq!(body["error"]["code"], "unreachable");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("cannot reach the server")),
        "{body}"
    );

    // 7: a local failure.
    let missing = dir.path().join("absent.json");
    let body = both(
        &admin,
        &["verify", "--file", missing.to_str().expect("path")],
        7,
    );
    assert_eq!(body["error"]["code"], "local");
}

#[test]
fn help_shows_the_table_and_exits_zero() {
    let out = std::process::Command::new(BIN)
        .arg("--help")
        .output()
        .expect("muster --help");
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Exit status:"), "{help}");
    assert!(help.contains("6  verify: the log is not whole"), "{help}");
}
