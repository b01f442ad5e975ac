//! The evidence verbs: an upload streamed from disk, a download streamed to
//! disk (checked against the register's SHA-256 as it arrives), verify, and
//! the register's commands (an external item, transfer, acknowledge).

use super::indicators::post;
use super::{Ctx, reference, usage, words};
use crate::cli::{EvidenceAddArgs, EvidenceCommand};
use crate::output;
use anyhow::{Context, Result};
use bytes::Bytes;
use muster_api::EvidenceUploadQuery;
use muster_client::UploadBody;
use muster_domain::Command;
use muster_domain::evidence::EvidenceInput;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tokio::io::AsyncReadExt;

/// The file is read and sent in pieces this large, a few at a time.
const PIECE: usize = 1 << 20;

pub async fn evidence(ctx: &Ctx, command: EvidenceCommand) -> Result<ExitCode> {
    use EvidenceCommand as C;
    let (incident, command) = match command {
        C::List { incident } => {
            let register = ctx.client()?.evidence(&reference(&incident)).await?;
            ctx.emit(&register, output::evidence)?;
            return Ok(ExitCode::SUCCESS);
        }
        C::Add(a) if !a.external => return upload(ctx, a).await,
        C::Add(a) => external(a)?,
        C::Download {
            incident,
            evidence,
            output,
        } => return download(ctx, &reference(&incident), &evidence, output).await,
        C::Verify { incident } => {
            let report = ctx
                .client()?
                .verify_evidence(incident.map(|i| reference(&i)).as_deref())
                .await?;
            ctx.emit(&report, output::evidence_verify)?;
            return Ok(if report.failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(crate::exit::LOG_BROKEN)
            });
        }
        C::Transfer {
            incident,
            evidence,
            to,
            reason,
            destination,
        } => (
            incident,
            Command::TransferEvidence {
                evidence,
                to,
                reason,
                destination,
            },
        ),
        C::Acknowledge { incident, evidence } => {
            (incident, Command::AcknowledgeEvidence { evidence })
        }
    };
    post(ctx, &incident, command).await
}

fn external(a: EvidenceAddArgs) -> Result<(String, Command<String>)> {
    let (Some(sha256), Some(location)) = (a.sha256, a.location) else {
        return Err(usage(
            "an --external item needs its --sha256 (computed when it was collected) and its --location",
        ));
    };
    let input = EvidenceInput {
        description: a.description.unwrap_or_else(|| words(a.what)),
        taken_from: a.taken_from,
        collected_by: a.collected_by,
        collected_at: a.collected_at.unwrap_or_else(jiff::Timestamp::now),
        tool: a.tool,
        sha256: Some(sha256),
        location: Some(location),
        upload: None,
    };
    Ok((a.incident, Command::AddEvidence(input)))
}

async fn upload(ctx: &Ctx, a: EvidenceAddArgs) -> Result<ExitCode> {
    let [path] = &a.what[..] else {
        return Err(usage(
            "give one FILE to upload (or --external for an item held outside Muster, whose words are its description)",
        ));
    };
    if a.location.is_some() {
        return Err(usage(
            "--location is for an --external item; an uploaded file is kept by Muster",
        ));
    }
    let path = PathBuf::from(path);
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} has no file name Muster can keep", path.display()))?
        .to_owned();
    let file = tokio::fs::File::open(&path)
        .await
        .with_context(|| format!("cannot read {}", path.display()))?;
    let query = EvidenceUploadQuery {
        description: a.description.unwrap_or_else(|| file_name.clone()),
        file_name,
        taken_from: a.taken_from,
        collected_at: a.collected_at,
        collected_by: a.collected_by,
        tool: a.tool,
        sha256: a.sha256,
    };
    let (tx, body) = UploadBody::channel(4);
    let reader = tokio::spawn(send_file(file, tx));
    let client = ctx.client()?;
    let answer = client
        .upload_evidence(&reference(&a.incident), &query, body)
        .await;
    reader.abort();
    ctx.emit(&answer?, output::command_response)?;
    Ok(ExitCode::SUCCESS)
}

/// Feeds the file into the upload a piece at a time; stops when the upload
/// does (the server answered, or refused, before the end).
async fn send_file(
    mut file: tokio::fs::File,
    tx: tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
) {
    loop {
        let mut piece = vec![0u8; PIECE];
        let piece = match file.read(&mut piece).await {
            Ok(0) => return,
            Ok(n) => {
                piece.truncate(n);
                Ok(Bytes::from(piece))
            }
            Err(e) => Err(e),
        };
        let failed = piece.is_err();
        if tx.send(piece).await.is_err() || failed {
            return;
        }
    }
}

async fn download(
    ctx: &Ctx,
    incident: &str,
    evidence: &str,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let mut download = ctx.client()?.download_evidence(incident, evidence).await?;
    let target = match output {
        Some(p) => p,
        None => {
            // Only the last part of the name the server gave: never a path.
            download
                .file_name
                .as_deref()
                .and_then(|n| Path::new(n).file_name())
                .map(PathBuf::from)
                .with_context(|| "the server gave no file name: give one with -o FILE")?
        }
    };
    let to_stdout = target.as_os_str() == "-";
    let mut sink: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&target)
                .with_context(|| {
                    format!(
                        "cannot create {} (an existing file is never overwritten)",
                        target.display()
                    )
                })?,
        )
    };
    let copied = copy(&mut download, &mut *sink, &target).await;
    drop(sink);
    let (size, actual) = match copied {
        Ok(done) => done,
        Err(e) => {
            // A cut-off download leaves no half file behind to be mistaken
            // for the evidence.
            if !to_stdout {
                let _ = std::fs::remove_file(&target);
            }
            return Err(e);
        }
    };
    let intact = download.sha256.as_deref().is_none_or(|r| r == actual);
    let report = serde_json::json!({
        "evidence": evidence,
        "file": target.display().to_string(),
        "size": size,
        "sha256": actual,
        "intact": intact,
    });
    if !intact {
        let recorded = download.sha256.as_deref().unwrap_or_default();
        eprintln!(
            "error: {} arrived with SHA-256 {actual}, not the {} the register recorded: the stored file has changed (see `muster evidence verify {}`)",
            output::escape(evidence),
            output::escape(recorded),
            output::escape(incident)
        );
    }
    if !to_stdout || ctx.json {
        ctx.emit(&report, |_| {
            format!(
                "{} saved to {} ({size} bytes, sha256 {actual})\n",
                output::escape(evidence),
                output::escape(&target.display().to_string())
            )
        })?;
    }
    if !intact {
        return Ok(ExitCode::from(crate::exit::LOG_BROKEN));
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the download to `sink`, hashing it on the way: (size, SHA-256).
async fn copy(
    download: &mut muster_client::Download,
    sink: &mut dyn Write,
    target: &Path,
) -> Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    while let Some(chunk) = download.chunk().await? {
        hasher.update(&chunk);
        size += chunk.len() as u64;
        sink.write_all(&chunk)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    sink.flush()
        .with_context(|| format!("cannot write {}", target.display()))?;
    Ok((size, hex::encode(hasher.finalize())))
}
