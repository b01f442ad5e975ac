//! Every proof of every tree up to 300 leaves (issue 12's bar), against RFC
//! 9162's literal definitions, and every one of them refused once a bit is
//! flipped.

use muster_tlog::{
    Hash, MemoryTree, ProofError, consistency_proof_from, consistency_proof_indexes,
    inclusion_proof_from, inclusion_proof_indexes, leaf_hash, tree_hash_from, tree_hash_indexes,
    verify_consistency, verify_inclusion,
};

use crate::reference::Reference;

const MAX: u64 = 300;
/// Up to this size every hash of every proof is flipped in turn; past it, the
/// first and the last (which is enough to see the whole path is checked).
const FLIP_ALL: u64 = 64;

/// Which hashes of a proof to flip for a tree of `size` leaves.
fn to_flip(size: u64, len: usize) -> Vec<usize> {
    if size <= FLIP_ALL || len <= 2 {
        (0..len).collect()
    } else {
        vec![0, len - 1]
    }
}

fn leaves() -> Vec<Hash> {
    (0..MAX)
        .map(|i| leaf_hash(format!("entry {i}").as_bytes()))
        .collect()
}

fn tree(leaves: &[Hash]) -> MemoryTree {
    let mut t = MemoryTree::new();
    for l in leaves {
        t.append_leaf_hash(*l);
    }
    t
}

fn flip(h: &Hash, bit: usize) -> Hash {
    let mut b = h.0;
    b[bit / 8] ^= 1 << (bit % 8);
    Hash(b)
}

#[test]
fn roots_agree_with_the_rfc_definition_for_every_size() {
    let leaves = leaves();
    let t = tree(&leaves);
    let rfc = Reference::new(&leaves);
    for size in 0..=MAX {
        let want = rfc.mth(0, size as usize);
        assert_eq!(t.root_at(size).unwrap(), want, "size {size}");
        // The pure path, from fetched hashes, gives the same root.
        let fetched: Vec<Hash> = tree_hash_indexes(size)
            .unwrap()
            .iter()
            .map(|&i| t.stored_hashes()[i as usize])
            .collect();
        assert_eq!(tree_hash_from(size, &fetched).unwrap(), want);
    }
}

#[test]
fn every_inclusion_proof_verifies_and_a_flipped_bit_fails() {
    let leaves = leaves();
    let t = tree(&leaves);
    let rfc = Reference::new(&leaves);
    for size in 1..=MAX {
        let root = rfc.mth(0, size as usize);
        for index in 0..size {
            let proof = t.inclusion_proof(index, size).unwrap();
            assert_eq!(
                proof,
                rfc.path(index as usize, size as usize),
                "leaf {index} of {size}"
            );
            let fetched: Vec<Hash> = inclusion_proof_indexes(index, size)
                .unwrap()
                .iter()
                .map(|&i| t.stored_hashes()[i as usize])
                .collect();
            assert_eq!(inclusion_proof_from(index, size, &fetched).unwrap(), proof);

            let leaf = leaves[index as usize];
            verify_inclusion(index, size, &leaf, &proof, &root).unwrap();
            for i in to_flip(size, proof.len()) {
                let mut bad = proof.clone();
                bad[i] = flip(&bad[i], (index as usize * 7 + i) % 256);
                assert_eq!(
                    verify_inclusion(index, size, &leaf, &bad, &root),
                    Err(ProofError::RootMismatch),
                    "leaf {index} of {size}, hash {i} flipped"
                );
            }
            let bad_leaf = flip(&leaf, 0);
            assert!(verify_inclusion(index, size, &bad_leaf, &proof, &root).is_err());
            assert!(verify_inclusion(index, size, &leaf, &proof, &flip(&root, 255)).is_err());
            if size > 1 {
                // The same proof does not place the leaf anywhere else.
                let other = (index + 1) % size;
                assert!(verify_inclusion(other, size, &leaf, &proof, &root).is_err());
                let mut short = proof.clone();
                short.pop();
                assert!(matches!(
                    verify_inclusion(index, size, &leaf, &short, &root),
                    Err(ProofError::WrongLength { .. })
                ));
            }
        }
    }
}

#[test]
fn every_consistency_proof_verifies_and_a_wrong_root_fails() {
    let leaves = leaves();
    let t = tree(&leaves);
    let rfc = Reference::new(&leaves);
    let roots: Vec<Hash> = (0..=MAX as usize).map(|s| rfc.mth(0, s)).collect();
    for n in 0..=MAX {
        for m in 0..=n {
            let proof = t.consistency_proof(m, n).unwrap();
            assert_eq!(proof, rfc.proof(m as usize, n as usize), "{m} -> {n}");
            let fetched: Vec<Hash> = consistency_proof_indexes(m, n)
                .unwrap()
                .iter()
                .map(|&i| t.stored_hashes()[i as usize])
                .collect();
            assert_eq!(consistency_proof_from(m, n, &fetched).unwrap(), proof);

            let (old, new) = (roots[m as usize], roots[n as usize]);
            verify_consistency(m, n, &old, &new, &proof).unwrap();
            assert!(
                verify_consistency(m, n, &flip(&old, 3), &new, &proof).is_err(),
                "{m} -> {n} with a wrong old root"
            );
            // Every tree extends the empty one, so only a wrong old root can
            // be caught there.
            if m > 0 {
                assert!(
                    verify_consistency(m, n, &old, &flip(&new, 200), &proof).is_err(),
                    "{m} -> {n} with a wrong new root"
                );
            }
            for i in to_flip(n, proof.len()) {
                let mut bad = proof.clone();
                bad[i] = flip(&bad[i], (i * 13 + m as usize) % 256);
                assert!(
                    verify_consistency(m, n, &old, &new, &bad).is_err(),
                    "{m} -> {n}, hash {i} flipped"
                );
            }
            if m > 0 && m < n {
                // A tree that is not the old one's extension is refused.
                let forked = roots[n as usize - 1];
                if n - 1 != m {
                    assert!(verify_consistency(m, n, &old, &forked, &proof).is_err());
                }
            }
        }
    }
}
