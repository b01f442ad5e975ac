//! The one-pass reader against the document-building reader it replaced
//! (kept here as the reference): the same verdict, break and error for
//! every crafted export, so the speed-up changed nothing a user can see.

use super::*;
use crate::log::GENESIS_HASH;
use serde_json::json;

/// Checks an export's text: the chain of `log.entries`, then its totals.
pub(super) fn reference(text: &str) -> Result<Verification, NotAnExport> {
    let Strict(doc) = serde_json::from_str(text)
        .map_err(|e| NotAnExport(format!("the file is not UTF-8 JSON: {e}")))?;
    if depth(&doc) > MAX_FILE_DEPTH {
        return Err(NotAnExport(format!(
            "the file is nested more than {MAX_FILE_DEPTH} levels deep"
        )));
    }
    let log = doc
        .get("log")
        .and_then(Value::as_object)
        .ok_or_else(|| NotAnExport("the export has no top-level `log` object".into()))?;
    let entries = log
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            NotAnExport("the export's `log.entries` is missing or not an array".into())
        })?;
    let stated_count = log
        .get("entries_count")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            NotAnExport("the export's `log.entries_count` is missing or not an integer".into())
        })?;
    let stated_head = log
        .get("head_hash")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            NotAnExport("the export's `log.head_hash` is missing or not a string".into())
        })?;

    let mut verifier = Verifier::default();
    for value in entries {
        match entry(value) {
            Ok(e) => verifier.push(&e),
            Err(reason) => {
                let seq = verifier.expected_seq();
                verifier.stop(Break {
                    seq,
                    reason,
                    expected: String::new(),
                    found: String::new(),
                });
                break;
            }
        }
    }
    let last_seq = verifier.end().0;
    let mut v = verifier.finish();
    if v.first_break.is_some() {
        return Ok(v);
    }
    // A chain cut short is still a chain: only the totals show it. The count
    // first, then the head.
    let count = v.entries;
    v.first_break = if stated_count != count {
        Some(Break {
            seq: stated_count.min(count) + 1,
            reason: format!(
                "the export says the log holds {stated_count} entries but it holds {count}: \
                 entries are missing from the end, or were added"
            ),
            expected: stated_count.to_string(),
            found: count.to_string(),
        })
    } else if stated_head != v.head_hash {
        Some(Break {
            seq: last_seq,
            reason: format!(
                "the export's head_hash {stated_head} is not the hash of its last entry ({})",
                v.head_hash
            ),
            expected: stated_head.to_owned(),
            found: v.head_hash.clone(),
        })
    } else {
        None
    };
    Ok(v)
}

/// An element of `entries` as an entry, or why it is not one (§5, check 1).
fn entry(value: &Value) -> Result<LogEntry, String> {
    let obj = value
        .as_object()
        .ok_or_else(|| "the entry is not a JSON object".to_owned())?;
    let text = |field: &str| {
        obj.get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("field `{field}` is missing or not a string"))
    };
    let id = |field: &str| {
        let s = text(field)?;
        lowercase_uuid(&s)
            .ok_or_else(|| format!("field `{field}` is not a lowercase hyphenated UUID"))
    };
    let integer = |field: &str, max: u64| {
        obj.get(field)
            .and_then(Value::as_u64)
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("field `{field}` is missing or not an integer from 0 to {max}"))
    };
    let e = LogEntry {
        incident: id("incident")?,
        seq: integer("seq", u64::MAX)?,
        recorded_at: text("recorded_at")?,
        occurred_at: match obj.get("occurred_at") {
            Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            _ => return Err("field `occurred_at` is missing or neither a string nor null".into()),
        },
        actor: id("actor")?,
        actor_name: text("actor_name")?,
        kind: text("kind")?,
        v: u32::try_from(integer("v", u64::from(u32::MAX))?).unwrap_or(u32::MAX),
        payload: text("payload")?,
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    };
    if let Some(extra) = obj.keys().find(|k| !MEMBERS.contains(&k.as_str())) {
        return Err(format!("member `{extra}` is not part of an entry"));
    }
    Ok(e)
}

fn note(seq: u64) -> LogEntry {
    LogEntry {
        incident: Uuid::from_u128(0x0197_5c1e_7a00_7c3e_9f21_4d2b_8e6a_0c11),
        seq,
        recorded_at: format!("2026-11-19T09:{seq:02}:00.000000Z"),
        occurred_at: None,
        actor: Uuid::from_u128(0x0197_5c1e_7a00_7c3e_9f21_4d2b_8e6a_0c33),
        actor_name: "Carol Ó'Brien".into(),
        kind: "note-added".into(),
        v: 1,
        payload: format!("{{\"text\":\"note {seq} «quoted» \\\"\"}}"),
        prev_hash: String::new(),
        hash: String::new(),
    }
}

fn doc(n: u64) -> Value {
    let mut entries: Vec<LogEntry> = Vec::new();
    for seq in 1..=n {
        let prev = entries
            .last()
            .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone());
        entries.push(note(seq).seal(&prev));
    }
    json!({
        "format": "muster-export/1",
        "incident": {"reference": "INC-2026-0001", "team": [{"name": "Zoë"}]},
        "log": {
            "entries": entries,
            "head_hash": entries.last().map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone()),
            "entries_count": entries.len(),
        }
    })
}

fn with(mut d: Value, f: impl FnOnce(&mut Value)) -> String {
    f(&mut d);
    d.to_string()
}

