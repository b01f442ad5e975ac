//! Proving an entry is in the tree, and holding an incident's log against
//! the tree and the latest checkpoint (issue 12). A chain re-sealed by
//! someone with database access verifies as a chain, but its entries' hashes
//! are no longer the leaves committed for them, and a rewritten tree no
//! longer has the root the signed checkpoint holds.

use crate::actor::Actor;
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_api::InclusionProofView;
use muster_domain::log::{Acknowledged, Break};
use muster_store::tlog::entry_leaf;
use muster_store::{Store, StoreError, StoreResult};
use muster_tlog::{Hash, stored_hash_index};
use std::collections::HashMap;
use uuid::Uuid;

/// Leaves read per query while verifying.
const PAGE: u32 = 2000;

impl App {
    /// The inclusion proof of `reference`'s entry `seq` in the checkpoint of
    /// `size` (default: the latest). Rule 10: a restricted incident's proof
    /// only for its team and administrators, audited like a read.
    #[tracing::instrument(skip(self, actor), fields(incident = %reference))]
    pub async fn inclusion_proof(
        &self,
        actor: &Actor,
        reference: &str,
        seq: u64,
        size: Option<u64>,
    ) -> AppResult<InclusionProofView> {
        let what = format!("GET /api/log/proof/inclusion?incident={reference}&seq={seq}");
        let state = self.read(actor, reference, &what).await?;
        let store = &self.inner().store;
        let no_entry = || AppError::not_found(format!("{reference} has no entry {seq}"));
        let entry = match seq.checked_sub(1) {
            Some(after) => store.entries(state.id, after, 1).await?.pop(),
            None => None,
        }
        .filter(|e| e.seq == seq)
        .ok_or_else(no_entry)?;
        let leaf_index = store.leaf_index(state.id, seq).await?.ok_or_else(|| {
            AppError::conflict(format!(
                "entry {seq} of {reference} is not a leaf of the transparency log: \
                 it was written outside Muster"
            ))
        })?;
        let checkpoint = self.checkpoint_row(size).await?;
        if leaf_index >= checkpoint.size {
            return Err(AppError::conflict(format!(
                "entry {seq} of {reference} is leaf {leaf_index}, after the checkpoint of size {}: \
                 it is proved by the next checkpoint",
                checkpoint.size
            )));
        }
        let indexes = muster_tlog::inclusion_proof_indexes(leaf_index, checkpoint.size)
            .map_err(|e| AppError::internal(e.to_string()))?;
        let stored = store.stored_hashes(&indexes).await?;
        let proof = muster_tlog::inclusion_proof_from(leaf_index, checkpoint.size, &stored)
            .map_err(|e| AppError::internal(e.to_string()))?;
        Ok(InclusionProofView {
            reference: state.reference.clone(),
            seq,
            leaf_hash: entry_leaf(&entry.hash)?.to_base64(),
            entry_hash: entry.hash,
            leaf_index,
            tree_size: checkpoint.size,
            hashes: proof.iter().map(Hash::to_base64).collect(),
            checkpoint: checkpoint.note,
        })
    }

    /// The latest checkpoint's signature, by this log's key (when it is
    /// configured): a checkpoint forged by someone with the database.
    pub(crate) async fn signature_break(&self) -> AppResult<Option<Break>> {
        let (Some(key), Some(latest)) = (
            self.log_key(),
            self.inner().store.latest_checkpoint().await?,
        ) else {
            return Ok(None);
        };
        let reason = match muster_tlog::open_checkpoint(&latest.note, std::slice::from_ref(&key)) {
            Ok(cp) if cp.size == latest.size && cp.root == latest.root => return Ok(None),
            Ok(cp) => format!(
                "the stored checkpoint of size {} does not say what its signed note says (size {})",
                latest.size, cp.size
            ),
            Err(e) => match self.rotation_pending(&latest, key).await? {
                // Signed by the key a rotation replaced, before the new
                // key was announced: the next checkpoint announces it.
                None => return Ok(None),
                Some(why) => format!(
                    "the latest checkpoint (size {}) is not signed by this log's key \
                     ({}): {e}{why}",
                    latest.size,
                    self.log_key().map(|k| k.to_key_text()).unwrap_or_default()
                ),
            },
        };
        Ok(Some(Break {
            seq: 0,
            reason,
            expected: String::new(),
            found: latest.root.to_hex(),
        }))
    }

