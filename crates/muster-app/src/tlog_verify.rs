//! Proving an entry is in the tree, and holding an incident's log against
//! the tree and the latest checkpoint (issue 12). A chain re-sealed by
//! someone with database access verifies as a chain, but its entries' hashes
//! are no longer the leaves committed for them, and a rewritten tree no
//! longer has the root the signed checkpoint holds.

use crate::actor::Actor;
use crate::app::App;
use crate::error::{AppError, AppResult};
use muster_api::InclusionProofView;
use muster_domain::log::Break;
use muster_store::tlog::entry_leaf;
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
        let what = format!("GET /api/incidents/{reference}/log/{seq}/proof");
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

    /// The first place `entries` (an incident's `(seq, hash)`, in order)
    /// disagree with the tree: an entry that is no leaf, or whose hash is not
    /// its leaf's; then the tree against the latest checkpoint.
    pub(crate) async fn tree_break(
        &self,
        id: Uuid,
        entries: &[(u64, String)],
    ) -> AppResult<Option<Break>> {
        let store = &self.inner().store;
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
                    return Ok(Some(Break {
                        seq: *seq,
                        reason: format!(
                            "entry {seq} is not a leaf of the transparency log: \
                             it was written outside Muster"
                        ),
                        expected: String::new(),
                        found: hash.clone(),
                    }));
                };
                indexes.push(stored_hash_index(0, *leaf));
            }
            let stored = store.stored_hashes(&indexes).await?;
            for ((seq, hash), tree) in chunk.iter().zip(stored) {
                let leaf = entry_leaf(hash)?;
                if leaf != tree {
                    return Ok(Some(Break {
                        seq: *seq,
                        reason: format!(
                            "entry {seq} is not the entry committed as leaf {} of the \
                             transparency log: the log was rewritten (re-sealed) after it",
                            leaves[seq]
                        ),
                        expected: tree.to_hex(),
                        found: leaf.to_hex(),
                    }));
                }
            }
        }
        let head = entries.last().map_or(0, |(seq, _)| *seq);
        self.checkpoint_break(head).await
    }

    /// The latest checkpoint against the tree: its signature (when the key
    /// is configured) and its root.
    async fn checkpoint_break(&self, head: u64) -> AppResult<Option<Break>> {
        let Some(latest) = self.inner().store.latest_checkpoint().await? else {
            return Ok(None);
        };
        let broken = |reason: String, expected: String, found: String| {
            Some(Break {
                seq: head,
                reason,
                expected,
                found,
            })
        };
        if let Some(key) = self.log_key() {
            match muster_tlog::open_checkpoint(&latest.note, &[key]) {
                Ok(cp) if cp.size == latest.size && cp.root == latest.root => {}
                Ok(cp) => {
                    return Ok(broken(
                        format!(
                            "the stored checkpoint of size {} does not say what its signed note says (size {})",
                            latest.size, cp.size
                        ),
                        cp.root.to_hex(),
                        latest.root.to_hex(),
                    ));
                }
                Err(e) => {
                    return Ok(broken(
                        format!(
                            "the latest checkpoint (size {}) is not signed by this log's key: {e}",
                            latest.size
                        ),
                        String::new(),
                        String::new(),
                    ));
                }
            }
        }
        let root = match self.tree_root(latest.size).await {
            Ok(root) => root,
            Err(e) => {
                return Ok(broken(
                    format!(
                        "the transparency log's tree no longer reaches the latest checkpoint (size {}): {e}",
                        latest.size
                    ),
                    latest.root.to_hex(),
                    String::new(),
                ));
            }
        };
        if root != latest.root {
            return Ok(broken(
                format!(
                    "the transparency log's tree at size {} has a different root than the \
                     signed checkpoint: the tree was rewritten",
                    latest.size
                ),
                latest.root.to_hex(),
                root.to_hex(),
            ));
        }
        Ok(None)
    }
}
