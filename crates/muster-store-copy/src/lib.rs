//! `muster store copy --from URL --to URL`: moves an installation between
//! stores (SQLite to PostgreSQL, typically) through the store traits alone, so
//! it works between any two backends.
//!
//! The destination must be empty: copying into a live installation would mix
//! two sets of references. Logs travel entry by entry exactly as stored, and
//! every chain is read back from the destination and verified before the copy
//! reports success. The logs are written in the order of the source's
//! transparency-log leaves, so the destination's tree is the source's and its
//! signed checkpoints (with their timestamp tokens) are carried and hold
//! there (`tree`). Run it with Muster stopped, so nothing changes underneath.
#![forbid(unsafe_code)]

mod blobs;
mod parts;
mod tree;

use muster_store::{Store, StoreError};
use thiserror::Error;
use uuid::Uuid;

/// What was copied.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CopyReport {
    pub people: u64,
    pub users: u64,
    pub tokens: u64,
    pub shifts: u64,
    pub reports: u64,
    pub incidents: u64,
    /// Log entries, all incidents together; each chain verified on arrival.
    pub entries: u64,
    pub audit_records: u64,
    pub subscriptions: u64,
    /// Outbox rows still waiting to be delivered (reminders, notifications).
    pub outbox_pending: u64,
    /// Delivered, cancelled and dead rows, which the destination does not take:
    /// re-enqueued they would be delivered again.
    pub outbox_finished_skipped: u64,
    /// Signed checkpoints of the transparency log, each checked against the
    /// copied tree's root.
    pub checkpoints: u64,
    /// Of those, how many carried an RFC 3161 timestamp token.
    pub timestamps: u64,
    /// Checkpoints not carried because the source's tree holds leaves no
    /// entry stands for (a log cut outside Muster and acknowledged), so the
    /// copy's tree is its own.
    pub checkpoints_skipped: u64,
    /// Evidence files' blobs, each re-hashed on arrival, and their bytes.
    pub evidence_files: u64,
    pub evidence_bytes: u64,
}

pub(crate) fn mismatch(what: impl Into<String>, detail: impl Into<String>) -> CopyError {
    CopyError::Mismatch {
        what: what.into(),
        detail: detail.into(),
    }
}

#[derive(Debug, Error)]
pub enum CopyError {
    #[error("the destination is not empty ({0}); copy into a freshly created database")]
    DestinationNotEmpty(String),
    #[error("{what} differs after the copy: {detail}")]
    Mismatch { what: String, detail: String },
    #[error("incident {reference} ({incident}): the copied chain breaks at entry {seq}: {reason}")]
    BrokenChain {
        incident: Uuid,
        reference: String,
        seq: u64,
        reason: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Copies everything in `from` into the empty store `to`, and verifies it.
pub async fn copy(from: &dyn Store, to: &dyn Store) -> Result<CopyReport, CopyError> {
    parts::ensure_empty(to).await?;
    let mut report = CopyReport::default();
    parts::people_and_logins(from, to, &mut report).await?;
    parts::rota(from, to, &mut report).await?;
    let declared = parts::reports(from, to, &mut report).await?;
    let faithful = parts::incidents(from, to, &declared, &mut report).await?;
    tree::checkpoints(from, to, faithful, &mut report).await?;
    parts::audit(from, to, &mut report).await?;
    parts::outbox(from, to, &mut report).await?;
    blobs::blobs(from, to, &mut report).await?;
    // The ATT&CK catalogue; the seen index came with the incidents, written
    // by the destination from their entries.
    to.replace_attack_catalogue(&from.attack_catalogue().await?)
        .await?;
    tracing::info!(?report, "store copied and verified");
    Ok(report)
}
