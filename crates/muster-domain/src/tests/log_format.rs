//! `docs/log-format.md` against the code: its worked example is what the code
//! computes, and `docs/verify_log.py`, written from the document alone, accepts
//! a sealed export and names the entry where a tampered one breaks.

use super::log::chain;
use crate::log::*;
use crate::*;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

/// The two entries of the document's worked example.
fn worked_example() -> Vec<LogEntry> {
    let incident = uuid::Uuid::parse_str("01975c1e-7a00-7c3e-9f21-4d2b8e6a0c11").unwrap();
    let carol = uuid::Uuid::parse_str("01975c1e-7a00-7c3e-9f21-4d2b8e6a0c33").unwrap();
    let first = LogEntry {
        incident,
        seq: 1,
        recorded_at: "2026-11-19T09:20:00.000000Z".into(),
        occurred_at: None,
        actor: carol,
        actor_name: "Carol Ó'Brien".into(),
        kind: "note-added".into(),
        v: 1,
        payload: Event::NoteAdded {
            text: "Bucket \"exports\" locked — by Dave".into(),
        }
        .payload_json(),
        prev_hash: String::new(),
        hash: String::new(),
    }
    .seal(GENESIS_HASH);
    let second = LogEntry {
        incident,
        seq: 2,
        recorded_at: "2026-11-19T09:31:07.250000Z".into(),
        occurred_at: Some("2026-11-19T09:05:00.000000Z".into()),
        actor: carol,
        actor_name: "Carol Ó'Brien".into(),
        kind: "corrected".into(),
        v: 1,
        payload: Event::Corrected {
            corrects: 1,
            text: "Locked at 09:05, not 09:20".into(),
        }
        .payload_json(),
        prev_hash: String::new(),
        hash: String::new(),
    }
    .seal(&first.hash);
    vec![first, second]
}

/// The export's shape (`log.entries`, `log.head_hash`, `log.entries_count`),
/// fields in the order a serialised struct writes them.
#[derive(serde::Serialize)]
struct Export<'a> {
    log: ExportLog<'a>,
}

#[derive(serde::Serialize)]
struct ExportLog<'a> {
    entries: &'a [LogEntry],
    head_hash: String,
    entries_count: u64,
}

fn export(entries: &[LogEntry]) -> String {
    let v = verify(entries);
    let doc = Export {
        log: ExportLog {
            entries,
            head_hash: v.head_hash,
            entries_count: v.entries,
        },
    };
    serde_json::to_string_pretty(&doc).unwrap()
}

#[test]
fn the_documents_worked_example_is_what_the_code_computes() {
    let text = std::fs::read_to_string(docs().join("log-format.md")).expect("docs/log-format.md");
    let entries = worked_example();
    for e in &entries {
        assert!(
            text.contains(&e.canonical()),
            "the document shows entry {}'s canonical text:\n{}",
            e.seq,
            e.canonical()
        );
        assert!(
            text.contains(&e.hash),
            "the document shows entry {}'s hash {}",
            e.seq,
            e.hash
        );
    }
    assert!(
        text.contains(&export(&entries)),
        "the document shows the example export:\n{}\n",
        export(&entries)
    );
    assert!(text.contains(GENESIS_HASH));
}

/// A file in the temp directory that removes itself.
struct TempFile(PathBuf);

impl TempFile {
    fn new(tag: &str, contents: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "muster-domain-{tag}-{}-{}.json",
            std::process::id(),
            uuid::Uuid::now_v7().simple()
        ));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn run_python(contents: &str) -> (bool, String) {
    let file = TempFile::new("export", contents);
    let out = Process::new("python3")
        .arg(docs().join("verify_log.py"))
        .arg(&file.0)
        .output()
        .expect("python3 runs (the independent verifier needs it)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "status {:?}: {stdout}{stderr}",
        out.status
    );
    (out.status.success(), stdout + &stderr)
}

#[test]
fn the_python_verifier_accepts_a_sealed_export() {
    for entries in [worked_example(), chain(12)] {
        let head = entries.last().unwrap().hash.clone();
        let (ok, out) = run_python(&export(&entries));
        assert!(ok, "{out}");
        assert!(out.starts_with("OK"), "{out}");
        assert!(out.contains(&format!("{} entries", entries.len())), "{out}");
        assert!(out.contains(&head), "{out}");
    }
    let (ok, out) = run_python(&export(&[]));
    assert!(
        ok && out.contains("0 entries") && out.contains(GENESIS_HASH),
        "{out}"
    );
}

#[test]
fn the_python_verifier_names_the_tampered_entry() {
    let entries = chain(9);
    let pristine = export(&entries);
    // One byte of one entry's payload, actor name, time or kind, as a text edit
    // of the export file would make it.
    let edits: [(u64, &str, &str); 5] = [
        (4, "note 4: c", "note 4: C"),
        (2, "Carol \\\"Sec\\\"", "Carol \\\"Sed\\\""),
        (6, "corrects\\\":5", "corrects\\\":4"),
        (
            8,
            &entries[7].recorded_at,
            &entries[7].recorded_at.replacen("09:", "08:", 1),
        ),
        (
            5,
            "\"kind\": \"role-assigned\"",
            "\"kind\": \"role-assignee\"",
        ),
    ];
    for (seq, from, to) in edits {
        let n = pristine.matches(from).count();
        assert!(n >= 1, "{from} is in the export");
        // Edit the occurrence inside entry `seq`: the first after its seq field.
        let start = pristine.find(&format!("\"seq\": {seq},")).unwrap();
        let start = pristine[..start].rfind('{').unwrap();
        let at = start + pristine[start..].find(from).unwrap();
        let tampered = format!("{}{}{}", &pristine[..at], to, &pristine[at + from.len()..]);
        let (ok, out) = run_python(&tampered);
        assert!(!ok, "{out}");
        assert!(
            out.contains(&format!("BROKEN at seq {seq}:")),
            "edit of entry {seq}: {out}"
        );
    }

    let mut dropped = entries.clone();
    dropped.remove(4);
    let (ok, out) = run_python(&export(&dropped));
    assert!(
        !ok && out.contains("BROKEN at seq 5:") && out.contains("missing or out of order"),
        "{out}"
    );

    // A dropped tail is whole as a chain, but not what the export says it holds.
    let mut doc: serde_json::Value = serde_json::from_str(&pristine).unwrap();
    doc["log"]["entries"].as_array_mut().unwrap().pop();
    let (ok, out) = run_python(&doc.to_string());
    assert!(!ok && out.contains("BROKEN at seq 9:"), "{out}");

    let (ok, out) = run_python("{\"log\": {\"entries\": 3}}");
    assert!(!ok && out.contains("entries"), "{out}");
}
