//! Crafted export files through both verifiers, `muster verify --file` and
//! `python3 docs/verify_log.py`: each gets the same verdict from both (OK,
//! BROKEN at the same seq, or ERROR), the one docs/log-format.md gives it.

use crate::common::BIN;
use muster_domain::LogEntry;
use muster_domain::log::{ACKNOWLEDGED_KIND, GENESIS_HASH};
use serde_json::{Value, json};
use std::process::Command;

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Ok,
    Broken(u64),
    Error,
}

fn note(seq: u64, payload: &str) -> LogEntry {
    LogEntry {
        incident: uuid::Uuid::from_u128(0x0197_5c1e_7a00_7c3e_9f21_4d2b_8e6a_0c11),
        seq,
        recorded_at: format!("2026-11-19T09:{seq:02}:00.000000Z"),
        occurred_at: None,
        actor: uuid::Uuid::from_u128(0x0197_5c1e_7a00_7c3e_9f21_4d2b_8e6a_0c33),
        actor_name: "Carol Ó'Brien".into(),
        kind: "note-added".into(),
        v: 1,
        payload: payload.to_owned(),
        prev_hash: String::new(),
        hash: String::new(),
    }
}

/// `n` sealed notes.
fn chain(n: u64) -> Vec<LogEntry> {
    let mut out: Vec<LogEntry> = Vec::new();
    for seq in 1..=n {
        let prev = out
            .last()
            .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone());
        out.push(note(seq, &format!("{{\"text\":\"note {seq}\"}}")).seal(&prev));
    }
    out
}

/// Seals every entry from index `from` on again, so that only what was
/// changed (not a hash) is wrong.
fn reseal(mut entries: Vec<LogEntry>, from: usize) -> Vec<LogEntry> {
    for i in from..entries.len() {
        let prev = if i == 0 {
            GENESIS_HASH.to_owned()
        } else {
            entries[i - 1].hash.clone()
        };
        entries[i] = entries[i].clone().seal(&prev);
    }
    entries
}

fn export(entries: &[LogEntry]) -> Value {
    json!({
        "format": "muster-export/1",
        "log": {
            "entries": entries,
            "head_hash": entries.last().map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone()),
            "entries_count": entries.len(),
        }
    })
}

fn entry(doc: &mut Value, i: usize) -> &mut Value {
    &mut doc["log"]["entries"][i]
}

fn with(mut doc: Value, f: impl FnOnce(&mut Value)) -> Value {
    f(&mut doc);
    doc
}

fn muster(path: &std::path::Path) -> Verdict {
    let out = Command::new(BIN)
        .args(["--json", "verify", "--file"])
        .arg(path)
        .env("MUSTER_SETTINGS", "/dev/null")
        .output()
        .expect("muster");
    match (
        out.status.code(),
        serde_json::from_slice::<Value>(&out.stdout),
    ) {
        (Some(0), Ok(_)) => Verdict::Ok,
        // Exit 6: the log is not whole; any other failure is an error, told
        // as the API's error JSON on standard output.
        (Some(6), Ok(v)) => Verdict::Broken(v["first_break"]["seq"].as_u64().expect("seq")),
        (Some(c), Ok(v)) if c != 0 && v["error"]["message"].is_string() => Verdict::Error,
        other => panic!(
            "muster verify --file: {other:?} {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn python(path: &std::path::Path) -> Verdict {
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/verify_log.py"
        ))
        .arg(path)
        .output()
        .expect("python3 runs");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let v = if said.starts_with("OK: ") {
        Verdict::Ok
    } else if let Some(rest) = said.strip_prefix("BROKEN at seq ") {
        Verdict::Broken(
            rest.split(':')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("seq"),
        )
    } else if said.starts_with("ERROR: ") {
        Verdict::Error
    } else {
        panic!(
            "verify_log.py said {said:?} {}",
            String::from_utf8_lossy(&out.stderr)
        )
    };
    assert_eq!(
        out.status.code(),
        Some(if v == Verdict::Ok { 0 } else { 1 }),
        "{said}"
    );
    v
}