    /// `None` when `latest` is signed by the key a rotation replaced and no
    /// checkpoint carries the new one yet (the announcement is still due);
    /// else what to add to the break's reason.
    async fn rotation_pending(
        &self,
        latest: &muster_store::CheckpointRow,
        current: muster_tlog::Verifier,
    ) -> AppResult<Option<String>> {
        let Some(previous) = &self.inner().tlog.previous else {
            return Ok(Some(String::new()));
        };
        let old = [previous.verifier()];
        let by_old = muster_tlog::open_checkpoint(&latest.note, &old)
            .is_ok_and(|cp| cp.size == latest.size && cp.root == latest.root);
        if !by_old {
            return Ok(Some(String::new()));
        }
        if self.signed_by_current(current).await? {
            return Ok(Some(
                "; it is signed only by the rotated-out key, after the new key was announced"
                    .into(),
            ));
        }
        Ok(None)
    }
}

/// The first place `entries` (an incident's `(seq, hash)`, in order)
/// disagree with the tree: an entry that is no leaf, or whose hash is not
/// its leaf's; then the tree against the latest checkpoint.
pub(crate) async fn tree_break(
    store: &dyn Store,
    id: Uuid,
    entries: &[(u64, String)],
    acknowledged: &[Acknowledged],
) -> StoreResult<Option<Break>> {
    // An administrator's acknowledgement of a tree break names it as
    // any break is named (docs/log-format.md §6); it is passed over.
    let known = |b: &Break| {
        acknowledged
            .iter()
            .any(|a| (a.break_seq, &a.expected, &a.found) == (b.seq, &b.expected, &b.found))
    };
    let mut leaves: HashMap<u64, u64> = HashMap::new();
    let mut after = 0;
    loop {
        let page = store.leaf_indexes(id, after, PAGE).await?;
        after = page.last().map_or(after, |(seq, _)| *seq);
        let full = page.len() == PAGE as usize;
        leaves.extend(page);
        if !full {
            break;
        }
    }
    for chunk in entries.chunks(PAGE as usize) {
        let mut indexes = Vec::with_capacity(chunk.len());
        for (seq, hash) in chunk {
            let Some(leaf) = leaves.get(seq) else {
                let b = Break {
                    seq: *seq,
                    reason: format!(
                        "entry {seq} is not a leaf of the transparency log: \
                         it was written outside Muster"
                    ),
                    expected: String::new(),
                    found: hash.clone(),
                };
                if known(&b) {
                    continue;
                }
                return Ok(Some(b));
            };
            indexes.push(stored_hash_index(0, *leaf));
        }
        let stored = store.stored_hashes(&indexes).await?;
        let leafy = chunk.iter().filter(|(seq, _)| leaves.contains_key(seq));
        for ((seq, hash), tree) in leafy.zip(stored) {
            let leaf = entry_leaf(hash)?;
            if leaf != tree {
                let b = Break {
                    seq: *seq,
                    reason: format!(
                        "entry {seq} is not the entry committed as leaf {} of the \
                         transparency log: the log was rewritten (re-sealed) after it",
                        leaves[seq]
                    ),
                    expected: tree.to_hex(),
                    found: leaf.to_hex(),
                };
                if !known(&b) {
                    return Ok(Some(b));
                }
            }
        }
    }
    Ok(root_break(store).await?.filter(|b| !known(b)))
}

/// The latest checkpoint's root against the stored tree: a tree rewritten
/// (or cut) under a signed checkpoint. Stable across appends (seq 0), so an
/// administrator can acknowledge it until the next checkpoint.
async fn root_break(store: &dyn Store) -> StoreResult<Option<Break>> {
    let Some(latest) = store.latest_checkpoint().await? else {
        return Ok(None);
    };
    let broken = |reason: String, found: String| {
        Some(Break {
            seq: 0,
            reason,
            expected: latest.root.to_hex(),
            found,
        })
    };
    let Ok(indexes) = muster_tlog::tree_hash_indexes(latest.size) else {
        return Ok(broken(
            format!("a checkpoint of {} entries is past any tree", latest.size),
            String::new(),
        ));
    };
    let hashes = match store.stored_hashes(&indexes).await {
        Ok(h) => h,
        Err(StoreError::NotFound(what)) => {
            return Ok(broken(
                format!(
                    "the transparency log's tree no longer reaches the latest checkpoint ({} entries): {what} is missing",
                    latest.size
                ),
                String::new(),
            ));
        }
        Err(e) => return Err(e),
    };
    let root = muster_tlog::tree_hash_from(latest.size, &hashes)
        .map_err(|e| StoreError::Other(e.to_string()))?;
    if root != latest.root {
        return Ok(broken(
            format!(
                "the transparency log's tree at size {} has a different root than the signed \
                 checkpoint: the tree was rewritten",
                latest.size
            ),
            root.to_hex(),
        ));
    }
    Ok(None)
}
