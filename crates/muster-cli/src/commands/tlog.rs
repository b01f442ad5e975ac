//! `muster log …` (issue 12): the transparency log's key and checkpoints,
//! and proofs that are fetched from the server but believed only once they
//! verify here, against a checkpoint signed by the pinned key. Exit 0 only
//! when they do.

use super::{Ctx, reference};
use crate::output::escape;
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use muster_tlog::{Hash, Verifier, open_checkpoint, verify_consistency, verify_inclusion};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum LogVerb {
    /// Print the verifier key checkpoints are signed with, to pin.
    Key,
    /// Print the latest signed checkpoint (the C2SP signed note).
    Checkpoint {
        /// Sign one now first (administrators).
        #[arg(long)]
        sign: bool,
    },
    /// Prove an entry is in the log: fetch its inclusion proof and verify
    /// it against the signed checkpoint.
    Prove {
        /// The incident, e.g. INC-2026-0007.
        incident: String,
        /// The entry's sequence number.
        seq: u64,
        /// The checkpoint's size [default: the latest].
        #[arg(long)]
        size: Option<u64>,
        #[command(flatten)]
        pin: Pin,
    },
    /// Prove the checkpoint of NEW entries extends the one of OLD entries.
    Consistency {
        old: u64,
        new: u64,
        #[command(flatten)]
        pin: Pin,
    },
}

#[derive(Debug, clap::Args)]
pub struct Pin {
    /// The pinned verifier key (`name+id+key`, as `muster log key` prints
    /// it), or a file holding keys one per line; repeat it (or separate
    /// keys with commas) to pin the keys before and after a rotation: a
    /// checkpoint signed by any of them is believed [default: the key the
    /// server serves, which proves only that the server is consistent with
    /// itself].
    #[arg(
        long,
        env = "MUSTER_LOG_KEY",
        value_name = "KEY|FILE",
        value_delimiter = ','
    )]
    pub key: Vec<String>,
}

/// What a verified proof showed, as `--json` prints it.
#[derive(Debug, Serialize)]
struct Verified {
    verified: bool,
    key: String,
    #[serde(flatten)]
    proof: serde_json::Value,
}

