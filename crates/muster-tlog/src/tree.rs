//! Tree hashes and proofs from stored hashes (RFC 9162 2.1.1, 2.1.3.1 and
//! 2.1.4.1).
//!
//! Every node a proof names covers a range of leaves. Its hash is the fold of
//! the complete subtrees the range splits into, and those are stored hashes.
//! Each computation therefore comes three ways: the index list to fetch (for
//! a caller that reads its store asynchronously, in one query), a pure
//! function of the fetched hashes, and the two joined through a
//! [`HashReader`].

use crate::error::{ReadError, TreeError};
use crate::hash::{Hash, node_hash};
use crate::stored::{HashReader, read, stored_hash_index};

/// The largest power of two smaller than `n` (RFC 9162's `k`), for `n ≥ 2`.
pub(crate) fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// The nodes of the inclusion proof of leaf `m` in the tree of leaves
/// `lo..hi`, as leaf ranges, from the leaf's sibling up to the root's child
/// (the order of RFC 9162 `PATH`).
pub(crate) fn inclusion_ranges(m: u64, lo: u64, hi: u64, out: &mut impl FnMut(u64, u64)) {
    if hi - lo <= 1 {
        return;
    }
    let k = lo + split(hi - lo);
    if m < k {
        inclusion_ranges(m, lo, k, out);
        out(k, hi);
    } else {
        inclusion_ranges(m, k, hi, out);
        out(lo, k);
    }
}

/// The nodes of RFC 9162 `SUBPROOF(m, D[lo:hi], b)`, as leaf ranges; `m` is
/// an absolute leaf count.
pub(crate) fn consistency_ranges(
    m: u64,
    lo: u64,
    hi: u64,
    whole_old_tree: bool,
    out: &mut impl FnMut(u64, u64),
) {
    if m == hi {
        // The old tree's own node: the verifier has it already as the old
        // root when the node is the whole old tree.
        if !whole_old_tree {
            out(lo, hi);
        }
        return;
    }
    let k = lo + split(hi - lo);
    if m <= k {
        consistency_ranges(m, lo, k, whole_old_tree, out);
        out(k, hi);
    } else {
        consistency_ranges(m, k, hi, false, out);
        out(lo, k);
    }
}

/// The stored hashes of a list of nodes, and how many belong to each node.
#[derive(Default)]
struct Plan {
    indexes: Vec<u64>,
    per_node: Vec<usize>,
}

impl Plan {
    /// Adds the node covering leaves `lo..hi`: the complete subtrees it splits
    /// into, largest (leftmost) first. Proof nodes start at a multiple of a
    /// power of two at least their width, so the greedy split is RFC 9162's.
    fn push(&mut self, mut lo: u64, hi: u64) {
        let before = self.indexes.len();
        while lo < hi {
            let mut level = if lo == 0 { 63 } else { lo.trailing_zeros() };
            while (1u64 << level) > hi - lo {
                level -= 1;
            }
            self.indexes.push(stored_hash_index(level, lo >> level));
            lo += 1 << level;
        }
        self.per_node.push(self.indexes.len() - before);
    }

    /// Folds the fetched hashes, node by node, right to left within a node.
    fn assemble(&self, hashes: &[Hash]) -> Result<Vec<Hash>, TreeError> {
        if hashes.len() != self.indexes.len() {
            return Err(TreeError::HashCount {
                expected: self.indexes.len(),
                found: hashes.len(),
            });
        }
        let mut out = Vec::with_capacity(self.per_node.len());
        let mut at = 0;
        for &count in &self.per_node {
            let parts = &hashes[at..at + count];
            let mut h = parts[count - 1];
            for left in parts[..count - 1].iter().rev() {
                h = node_hash(left, &h);
            }
            out.push(h);
            at += count;
        }
        Ok(out)
    }
}

/// The largest tree this crate keeps: 2⁶², far past any log, and small enough
/// that no stored index overflows 64 bits.
pub const MAX_TREE_SIZE: u64 = 1 << 62;

fn check_size(size: u64) -> Result<(), TreeError> {
    if size > MAX_TREE_SIZE {
        return Err(TreeError::TooLarge { size });
    }
    Ok(())
}

fn tree_plan(size: u64) -> Result<Plan, TreeError> {
    check_size(size)?;
    let mut plan = Plan::default();
    if size > 0 {
        plan.push(0, size);
    }
    Ok(plan)
}

fn inclusion_plan(index: u64, size: u64) -> Result<Plan, TreeError> {
    check_size(size)?;
    if index >= size {
        return Err(TreeError::IndexOutOfRange { index, size });
    }
    let mut plan = Plan::default();
    inclusion_ranges(index, 0, size, &mut |lo, hi| plan.push(lo, hi));
    Ok(plan)
}

fn consistency_plan(m: u64, n: u64) -> Result<Plan, TreeError> {
    check_size(n)?;
    if m > n {
        return Err(TreeError::SizeOrder { m, n });
    }
    let mut plan = Plan::default();
    // The empty tree and the tree itself are consistent with any tree and
    // itself without any proof (RFC 9162 2.1.4).
    if m > 0 && m < n {
        consistency_ranges(m, 0, n, true, &mut |lo, hi| plan.push(lo, hi));
    }
    Ok(plan)
}

