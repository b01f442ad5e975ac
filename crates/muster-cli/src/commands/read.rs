//! Reading incidents: the list, one at a glance, the log, live updates, the
//! chain check (online or on an export file) and exports.

use super::{Ctx, print, reference, usage};
use crate::cli::{ExportArgs, TimelineArgs, VerifyArgs};
use crate::output;
use anyhow::{Context, Result};
use futures::StreamExt;
use muster_api::{ExportLog, LogPage};
use muster_domain::log::{self, Break, Verification};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

pub async fn incidents(ctx: &Ctx) -> Result<ExitCode> {
    let incidents = ctx.client()?.incidents().await?;
    ctx.emit(&incidents, |i| output::incidents(i))?;
    Ok(ExitCode::SUCCESS)
}

pub async fn show(ctx: &Ctx, incident: &str) -> Result<ExitCode> {
    let view = ctx.client()?.incident(&reference(incident)).await?;
    ctx.emit(&view, output::incident)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn timeline(ctx: &Ctx, args: TimelineArgs) -> Result<ExitCode> {
    let client = ctx.client()?;
    let incident = reference(&args.incident);
    let page = if args.all {
        let mut page = client.log(&incident, 0, 1000).await?;
        while let Some(after) = page.next_after {
            let next = client.log(&incident, after, 1000).await?;
            page.entries.extend(next.entries);
            page.next_after = next.next_after.filter(|n| *n > after);
        }
        page
    } else if let Some(after) = args.after {
        client.log(&incident, after, args.limit).await?
    } else {
        // The latest entries: find the head, then read backwards from it.
        let head = client.log(&incident, 0, 1).await?.head_seq;
        let mut page = client.log_before(&incident, head + 1, args.limit).await?;
        page.entries.sort_by_key(|e| e.seq);
        page
    };
    let tail = !args.all && args.after.is_none();
    ctx.emit(&page, |p| timeline_text(p, tail))?;
    Ok(ExitCode::SUCCESS)
}

/// `tail`: the page is the latest entries, so say how to read earlier ones.
fn timeline_text(page: &LogPage, tail: bool) -> String {
    if page.entries.is_empty() {
        return format!("{}: no entries here.\n", output::escape(&page.reference));
    }
    let mut out = output::entries(&page.entries);
    let first = page.entries.first().map_or(0, |e| e.seq);
    let last = page.entries.last().map_or(0, |e| e.seq);
    if tail && first > 1 {
        out.push_str(&format!("(entries before #{first}: --all, or --after N)\n"));
    }
    if last < page.head_seq {
        out.push_str(&format!("(more: --after {last})\n"));
    }
    out
}

pub async fn watch(ctx: &Ctx, incident: &str, after: Option<u64>) -> Result<ExitCode> {
    let client = ctx.client()?;
    let incident = reference(incident);
    let after = match after {
        Some(after) => after,
        None => client.log(&incident, 0, 1).await?.head_seq,
    };
    if !ctx.json {
        print(&format!(
            "Following {incident} from entry #{after}; Ctrl-C to stop.\n"
        ))?;
    }
    let mut entries = client.events(&incident, after).await?;
    while let Some(entry) = entries.next().await {
        let entry = entry?;
        if ctx.json {
            // One entry per line, for `jq` and friends.
            print(&format!("{}\n", serde_json::to_string(&entry)?))?;
        } else {
            print(&output::entry(&entry))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn verify(ctx: &Ctx, args: VerifyArgs) -> Result<ExitCode> {
    let (name, verification) = match (args.file, args.incident) {
        (Some(file), _) => (file.display().to_string(), verify_file(&file)?),
        (None, Some(incident)) => {
            let view = ctx.client()?.verify(&reference(&incident)).await?;
            (view.reference, view.verification)
        }
        (None, None) => return Err(usage("give an incident, or --file EXPORT.json")),
    };
    ctx.emit(&verification, |v| output::verification(&name, v))?;
    Ok(if verification.is_whole() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(crate::exit::LOG_BROKEN)
    })
}

/// Checks a JSON export offline: the chain itself, then that the export's own
/// head hash and count describe that chain (so a truncated export fails too).
pub fn verify_file(path: &Path) -> Result<Verification> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut doc: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let log = doc
        .get_mut("log")
        .map(serde_json::Value::take)
        .with_context(|| format!("{} has no \"log\": is it a JSON export?", path.display()))?;
    let log: ExportLog = serde_json::from_value(log)
        .with_context(|| format!("the log in {} is not in the export format", path.display()))?;
    Ok(verify_export(&log))
}

pub fn verify_export(export: &ExportLog) -> Verification {
    let mut v = log::verify(&export.entries);
    if v.first_break.is_some() {
        return v;
    }
    let claim = if export.entries_count != v.entries || export.entries.len() as u64 != v.entries {
        Some(format!(
            "the export says {} entries but holds {} that chain: entries are missing",
            export.entries_count, v.entries
        ))
    } else if export.head_hash != v.head_hash {
        Some(format!(
            "the export's head_hash {} is not the chain's head {}",
            export.head_hash, v.head_hash
        ))
    } else {
        None
    };
    v.first_break = claim.map(|reason| Break {
        seq: v.entries + 1,
        reason,
    });
    v
}

pub async fn export(ctx: &Ctx, args: ExportArgs) -> Result<ExitCode> {
    let incident = reference(&args.incident);
    let body = ctx.client()?.export(&incident, &args.format).await?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, &body)
                .with_context(|| format!("cannot write {}", path.display()))?;
            if !ctx.json {
                print(&format!("Exported {incident} to {}.\n", path.display()))?;
            }
        }
        // A document for a file or a pipe goes out byte for byte; read on a
        // terminal, its lines are escaped like every other text.
        None if std::io::stdout().is_terminal() => print(&output::escape_lines(&body))?,
        None => print(&body)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_domain::LogEntry;
    use muster_domain::log::GENESIS_HASH;
    use uuid::Uuid;

    fn chain(n: u64) -> Vec<LogEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let e = LogEntry {
                    incident: Uuid::nil(),
                    seq,
                    recorded_at: format!("2026-11-27T13:{seq:02}:00.000000Z"),
                    occurred_at: None,
                    actor: Uuid::nil(),
                    actor_name: "Alice".into(),
                    kind: "note-added".into(),
                    v: 1,
                    payload: format!("{{\"text\":\"note {seq}\"}}"),
                    prev_hash: String::new(),
                    hash: String::new(),
                }
                .seal(&prev);
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    fn export(entries: Vec<LogEntry>) -> ExportLog {
        ExportLog {
            entries_count: entries.len() as u64,
            head_hash: entries
                .last()
                .map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone()),
            entries,
        }
    }

    fn write(dir: &tempfile::TempDir, log: &ExportLog) -> std::path::PathBuf {
        let path = dir.path().join("export.json");
        let doc =
            serde_json::json!({ "format": "json", "incident": {"ignored": true}, "log": log });
        std::fs::write(&path, doc.to_string()).unwrap();
        path
    }

    #[test]
    fn a_whole_export_verifies_offline() {
        let dir = tempfile::tempdir().unwrap();
        let v = verify_file(&write(&dir, &export(chain(5)))).unwrap();
        assert!(v.is_whole(), "{v:?}");
        assert_eq!(v.entries, 5);
    }

    #[test]
    fn an_altered_entry_is_named() {
        let mut entries = chain(5);
        entries[2].payload = "{\"text\":\"nothing happened\"}".into();
        let v = verify_export(&export(entries));
        assert_eq!(v.first_break.unwrap().seq, 3);
    }

    #[test]
    fn a_truncated_export_or_a_wrong_head_fails() {
        let mut log = export(chain(5));
        log.entries.truncate(4);
        let b = verify_export(&log).first_break.unwrap();
        assert_eq!(b.seq, 5);
        assert!(b.reason.contains("missing"), "{}", b.reason);

        let mut log = export(chain(3));
        log.head_hash = "00".repeat(32);
        assert!(
            verify_export(&log)
                .first_break
                .unwrap()
                .reason
                .contains("head_hash")
        );
    }

    #[test]
    fn files_that_are_not_exports_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        for body in ["", "[]", "{\"log\": 3}", "{\"nolog\": {}}"] {
            std::fs::write(&path, body).unwrap();
            assert!(verify_file(&path).is_err(), "{body}");
        }
        assert!(verify_file(&dir.path().join("absent.json")).is_err());
    }
}
