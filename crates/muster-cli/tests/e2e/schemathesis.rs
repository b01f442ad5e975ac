//! The OpenAPI document is true: schemathesis (from PyPI) generates requests
//! from `/api/openapi.json` and sends them to the real `muster serve` on a
//! temporary SQLite file, as an administrator, on an installation with a
//! declared incident and a report to find; every answer must be no server
//! error, a documented status, a documented content type and a body that
//! matches its schema.
//!
//! Skipped, saying why, when schemathesis is not installed, unless
//! `MUSTER_REQUIRE_SCHEMATHESIS` is set (test.sh sets it once it installs it).

use crate::common::*;
use std::path::PathBuf;
use std::process::Command;

/// Where test.sh installs it, then whatever `PATH` finds.
fn schemathesis() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("MUSTER_SCHEMATHESIS").map(PathBuf::from),
        Some(PathBuf::from("/opt/schemathesis/bin/schemathesis")),
        Some(PathBuf::from("schemathesis")),
    ];
    candidates.into_iter().flatten().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Checks that cannot apply here, and why; every other check runs.
const EXCLUDED: &[(&str, &str)] = &[(
    "positive_data_acceptance",
    "the rules refuse schema-valid requests with a documented 4xx: an empty name, a person \
     not in the directory, text with a NUL character, a rule of PRODUCT.md",
)];

#[test]
fn the_openapi_document_is_what_the_server_does() {
    let Some(st) = schemathesis() else {
        assert!(
            std::env::var_os("MUSTER_REQUIRE_SCHEMATHESIS").is_none(),
            "MUSTER_REQUIRE_SCHEMATHESIS is set but schemathesis is not installed \
             (./test.sh installs it in /opt/schemathesis)"
        );
        eprintln!(
            "skipped: schemathesis is not installed (pip install schemathesis, or run ./test.sh)"
        );
        return;
    };
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let admin = User::new(&server.url, &token, dir.path());

    // Something for the generated requests to find: a report, and a declared,
    // staffed incident with an action on it.
    admin.add_person("Dev Deputy", "dev@example.org", &[]);
    admin.add_person("Ana Analyst", "ana@example.org", &["security-analyst"]);
    admin.ok(&[
        "rota",
        "add",
        "--person",
        "ada@example.org",
        "--from",
        "-1m",
        "--to",
        "+8h",
    ]);
    let report = admin.ok(&[
        "report",
        "Customer records on a paste site",
        "--source",
        "threat intel",
    ]);
    let rep = report["reference"].as_str().expect("REP").to_owned();
    let declared = admin.ok(&[
        "triage",
        &rep,
        "--declare",
        "--severity",
        "SEV-2",
        "--category",
        "data-breach",
        "--security",
        "--personal-data",
        "no",
        "--hypothesis",
        "a leaked key",
        "--team",
        "dev@example.org=deputy",
        "--team",
        "ana@example.org=sme",
    ]);
    let inc = declared["incident"].as_str().expect("INC").to_owned();
    let open = admin.ok(&["report", "Odd login", "--source", "SOC"]);
    let open = open["reference"].as_str().expect("REP").to_owned();

    let config = dir.path().join("schemathesis.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[[operations]]
include-path-regex = "^/api/incidents/\\{{reference\\}}"
parameters = {{ "path.reference" = "{inc}" }}

[[operations]]
include-path-regex = "^/api/reports/\\{{reference\\}}"
parameters = {{ "path.reference" = "{open}" }}

[[operations]]
include-path-regex = "^/api/people/\\{{key\\}}"
parameters = {{ "path.key" = "dev@example.org" }}
"#
        ),
    )
    .expect("config");
    let excluded: Vec<&str> = EXCLUDED.iter().map(|(check, _)| *check).collect();
    let out = Command::new(&st)
        // Its cache and reports go to the scratch directory, not the tree.
        .current_dir(dir.path())
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(format!("{}/api/openapi.json", server.url))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", "all", "--exclude-checks", &excluded.join(",")])
        // The live log never ends on its own: schemathesis reads one event.
        .args(["--exclude-operation-id", "follow_log"])
        // Bounded so that CI stays short on two cores; the seed makes a
        // failure reproducible.
        .args(["--max-examples", "10", "--max-time", "90", "--seed", "1"])
        .args(["--request-timeout", "10", "--workers", "1"])
        .args(["--no-color"])
        .output()
        .expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "schemathesis found failures against {inc} / {rep}:\n{stdout}\n{stderr}"
    );
    drop(server);
}

/// What schemathesis does not check: operation ids are unique (generated
/// clients name their methods by them), a path parameter is in its path, and
/// every authenticated operation documents 401.
#[test]
fn the_document_names_each_operation_once_and_puts_parameters_in_place() {
    let (dir, db) = scratch();
    let token = admin_init(&db);
    let server = Server::start(&db);
    let _ = (dir, token);
    let doc = get_json(&server.url, "/api/openapi.json");
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            assert!(ids.insert(id.clone()), "operationId {id} repeats");
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().expect("name");
                let placed = p["in"] == "path";
                assert_eq!(
                    placed,
                    path.contains(&format!("{{{name}}}")),
                    "{method} {path}: parameter {name} is declared in {}",
                    p["in"]
                );
            }
            let open = op["security"].as_array().is_some_and(|s| {
                s.iter()
                    .all(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            if !open {
                assert!(
                    op["responses"]["401"].is_object(),
                    "{method} {path}: no 401"
                );
            }
        }
    }
    assert!(ids.contains("list_webhooks") && ids.contains("list_people"));
}

/// A plain HTTP/1.0 GET: no client to install for one request.
fn get_json(url: &str, path: &str) -> serde_json::Value {
    use std::io::{Read, Write};
    let host = url.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(host).expect("connect");
    write!(conn, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").expect("send");
    let mut text = String::new();
    conn.read_to_string(&mut text).expect("read");
    let (head, body) = text.split_once("\r\n\r\n").expect("a response");
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}"
    );
    serde_json::from_str(body).expect("the document")
}
