//! Regulatory obligations through the real binary: a privacy incident at an
//! organisation established in Germany; awareness recorded; the GDPR Art. 33
//! clock running and explained; its reminder delivered as a webhook before
//! the deadline; the draft notification agreed and recorded as submitted; a
//! not-required decision for Art. 34; the breach register as CSV and JSON.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A webhook receiver on 127.0.0.1: each POST's body, answered 200.
fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let got = Arc::new(Mutex::new(Vec::new()));
    let bodies = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_ok() {
                bodies
                    .lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&body).into_owned());
            }
            let mut stream = reader.into_inner();
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    (url, got)
}

fn post_json(base: &str, token: &str, path: &str, body: &str) -> String {
    let addr = base.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("read");
    answer
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_privacy_incident_owes_the_regulator_72_hours_and_the_register_keeps_the_decisions() {
    let (dir, db) = scratch();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[obligations]\njurisdictions = [\"de\"]\ntime_zone = \"Europe/Berlin\"\nreminder_lead_minutes = [1440, 360, 60]\n",
    )
    .unwrap();
    let token = admin_init(&db);
    let server = Server::start_with(&db, &["--policy", policy.to_str().unwrap()]);
    let ada = User::new(&server.url, &token, dir.path());
    let (hook, received) = receiver();
    let answer = post_json(
        &server.url,
        &token,
        "/api/admin/webhooks",
        &format!(r#"{{"url":"{hook}","kinds":["reminder.deadline-approaching"]}}"#),
    );
    assert!(
        answer.starts_with("HTTP/1.1 201") || answer.starts_with("HTTP/1.1 200"),
        "{answer}"
    );

    let priya = ada.add_person("Priya Privacy", "priya@example.org", &["data-privacy"]);
    let cole = ada.add_person("Cole Comms", "cole@example.org", &[]);
    ada.ok(&[
        "rota",
        "add",
        "--person",
        "ada@example.org",
        "--from",
        "-1m",
        "--to",
        "+1h",
    ]);
    let rep = ada.ok(&[
        "report",
        "Customer export emailed to the wrong address",
        "--source",
        "staff",
    ])["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let inc = ada.ok(&[
        "triage",
        &rep,
        "--declare",
        "--severity",
        "SEV-2",
        "--category",
        "data-breach",
        "--no-security",
        "--personal-data",
        "yes",
        "--hypothesis",
        "a typo in the recipient",
        "--team",
        "priya@example.org=sme",
        "--team",
        "cole@example.org=comms-lead",
    ])["incident"]
        .as_str()
        .unwrap()
        .to_owned();

    // The privacy member establishes awareness: 71 h 30 min ago, so half an
    // hour is left and the one-hour reminder is due at once.
    let aware = rfc3339_in(-(71 * 3600 + 30 * 60));
    let recorded = priya.ok(&["anchor", &inc, "aware", "--at", &aware]);
    let kinds: Vec<&str> = recorded["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["anchor-recorded", "deadlines-computed"],
        "{recorded}"
    );

    let clocks = ada.ok(&["clocks", &inc]);
    let gdpr = clocks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["regime"] == "gdpr-art-33")
        .unwrap_or_else(|| panic!("{clocks}"));
    assert_eq!(gdpr["stage"], "notification");
    let left = gdpr["seconds_left"].as_i64().unwrap();
    assert!((1700..=1800).contains(&left), "{gdpr}");
    assert!(
        gdpr["due_local"]
            .as_str()
            .unwrap()
            .contains("[Europe/Berlin]"),
        "{gdpr}"
    );
    let explained = ada.run(&["clocks", &inc, "--explain"]);
    let said = text(&explained);
    assert!(
        said.contains("gdpr-art-33") && said.contains("72") && said.contains("aware"),
        "{said}"
    );

    // The reminder, before the deadline (bounded wait; nothing timed).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let reminder = loop {
        let found = received
            .lock()
            .unwrap()
            .iter()
            .find(|b| b.contains("gdpr-art-33 notification"))
            .cloned();
        if let Some(r) = found {
            break r;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no reminder webhook arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(reminder.contains("deadline-approaching"), "{reminder}");
    assert!(
        reminder.contains("priya@example.org"),
        "the privacy member is told: {reminder}"
    );

    let obligations = ada.ok(&["obligations", &inc]);
    let art34 = obligations
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["regime"] == "gdpr-art-34")
        .unwrap_or_else(|| panic!("{obligations}"));
    assert_eq!(art34["status"], "unassessed");
    ada.ok(&[
        "obligation",
        "assess",
        &inc,
        "gdpr-art-34",
        "not-required",
        "--rationale",
        "the file was encrypted and the recipient confirmed deletion",
    ]);

    // The draft, filled from the incident, then agreed and submitted (rule 6).
    let draft = ada.ok(&["obligation", "draft", &inc, "gdpr-art-33", "notification"]);
    assert!(
        draft["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "data-subject-count"),
        "{draft}"
    );
    // The comms lead drafts it as a communication; the incident manager agrees it.
    let created = cole.ok(&[
        "obligation",
        "draft",
        &inc,
        "gdpr-art-33",
        "notification",
        "--set",
        "data-subject-count=about 1,200",
        "--create",
    ]);
    let payload: serde_json::Value =
        serde_json::from_str(created["entries"][0]["payload"].as_str().unwrap()).unwrap();
    let communication = payload["id"].as_str().unwrap().to_owned();
    assert!(
        payload["body"].as_str().unwrap().contains("about 1,200"),
        "{payload}"
    );
    let (code, said) = cole.refused(&[
        "obligation",
        "submit",
        &inc,
        "gdpr-art-33",
        "notification",
        "--reference",
        "BfDI-1",
        "--communication",
        &communication,
    ]);
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("still a draft") && said.contains("rule 6"),
        "{said}"
    );
    ada.ok(&["communication", "agree", &inc, &communication]);
    cole.ok(&[
        "obligation",
        "submit",
        &inc,
        "gdpr-art-33",
        "notification",
        "--reference",
        "BfDI-2026-0042",
        "--communication",
        &communication,
    ]);
    let clocks = ada.ok(&["clocks", &inc]);
    assert!(
        !clocks
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["regime"] == "gdpr-art-33"),
        "submitted: no longer running: {clocks}"
    );

    // The register.
    let csv = ada.run(&["register", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    assert!(csv.starts_with("reference,title,personal_data"), "{csv}");
    assert!(
        csv.contains(&inc)
            && csv.contains("\"not-required\"")
            && csv.contains("recipient confirmed deletion"),
        "{csv}"
    );
    assert!(csv.contains("BfDI-2026-0042"), "{csv}");
    let register = ada.ok(&["register"]);
    let entry = &register.as_array().unwrap()[0];
    assert_eq!(entry["reference"], inc.as_str());
    assert_eq!(entry["personal_data"], "yes");
    let statuses: Vec<&str> = entry["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert!(
        statuses.contains(&"not-required") && statuses.contains(&"submitted"),
        "{entry}"
    );
}

#[test]
fn a_broken_rule_file_is_named_by_file_line_and_field() {
    let (dir, _db) = scratch();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("acme.toml"),
        "id = \"acme-contract\"\nversion = 1\ntitle = \"Acme\"\nlegal_basis = \"contract\"\ncitation = \"cl. 9\"\neffective = 2020-01-01\nstatus = \"in-force\"\nverified = false\nrecipients = [\"Acme\"]\n\n[applies]\n\n[[stages]]\nid = \"notice\"\nname = \"Notice\"\nanchor = \"aware\"\namount = 2\nunit = \"fortnights\"\n",
    )
    .unwrap();
    let user = User::new("http://127.0.0.1:9", "none", dir.path());
    let out = user.run(&["rules", "check", rules.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("acme.toml:18: stages[0].unit") && said.contains("fortnights"),
        "{said}"
    );
    std::fs::write(
        rules.join("acme.toml"),
        std::fs::read_to_string(rules.join("acme.toml"))
            .unwrap()
            .replace("fortnights", "calendar-days"),
    )
    .unwrap();
    let out = user.run(&["rules", "check", rules.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("acme-contract version 1"),
        "{}",
        text(&out)
    );
}
