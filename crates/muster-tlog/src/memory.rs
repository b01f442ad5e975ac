//! A tree held in memory in the stored-hash layout: for tests, and for the
//! CLI's offline checks of an exported log.

use crate::error::ReadError;
use crate::hash::{Hash, leaf_hash};
use crate::stored::{HashReader, stored_hash_index, stored_hashes_for_leaf};
use crate::tree::{consistency_proof, inclusion_proof, tree_hash};

/// A stored index past the end of a [`MemoryTree`]: the question was about a
/// bigger tree than it holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored hash {index} is past the tree's end ({count} stored hashes)")]
pub struct NoSuchStoredHash {
    pub index: u64,
    pub count: u64,
}

/// An append-only Merkle tree kept as the same array of stored hashes a
/// database would keep, so that it exercises the very code the server runs.
#[derive(Debug, Clone, Default)]
pub struct MemoryTree {
    stored: Vec<Hash>,
    size: u64,
}

impl MemoryTree {
    pub fn new() -> MemoryTree {
        MemoryTree::default()
    }

    /// How many leaves the tree has.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Every stored hash, in stored-index order.
    pub fn stored_hashes(&self) -> &[Hash] {
        &self.stored
    }

    /// Appends a leaf by its hash (for Muster, an entry's hash) and returns
    /// its index.
    pub fn append_leaf_hash(&mut self, leaf: Hash) -> u64 {
        let n = self.size;
        match stored_hashes_for_leaf(n, leaf, self) {
            Ok(new) => self.stored.extend(new),
            // Every neighbour of leaf n is stored before leaf n's own slot.
            Err(e) => unreachable!("a memory tree misses its own hash: {e}"),
        }
        self.size += 1;
        n
    }

    /// Appends a leaf by its data, hashed with [`leaf_hash`].
    pub fn append(&mut self, data: &[u8]) -> u64 {
        self.append_leaf_hash(leaf_hash(data))
    }

    /// Leaf `index`'s hash, if the tree has that leaf.
    pub fn leaf(&self, index: u64) -> Option<Hash> {
        if index >= self.size {
            return None;
        }
        let at = usize::try_from(stored_hash_index(0, index)).ok()?;
        self.stored.get(at).copied()
    }

    /// The root of the whole tree.
    pub fn root(&self) -> Hash {
        match self.root_at(self.size) {
            Ok(root) => root,
            Err(e) => unreachable!("a memory tree misses its own hash: {e}"),
        }
    }

    /// The root of the tree's first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, ReadError<NoSuchStoredHash>> {
        tree_hash(size, self)
    }

    /// The inclusion proof of leaf `index` in the first `size` leaves.
    pub fn inclusion_proof(
        &self,
        index: u64,
        size: u64,
    ) -> Result<Vec<Hash>, ReadError<NoSuchStoredHash>> {
        inclusion_proof(index, size, self)
    }

    /// The proof that the first `n` leaves extend the first `m`.
    pub fn consistency_proof(
        &self,
        m: u64,
        n: u64,
    ) -> Result<Vec<Hash>, ReadError<NoSuchStoredHash>> {
        consistency_proof(m, n, self)
    }
}

impl HashReader for MemoryTree {
    type Error = NoSuchStoredHash;

    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, NoSuchStoredHash> {
        let count = self.stored.len() as u64;
        indexes
            .iter()
            .map(|&index| {
                usize::try_from(index)
                    .ok()
                    .and_then(|i| self.stored.get(i).copied())
                    .ok_or(NoSuchStoredHash { index, count })
            })
            .collect()
    }
}