pub async fn run(ctx: &Ctx, verb: LogVerb) -> Result<ExitCode> {
    let client = ctx.client()?;
    match verb {
        LogVerb::Key => {
            let key = client.log_key().await?;
            ctx.emit(&serde_json::json!({ "key": key }), |_| {
                format!("{}\n", escape(&key))
            })?;
        }
        LogVerb::Checkpoint { sign } => {
            if sign {
                client.sign_checkpoint().await?;
            }
            let note = client.log_checkpoint().await?;
            ctx.emit(&serde_json::json!({ "checkpoint": note }), |_| {
                crate::output::escape_lines(&note)
            })?;
        }
        LogVerb::Prove {
            incident,
            seq,
            size,
            pin,
        } => {
            let keys = pinned(&client, pin).await?;
            let proof = client.log_proof(&reference(&incident), seq, size).await?;
            let checked = check_inclusion(&keys, &proof);
            return finish(ctx, &keys, &proof, checked, || {
                format!(
                    "Entry #{seq} of {} is leaf {} of the log's checkpoint of {} entries, \
                     signed by {}: verified.\n",
                    escape(&proof.reference),
                    proof.leaf_index,
                    proof.tree_size,
                    escape(&key_list(&keys))
                )
            });
        }
        LogVerb::Consistency { old, new, pin } => {
            let keys = pinned(&client, pin).await?;
            let proof = client.log_consistency(old, new).await?;
            let checked = check_consistency(&keys, &proof);
            return finish(ctx, &keys, &proof, checked, || {
                format!(
                    "The checkpoint of {new} entries extends the checkpoint of {old} entries, \
                     both signed by {}: verified.\n",
                    escape(&key_list(&keys))
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints a verified proof, or says on standard error why it failed and
/// exits as a broken log does.
fn finish<T: Serialize>(
    ctx: &Ctx,
    keys: &[Verifier],
    proof: &T,
    checked: Result<()>,
    human: impl FnOnce() -> String,
) -> Result<ExitCode> {
    if let Err(e) = checked {
        eprintln!("the proof does not verify: {}", escape(&format!("{e:#}")));
        if ctx.json {
            let v = Verified {
                verified: false,
                key: key_list(keys),
                proof: serde_json::to_value(proof)?,
            };
            super::print(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
        return Ok(ExitCode::from(crate::exit::LOG_BROKEN));
    }
    let v = Verified {
        verified: true,
        key: key_list(keys),
        proof: serde_json::to_value(proof)?,
    };
    ctx.emit(&v, |_| human())?;
    Ok(ExitCode::SUCCESS)
}

/// The pinned keys, as one text: `a` or `a, b`.
fn key_list(keys: &[Verifier]) -> String {
    keys.iter()
        .map(Verifier::to_key_text)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The keys to believe: those pinned (texts or files of one per line), else
/// the server's.
async fn pinned(client: &muster_client::Client, pin: Pin) -> Result<Vec<Verifier>> {
    let mut texts = Vec::new();
    for k in pin.key.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        if std::path::Path::new(k).is_file() {
            let file = std::fs::read_to_string(k)
                .with_context(|| format!("cannot read the pinned key file {k}"))?;
            texts.extend(
                file.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from),
            );
        } else {
            texts.push(k.to_owned());
        }
    }
    if texts.is_empty() {
        eprintln!(
            "note: no key pinned (--key or MUSTER_LOG_KEY): checking against the key the \
             server serves"
        );
        texts.push(client.log_key().await?);
    }
    texts
        .iter()
        .map(|t| Verifier::parse(t.trim()).map_err(|e| anyhow!("the pinned key {t:?}: {e}")))
        .collect()
}

fn hashes(texts: &[String]) -> Result<Vec<Hash>> {
    texts
        .iter()
        .map(|t| Hash::from_base64(t).ok_or_else(|| anyhow!("{t:?} is not a base64 hash")))
        .collect()
}

pub fn check_inclusion(keys: &[Verifier], p: &muster_api::InclusionProofView) -> Result<()> {
    let checkpoint = open_checkpoint(&p.checkpoint, keys).context("the checkpoint")?;
    if checkpoint.size != p.tree_size {
        return Err(anyhow!(
            "the checkpoint signs {} entries, the proof is for {}",
            checkpoint.size,
            p.tree_size
        ));
    }
    let data = Hash::from_hex(&p.entry_hash)
        .ok_or_else(|| anyhow!("the entry hash {:?} is not 64 hex digits", p.entry_hash))?;
    let leaf = muster_tlog::leaf_hash(&data.0);
    if Some(leaf) != Hash::from_base64(&p.leaf_hash) {
        return Err(anyhow!("the leaf hash is not the entry's"));
    }
    verify_inclusion(
        p.leaf_index,
        p.tree_size,
        &leaf,
        &hashes(&p.hashes)?,
        &checkpoint.root,
    )
    .context("the inclusion proof")
}

pub fn check_consistency(keys: &[Verifier], p: &muster_api::ConsistencyProofView) -> Result<()> {
    let verifiers = keys;
    let old = open_checkpoint(&p.from_checkpoint, verifiers).context("the old checkpoint")?;
    let new = open_checkpoint(&p.to_checkpoint, verifiers).context("the new checkpoint")?;
    if (old.size, new.size) != (p.from, p.to) {
        return Err(anyhow!(
            "the checkpoints sign {} and {} entries, the proof is for {} and {}",
            old.size,
            new.size,
            p.from,
            p.to
        ));
    }
    if old.origin != new.origin {
        return Err(anyhow!("the checkpoints are of two logs"));
    }
    verify_consistency(p.from, p.to, &old.root, &new.root, &hashes(&p.hashes)?)
        .context("the consistency proof")
}
