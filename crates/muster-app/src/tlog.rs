//! The transparency log at run time (issue 12): signing checkpoints over the
//! tree the store appends to in every commit, the policy for when, and the
//! proofs a verifier checks against them. The signing key is held here, in
//! memory, never in the store: whoever can write to the database still
//! cannot sign.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::outbox::{CheckpointWork, Work};
use jiff::Timestamp;
use muster_api::{CheckpointView, ConsistencyProofView};
use muster_store::{CheckpointRow, OutboxChanges, OutboxItem};
use muster_tlog::{Checkpoint, Hash, Signer, Verifier, sign_checkpoint};
use std::time::Duration;

/// How the installation's log signs checkpoints.
#[derive(Debug, Clone)]
pub struct TlogConfig {
    /// The checkpoint's origin line, also the key's name.
    pub origin: String,
    /// `None`: the tree is still built, but nothing is signed.
    pub signer: Option<Signer>,
    /// Sign once the tree has grown by this many entries since the last
    /// checkpoint...
    pub every_entries: u64,
    /// ...or once this long has passed since it, if the tree grew at all.
    pub every: Duration,
    /// After a key rotation, the old key, to co-sign the first checkpoint
    /// the new key signs (the announcement), as C2SP notes allow.
    pub previous: Option<Signer>,
    /// Keys this log signed with before, for its older checkpoints.
    pub retired: Vec<Verifier>,
}

impl Default for TlogConfig {
    fn default() -> Self {
        TlogConfig {
            origin: "muster".into(),
            signer: None,
            every_entries: 1000,
            every: Duration::from_secs(60),
            previous: None,
            retired: Vec::new(),
        }
    }
}

/// At most this many checkpoints in one list.
pub const CHECKPOINTS_PAGE: u32 = 1000;

/// A stored checkpoint as the API shows it.
pub fn view(row: &CheckpointRow) -> CheckpointView {
    CheckpointView {
        size: row.size,
        root: row.root.to_base64(),
        note: row.note.clone(),
        created_at: muster_api::time::format(
            Timestamp::from_microsecond(row.created_at).unwrap_or(Timestamp::UNIX_EPOCH),
        ),
        timestamped: row.timestamp_token.is_some(),
    }
}

fn no_checkpoint(size: u64) -> AppError {
    AppError::not_found(format!(
        "no checkpoint of size {size}: `muster log checkpoint` lists the latest"
    ))
}

impl App {
    /// The public key checkpoints are signed with, for people to pin.
    pub fn log_key(&self) -> Option<Verifier> {
        self.inner().tlog.signer.as_ref().map(Signer::verifier)
    }

    pub fn log_origin(&self) -> &str {
        &self.inner().tlog.origin
    }

    /// The tree's root at `size` (at most the tree's size), from stored hashes.
    pub async fn tree_root(&self, size: u64) -> AppResult<Hash> {
        let indexes = muster_tlog::tree_hash_indexes(size)
            .map_err(|e| AppError::invalid("size", e.to_string()))?;
        let hashes = self.inner().store.stored_hashes(&indexes).await?;
        muster_tlog::tree_hash_from(size, &hashes).map_err(|e| AppError::internal(e.to_string()))
    }

