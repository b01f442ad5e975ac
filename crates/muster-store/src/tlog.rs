//! The transparency log's storage (issue 12): every log entry of the
//! installation is a leaf of one RFC 6962 Merkle tree, appended in commit
//! order inside the transaction that writes the entry, so the tree and the
//! logs can never disagree. The tree is kept as `muster_tlog`'s stored hashes
//! (index → hash, never rewritten), with the leaf index of each entry and the
//! checkpoints signed over it.
//!
//! What a backend does inside its commit is decided here, once:
//! [`TreeAppend::needed`] names the few stored hashes to read, and
//! [`TreeAppend::hashes`] computes the rows to insert from them.

use crate::{OutboxChanges, StoreError, StoreResult};
use async_trait::async_trait;
use muster_tlog::{
    Hash, leaf_hash, stored_hash_count, stored_hashes_for_leaf_from, stored_hashes_for_leaf_indexes,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A checkpoint signed over the tree, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    /// The tree size it signs; one checkpoint per size.
    pub size: u64,
    /// The tree's root at that size.
    pub root: Hash,
    /// The whole C2SP signed note: the checkpoint text, a blank line, the
    /// signature lines. Served byte for byte.
    pub note: String,
    /// Unix microseconds.
    pub created_at: i64,
    /// An RFC 3161 timestamp token over the note, when one was obtained.
    pub timestamp_token: Option<Vec<u8>>,
}

/// The tree of every entry, and its checkpoints.
#[async_trait]
pub trait TlogStore: Send + Sync {
    /// How many leaves the tree holds (every committed entry is one).
    async fn tree_size(&self) -> StoreResult<u64>;

    /// The stored hashes at `indexes`, in the order asked; `NotFound` naming
    /// the first index not stored.
    async fn stored_hashes(&self, indexes: &[u64]) -> StoreResult<Vec<Hash>>;

    /// Which leaf the entry `(incident, seq)` is; `None` for no such entry.
    async fn leaf_index(&self, incident: Uuid, seq: u64) -> StoreResult<Option<u64>>;

    /// `(seq, leaf index)` of `incident`'s entries with `seq > after`, by
    /// seq, at most `limit`.
    async fn leaf_indexes(
        &self,
        incident: Uuid,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<(u64, u64)>>;

    /// Records a checkpoint and, in the same transaction, `outbox` (its
    /// witnesses' deliveries, with [`OutboxStore::enqueue`](crate::OutboxStore)'s
    /// semantics). `false`, writing nothing, when a checkpoint of that size is
    /// already recorded (another instance signed it first). A checkpoint of
    /// a size the tree has not reached is refused (`Conflict`).
    async fn record_checkpoint(
        &self,
        checkpoint: &CheckpointRow,
        outbox: &OutboxChanges,
    ) -> StoreResult<bool>;

    /// Adds the RFC 3161 timestamp token of the checkpoint of `size`, once:
    /// `false`, writing nothing, when it already has one (the first token
    /// stands); `NotFound` when there is no checkpoint of that size.
    async fn record_timestamp(&self, size: u64, token: &[u8]) -> StoreResult<bool>;

    /// The checkpoint of the largest size.
    async fn latest_checkpoint(&self) -> StoreResult<Option<CheckpointRow>>;

    /// The checkpoint of exactly `size`.
    async fn checkpoint(&self, size: u64) -> StoreResult<Option<CheckpointRow>>;

    /// Checkpoints of sizes greater than `after`, smallest first, at most `limit`.
    async fn checkpoints_after(&self, after: u64, limit: u32) -> StoreResult<Vec<CheckpointRow>>;
}

/// The tree leaf an entry stands for: the RFC 6962 leaf hash of the 32 bytes
/// its hex `hash` spells.
pub fn entry_leaf(hash: &str) -> StoreResult<Hash> {
    let bytes = Hash::from_hex(hash).ok_or_else(|| {
        StoreError::Other(format!(
            "entry hash {hash:?} is not 64 hexadecimal digits, so it cannot be a leaf"
        ))
    })?;
    Ok(leaf_hash(&bytes.0))
}

/// Puts `rows` read back by index into the order of `asked`; `NotFound`
/// naming the first index asked that was not read (a tree cut short).
pub fn in_order(asked: &[u64], rows: Vec<(u64, Hash)>) -> StoreResult<Vec<Hash>> {
    let found: HashMap<u64, Hash> = rows.into_iter().collect();
    asked
        .iter()
        .map(|i| {
            found
                .get(i)
                .copied()
                .ok_or_else(|| StoreError::NotFound(format!("stored hash {i} of the tree")))
        })
        .collect()
}

/// Leaves appended to a tree of `start` leaves, in order.
#[derive(Debug, Clone)]
pub struct TreeAppend {
    start: u64,
    leaves: Vec<Hash>,
}

impl TreeAppend {
    /// The leaves of entries whose hashes are `entry_hashes`, in commit
    /// order, following a tree of `start` leaves.
    pub fn new<'a>(
        start: u64,
        entry_hashes: impl IntoIterator<Item = &'a str>,
    ) -> StoreResult<TreeAppend> {
        let leaves = entry_hashes
            .into_iter()
            .map(entry_leaf)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(TreeAppend { start, leaves })
    }

    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    /// The leaf index of the `i`th leaf appended.
    pub fn leaf_index(&self, i: usize) -> u64 {
        self.start + i as u64
    }

