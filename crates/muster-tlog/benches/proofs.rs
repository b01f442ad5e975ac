//! Appends into stored hashes and proofs on a tree of 1,000,000 leaves, beside
//! a baseline of one SHA-256 per leaf measured in the same run.
//!
//! Rerun: `cargo bench -p muster-tlog --bench proofs` (`-- --quick` for a
//! tree of 100,000). Each figure is the median of three rounds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use muster_tlog::{
    Checkpoint, Hash, MemoryTree, leaf_hash, open_checkpoint, sign_checkpoint, verify_consistency,
    verify_inclusion,
};

/// A fixed xorshift, so every run asks for the same proofs.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Runs `round` three times and returns the median rate in operations/s.
fn rate(ops: u64, mut round: impl FnMut()) -> f64 {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            round();
            start.elapsed()
        })
        .collect();
    times.sort();
    ops as f64 / times[1].as_secs_f64()
}

fn row(what: &str, ops: u64, per_second: f64) {
    let micros = 1e6 / per_second;
    println!("| {what} | {ops} | {per_second:.0} | {micros:.2} |");
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let leaves: u64 = if quick { 100_000 } else { 1_000_000 };
    let proofs: u64 = if quick { 20_000 } else { 100_000 };
    // Muster's leaves are entry hashes: 32 bytes each.
    let entries: Vec<[u8; 32]> = (0..leaves)
        .map(|i| {
            let mut e = [0u8; 32];
            e[..8].copy_from_slice(&i.to_le_bytes());
            e
        })
        .collect();

    println!("| what | operations | per second | µs each |");
    println!("|---|---|---|---|");

    let baseline = rate(leaves, || {
        for e in &entries {
            black_box(leaf_hash(black_box(e)));
        }
    });
    row("baseline: one SHA-256 per leaf", leaves, baseline);

    let appends = rate(leaves, || {
        let mut tree = MemoryTree::new();
        for e in &entries {
            tree.append(black_box(e));
        }
        black_box(tree.root());
    });
    row(
        "append into stored hashes (leaf hash included)",
        leaves,
        appends,
    );

    let mut tree = MemoryTree::new();
    for e in &entries {
        tree.append(e);
    }
    let size = tree.size();
    let root = tree.root();

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let indexes: Vec<u64> = (0..proofs).map(|_| rng.below(size)).collect();
    let inclusion = rate(proofs, || {
        for &i in &indexes {
            black_box(tree.inclusion_proof(i, size).ok());
        }
    });
    row("inclusion proof from stored hashes", proofs, inclusion);

    let made: Vec<Vec<Hash>> = indexes
        .iter()
        .map(|&i| tree.inclusion_proof(i, size).unwrap_or_default())
        .collect();
    let leaf_hashes: Vec<Hash> = indexes
        .iter()
        .map(|&i| leaf_hash(&entries[i as usize]))
        .collect();
    let check = rate(proofs, || {
        for ((&i, proof), leaf) in indexes.iter().zip(&made).zip(&leaf_hashes) {
            black_box(verify_inclusion(i, size, leaf, proof, &root).is_ok());
        }
    });
    row("inclusion proof verified", proofs, check);

    let olds: Vec<u64> = (0..proofs).map(|_| 1 + rng.below(size - 1)).collect();
    let consistency = rate(proofs, || {
        for &m in &olds {
            black_box(tree.consistency_proof(m, size).ok());
        }
    });
    row("consistency proof from stored hashes", proofs, consistency);

    let few = proofs / 100;
    let pairs: Vec<(u64, Hash, Vec<Hash>)> = olds[..few as usize]
        .iter()
        .map(|&m| {
            let old_root = tree.root_at(m).unwrap_or_default();
            (
                m,
                old_root,
                tree.consistency_proof(m, size).unwrap_or_default(),
            )
        })
        .collect();
    let check = rate(few, || {
        for (m, old_root, proof) in &pairs {
            black_box(verify_consistency(*m, size, old_root, &root, proof).is_ok());
        }
    });
    row("consistency proof verified", few, check);

    let signer = match muster_tlog::Signer::generate("bench.example/log") {
        Ok(s) => s,
        Err(e) => panic!("no key for the bench: {e}"),
    };
    let checkpoint = Checkpoint::new("bench.example/log", size, root);
    let sign = rate(few, || {
        for _ in 0..few {
            black_box(sign_checkpoint(&checkpoint, &[&signer]).ok());
        }
    });
    row("checkpoint signed (Ed25519)", few, sign);
    let note = sign_checkpoint(&checkpoint, &[&signer]).unwrap_or_default();
    let verifiers = [signer.verifier()];
    let open = rate(few, || {
        for _ in 0..few {
            black_box(open_checkpoint(&note, &verifiers).ok());
        }
    });
    row("checkpoint opened and verified", few, open);

    println!();
    println!(
        "appends cost {:.2}× a bare SHA-256 per leaf; tree of {size} leaves",
        baseline / appends
    );
}