fn nested(levels: usize) -> String {
    let inner = "[".repeat(levels) + &"]".repeat(levels);
    doc(2)
        .to_string()
        .replacen("\"format\"", &format!("\"deep\":{inner},\"format\""), 1)
}

fn corpus() -> Vec<(&'static str, String)> {
    let d = doc(4);
    let e = |i: usize, f: fn(&mut Value)| with(d.clone(), move |d| f(&mut d["log"]["entries"][i]));
    let dup_in_entry = d
        .to_string()
        .replacen("\"kind\":", "\"kind\":\"x\",\"kind\":", 1);
    let dup_elsewhere = d
        .to_string()
        .replacen("\"format\":", "\"format\":1,\"format\":", 1);
    let dup_count = d.to_string().replacen(
        "\"entries_count\":",
        "\"entries_count\":4,\"entries_count\":",
        1,
    );
    let dup_log = d.to_string().replacen("{", "{\"log\":{},", 1);
    vec![
        ("whole", d.to_string()),
        ("empty", doc(0).to_string()),
        ("pretty", serde_json::to_string_pretty(&d).unwrap()),
        (
            "payload changed",
            e(1, |v| v["payload"] = json!("{\"text\":\"edited\"}")),
        ),
        ("seq a string", e(1, |v| v["seq"] = json!("2"))),
        ("seq negative", e(1, |v| v["seq"] = json!(-2))),
        ("seq a float", e(1, |v| v["seq"] = json!(2.0))),
        ("v too big", e(0, |v| v["v"] = json!(1u64 << 32))),
        ("v a bool", e(2, |v| v["v"] = json!(true))),
        (
            "occurred_at a number",
            e(1, |v| v["occurred_at"] = json!(5)),
        ),
        (
            "occurred_at set",
            e(1, |v| v["occurred_at"] = json!("2026-11-19T09:00:00Z")),
        ),
        ("uppercase uuid", e(1, |v| v["actor"] = json!("0197-NOT"))),
        (
            "missing hash",
            e(3, |v| {
                v.as_object_mut().unwrap().remove("hash");
            }),
        ),
        ("extra member", e(1, |v| v["note"] = json!("hi"))),
        (
            "extra members",
            e(1, |v| {
                v["zz"] = json!({"a": [1]});
                v["aa"] = json!(1);
            }),
        ),
        ("entry an array", e(2, |v| *v = json!([1]))),
        ("entry a string", e(0, |v| *v = json!("entry"))),
        ("entry null", e(3, |v| *v = json!(null))),
        (
            "count short",
            with(d.clone(), |d| d["log"]["entries_count"] = json!(3)),
        ),
        (
            "count a string",
            with(d.clone(), |d| d["log"]["entries_count"] = json!("4")),
        ),
        (
            "count missing",
            with(d.clone(), |d| {
                d["log"].as_object_mut().unwrap().remove("entries_count");
            }),
        ),
        (
            "head wrong",
            with(d.clone(), |d| d["log"]["head_hash"] = json!("00")),
        ),
        (
            "head an object",
            with(d.clone(), |d| d["log"]["head_hash"] = json!({"a": 1})),
        ),
        (
            "entries an object",
            with(d.clone(), |d| d["log"]["entries"] = json!({"a": 1})),
        ),
        ("log an array", with(d.clone(), |d| d["log"] = json!([1]))),
        (
            "no log",
            with(d.clone(), |d| {
                d.as_object_mut().unwrap().remove("log");
            }),
        ),
        ("top an array", "[1,2]".into()),
        ("top a string", "\"log\"".into()),
        ("dup in entry", dup_in_entry),
        ("dup elsewhere", dup_elsewhere),
        ("dup count", dup_count),
        ("dup log", dup_log),
        ("64 deep", nested(63)),
        ("65 deep", nested(64)),
        ("200 deep", nested(200)),
        ("trailing garbage", d.to_string() + " x"),
        ("trailing space", d.to_string() + " \n"),
        ("truncated", d.to_string()[..200].to_owned()),
        ("not json", "hello".into()),
        (
            "escaped key",
            d.to_string().replacen("\"kind\"", "\"\\u006bind\"", 1),
        ),
    ]
}

#[test]
fn the_one_pass_reader_gives_the_reference_verdict_on_every_crafted_export() {
    for (name, text) in corpus() {
        let new = verify_export_json(&text);
        let old = reference(&text);
        match (&new, &old) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}"),
            // serde_json words an error by where it stopped reading, which
            // the one pass may reach by another path: same kind of refusal.
            (Err(a), Err(b)) => assert_eq!(
                a.0.split(" at line").next(),
                b.0.split(" at line").next(),
                "{name}"
            ),
            _ => panic!("{name}: one pass {new:?}, reference {old:?}"),
        }
    }
}

#[test]
fn a_whole_export_verifies_and_a_changed_one_breaks_where_it_was_changed() {
    let v = verify_export_json(&doc(4).to_string()).expect("an export");
    assert!(v.is_whole(), "{:?}", v.first_break);
    assert_eq!(v.entries, 4);
    let changed = with(doc(4), |d| d["log"]["entries"][2]["payload"] = json!("{}"));
    let v = verify_export_json(&changed).expect("an export");
    assert_eq!(v.first_break.expect("broken").seq, 3);
    let dup = doc(2)
        .to_string()
        .replacen("\"kind\":", "\"kind\":\"x\",\"kind\":", 1);
    let err = verify_export_json(&dup).expect_err("a duplicate key");
    assert!(err.0.contains("duplicate key `kind`"), "{}", err.0);
}