    /// The tree's size once the leaves are appended.
    pub fn end(&self) -> u64 {
        self.start + self.leaves.len() as u64
    }

    /// The stored hashes already in the store that the new leaves need,
    /// ascending and without repeats: at most one per level of the tree.
    pub fn needed(&self) -> Vec<u64> {
        let stored = stored_hash_count(self.start);
        let mut indexes: Vec<u64> = (self.start..self.end())
            .flat_map(stored_hashes_for_leaf_indexes)
            .filter(|&i| i < stored)
            .collect();
        indexes.sort_unstable();
        indexes.dedup();
        indexes
    }

    /// The new stored hashes, `(index, hash)` in index order (consecutive
    /// from `stored_hash_count(start)`), given the hashes at [`needed`](Self::needed).
    pub fn hashes(&self, fetched: &[Hash]) -> StoreResult<Vec<(u64, Hash)>> {
        let needed = self.needed();
        if fetched.len() != needed.len() {
            return Err(StoreError::Other(format!(
                "the tree append needs {} stored hashes, got {}",
                needed.len(),
                fetched.len()
            )));
        }
        let mut known: HashMap<u64, Hash> =
            needed.into_iter().zip(fetched.iter().copied()).collect();
        let mut next = stored_hash_count(self.start);
        let mut out = Vec::new();
        for (i, leaf) in self.leaves.iter().enumerate() {
            let n = self.leaf_index(i);
            let neighbours = stored_hashes_for_leaf_indexes(n)
                .iter()
                .map(|index| {
                    known.get(index).copied().ok_or_else(|| {
                        StoreError::Other(format!("stored hash {index} is missing from the tree"))
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?;
            let new = stored_hashes_for_leaf_from(n, *leaf, &neighbours)
                .map_err(|e| StoreError::Other(format!("appending leaf {n}: {e}")))?;
            for h in new {
                known.insert(next, h);
                out.push((next, h));
                next += 1;
            }
        }
        Ok(out)
    }
}

/// A stored hash as read back from either backend: exactly 32 bytes.
pub fn hash_from_db(what: &str, bytes: &[u8]) -> StoreResult<Hash> {
    let array: [u8; 32] = bytes.try_into().map_err(|_| {
        crate::column::corrupt(what, &format!("{} bytes", bytes.len()), "not 32 bytes")
    })?;
    Ok(Hash(array))
}

/// A `tlog_checkpoints` row as both backends select it: size, root, note,
/// created_at, timestamp_token.
pub type CheckpointColumns = (i64, Vec<u8>, String, i64, Option<Vec<u8>>);

/// A checkpoint row as read back, checked.
pub fn checkpoint_row(
    (size, root, note, created_at, timestamp_token): CheckpointColumns,
) -> StoreResult<CheckpointRow> {
    Ok(CheckpointRow {
        size: crate::column::seq_from_db(size)?,
        root: hash_from_db("checkpoint root", &root)?,
        note,
        created_at,
        timestamp_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use muster_tlog::MemoryTree;

    fn hex(n: u64) -> String {
        format!("{n:064x}")
    }

    /// Appending in batches of any size gives exactly the stored hashes of
    /// appending one by one, reading only hashes already stored.
    #[test]
    fn batched_appends_store_what_single_appends_store() {
        let mut memory = MemoryTree::new();
        let mut table: Vec<Hash> = Vec::new();
        let mut n = 0u64;
        for batch in [1usize, 1, 2, 5, 8, 3, 16, 1, 31, 64, 7] {
            let hashes: Vec<String> = (n..n + batch as u64).map(hex).collect();
            let append = TreeAppend::new(n, hashes.iter().map(String::as_str)).unwrap();
            let needed = append.needed();
            assert!(needed.iter().all(|&i| (i as usize) < table.len()));
            assert!(needed.len() <= 64);
            let fetched: Vec<Hash> = needed.iter().map(|&i| table[i as usize]).collect();
            for (index, h) in append.hashes(&fetched).unwrap() {
                assert_eq!(index as usize, table.len(), "consecutive indexes");
                table.push(h);
            }
            for h in &hashes {
                memory.append_leaf_hash(entry_leaf(h).unwrap());
            }
            n += batch as u64;
            assert_eq!(append.end(), n);
            assert_eq!(table, memory.stored_hashes(), "after {n} leaves");
        }
    }

    #[test]
    fn a_leaf_is_the_leaf_hash_of_the_entry_hash_bytes() {
        let h = "ab".repeat(32);
        assert_eq!(entry_leaf(&h).unwrap(), leaf_hash(&[0xab; 32]));
        assert!(entry_leaf("abc").is_err());
        let append = TreeAppend::new(3, [h.as_str()]).unwrap();
        assert!(append.hashes(&[]).is_err(), "leaf 3 needs its neighbours");
    }
}
