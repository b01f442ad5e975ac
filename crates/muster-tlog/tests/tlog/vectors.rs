//! The RFC 6962 reference tree used by Certificate Transparency and
//! transparency-dev: if these drift, no other implementation agrees with us.

use muster_tlog::{
    Hash, MemoryTree, ProofError, leaf_hash, node_hash, verify_consistency, verify_inclusion,
};

const LEAVES: [&[u8]; 8] = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
];

/// The roots of the first 0..=8 leaves.
const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn h(hex: &str) -> Hash {
    Hash::from_hex(hex).expect("test vector is hex")
}

fn reference_tree() -> MemoryTree {
    let mut tree = MemoryTree::new();
    for leaf in LEAVES {
        tree.append(leaf);
    }
    tree
}

#[test]
fn roots_of_every_size_match_rfc_6962() {
    let tree = reference_tree();
    for (size, want) in ROOTS.iter().enumerate() {
        assert_eq!(tree.root_at(size as u64).unwrap(), h(want), "size {size}");
    }
    assert_eq!(tree.root(), h(ROOTS[8]));
}

#[test]
fn leaf_and_node_hashes_carry_their_prefixes() {
    assert_eq!(leaf_hash(b""), h(ROOTS[1]));
    let two = node_hash(&leaf_hash(LEAVES[0]), &leaf_hash(LEAVES[1]));
    assert_eq!(two, h(ROOTS[2]));
}

/// (leaf index, tree size, proof) as transparency-dev publishes them.
const INCLUSION: [(u64, u64, &[&str]); 4] = [
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

#[test]
fn inclusion_proofs_match_the_published_ones_and_verify() {
    let tree = reference_tree();
    for (index, size, want) in INCLUSION {
        let want: Vec<Hash> = want.iter().map(|x| h(x)).collect();
        let proof = tree.inclusion_proof(index, size).unwrap();
        assert_eq!(proof, want, "leaf {index} of {size}");
        let leaf = leaf_hash(LEAVES[index as usize]);
        verify_inclusion(index, size, &leaf, &proof, &h(ROOTS[size as usize])).unwrap();
    }
    // A one-leaf tree's root is its leaf, with an empty proof.
    verify_inclusion(0, 1, &leaf_hash(b""), &[], &h(ROOTS[1])).unwrap();
}

/// (old size, new size, proof) as transparency-dev publishes them.
const CONSISTENCY: [(u64, u64, &[&str]); 3] = [
    (
        2,
        8,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

#[test]
fn consistency_proofs_match_the_published_ones_and_verify() {
    let tree = reference_tree();
    for (m, n, want) in CONSISTENCY {
        let want: Vec<Hash> = want.iter().map(|x| h(x)).collect();
        let proof = tree.consistency_proof(m, n).unwrap();
        assert_eq!(proof, want, "{m} -> {n}");
        let (old, new) = (h(ROOTS[m as usize]), h(ROOTS[n as usize]));
        verify_consistency(m, n, &old, &new, &proof).unwrap();
        assert!(
            verify_consistency(m, n, &new, &old, &proof).is_err(),
            "{m} -> {n} with the roots swapped"
        );
    }
}

#[test]
fn the_degenerate_consistency_cases_still_check_the_roots() {
    let (empty, four, five) = (h(ROOTS[0]), h(ROOTS[4]), h(ROOTS[5]));
    verify_consistency(0, 4, &empty, &four, &[]).unwrap();
    verify_consistency(4, 4, &four, &four, &[]).unwrap();
    assert_eq!(
        verify_consistency(0, 4, &four, &four, &[]),
        Err(ProofError::OldRootMismatch)
    );
    assert_eq!(
        verify_consistency(4, 4, &four, &five, &[]),
        Err(ProofError::NewRootMismatch)
    );
    assert_eq!(
        verify_consistency(4, 4, &four, &four, &[four]),
        Err(ProofError::WrongLength {
            expected: 0,
            found: 1
        })
    );
    assert_eq!(
        verify_consistency(5, 4, &five, &four, &[]),
        Err(ProofError::SizeOrder { m: 5, n: 4 })
    );
    assert_eq!(
        verify_inclusion(8, 8, &four, &[], &four),
        Err(ProofError::IndexOutOfRange { index: 8, size: 8 })
    );
}