#[test]
fn crafted_exports_get_the_same_verdict_from_both_verifiers() {
    let base = chain(3);
    let resealed_payload = |payload: &str| {
        let mut e = base.clone();
        e[1].payload = payload.to_owned();
        export(&reseal(e, 1))
    };
    let mut acknowledged = base.clone();
    acknowledged[1].payload = "{\"text\":\"altered\"}".into();
    let ack_payload = json!({
        "seq": 2, "expected": acknowledged[1].compute_hash(), "found": acknowledged[1].hash,
        "problem": "altered", "reason": "checked"
    });
    let mut ack = note(4, &muster_domain::log::canonical_json(&ack_payload));
    ack.kind = ACKNOWLEDGED_KIND.into();
    acknowledged.push(ack.seal(&base[2].hash));

    let raw = |text: &str| text.to_owned();
    let cases: Vec<(&str, String, Verdict)> = vec![
        ("a sealed export", export(&base).to_string(), Verdict::Ok),
        ("an empty log", export(&[]).to_string(), Verdict::Ok),
        (
            "a payload that is an array, sealed",
            resealed_payload("[1,2]").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload that is a string, sealed",
            resealed_payload("\"note\"").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload with whitespace, sealed",
            resealed_payload("{\"text\": \"x\"}").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload with keys out of order, sealed",
            resealed_payload("{\"z\":1,\"a\":2}").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload with \\u00e9, sealed",
            resealed_payload("{\"a\":\"\\u00e9\"}").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload with a float, sealed",
            resealed_payload("{\"a\":1.0}").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload with a huge integer, sealed",
            resealed_payload("{\"a\":100000000000000000000}").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload with a repeated key, sealed",
            resealed_payload("{\"a\":1,\"a\":1}").to_string(),
            Verdict::Broken(2),
        ),
        (
            "a payload that is not JSON, sealed",
            resealed_payload("{oops").to_string(),
            Verdict::Broken(2),
        ),
        (
            "seq as a string",
            with(export(&base), |d| entry(d, 1)["seq"] = json!("2")).to_string(),
            Verdict::Broken(2),
        ),
        (
            "seq as 2.0",
            raw(&export(&base)
                .to_string()
                .replacen("\"seq\":2", "\"seq\":2.0", 1)),
            Verdict::Broken(2),
        ),
        (
            "seq as -0",
            raw(&export(&base)
                .to_string()
                .replacen("\"seq\":1", "\"seq\":-0", 1)),
            Verdict::Broken(1),
        ),
        (
            "v as true",
            with(export(&base), |d| entry(d, 2)["v"] = json!(true)).to_string(),
            Verdict::Broken(3),
        ),
        (
            "v past 2^32",
            with(export(&base), |d| entry(d, 0)["v"] = json!(1u64 << 32)).to_string(),
            Verdict::Broken(1),
        ),
        (
            "occurred_at a number",
            with(export(&base), |d| entry(d, 1)["occurred_at"] = json!(5)).to_string(),
            Verdict::Broken(2),
        ),
        (
            "occurred_at missing",
            with(export(&base), |d| {
                entry(d, 1).as_object_mut().unwrap().remove("occurred_at");
            })
            .to_string(),
            Verdict::Broken(2),
        ),
        (
            "an entry that is not an object",
            with(export(&base), |d| *entry(d, 2) = json!([1])).to_string(),
            Verdict::Broken(3),
        ),
        (
            "an extra member",
            with(export(&base), |d| entry(d, 1)["note"] = json!("hi")).to_string(),
            Verdict::Broken(2),
        ),
        (
            "an uppercase UUID, sealed",
            {
                let e = base.clone();
                let mut doc = export(&reseal(e, 0));
                let upper = doc["log"]["entries"][0]["actor"]
                    .as_str()
                    .unwrap()
                    .to_uppercase();
                doc["log"]["entries"][0]["actor"] = json!(upper);
                doc.to_string()
            },
            Verdict::Broken(1),
        ),
        (
            "an altered entry",
            with(export(&base), |d| {
                entry(d, 1)["actor_name"] = json!("Mallory")
            })
            .to_string(),
            Verdict::Broken(2),
        ),
        (
            "the count wrong and the head wrong: the count first",
            with(export(&base), |d| {
                d["log"]["entries_count"] = json!(5);
                d["log"]["head_hash"] = json!("0".repeat(64));
            })
            .to_string(),
            Verdict::Broken(4),
        ),
        (
            "the head wrong",
            with(export(&base), |d| {
                d["log"]["head_hash"] = json!("ab".repeat(32))
            })
            .to_string(),
            Verdict::Broken(3),
        ),
        (
            "the last entry cut off",
            with(export(&base), |d| {
                d["log"]["entries"].as_array_mut().unwrap().pop();
            })
            .to_string(),
            Verdict::Broken(3),
        ),
        (
            "an acknowledged break",
            export(&acknowledged).to_string(),
            Verdict::Ok,
        ),
        (
            "the acknowledged entry altered again",
            {
                let mut again = acknowledged.clone();
                again[1].payload = "{\"text\":\"altered again\"}".into();
                export(&again).to_string()
            },
            Verdict::Broken(2),
        ),
        (
            "extra members of log are ignored",
            with(export(&base), |d| d["log"]["exported_by"] = json!("x")).to_string(),
            Verdict::Ok,
        ),
        (
            "a repeated key",
            raw(&export(&base)
                .to_string()
                .replacen("\"kind\":", "\"kind\":\"x\",\"kind\":", 1)),
            Verdict::Error,
        ),
        (
            "a lone surrogate",
            raw(&export(&base)
                .to_string()
                .replacen("Carol", "\\ud800Carol", 1)),
            Verdict::Error,
        ),
        (
            "nested 70 deep",
            with(export(&base), |d| {
                d["incident"] =
                    serde_json::from_str(&format!("{}{}", "[".repeat(70), "]".repeat(70))).unwrap()
            })
            .to_string(),
            Verdict::Error,
        ),
        (
            "1e400",
            with(export(&base), |d| d["x"] = json!(0))
                .to_string()
                .replacen("\"x\":0", "\"x\":1e400", 1),
            Verdict::Error,
        ),
        (
            "NaN",
            raw(&export(&base)
                .to_string()
                .replacen("\"format\":", "\"n\":NaN,\"format\":", 1)),
            Verdict::Error,
        ),
        (
            "a negative count",
            with(export(&base), |d| d["log"]["entries_count"] = json!(-1)).to_string(),
            Verdict::Error,
        ),
        ("no log", json!({"entries": []}).to_string(), Verdict::Error),
        ("not JSON", raw("{\"log\":"), Verdict::Error),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    for (i, (name, text, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case-{i}.json"));
        std::fs::write(&path, text).expect("write");
        let (rust, py) = (muster(&path), python(&path));
        if rust != *expected || py != *expected {
            failures.push(format!(
                "{name}: muster {rust:?}, python {py:?}, document {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
