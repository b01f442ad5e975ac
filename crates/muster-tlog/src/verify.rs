//! Checking proofs against roots, as RFC 9162 2.1.3.2 and 2.1.4.2 say. These
//! need no stored hashes: they are what a verifier outside the server runs.

use crate::hash::{Hash, node_hash};
use crate::tree::{consistency_ranges, inclusion_ranges};

/// Why a proof was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf {index} is not in a tree of {size} leaves")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("a tree of {m} leaves cannot be extended by a smaller tree of {n}")]
    SizeOrder { m: u64, n: u64 },
    #[error("the proof has {found} hashes where this proof needs {expected}")]
    WrongLength { expected: usize, found: usize },
    #[error("the proof leads to a different root than the tree's")]
    RootMismatch,
    #[error("the proof does not lead to the old tree's root")]
    OldRootMismatch,
    #[error("the proof does not lead to the new tree's root")]
    NewRootMismatch,
}

/// Halves both positions, as each step up the tree does.
fn up(fnode: &mut u64, snode: &mut u64) {
    *fnode >>= 1;
    *snode >>= 1;
}

/// Checks that `leaf` is leaf `index` of the tree of `size` leaves whose root
/// is `root`.
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    // The RFC's loop refuses a proof of the wrong length too; counting first
    // says so in words rather than as a root mismatch.
    let mut expected = 0;
    inclusion_ranges(index, 0, size, &mut |_, _| expected += 1);
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            expected,
            found: proof.len(),
        });
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return Err(ProofError::WrongLength {
                expected,
                found: proof.len(),
            });
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            // Skip the levels where this node is the last of its row and has
            // no right sibling.
            while fnode & 1 == 0 && fnode != 0 {
                up(&mut fnode, &mut snode);
            }
        } else {
            r = node_hash(&r, p);
        }
        up(&mut fnode, &mut snode);
    }
    if snode != 0 {
        return Err(ProofError::WrongLength {
            expected,
            found: proof.len(),
        });
    }
    if r != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `n` leaves with root `root_n` extends the tree of
/// `m` leaves with root `root_m`. The empty tree is extended by every tree and
/// every tree by itself, with an empty proof; the roots must still be right.
pub fn verify_consistency(
    m: u64,
    n: u64,
    root_m: &Hash,
    root_n: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if m > n {
        return Err(ProofError::SizeOrder { m, n });
    }
    if m == 0 || m == n {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength {
                expected: 0,
                found: proof.len(),
            });
        }
        if m == 0 && *root_m != Hash::empty_tree() {
            return Err(ProofError::OldRootMismatch);
        }
        if m == n && root_m != root_n {
            return Err(ProofError::NewRootMismatch);
        }
        return Ok(());
    }
    let mut expected = 0;
    consistency_ranges(m, 0, n, true, &mut |_, _| expected += 1);
    let wrong_length = ProofError::WrongLength {
        expected,
        found: proof.len(),
    };
    if proof.len() != expected {
        return Err(wrong_length);
    }
    // When the old tree is a complete subtree its root starts the path
    // (RFC 9162 2.1.4.2 step 2); the proof leaves it out.
    let old_root_first = m.is_power_of_two();
    let mut path = old_root_first
        .then_some(root_m)
        .into_iter()
        .chain(proof.iter());
    let Some(first) = path.next() else {
        return Err(wrong_length);
    };
    let (mut fnode, mut snode) = (m - 1, n - 1);
    while fnode & 1 == 1 {
        up(&mut fnode, &mut snode);
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in path {
        if snode == 0 {
            return Err(wrong_length);
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                up(&mut fnode, &mut snode);
            }
        } else {
            sr = node_hash(&sr, c);
        }
        up(&mut fnode, &mut snode);
    }
    if snode != 0 {
        return Err(wrong_length);
    }
    if fr != *root_m {
        return Err(ProofError::OldRootMismatch);
    }
    if sr != *root_n {
        return Err(ProofError::NewRootMismatch);
    }
    Ok(())
}