    /// Signs a checkpoint of the tree as it is now, records it and sends it
    /// to the witnesses (webhook subscribers of `checkpoint`) through the
    /// outbox, in one transaction. When the tree has not grown since the
    /// latest checkpoint, that one is returned and nothing is signed.
    #[tracing::instrument(skip(self))]
    pub async fn sign_checkpoint(&self) -> AppResult<CheckpointRow> {
        let inner = self.inner();
        let Some(signer) = &inner.tlog.signer else {
            return Err(AppError::conflict(
                "no signing key is configured (MUSTER_TLOG_KEY_FILE or MUSTER_TLOG_KEY): \
                 the tree is kept but no checkpoint can be signed",
            ));
        };
        loop {
            let size = inner.store.tree_size().await?;
            if let Some(latest) = inner.store.latest_checkpoint().await?
                && latest.size >= size
            {
                return Ok(latest);
            }
            let root = self.tree_root(size).await?;
            let checkpoint = Checkpoint::new(inner.tlog.origin.clone(), size, root);
            let announce = self.announcing(signer).await?;
            let mut signers = vec![signer];
            signers.extend(announce);
            let note = sign_checkpoint(&checkpoint, &signers)
                .map_err(|e| AppError::internal(format!("signing the checkpoint: {e}")))?;
            let now = Timestamp::now().as_microsecond();
            let row = CheckpointRow {
                size,
                root,
                note: note.clone(),
                created_at: now,
                timestamp_token: None,
            };
            let (channel, payload) = Work::Checkpoint(CheckpointWork {
                size,
                root: root.to_base64(),
                note,
            })
            .into_parts();
            let witnesses = OutboxChanges {
                enqueue: vec![OutboxItem::new(
                    format!("checkpoint:{size}"),
                    channel,
                    payload,
                    now,
                    now,
                )],
                cancel: Vec::new(),
                if_subscribed: Vec::new(),
            };
            if inner.store.record_checkpoint(&row, &witnesses).await? {
                tracing::info!(size, root = %root.to_base64(), "signed a checkpoint of the log");
                if let Some(old) = announce {
                    tracing::warn!(
                        size,
                        new_key = %signer.verifier().to_key_text(),
                        old_key = %old.verifier().to_key_text(),
                        "announced the rotated key: this checkpoint is signed by both; \
                         the previous key file (<key file>.previous) can now be deleted"
                    );
                }
                return Ok(row);
            }
            // Another instance signed this size first: take its checkpoint.
        }
    }

    /// The previous key while a rotation is not yet announced: no checkpoint
    /// carries the current key's signature yet.
    async fn announcing(&self, current: &Signer) -> AppResult<Option<&Signer>> {
        let Some(previous) = &self.inner().tlog.previous else {
            return Ok(None);
        };
        let announced = self.signed_by_current(current.verifier()).await?;
        Ok((!announced).then_some(previous))
    }

    /// Whether any stored checkpoint carries `current`'s signature. The
    /// latest does once the rotation is announced, so this reads one row
    /// except while an announcement is still due.
    pub(crate) async fn signed_by_current(&self, current: Verifier) -> AppResult<bool> {
        let store = &self.inner().store;
        let keys = [current];
        let verifies = |c: &CheckpointRow| muster_tlog::open_checkpoint(&c.note, &keys).is_ok();
        if store
            .latest_checkpoint()
            .await?
            .as_ref()
            .is_some_and(verifies)
        {
            return Ok(true);
        }
        let mut after = 0;
        loop {
            let page = store.checkpoints_after(after, CHECKPOINTS_PAGE).await?;
            let Some(last) = page.last() else {
                return Ok(false);
            };
            if page.iter().any(verifies) {
                return Ok(true);
            }
            after = last.size;
        }
    }

    /// Every key this log signs or signed with: the current one, the one a
    /// rotation replaced and the retired ones.
    pub fn log_keys(&self) -> Vec<Verifier> {
        let t = &self.inner().tlog;
        t.signer
            .iter()
            .chain(&t.previous)
            .map(Signer::verifier)
            .chain(t.retired.iter().cloned())
            .collect()
    }

    /// Signs a checkpoint if the policy says one is due at `now`: the tree
    /// grew by `every_entries` since the latest, or grew at all and `every`
    /// has passed since it. `None` when nothing was due or no key is set.
    /// The checkpoint loop's one step.
    pub async fn checkpoint_if_due(&self, now: Timestamp) -> AppResult<Option<CheckpointRow>> {
        let inner = self.inner();
        if inner.tlog.signer.is_none() {
            return Ok(None);
        }
        let size = inner.store.tree_size().await?;
        // Before the first checkpoint, as if one of size 0 was signed when
        // this instance started.
        let (last_size, last_at) = match inner.store.latest_checkpoint().await? {
            Some(latest) => (latest.size, latest.created_at),
            None => (0, inner.started_us),
        };
        let waited = now.as_microsecond().saturating_sub(last_at);
        let every = i64::try_from(inner.tlog.every.as_micros()).unwrap_or(i64::MAX);
        let due =
            size > last_size && (size - last_size >= inner.tlog.every_entries || waited >= every);
        if !due {
            return Ok(None);
        }
        self.sign_checkpoint().await.map(Some)
    }

