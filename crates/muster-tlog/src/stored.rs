//! Where each hash of an append-only tree is kept, so that a database can hold
//! the tree as one growing array of hashes and never rewrite one.
//!
//! When leaf `n` is appended, its hash is stored, then the hash of every
//! complete subtree that leaf finishes (one per trailing one bit of `n`). The
//! hashes stored before leaf `n` are therefore `n` leaves plus, for each level
//! `l ≥ 1`, the `n >> l` subtrees they completed. This is the layout of the Go
//! checksum database (`golang.org/x/mod/sumdb/tlog`), so its tools and ours
//! agree on what index `i` holds.

use crate::error::{ReadError, TreeError};
use crate::hash::{Hash, node_hash};

/// Reads stored hashes by index, in the order asked. A database, a file or
/// [`MemoryTree`](crate::MemoryTree) implements it.
pub trait HashReader {
    type Error;

    /// Returns exactly one hash per index, in the order of `indexes`.
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, Self::Error>;
}

/// How many hashes come before leaf `n`'s own hash: `n + n/2 + n/4 + …`.
fn hashes_before_leaf(n: u64) -> u64 {
    let mut total = 0;
    let mut rest = n;
    while rest > 0 {
        total += rest;
        rest >>= 1;
    }
    total
}

/// The index of the `n`th hash at `level` (level 0 is the leaves; the `n`th
/// hash of level `l` covers leaves `n·2ˡ .. (n+1)·2ˡ`).
///
/// That subtree is completed by its last leaf, `(n+1)·2ˡ − 1`, whose own hash
/// is followed by the `l` subtrees it completes, this one last. Defined for
/// trees of up to [`MAX_TREE_SIZE`](crate::MAX_TREE_SIZE) leaves.
pub fn stored_hash_index(level: u32, n: u64) -> u64 {
    let last_leaf = ((n + 1) << level) - 1;
    hashes_before_leaf(last_leaf) + u64::from(level)
}

/// How many hashes a tree of `size` leaves has stored: the index at which the
/// next leaf's hashes start.
pub fn stored_hash_count(size: u64) -> u64 {
    hashes_before_leaf(size)
}

/// The stored hashes that appending leaf `n` needs: the left neighbour at each
/// level the new leaf completes, lowest level first.
pub fn stored_hashes_for_leaf_indexes(n: u64) -> Vec<u64> {
    (0..n.trailing_ones())
        .map(|level| stored_hash_index(level, (n >> level) - 1))
        .collect()
}

/// The hashes to store when leaf `n` is appended, given the hashes at
/// [`stored_hashes_for_leaf_indexes`]`(n)`: the leaf's hash, then each
/// subtree it completes. They belong at consecutive indexes starting at
/// [`stored_hash_count`]`(n)`.
pub fn stored_hashes_for_leaf_from(
    n: u64,
    leaf: Hash,
    neighbours: &[Hash],
) -> Result<Vec<Hash>, TreeError> {
    let levels = n.trailing_ones() as usize;
    if neighbours.len() != levels {
        return Err(TreeError::HashCount {
            expected: levels,
            found: neighbours.len(),
        });
    }
    let mut hashes = Vec::with_capacity(levels + 1);
    let mut h = leaf;
    hashes.push(h);
    for left in neighbours {
        h = node_hash(left, &h);
        hashes.push(h);
    }
    Ok(hashes)
}

/// [`stored_hashes_for_leaf_from`], reading the neighbours through `reader`.
pub fn stored_hashes_for_leaf<R: HashReader>(
    n: u64,
    leaf: Hash,
    reader: &R,
) -> Result<Vec<Hash>, ReadError<R::Error>> {
    let neighbours = read(reader, &stored_hashes_for_leaf_indexes(n))?;
    Ok(stored_hashes_for_leaf_from(n, leaf, &neighbours)?)
}

/// Reads through `reader`, refusing an answer of the wrong length so that a
/// short read is never mistaken for a smaller tree.
pub(crate) fn read<R: HashReader>(
    reader: &R,
    indexes: &[u64],
) -> Result<Vec<Hash>, ReadError<R::Error>> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = reader.read_hashes(indexes).map_err(ReadError::Reader)?;
    if hashes.len() != indexes.len() {
        return Err(TreeError::HashCount {
            expected: indexes.len(),
            found: hashes.len(),
        }
        .into());
    }
    Ok(hashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_interleaves_subtrees_after_the_leaf_that_completes_them() {
        // Leaves 0,1 then their parent; leaf 2, leaf 3, then (2,3) and (0..4).
        assert_eq!(stored_hash_index(0, 0), 0);
        assert_eq!(stored_hash_index(0, 1), 1);
        assert_eq!(stored_hash_index(1, 0), 2);
        assert_eq!(stored_hash_index(0, 2), 3);
        assert_eq!(stored_hash_index(0, 3), 4);
        assert_eq!(stored_hash_index(1, 1), 5);
        assert_eq!(stored_hash_index(2, 0), 6);
        assert_eq!(stored_hash_index(0, 4), 7);
        assert_eq!(stored_hash_count(4), 7);
    }

    #[test]
    fn each_leaf_s_new_hashes_fill_the_next_indexes_exactly() {
        for n in 0..2000u64 {
            let start = stored_hash_count(n);
            let new = u64::from(n.trailing_ones()) + 1;
            assert_eq!(stored_hash_count(n + 1), start + new, "leaf {n}");
            assert_eq!(stored_hash_index(0, n), start);
            for level in 1..new as u32 {
                assert_eq!(
                    stored_hash_index(level, n >> level),
                    start + u64::from(level),
                    "leaf {n} level {level}"
                );
            }
        }
    }
}
