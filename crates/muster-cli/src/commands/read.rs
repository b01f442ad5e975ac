//! Reading incidents: the list, one at a glance (with the chain's state), the
//! log, live updates and exports.

use super::{Ctx, print, reference};
use crate::cli::{ExportArgs, TimelineArgs};
use crate::output;
use anyhow::{Context, Result};
use futures::StreamExt;
use muster_api::LogPage;
use std::io::IsTerminal;
use std::process::ExitCode;

pub async fn incidents(ctx: &Ctx) -> Result<ExitCode> {
    let incidents = ctx.client()?.incidents().await?;
    ctx.emit(&incidents, |i| output::incidents(i))?;
    Ok(ExitCode::SUCCESS)
}

pub async fn show(ctx: &Ctx, incident: &str) -> Result<ExitCode> {
    let client = ctx.client()?;
    let view = client.incident(&reference(incident)).await?;
    if ctx.json {
        ctx.emit(&view, output::incident)?;
    } else {
        let chain = client.verify(&view.state.reference).await?.verification;
        print(&format!(
            "{}\n{}",
            output::incident(&view),
            output::chain_state(&chain)
        ))?;
    }
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

/// The export is written whatever the chain's state: it is the record, and a
/// broken one is evidence. But a broken chain is said on standard error and
/// exits 1, as `muster verify` does.
pub async fn export(ctx: &Ctx, args: ExportArgs) -> Result<ExitCode> {
    let incident = reference(&args.incident);
    let client = ctx.client()?;
    if matches!(args.format.as_str(), "stix" | "misp") {
        return exchange(ctx, &client, &incident, &args).await;
    }
    if args.tlp.is_some() {
        return Err(super::usage(
            "--tlp filters the indicator exports: use it with --format stix or --format misp",
        ));
    }
    let body = client.export(&incident, &args.format).await?;
    let verification = client.verify(&incident).await?.verification;
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
    Ok(super::integrity::warn_if_broken(&incident, &verification))
}

/// The indicators as a STIX 2.1 bundle or a MISP event: a JSON document for
/// another tool, so it goes out as it came (escaped only on a terminal).
async fn exchange(
    ctx: &Ctx,
    client: &muster_client::Client,
    incident: &str,
    args: &ExportArgs,
) -> Result<ExitCode> {
    let doc = client
        .export_indicators(incident, &args.format, args.tlp.as_deref())
        .await?;
    let mut body = serde_json::to_string_pretty(&doc).context("cannot print JSON")?;
    body.push('\n');
    match &args.output {
        Some(path) => {
            std::fs::write(path, &body)
                .with_context(|| format!("cannot write {}", path.display()))?;
            if !ctx.json {
                print(&format!(
                    "Exported {incident}'s indicators ({}) to {}.\n",
                    args.format,
                    path.display()
                ))?;
            }
        }
        None if std::io::stdout().is_terminal() => print(&output::escape_lines(&body))?,
        None => print(&body)?,
    }
    Ok(ExitCode::SUCCESS)
}