    /// Runs [`App::checkpoint_if_due`] every `poll` until the process ends.
    /// Every instance may run it: a size is recorded once, by whichever
    /// signs it first, and only that one's witnesses are sent.
    pub fn start_checkpoints(&self, poll: Duration) -> tokio::task::JoinHandle<()> {
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(poll);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = app.checkpoint_if_due(Timestamp::now()).await {
                    tracing::error!(error = %e, "signing a checkpoint of the log failed");
                }
            }
        })
    }

    pub async fn latest_checkpoint(&self) -> AppResult<Option<CheckpointView>> {
        Ok(self
            .inner()
            .store
            .latest_checkpoint()
            .await?
            .as_ref()
            .map(view))
    }

    /// Checkpoints of more than `after` entries, smallest first.
    pub async fn checkpoints_after(
        &self,
        after: u64,
        limit: u32,
    ) -> AppResult<Vec<CheckpointView>> {
        let rows = self
            .inner()
            .store
            .checkpoints_after(after, limit.clamp(1, CHECKPOINTS_PAGE))
            .await?;
        Ok(rows.iter().map(view).collect())
    }

    /// The checkpoint of exactly `size`, as stored.
    pub async fn checkpoint(&self, size: u64) -> AppResult<Option<CheckpointRow>> {
        Ok(self.inner().store.checkpoint(size).await?)
    }

    /// Stores the RFC 3161 token a timestamp authority gave the checkpoint of
    /// `size`; `false` when it already had one (the first stands).
    pub async fn record_timestamp(&self, size: u64, token: &[u8]) -> AppResult<bool> {
        Ok(self.inner().store.record_timestamp(size, token).await?)
    }

    /// The stored timestamp token of the checkpoint of `size`: 404 when there
    /// is no such checkpoint or it has no token (yet).
    pub async fn checkpoint_timestamp(&self, size: u64) -> AppResult<Vec<u8>> {
        self.checkpoint_row(Some(size))
            .await?
            .timestamp_token
            .ok_or_else(|| {
                AppError::not_found(format!(
                    "the checkpoint of size {size} has no timestamp token: none is configured \
                     (MUSTER_TSA_URL), or the timestamp authority has not answered yet"
                ))
            })
    }

    pub(crate) async fn checkpoint_row(&self, size: Option<u64>) -> AppResult<CheckpointRow> {
        let store = &self.inner().store;
        match size {
            Some(size) => store
                .checkpoint(size)
                .await?
                .ok_or_else(|| no_checkpoint(size)),
            None => store
                .latest_checkpoint()
                .await?
                .ok_or_else(|| AppError::not_found("no checkpoint has been signed yet")),
        }
    }

    /// The proof that the tree of checkpoint `to` extends that of checkpoint
    /// `from`. No incident is named, so no visibility applies: a checkpoint
    /// reveals only sizes and roots.
    pub async fn consistency_proof(&self, from: u64, to: u64) -> AppResult<ConsistencyProofView> {
        if from > to {
            return Err(AppError::invalid(
                "from",
                format!("`from` ({from}) must not be greater than `to` ({to})"),
            ));
        }
        let old = self.checkpoint_row(Some(from)).await?;
        let new = self.checkpoint_row(Some(to)).await?;
        let indexes = muster_tlog::consistency_proof_indexes(from, to)
            .map_err(|e| AppError::invalid("to", e.to_string()))?;
        let stored = self.inner().store.stored_hashes(&indexes).await?;
        let proof = muster_tlog::consistency_proof_from(from, to, &stored)
            .map_err(|e| AppError::internal(e.to_string()))?;
        Ok(ConsistencyProofView {
            from,
            to,
            hashes: proof.iter().map(Hash::to_base64).collect(),
            from_checkpoint: old.note,
            to_checkpoint: new.note,
        })
    }
}
