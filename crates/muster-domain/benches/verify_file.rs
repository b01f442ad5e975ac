//! `muster verify --file`'s work, beside `sha256sum` over the same bytes
//! (issue 15: within 2×). An export of 100,000 note entries is written to a
//! temporary file; then, each three times, best of three:
//! `verify_export_json` on its text (what `verify --file` runs once it has
//! read the file), SHA-256 over the same bytes in process, and the
//! `sha256sum` program on the file.
//!
//! `cargo bench -p muster-domain --bench verify_file` (`-- --quick`: 20,000 entries)

use muster_domain::event::Event;
use muster_domain::log::{GENESIS_HASH, LogEntry, format_time, verify_export_json};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::time::Instant;
use uuid::Uuid;

fn export(n: u64) -> String {
    let incident = Uuid::now_v7();
    let actor = Uuid::now_v7();
    let mut prev = GENESIS_HASH.to_owned();
    let mut entries = Vec::with_capacity(n as usize);
    for seq in 1..=n {
        let e = LogEntry {
            incident,
            seq,
            recorded_at: format_time(jiff::Timestamp::now()),
            occurred_at: None,
            actor,
            actor_name: "Sam Okafor".into(),
            kind: "note-added".into(),
            v: Event::VERSION,
            payload: Event::NoteAdded {
                text: format!("VPN logs for host-{seq} requested from the provider «quoted»"),
            }
            .payload_json(),
            prev_hash: String::new(),
            hash: String::new(),
        }
        .seal(&prev);
        prev.clone_from(&e.hash);
        entries.push(e);
    }
    serde_json::to_string_pretty(&serde_json::json!({
        "format": "muster-export/1",
        "incident": {"reference": "INC-2026-0001", "title": "bench", "team": [{"name": "Sam"}]},
        "log": {"entries_count": n, "head_hash": prev, "entries": entries},
    }))
    .expect("serialise")
}

fn best<F: FnMut()>(mut f: F) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n: u64 = if quick { 20_000 } else { 100_000 };
    let text = export(n);
    let dir = std::env::temp_dir().join(format!("muster-verify-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("export.json");
    std::fs::write(&file, &text).expect("write export");

    let verify = best(|| {
        let v = verify_export_json(black_box(&text)).expect("an export");
        assert!(v.is_whole(), "{:?}", v.first_break);
    });
    let sha = best(|| {
        black_box(Sha256::digest(text.as_bytes()));
    });
    let tool = best(|| {
        let out = std::process::Command::new("sha256sum")
            .arg(&file)
            .output()
            .expect("sha256sum");
        assert!(out.status.success());
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mib = text.len() as f64 / (1024.0 * 1024.0);
    println!("export: {n} entries, {mib:.1} MiB\n");
    println!("| what | ms (best of 3) | entries/s | MiB/s | × sha256sum |");
    println!("|---|---|---|---|---|");
    for (what, secs) in [
        ("`verify_export_json` (what `verify --file` runs)", verify),
        ("baseline: SHA-256 of the same bytes, in process", sha),
        ("baseline: `sha256sum` on the file", tool),
    ] {
        println!(
            "| {what} | {:.1} | {:.0} | {:.0} | {:.2} |",
            secs * 1000.0,
            n as f64 / secs,
            mib / secs,
            secs / tool
        );
    }
}