/// The stored hashes [`tree_hash_from`] needs for a tree of `size` leaves.
pub fn tree_hash_indexes(size: u64) -> Result<Vec<u64>, TreeError> {
    Ok(tree_plan(size)?.indexes)
}

/// The root of the first `size` leaves, from the hashes at
/// [`tree_hash_indexes`]`(size)`, in that order. The empty tree's root is
/// SHA-256 of nothing, as RFC 9162 says (Go's `tlog.TreeHash(0)` gives 32
/// zero bytes instead; its proof checkers refuse size 0 anyway).
pub fn tree_hash_from(size: u64, hashes: &[Hash]) -> Result<Hash, TreeError> {
    let plan = tree_plan(size)?;
    if size == 0 {
        if !hashes.is_empty() {
            return Err(TreeError::HashCount {
                expected: 0,
                found: hashes.len(),
            });
        }
        return Ok(Hash::empty_tree());
    }
    Ok(plan.assemble(hashes)?[0])
}

/// The root of the first `size` leaves, read through `reader`.
pub fn tree_hash<R: HashReader>(size: u64, reader: &R) -> Result<Hash, ReadError<R::Error>> {
    let hashes = read(reader, &tree_hash_indexes(size)?)?;
    Ok(tree_hash_from(size, &hashes)?)
}

/// The stored hashes [`inclusion_proof_from`] needs.
pub fn inclusion_proof_indexes(index: u64, size: u64) -> Result<Vec<u64>, TreeError> {
    Ok(inclusion_plan(index, size)?.indexes)
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves, from the
/// hashes at [`inclusion_proof_indexes`], ordered as RFC 9162 2.1.3.1 orders
/// it (the leaf's sibling first).
pub fn inclusion_proof_from(
    index: u64,
    size: u64,
    hashes: &[Hash],
) -> Result<Vec<Hash>, TreeError> {
    inclusion_plan(index, size)?.assemble(hashes)
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves, read
/// through `reader`.
pub fn inclusion_proof<R: HashReader>(
    index: u64,
    size: u64,
    reader: &R,
) -> Result<Vec<Hash>, ReadError<R::Error>> {
    let plan = inclusion_plan(index, size)?;
    let hashes = read(reader, &plan.indexes)?;
    Ok(plan.assemble(&hashes)?)
}

/// The stored hashes [`consistency_proof_from`] needs.
pub fn consistency_proof_indexes(m: u64, n: u64) -> Result<Vec<u64>, TreeError> {
    Ok(consistency_plan(m, n)?.indexes)
}

/// The proof that the tree of `n` leaves extends the tree of its first `m`,
/// from the hashes at [`consistency_proof_indexes`], as RFC 9162 2.1.4.1
/// orders it. Empty when `m` is 0 or `n`.
pub fn consistency_proof_from(m: u64, n: u64, hashes: &[Hash]) -> Result<Vec<Hash>, TreeError> {
    consistency_plan(m, n)?.assemble(hashes)
}

/// The consistency proof from `m` to `n` leaves, read through `reader`.
pub fn consistency_proof<R: HashReader>(
    m: u64,
    n: u64,
    reader: &R,
) -> Result<Vec<Hash>, ReadError<R::Error>> {
    let plan = consistency_plan(m, n)?;
    let hashes = read(reader, &plan.indexes)?;
    Ok(plan.assemble(&hashes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_is_the_largest_power_of_two_below() {
        let cases = [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1000, 512)];
        for (n, k) in cases {
            assert_eq!(split(n), k, "n = {n}");
        }
        assert_eq!(split(u64::MAX), 1 << 63);
    }

    #[test]
    fn sizes_past_the_limit_are_refused_before_any_index_overflows() {
        let too_big = MAX_TREE_SIZE + 1;
        assert_eq!(
            tree_hash_indexes(too_big),
            Err(TreeError::TooLarge { size: too_big })
        );
        assert_eq!(
            inclusion_proof_indexes(0, too_big),
            Err(TreeError::TooLarge { size: too_big })
        );
        assert!(consistency_proof_indexes(1, u64::MAX).is_err());
        // The limit itself works: a proof of the last leaf of the largest tree.
        let last = inclusion_proof_indexes(MAX_TREE_SIZE - 1, MAX_TREE_SIZE).unwrap();
        assert_eq!(last.len(), 62);
        assert_eq!(tree_hash_indexes(MAX_TREE_SIZE).unwrap().len(), 1);
    }

    #[test]
    fn a_node_splits_into_stored_subtrees_largest_first() {
        let mut plan = Plan::default();
        plan.push(0, 7);
        // (0..4) at level 2, (4..6) at level 1, leaf 6.
        assert_eq!(
            plan.indexes,
            vec![
                stored_hash_index(2, 0),
                stored_hash_index(1, 2),
                stored_hash_index(0, 6)
            ]
        );
        assert_eq!(plan.per_node, vec![3]);
    }
}
